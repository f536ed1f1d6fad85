"""A PDF page as a grayscale image for OCR: rendered with pypdfium2, its skew measured and straightened.

The skew is measured on a small copy of the page: the ink is rotated through candidate angles and the angle at
which the rows of ink are sharpest (largest sum of squared differences between neighbouring row sums: lines of
text and white gaps between them) wins. A coarse pass in `COARSE_STEP` steps, then a fine one around the best.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

MEASURE_SIZE = 1000  # longest side (px) of the copy the skew is measured on
COARSE_STEP = 0.5  # degrees
FINE_STEP = 0.1
MIN_SKEW = 0.2  # degrees; a smaller measured skew is left alone (rotation blurs a little)
INK = 160  # gray level below which a pixel is ink
MAX_PIXELS = 40_000_000  # a page larger than A2 at 300 dpi (a map, a poster) is rendered at a lower resolution


def render_page(pdf: Any, number: int, dpi: int) -> Image.Image:
    """Page `number` (1-based) of an open `pypdfium2.PdfDocument` as an 8-bit grayscale image at `dpi` (at most
    `MAX_PIXELS`: memory stays bounded for very large pages)."""
    page = pdf[number - 1]
    try:
        width, height = page.get_size()  # points
        scale = min(dpi / 72, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
        bitmap = page.render(scale=scale, grayscale=True)
        image = bitmap.to_pil().convert("L")
    finally:
        page.close()
    return image


def open_pdf(path: Path) -> Any:
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(str(path))


def image_hash(image: Image.Image) -> str:
    """SHA-256 of the pixels and the size: the same rendered page gives the same hash, whatever the file."""
    digest = hashlib.sha256(f"{image.mode}:{image.width}x{image.height}:".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def _sharpness(ink: Image.Image, angle: float) -> float:
    rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST), dtype=np.float32).sum(axis=1)
    return float(np.sum(np.diff(rows) ** 2))


def _best(ink: Image.Image, angles: np.ndarray) -> float:
    scores = [_sharpness(ink, float(a)) for a in angles]
    return float(angles[int(np.argmax(scores))])


def skew_angle(image: Image.Image, max_skew: float = 5.0) -> float:
    """The rotation (degrees, counter-clockwise) that straightens the lines of text; 0.0 for a page without ink."""
    if max_skew <= 0:
        return 0.0
    small = image.copy()
    small.thumbnail((MEASURE_SIZE, MEASURE_SIZE))
    ink = Image.fromarray(((np.asarray(small) < INK) * 255).astype(np.uint8))
    if not np.asarray(ink).any():
        return 0.0
    coarse = _best(ink, np.arange(-max_skew, max_skew + 1e-9, COARSE_STEP))
    fine = _best(ink, np.arange(coarse - COARSE_STEP, coarse + COARSE_STEP + 1e-9, FINE_STEP))
    return round(fine, 2)


def deskew(image: Image.Image, max_skew: float = 5.0) -> tuple[Image.Image, float]:
    """The page straightened (white fill at the corners) and the angle it was rotated by."""
    angle = skew_angle(image, max_skew)
    if abs(angle) < MIN_SKEW:
        return image, 0.0
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255), angle
