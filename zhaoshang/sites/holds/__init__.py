"""Holds: an officer keeps a site for a lead until a date; one hold a site, lapsing by itself."""
