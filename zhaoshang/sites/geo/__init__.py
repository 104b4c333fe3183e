"""Coordinates and shapes, free of Django.

Conversion between WGS 84, GCJ-02 and BD-09, and the checks on polygons."""
