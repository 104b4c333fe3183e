"""Managers' figures: the report's numbers, its charts, its Excel workbook and its page."""
