"""Matching sites to a lead's needs.

The engine (free of Django), the selectors that feed it and its API."""
