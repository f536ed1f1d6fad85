"""Gazetteer of Dutch places: municipalities, provinces and former municipalities, read from a CSV file.

The packaged file `assistant/data/places.csv` (columns name, kind, province, aliases, ambiguous, successor) is
domain data; a user can supply another file with the same columns (`Gazetteer.from_csv`).

`Gazetteer.find` reports every place named in a text: whole words only, capitalised as place names are
("buren" is not "Buren"), longest name first ("Alphen aan den Rijn", "Bergen op Zoom"), hyphen and space
variants alike ("Midden-Groningen" / "Midden Groningen"), diacritics optional ("Sudwest-Fryslan"). A name that
is also an ordinary word (`ambiguous`: "Best", "Buren", "Putten"), written as one word, only counts after a place
cue ("gemeente Best", "in Putten") or in a list with other places ("Ede, Wageningen en Renkum").

A `Gazetteer` is immutable after construction and safe to share between threads.
"""

from __future__ import annotations

import csv
import difflib
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from assistant.errors import ConfigError

COLUMNS = ("name", "kind", "province", "aliases", "ambiguous", "successor")
KIND_MUNICIPALITY = "gemeente"
KIND_PROVINCE = "provincie"
KIND_FORMER = "voormalige gemeente"
KIND_REGION = "regio"  # not in the packaged file; a user's file may add regions ("Rivierenland,regio,...")
# Which place a shared spelling means when nothing else tells ("Utrecht": the municipality, not the province).
KIND_PRIORITY = (KIND_MUNICIPALITY, KIND_PROVINCE, KIND_REGION, KIND_FORMER)

# Words that announce a place name right before it (lower-cased; "de gemeente" ends in "gemeente").
PLACE_CUES = ("gemeente", "gemeenten", "in", "te", "voor", "uit", "van", "bij", "regio", "provincie", "naar")
# Cues that are also Dutch surname particles: "Martin van Buren" is a person, "de kosten van Buren" a place.
SURNAME_PARTICLES = ("van",)
# What may stand between two places of one list: "Ede, Wageningen en Renkum", "Goes/Tholen".
LIST_SEPARATOR = re.compile(r"\s*(?:,|/|&|,?\s+(?:en|of)\s+)\s*")

_APOSTROPHES = "'’‘`´"
# A word, or the article "'s"/"'t" that starts names such as "'s-Hertogenbosch".
_TOKEN = re.compile(r"['’‘`´][st](?![^\W_])|[^\W_]+")
# What may separate the words of one name in running text: spaces (one line break), a hyphen or dash, a
# slash, or an opening parenthesis of a qualifier ("Bergen (NH)").
_GAP = re.compile(r"[ \t\u00a0]+|[ \t\u00a0]*\n[ \t\u00a0]*|\s*[-‐‑–/]\s*|\s*\(\s*")
_CUE_BEFORE = re.compile(r"(?:^|(?<=[^\w]))(?P<before>[^\W\d_]+\s+)?(?P<cue>[^\W\d_]+)\s+$")


