"""Fixtures for the figure tables and calculation tools: the real CSVs and the real PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.figures import FigureTables, load_figures
from ingest.pdf import load_pages

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
FIGURES = CORPUS / "figures"


@pytest.fixture(scope="session")
def figures_dir() -> Path:
    return FIGURES


@pytest.fixture(scope="session")
def figures() -> FigureTables:
    """The bundled figure tables, loaded once."""
    tables = load_figures([FIGURES])
    assert not tables.errors, tables.errors
    return tables


@pytest.fixture(scope="session")
def page_texts():
    """Page texts per document, extracted once with the ingest code (the quick scan takes a few seconds)."""
    cache: dict[str, list[str]] = {}

    def get(document: str) -> list[str]:
        if document not in cache:
            cache[document] = [page.text for page in load_pages(CORPUS / document)]
        return cache[document]

    return get
