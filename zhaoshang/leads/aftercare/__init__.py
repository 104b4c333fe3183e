"""Aftercare of settled enterprises: visits, their questionnaire and actions, and the pages."""
