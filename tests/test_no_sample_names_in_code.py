"""Domain knowledge comes from the documents and data files, never from code: no module under assistant/,
ingest/ or app.py names a place, organisation, document or KPI title of the sample or foreign corpus.

The names are taken from the corpora themselves (file names, places and organisations in the curated figure
tables) plus a list of the organisations and titles in them. Data files (assistant/data, corpus/) may name
anything.
"""

import csv
import re
from pathlib import Path

import pytest

from assistant.settings import REPO_ROOT

SHARED = REPO_ROOT.parent / "shared"
CODE = sorted([*(REPO_ROOT / "assistant").rglob("*.py"), *(REPO_ROOT / "ingest").rglob("*.py"), REPO_ROOT / "app.py"])
ORGANISATIONS_AND_TITLES = [
    "Woudenberg", "Leusden", "Amersfoort", "Hollands Kroon", "Incluzio", "Bunschoten", "Eemnes", "Baarn", "Soest",
    "Axxicom", "Smederij", "Almere", "Lelystad", "Flevoland", "Urk", "Dronten", "Zeewolde", "Noordoostpolder",
    "GGD Flevoland", "Woonzorg", "Zorglandschap", "Ervaren eigen regie", "Ervaren autonomie", "Samen Veilig",
    "Midden-Nederland", "LeusdenFit", "Maatschappelijke agenda", "Bruisend",
]


def sample_names() -> set[str]:
    names = set(ORGANISATIONS_AND_TITLES)
    for folder in (REPO_ROOT / "corpus", SHARED / "foreign"):
        names |= {p.stem for p in folder.glob("*.pdf")}
    for table in (REPO_ROOT / "corpus" / "figures").glob("*.csv"):
        with table.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                subject = row.get("subject", "")
                if row.get("table") in {"verevening", "ses", "leeftijd", "crisis", "lta", "wijkteam"}:
                    names.add(subject)  # municipalities of the sample's regional tables
    return {n for n in names if n and not n.lower().startswith(("totaal", "regio", "gemiddeld"))}


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_code_names_nothing_of_the_sample(path: Path):
    text = path.read_text(encoding="utf-8")
    found = sorted(n for n in sample_names() if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text, re.IGNORECASE))
    assert not found, f"{path.relative_to(REPO_ROOT)} names {found}: move this knowledge to data"


def test_the_scan_knows_the_sample():
    """Guard against a scan that cannot fail: the names must include the sample's municipalities."""
    names = sample_names()
    assert {"Woudenberg", "Leusden", "Hollands Kroon"} <= names and len(names) > 20
