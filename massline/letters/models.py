"""Models of the letters app."""
