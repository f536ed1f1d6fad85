"""The app over an index with a scanned document: the answer's source says its text was recognised from a
scan, and the page viewer shows the scanned page image like any other PDF page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
from support import SCANNED
from test_app import ask, page_text

from assistant.present.pages import page_png


def test_citation_of_a_scanned_page_says_so_and_shows_the_scan(run_app, scanned_index):
    at = ask(run_app(scanned_index[0].data_dir), "Hoe kunnen gemeenten kosten besparen met preventie?")

    text = page_text(at)
    assert re.search(r"\[1\] .*, p\. 3 .*— “Gemeenten kunnen veel kosten besparen", text)
    assert "Let op: tekst herkend uit een scan; controleer het citaat op de pagina." in text
    toggle = next(t for t in at.toggle if t.label == "Toon pagina 3")
    at = toggle.set_value(True).run()
    assert not at.exception
    images = at.get("image")
    assert images and images[0].proto.imgs[0].caption == f"{SCANNED}, p. 3"


def test_page_viewer_renders_the_scanned_image(scanned_index):
    from PIL import Image

    _, index, _, _ = scanned_index
    info = next(d for d in index.catalog.documents() if d.document == SCANNED)
    image = Image.open(io.BytesIO(page_png(Path(info.source) / SCANNED, 3))).convert("L")
    assert image.height > image.width and (np.asarray(image) < 128).mean() > 0.01  # the scan's ink, not a blank


def test_without_tesseract_the_app_runs_and_says_what_to_install(run_app, scanned_index, tmp_path):
    at = run_app(scanned_index[0].data_dir, ASSISTANT_OCR__TESSDATA_DIR=str(tmp_path / "geen-taaldata"))
    assert not at.exception
    assert ("Gescande pagina's overgeslagen: geen Tesseract-taaldata 'nld' gevonden; installeer tesseract-ocr en "
            "tesseract-ocr-nld") in page_text(at)
    assert "inlooppunt" in page_text(ask(at, "Wat is de Smederij in Leusden?"))  # answers as before
