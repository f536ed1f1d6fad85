"""Evaluation on a JSONL question set (see `python -m assistant.eval --help`)."""
