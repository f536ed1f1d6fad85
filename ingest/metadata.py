"""Document metadata: inferred from file name, PDF title and first page; overridable by a catalogue."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

from assistant.errors import DocumentError
from assistant.models import DocType, DocumentInfo, Page

CATALOGUE_NAME = "catalogus.csv"

_TYPE_PATTERNS: tuple[tuple[DocType, str], ...] = (
    ("voortgangsrapportage", r"voortgangsrapportage"),
    ("quick scan", r"quick[\s_-]?scan"),
    ("beheersmaatregelen", r"beheersmaatregel"),
    ("kwartaalrapportage", r"kwartaalrapportage|\bq[1-4]\b.*rapportage|rapportage.*\bq[1-4]\b|kpi"),
    ("memo", r"\bmemo\b|raadsinformatiebrief|raadsmemo"),
)

# Municipalities named in the corpus and the region around it; "gemeente X" in a text also counts.
KNOWN_MUNICIPALITIES = (
    "Regio Amersfoort", "Amersfoort", "Baarn", "Bunschoten", "Eemnes", "Leusden", "Soest", "Woudenberg",
    "Hollands Kroon",
)


def infer_doc_type(*texts: str) -> DocType:
    joined = " ".join(texts).lower().replace("-", " ")
    for doc_type, pattern in _TYPE_PATTERNS:
        if re.search(pattern, joined):
            return doc_type
    return "overig"


def infer_municipality(file_name: str, title: str, author: str, first_pages: str) -> str:
    """Municipality from the file name, title or author; else the most named 'gemeente X' up front."""
    named = f"{file_name} {title} {author}".lower().replace("-", " ").replace("_", " ")
    for m in KNOWN_MUNICIPALITIES:  # most specific first
        if m.lower() in named:
            return m
    hits = Counter(
        m.group(1) for m in re.finditer(r"[Gg]emeente ([A-Z][a-z]+(?: [A-Z][a-z]+)?)", f"{author} {first_pages}")
    )
    return hits.most_common(1)[0][0] if hits else ""


def infer_year(file_name: str, title: str) -> int | None:
    for text in (file_name, title):
        if m := re.search(r"\b(20\d\d)\b", text.replace("-", " ").replace("_", " ")):
            return int(m.group(1))
    return None


def infer_info(path: Path, pages: list[Page], properties: dict[str, str], file_hash: str) -> DocumentInfo:
    title = properties.get("title") or next(
        (line for p in pages for line in p.text.split("\n") if len(line) > 3), path.stem
    )
    first = " ".join(p.text for p in pages[:2])
    return DocumentInfo(
        document=path.name,
        title=title[:200],
        doc_type=infer_doc_type(path.name, title),
        municipality=infer_municipality(path.name, title, properties.get("author", ""), first),
        year=infer_year(path.name, title),
        file_hash=file_hash,
        pages=len(pages),
    )


def read_catalogue(path: Path) -> dict[str, dict[str, str]]:
    """`catalogus.csv`: columns `document` plus any of title, doc_type, municipality, year."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "document" not in reader.fieldnames:
            raise DocumentError(path.name, "de catalogus mist de kolom 'document'")
        return {row["document"].strip(): {k: (v or "").strip() for k, v in row.items() if k != "document"}
                for row in reader if row.get("document")}


def apply_catalogue(info: DocumentInfo, overrides: dict[str, str]) -> DocumentInfo:
    update: dict[str, object] = {k: v for k, v in overrides.items() if v and k in ("title", "doc_type", "municipality")}
    if overrides.get("year"):
        update["year"] = int(overrides["year"])
    return DocumentInfo.model_validate({**info.model_dump(), **update}) if update else info
