"""Hostile privacy scenarios: written by someone who did not write the privacy code."""
