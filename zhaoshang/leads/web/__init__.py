"""The lead pages: list, board, a lead's page and its everyday work, their forms and widgets."""
