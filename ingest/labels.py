"""Labels of tables (pure): a caption without its number, a snake_case slug of a label or caption."""

from __future__ import annotations

import re

from assistant.text import fold

_CAPTION = re.compile(r"^(?:tabel|table|overzicht)\s*\d+[a-z]?\s*[.:)\-–]?\s*", re.IGNORECASE)
_UNIT_HINT = re.compile(
    r"\(?\s*(?:bedragen\s+)?(?:in|x|\*|×)\s*(?:€|eur(?:o)?)?\s*(?:1[.\s]?000(?:[.\s]?000)?|mln|miljoen|"
    r"duizenden|miljoenen)\s*\)?|\(\s*(?:€|eur(?:o)?|%|fte)\s*\)|\[\s*%\s*\]",
    re.IGNORECASE,
)


def slug(text: str, limit: int = 60) -> str:
    """snake_case ASCII slug: 'Tabel 1. Ontwikkeling kosten (x € 1.000)' -> 'ontwikkeling_kosten'."""
    text = _UNIT_HINT.sub(" ", text)
    text = fold(text).replace("%", " procent ").replace("&", " en ")
    words = re.findall(r"[a-z0-9]+", text)
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > limit:
            break
        out = f"{out}_{w}" if out else w
    if out and out[0].isdigit():
        out = f"t_{out}"
    return out


def caption_text(text: str) -> str:
    """A caption without its 'Tabel 3:' or section number prefix."""
    text = re.sub(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?=\D)", "", text.strip())
    return _CAPTION.sub("", text).strip(" :.") or text.strip(" :.")
