"""Zhaoshang: the open platform of a city's investment promotion center."""
