"""The parts of OCR at ingest, each on its own: Tesseract's TSV, text assembly, noise, the cache (torn entries
are misses), low-confidence warnings, the page cap, and what happens without Tesseract (settings, no mocks)."""

from __future__ import annotations

import sqlite3

import pytest
from scans import scanned_pdf
from support import BEHEERSMAATREGELEN, CORPUS, MEMO, make_settings

from assistant.errors import DocumentError
from assistant.settings import OcrSettings, Settings
from ingest.ocr import PageOcr, load_with_ocr, ocr_status
from ingest.ocr_cache import OcrCache, Recognised, decode, encode
from ingest.ocr_engine import OcrWord, assemble, page_text
from ingest.tesseract import parse_tsv

TSV_ROWS = [  # level, page, block, paragraph, line, word, left, top, width, height, confidence, text
    ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height", "conf",
     "text"),
    (1, 1, 0, 0, 0, 0, 0, 0, 2480, 3508, -1, ""),
    (5, 1, 1, 1, 1, 1, 10, 10, 50, 20, 96.5, "De"),
    (5, 1, 1, 1, 1, 2, 70, 10, 90, 20, 95.1, "gemeente"),
    (5, 1, 1, 1, 2, 1, 10, 40, 90, 20, 91.0, "betaalt."),
    (5, 1, 1, 2, 1, 1, 10, 90, 90, 20, 22.0, "~"),
    (5, 1, 2, 1, 1, 1, 10, 140, 90, 20, 88.0, "Tweede"),
    (5, 1, 2, 1, 1, 2, 10, 140, 90, 20, 87.0, "alinea"),
]
TSV = "\n".join("\t".join(map(str, row)) for row in TSV_ROWS)


class FakeEngine:
    """An `OcrEngine` that 'recognises' fixed words (for the bookkeeping around the engine, not OCR itself)."""

    version = "fake 1"

    def __init__(self, words: list[OcrWord]):
        self.words = words
        self.calls = 0

    def recognise(self, image):
        self.calls += 1
        return self.words

    def close(self):
        pass


