"""The sites' pages: the officers' inventory in the workspace and the public map and list."""
