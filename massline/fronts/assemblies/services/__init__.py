"""Writes of the assemblies app, by subject: setup and floor, motions, voting."""
