"""Models of the assemblies app."""
