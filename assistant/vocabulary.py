"""Corpus vocabulary that cannot be derived from the documents: data files in `corpus/vocabulary/`.

A user who replaces `corpus/` replaces these too (all optional; a missing or broken file means "none"):

- `aliases.csv` (`alias,name,kind`): other names for things in the figure tables — an English or informal
  name of a KPI (`kind` = `kpi`), or a word that names a measure differently (`measure`: "jeugdigen" ->
  the words "0 17" of a measure `aandeel_0_17_jaar`).
- `startvragen.csv` (`audience,question`): starter questions shown in the app, per audience.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)
FOLDER = "vocabulary"  # inside the corpus folder; ingest skips it (these are not documents)


@dataclass(frozen=True)
class Vocabulary:
    kpi_aliases: dict[str, str] = field(default_factory=dict)
    measure_synonyms: dict[str, list[str]] = field(default_factory=dict)
    starter_questions: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path | None) -> Vocabulary:
        if folder is None:
            return cls()
        folder = Path(folder) / FOLDER
        kpis: dict[str, str] = {}
        measures: dict[str, list[str]] = {}
        for row in _rows(folder / "aliases.csv", ("alias", "name", "kind")):
            alias = row["alias"].strip().lower()
            if row["kind"] == "kpi":
                kpis[alias] = row["name"].strip()
            elif row["kind"] == "measure":
                measures[alias] = row["name"].split()
        starters: dict[str, list[str]] = {}
        for row in _rows(folder / "startvragen.csv", ("audience", "question")):
            starters.setdefault(row["audience"].strip(), []).append(row["question"].strip())
        return cls(kpis, measures, starters)


def _rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of an optional CSV with the given columns; a missing or unreadable file gives none."""
    if not path.is_file():
        return []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or any(c not in reader.fieldnames for c in columns):
                log.warning("%s mist kolommen %s; overgeslagen", path.name, ", ".join(columns))
                return []
            return [{c: (r.get(c) or "") for c in columns} for r in reader if r.get(columns[0])]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        log.warning("%s kan niet worden gelezen (%s); overgeslagen", path.name, exc)
        return []
