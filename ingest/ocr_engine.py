"""The swappable OCR engine (`OcrEngine`) and what is made of its words (pure).

An engine turns a page image into words with their confidence (0-100) and their place in Tesseract's layout
(block, paragraph, line). `assemble` makes page text of them the way the PDF loader gives it: one layout line
per line, a blank line between paragraphs, so cleaning, chunking and line flowing treat both alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PIL import Image

from ingest.clean import clean_text


@dataclass(frozen=True)
class OcrWord:
    text: str
    confidence: float  # 0-100
    block: int = 0
    paragraph: int = 0
    line: int = 0


class OcrEngine(Protocol):
    version: str  # engine and version, e.g. "tesseract 5.5.4": part of the cache key

    def recognise(self, image: Image.Image) -> list[OcrWord]:
        """The words on a (deskewed, grayscale) page image, in reading order."""
        ...

    def close(self) -> None: ...


def is_word(text: str) -> bool:
    """A token with a letter or digit (not a stray mark, rule or speck)."""
    return any(c.isalnum() for c in text)


def kept_words(words: Sequence[OcrWord], noise_confidence: float) -> list[OcrWord]:
    """Words at or above the noise floor; a mark without letters or digits only when it is read confidently."""
    return [w for w in words if w.confidence >= noise_confidence and (is_word(w.text) or w.confidence >= 80)]


def assemble(words: Sequence[OcrWord]) -> str:
    """Cleaned page text: words joined per line, lines per paragraph, a blank line between paragraphs."""
    lines: list[str] = []
    previous: tuple[int, int, int] | None = None
    for word in words:
        here = (word.block, word.paragraph, word.line)
        if previous is None or here != previous:
            if previous is not None and here[:2] != previous[:2]:
                lines.append("")
            lines.append(word.text)
        else:
            lines[-1] += " " + word.text
        previous = here
    return clean_text("\n".join(lines))


def mean_confidence(words: Sequence[OcrWord]) -> float | None:
    return round(sum(w.confidence for w in words) / len(words), 1) if words else None


def page_text(words: Sequence[OcrWord], noise_confidence: float, min_words: int) -> tuple[str, float | None, int]:
    """(text, mean confidence, words) of a recognised page; ("", ..., n) when it holds fewer than `min_words`
    real words: a photo, a logo or a lone page number is no text."""
    kept = kept_words(words, noise_confidence)
    real = sum(is_word(w.text) for w in kept)
    if real < min_words:
        return "", mean_confidence(kept), real
    return assemble(kept), mean_confidence(kept), real
