"""Sentinel phrases shown to users; tests and the UI recognise answers by these exact strings."""

REFUSAL = "Dat staat niet in de documenten."
REFUSAL_NO_INDEX = "Er zijn nog geen documenten geïndexeerd. Voer eerst `python -m ingest` uit."
SUGGESTIONS_INTRO = "Wel in de documenten:"
