"""Shared code for the report on Steve Rosenberg's BBC article about the Trump-Putin call."""