class Place(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    kind: str
    province: str = ""
    aliases: tuple[str, ...] = ()
    ambiguous: bool = False
    successor: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class PlaceMention(BaseModel):
    model_config = ConfigDict(frozen=True)

    place: Place
    surface: str
    start: int
    end: int


def fold(text: str) -> str:
    """Comparison key: no diacritics, case-folded, one apostrophe, hyphens/slashes/brackets as single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(f"[{_APOSTROPHES}]", "'", text)
    text = re.sub(r"[^\w']+|_", " ", text)
    return " ".join(text.split())


def _capitals(spelling: str) -> tuple[bool, ...]:
    """Per word of a spelling: must the word in a text start with a capital?"""
    return tuple(tok[0].isupper() for tok in _TOKEN.findall(spelling))


def _parse_bool(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "ja", "yes", "waar")


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def parse_rows(rows: Iterable[dict[str, str]], source: str) -> list[Place]:
    """Places from CSV rows; raises `ConfigError` (Dutch) for a row without name or kind."""
    places: list[Place] = []
    for number, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        kind = (row.get("kind") or "").strip()
        if not name or not kind:
            raise ConfigError(f"{source}: rij {number} mist een naam of soort (kolommen 'name' en 'kind')")
        places.append(Place(
            name=name, kind=kind, province=(row.get("province") or "").strip(),
            aliases=_split(row.get("aliases") or ""), ambiguous=_parse_bool(row.get("ambiguous") or ""),
            successor=(row.get("successor") or "").strip(),
        ))
    return places


class Gazetteer:
    """Look up and find Dutch place names (see the module docstring)."""

    def __init__(self, places: Iterable[Place]):
        self._places: tuple[Place, ...] = tuple(places)
        by_key: dict[str, list[tuple[Place, tuple[bool, ...]]]] = {}
        for place in self._places:
            for spelling in place.spellings:
                if key := fold(spelling):
                    by_key.setdefault(key, []).append((place, _capitals(spelling)))
        rank = {kind: i for i, kind in enumerate(KIND_PRIORITY)}
        self._by_key: dict[str, tuple[tuple[Place, tuple[bool, ...]], ...]] = {
            k: tuple(sorted(v, key=lambda pc: rank.get(pc[0].kind, len(rank)))) for k, v in by_key.items()
        }
        self._max_words = max((len(k.split()) for k in self._by_key), default=1)
        self._keys: tuple[str, ...] = tuple(self._by_key)

    # -- construction -------------------------------------------------------------------------------------
    @classmethod
    def default(cls) -> Gazetteer:
        """The packaged list of Dutch places (loaded once; immutable)."""
        return _packaged()

    @classmethod
    def from_csv(cls, path: Path | str) -> Gazetteer:
        """A user-supplied file with the columns of the packaged one (at least `name` and `kind`)."""
        path = Path(path)
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                if not reader.fieldnames or not {"name", "kind"} <= set(reader.fieldnames):
                    raise ConfigError(f"{path.name}: de plaatsenlijst mist de kolommen 'name' en 'kind'")
                return cls(parse_rows(reader, path.name))
        except OSError as exc:
            raise ConfigError(f"{path.name}: de plaatsenlijst kan niet worden gelezen ({type(exc).__name__})")
        except UnicodeDecodeError:
            raise ConfigError(f"{path.name}: de plaatsenlijst is geen UTF-8")

    # -- queries ------------------------------------------------------------------------------------------
    @property
    def places(self) -> tuple[Place, ...]:
        return self._places

    def names(self) -> list[str]:
        return [p.name for p in self._places]

    def lookup(self, name: str, kind: str | None = None) -> Place | None:
        """The place spelled `name` (name or alias; case, diacritics and hyphens ignored), or None."""
        entries = self._by_key.get(fold(name), ())
        for place, _ in entries:
            if kind is None or place.kind == kind:
                return place
        return None

    def closest(self, word: str, cutoff: float = 0.85) -> Place | None:
        """The place whose spelling is closest to `word` (small misspellings: "Apeldorn"), or None."""
        key = fold(word)
        if not key:
            return None
        if key in self._by_key:
            return self._by_key[key][0][0]
        match = difflib.get_close_matches(key, self._keys, n=1, cutoff=cutoff)
        return self._by_key[match[0]][0][0] if match else None

    def find(self, text: str) -> list[PlaceMention]:
        """All place mentions in `text`, in text order, without overlaps (the longest name wins)."""
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        joins = [bool(_GAP.fullmatch(text[a[1] : b[0]])) for a, b in itertools.pairwise(tokens)]
        candidates: list[PlaceMention] = []
        i = 0
        while i < len(tokens):
            found = self._match_at(text, tokens, joins, i)
            if found is None:
                i += 1
                continue
            mention, width = found
            candidates.append(mention)
            i += width
        return _confirm(text, candidates)

    def _match_at(
        self, text: str, tokens: list[tuple[int, int, str]], joins: list[bool], i: int
    ) -> tuple[PlaceMention, int] | None:
        first = tokens[i][2]
        if not (first[0].isupper() or first[0] in _APOSTROPHES):
            return None
        longest = 1
        while longest < self._max_words and i + longest < len(tokens) and joins[i + longest - 1]:
            longest += 1
        for width in range(longest, 0, -1):
            words = tokens[i : i + width]
            entries = self._by_key.get(fold(" ".join(w[2] for w in words)))
            if not entries:
                continue
            place = _choose(text, tokens[i][0], [p for p, caps in entries if _capitalised(words, caps)])
            if place is None:
                continue
            start, end = words[0][0], words[-1][1]
            if width > 1 and "(" in text[words[-2][1] : words[-1][0]] and text[end : end + 1] == ")":
                end += 1  # "Bergen (NH)"
            return PlaceMention(place=place, surface=text[start:end], start=start, end=end), width
        return None


def _capitalised(words: list[tuple[int, int, str]], caps: tuple[bool, ...]) -> bool:
    return len(words) == len(caps) and all(w[2][0].isupper() for w, cap in zip(words, caps, strict=True) if cap)


def _choose(text: str, start: int, places: list[Place]) -> Place | None:
    """The first place by kind priority; after the cue 'provincie' a province wins."""
    if not places:
        return None
    if _cue_before(text, start) == "provincie":
        return next((p for p in places if p.kind == KIND_PROVINCE), places[0])
    return places[0]


def _cue_before(text: str, start: int) -> str:
    """The place cue right before `start` ('' if none); 'van' after a capitalised word is a surname particle."""
    m = _CUE_BEFORE.search(text[max(0, start - 60) : start])
    if not m:
        return ""
    cue = m.group("cue").lower()
    if cue not in PLACE_CUES:
        return ""
    before = (m.group("before") or "").strip()
    if cue in SURNAME_PARTICLES and before[:1].isupper():
        return ""
    return cue


def _ambiguous(mention: PlaceMention) -> bool:
    """An ambiguous place named by one word; a qualified spelling ("Bergen (NH)") is unambiguous."""
    return mention.place.ambiguous and len(_TOKEN.findall(mention.surface)) == 1


def _confirm(text: str, candidates: list[PlaceMention]) -> list[PlaceMention]:
    """Keep unambiguous names; ambiguous ones after a cue or next to a confirmed place in a list."""
    ok = [not _ambiguous(c) or bool(_cue_before(text, c.start)) for c in candidates]
    changed = True
    while changed:
        changed = False
        for i, c in enumerate(candidates):
            if ok[i]:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(candidates) and ok[j]:
                    a, b = sorted((c, candidates[j]), key=lambda m: m.start)
                    if LIST_SEPARATOR.fullmatch(text[a.end : b.start]):
                        ok[i] = changed = True
                        break
    return [c for c, keep in zip(candidates, ok, strict=True) if keep]


@functools.cache
def _packaged() -> Gazetteer:
    source = resources.files("assistant").joinpath("data/places.csv")
    with source.open(encoding="utf-8") as fh:
        return Gazetteer(parse_rows(csv.DictReader(fh), "places.csv"))
