"""Pure text cleaning for text extracted from municipal reports."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
# A word split by a line-break hyphen: "ver-\nevende" -> "verevende". Only when the next line starts
# lower-case: "Jeugd-\nGGZ" keeps its hyphen (it is a compound), it only loses the line break.
_HYPHEN_LOWER = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[a-zà-ÿ])")
_HYPHEN_UPPER = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[A-ZÀ-Þ])")


def clean_text(text: str) -> str:
    """Normalise extracted text, keeping line structure (headings and list items live on lines).

    - Unicode NFC; control characters and soft hyphens removed.
    - Line-break hyphenation re-joined ("ver-\\nevende" -> "verevende"; "Jeugd-\\nGGZ" -> "Jeugd-GGZ").
    - Runs of layout whitespace collapsed to one space; blank-line runs to one blank line.
    - Numbers and amounts are left as printed ("€ 1.800", "0,69", "-5,89%").
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _HYPHEN_LOWER.sub("", text)
    text = _HYPHEN_UPPER.sub("-", text)
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def normalise_for_match(text: str) -> str:
    """Whitespace- and hyphenation-insensitive form, for finding a quote in a page or passage."""
    text = unicodedata.normalize("NFC", text).lower()
    text = text.replace("\u00ad", "")
    return re.sub(r"[\s\-‐‑–]+", "", text)


def contains_quote(haystack: str, quote: str) -> bool:
    needle = normalise_for_match(quote)
    return bool(needle) and needle in normalise_for_match(haystack)