def words(text: str, confidence: float) -> list[OcrWord]:
    return [OcrWord(w, confidence, line=i // 6) for i, w in enumerate(text.split())]


def test_tsv_words_become_lines_and_paragraphs_and_noise_is_dropped():
    parsed = parse_tsv(TSV)
    assert [w.text for w in parsed] == ["De", "gemeente", "betaalt.", "~", "Tweede", "alinea"]
    text, confidence, count = page_text(parsed, noise_confidence=30, min_words=3)
    assert text == "De gemeente\nbetaalt.\n\nTweede alinea"
    assert count == 5 and confidence == pytest.approx((96.5 + 95.1 + 91.0 + 88.0 + 87.0) / 5, abs=0.1)


def test_hyphenated_line_ends_are_rejoined_like_text_layers():
    parsed = [OcrWord("De", 95, line=1), OcrWord("ver-", 95, line=1), OcrWord("evende", 95, line=2),
              OcrWord("bijdrage", 95, line=2)]
    assert assemble(parsed) == "De verevende bijdrage"


@pytest.mark.parametrize("found", [[OcrWord("1", 90)], [OcrWord("woonzorg", 80), OcrWord("flevoland", 70)],
                                   [OcrWord("Jeugdzorg", 20), OcrWord("Wmo", 15), OcrWord("kosten", 10)]])
def test_a_page_with_almost_nothing_stays_empty(found):
    assert page_text(found, noise_confidence=30, min_words=3)[0] == ""


def test_cache_values_round_trip_and_torn_entries_are_misses(tmp_path):
    value = Recognised(text="Herkende tekst", confidence=93.2, words=2, skew=-1.4)
    blob = encode(value)
    assert decode(blob) == value
    assert decode(blob[:-3]) is None and decode(blob[:5]) is None and decode(b"") is None
    assert decode(blob[:-1] + b"X") is None  # damaged payload: the CRC does not match

    cache = OcrCache(tmp_path / "ocr.sqlite")
    cache.put("k", value)
    assert cache.get("k") == value and cache.get("other") is None
    cache.close()
    with sqlite3.connect(tmp_path / "ocr.sqlite") as db:
        db.execute("UPDATE pages SET value = ? WHERE key = 'k'", (blob[: len(blob) // 2],))
    assert OcrCache(tmp_path / "ocr.sqlite").get("k") is None


def test_torn_cache_entry_is_recognised_again(tmp_path):
    scan = scanned_pdf(CORPUS / BEHEERSMAATREGELEN, tmp_path / "scan.pdf", [3], dpi=100, blur=0)
    engine = FakeEngine(words("Subsidies worden verstrekt aan sociale wijkteams", 92))
    settings = OcrSettings(dpi=100)

    def read(cache_path):
        reader = PageOcr(settings, max_pages=10, cache=OcrCache(cache_path), engine=lambda: engine)
        page = reader(scan, 1)
        reader.close()
        return page

    first = read(tmp_path / "ocr.sqlite")
    assert read(tmp_path / "ocr.sqlite") == first and engine.calls == 1  # second time from the cache
    with sqlite3.connect(tmp_path / "ocr.sqlite") as db:
        db.execute("UPDATE pages SET value = substr(value, 1, 10)")
    assert read(tmp_path / "ocr.sqlite") == first and engine.calls == 2


def test_low_confidence_page_is_indexed_with_a_warning(tmp_path):
    scan = scanned_pdf(CORPUS / BEHEERSMAATREGELEN, tmp_path / "scan.pdf", [3, 4], dpi=100, blur=0)
    settings = make_settings(tmp_path / "data", ocr=OcrSettings(dpi=100, min_confidence=75))
    engine = FakeEngine(words("Vage tekst uit een slechte scan van een oude brief", 55))
    reader = PageOcr(settings.ocr, max_pages=10, engine=lambda: engine)

    loaded, _ = load_with_ocr(scan, settings, reader=reader)

    assert [p.ocr_confidence for p in loaded.pages] == [55.0, 55.0] and all(p.text for p in loaded.pages)
    assert loaded.warnings == [("pagina's 1 en 2 herkend uit een scan met lage zekerheid (gemiddeld 55, 55 van "
                                "100): de tekst kan fouten bevatten; controleer citaten op de pagina")]


def test_ocr_is_bounded_by_the_page_cap(tmp_path):
    scan = scanned_pdf(CORPUS / BEHEERSMAATREGELEN, tmp_path / "scan.pdf", [2, 3, 4], dpi=100, blur=0)
    settings = make_settings(tmp_path / "data", ocr=OcrSettings(dpi=100))
    settings.limits.max_ocr_pages_per_file = 1
    engine = FakeEngine(words("Tekst van een gescande pagina", 90))
    reader = PageOcr(settings.ocr, max_pages=settings.limits.max_ocr_pages_per_file, engine=lambda: engine)

    loaded, _ = load_with_ocr(scan, settings, reader=reader)

    assert engine.calls == 1 and [bool(p.text) for p in loaded.pages] == [True, False, False]
    assert "pagina's 2 en 3 niet herkend: maximaal 1 pagina's per bestand met OCR (instelling " \
           "limits.max_ocr_pages_per_file)" in loaded.warnings
    settings.limits.max_pages_per_file = 2  # the file cap of the reliability limits comes first
    with pytest.raises(DocumentError, match="maximaal 2 per bestand"):
        load_with_ocr(scan, settings)


def test_without_language_data_scanned_pages_are_skipped_with_what_to_install(tmp_path):
    """Tesseract's language data missing (simulated by settings): text pages are indexed, the scanned page is
    skipped with a clear note, and a document that is all scan fails with the same advice."""
    missing = make_settings(tmp_path / "data", ocr=OcrSettings(tessdata_dir=tmp_path / "leeg"))
    assert "installeer tesseract-ocr en tesseract-ocr-nld" in ocr_status(missing)
    mixed = scanned_pdf(CORPUS / BEHEERSMAATREGELEN, tmp_path / "gemengd.pdf", [2, 3], keep_text=[2], dpi=100)

    loaded, _ = load_with_ocr(mixed, missing)

    assert loaded.pages[0].text and loaded.pages[1].text == ""
    assert loaded.warnings == [
        "pagina 2 heeft geen tekstlaag (afbeelding of scan) en is niet doorzoekbaar",
        ("gescande pagina's overgeslagen: geen Tesseract-taaldata 'nld' gevonden; installeer tesseract-ocr en "
         "tesseract-ocr-nld (apt-get install tesseract-ocr tesseract-ocr-nld)")]
    scan = scanned_pdf(CORPUS / BEHEERSMAATREGELEN, tmp_path / "scan.pdf", [3], dpi=100)
    with pytest.raises(DocumentError, match="geen tekstlaag .*installeer tesseract-ocr en tesseract-ocr-nld"):
        load_with_ocr(scan, missing)


def test_ocr_can_be_switched_off(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_OCR__ENABLED", "false")
    settings = Settings(data_dir=tmp_path)
    assert ocr_status(settings) == ("gescande pagina's overgeslagen: tekstherkenning (OCR) staat uit (instelling "
                                    "ocr.enabled)")
    loaded, stats = load_with_ocr(CORPUS / MEMO, settings)
    assert loaded.pages[2].text == "1" and not loaded.pages[2].ocr and not stats.recognised
    assert loaded.warnings == []  # a page with a stray character is no skipped scan
    assert not (tmp_path / "cache" / "ocr.sqlite").exists()
