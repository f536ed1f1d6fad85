"""OCR of scanned pages made from real pages: character accuracy per page against the original text layer,
mixed documents, deskew, and the pages of the sample and foreign corpora that have no text layer."""

from __future__ import annotations

from pathlib import Path

import pytest
from scans import char_accuracy, scan_image, scanned_pdf
from support import BEHEERSMAATREGELEN, CORPUS, FOREIGN, MEMO, make_settings, ocr_missing

from assistant.errors import DocumentError
from ingest.clean import clean_text
from ingest.ocr import load_with_ocr
from ingest.page_image import skew_angle
from ingest.pdf import load_document

pytestmark = pytest.mark.skipif(bool(ocr_missing()), reason=f"OCR not available: {ocr_missing()}")

VNG = FOREIGN / "nat_vng_richtinggevend_kader_toegang_lokale_teams.pdf"
WOONZORG = FOREIGN / "reg_woonzorg_flevoland_beleidsplan_2026.pdf"
# Pages of running prose (one column; tables and spreads read in another order): (file, page).
PROSE = [(CORPUS / MEMO, 2), (CORPUS / BEHEERSMAATREGELEN, 3), (VNG, 9)]
MIN_ACCURACY = 0.97


def text_layer(path: Path, number: int) -> str:
    from pypdf import PdfReader

    return clean_text(PdfReader(path).pages[number - 1].extract_text())


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return make_settings(tmp_path_factory.mktemp("ocr"))


@pytest.mark.parametrize(("source", "number"), PROSE, ids=lambda v: v.stem[:20] if isinstance(v, Path) else str(v))
def test_scanned_prose_page_is_read_with_high_character_accuracy(tmp_path, settings, source, number):
    if not source.is_file():
        pytest.skip(f"{source.name} not available (../shared/foreign)")
    scan = scanned_pdf(source, tmp_path / "scan.pdf", [number])
    with pytest.raises(DocumentError, match="geen tekstlaag"):  # without OCR: nothing to read
        load_document(scan)

    loaded, stats = load_with_ocr(scan, settings)

    page = loaded.pages[0]
    assert page.ocr and page.number == 1 and stats.recognised + stats.cached == [1]
    assert char_accuracy(text_layer(source, number), page.text) >= MIN_ACCURACY
    assert page.ocr_confidence > settings.ocr.min_confidence and not loaded.warnings


def test_mixed_pdf_keeps_its_text_layer_and_reads_the_scanned_pages(tmp_path, settings):
    source = CORPUS / BEHEERSMAATREGELEN
    mixed = scanned_pdf(source, tmp_path / "gemengd.pdf", [2, 3, 4], keep_text=[2])

    loaded, stats = load_with_ocr(mixed, settings)

    first, *scanned = loaded.pages
    assert not first.ocr and first.text == load_document(source).pages[1].text  # the text layer, untouched
    assert [p.number for p in scanned] == [2, 3] and all(p.ocr for p in scanned)
    assert sorted(stats.recognised + stats.cached) == [2, 3]
    for page, original in zip(scanned, (3, 4)):
        assert char_accuracy(text_layer(source, original), page.text) >= MIN_ACCURACY, page.number


@pytest.mark.parametrize("angle", [-4.0, 2.5])
def test_skew_is_measured(angle):
    image = scan_image(CORPUS / MEMO, 2, dpi=100, angle=angle, blur=0)
    assert skew_angle(image) == pytest.approx(-angle, abs=0.25)


def test_memo_page_with_only_a_stray_number_stays_empty_quietly(settings):
    """Page 3 of the memo holds one character ("1"): OCR finds no text there, and says nothing about it."""
    loaded, stats = load_with_ocr(CORPUS / MEMO, settings)
    assert stats.recognised + stats.cached == [3]
    assert loaded.pages[2].text == "" and loaded.pages[2].ocr
    assert loaded.warnings == []
    assert [p.text for i, p in enumerate(loaded.pages) if i != 2] == [
        p.text for i, p in enumerate(load_document(CORPUS / MEMO).pages) if i != 2]


def test_foreign_back_cover_without_text_layer_adds_no_noise(settings):
    """The last page of the Woonzorg plan is an image (a logo on a colour field): OCR is tried, adds no noise,
    and the page is no longer reported as unreadable."""
    if not WOONZORG.is_file():
        pytest.skip("../shared/foreign not available")
    # Without OCR: "pagina 13 heeft geen tekstlaag (afbeelding of scan) en is niet doorzoekbaar" (test_pdf_quality).
    loaded, stats = load_with_ocr(WOONZORG, settings)

    assert stats.recognised + stats.cached == [13] and not stats.failed
    assert loaded.pages[12].text == "" and loaded.warnings == []
    assert all(p.text and not p.ocr for p in loaded.pages[:12])  # the text layers are kept
