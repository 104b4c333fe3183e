"""Web enquiries into leads: convert, merge or dismiss (services), and the triage page."""
