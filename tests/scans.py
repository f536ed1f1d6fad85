"""Scanned PDFs made from real pages (for the OCR tests and `scripts/bench_ocr.py`): pages of a PDF rendered
with pypdfium2, turned a little and blurred like a scanner does, saved as an image-only PDF; pages listed in
`keep_text` are copied with their text layer instead (a mixed document)."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageFilter


def scan_image(source: Path, number: int, *, dpi: int = 300, angle: float = 1.5, blur: float = 0.7) -> Image.Image:
    """Page `number` (1-based) of `source` as a grayscale 'scan': rendered at `dpi`, rotated `angle` degrees
    (counter-clockwise) and blurred with a Gaussian of radius `blur` pixels."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    try:
        image = pdf[number - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return image.filter(ImageFilter.GaussianBlur(blur)) if blur else image


def scanned_pdf(source: Path, target: Path, pages: Iterable[int], *, keep_text: Iterable[int] = (), dpi: int = 300,
                angle: float = 1.5, blur: float = 0.7, print_scale: float = 1.0) -> Path:
    """A PDF of `pages` of `source` (in order): image-only pages (JPEG, like a scanner's), except those in
    `keep_text`, which keep their text layer. `print_scale` < 1 shrinks page and type (small print: 0.6 turns
    11 pt body text into 6.6 pt)."""
    from pypdf import PdfReader, PdfWriter

    original = PdfReader(source)
    keep = set(keep_text)
    writer = PdfWriter()
    for number in pages:
        if number in keep:
            writer.add_page(original.pages[number - 1])
            continue
        buffer = io.BytesIO()
        image = scan_image(source, number, dpi=round(dpi * print_scale), angle=angle, blur=blur)
        image.save(buffer, format="PDF", resolution=dpi, quality=85)
        writer.add_page(PdfReader(io.BytesIO(buffer.getvalue())).pages[0])
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as fh:
        writer.write(fh)
    return target


def comparable(text: str) -> str:
    """Text as compared for character accuracy: NFKC, line-break hyphens re-joined, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=\w)-\s*\n\s*(?=[a-zà-ÿ])", "", text)
    return " ".join(text.split())


def char_accuracy(reference: str, recognised: str) -> float:
    """1 - normalised InDel distance of the two texts (`comparable` form): 1.0 is identical."""
    from rapidfuzz import fuzz

    return fuzz.ratio(comparable(reference), comparable(recognised)) / 100
