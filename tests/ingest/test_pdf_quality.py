"""Loading real-world files: running headers/footers, note markers, ligatures, warnings, odd PDFs, DOCX, TXT."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from support import CORPUS, FOREIGN, make_pdf

from assistant.errors import DocumentError
from assistant.models import Page
from ingest.clean import clean_text, contains_quote
from ingest.pdf import LoadedDocument, PdfLoader, load_document, load_pages

VNG = "nat_vng_richtinggevend_kader_toegang_lokale_teams.pdf"
ZORGLANDSCHAP = "reg_zorglandschap_wmo_uitvoeringsprogramma_2022.pdf"
WOONZORG = "reg_woonzorg_flevoland_beleidsplan_2026.pdf"
GGD = "reg_ggd_flevoland_begroting_2026.pdf"
ALMERE = "mun_almere_2024_2034_maatschappelijke_agenda_beleidstekst.pdf"
foreign = pytest.mark.skipif(not (FOREIGN / VNG).is_file(), reason="../shared/foreign is not available")


@cache
def loaded(name: str) -> LoadedDocument:
    return load_document(FOREIGN / name)


def raw_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(path).pages]




def report(path: Path, pages: int = 4) -> Path:
    return make_pdf(path, [[
        (72, 800, 9, "Gemeente Zuidplas - Voortgangsrapportage Jeugd"),
        (72, 700, 10, f"Op pagina {i} staat de eigen tekst van deze pagina."),
        (72, 680, 10, "en gaat uit van vertrouwen"), (189.9, 683, 6.5, "viii"), (199.6, 680, 10, ", zonder dat."),
        (72, 40, 9, f"Pagina {i} van {pages}"),
    ] for i in range(1, pages + 1)])


# --- synthetic PDFs -----------------------------------------------------------------------------------------

def test_running_header_and_page_footer_are_removed_and_kept_apart(tmp_path):
    doc = load_document(report(tmp_path / "rapport.pdf"))
    assert doc.running_lines == ["Gemeente Zuidplas - Voortgangsrapportage Jeugd", "Pagina 1 van 4"]
    for page in doc.pages:
        assert "Zuidplas" not in page.text and "van 4" not in page.text
        assert f"Op pagina {page.number} staat" in page.text
    assert load_pages(tmp_path / "rapport.pdf") == doc.pages


def test_superscript_marker_is_split_and_quote_still_matches_raw_text(tmp_path):
    path = report(tmp_path / "rapport.pdf")
    page = load_document(path).pages[0]
    assert "vertrouwen viii" in page.text and "vertrouwenviii" not in page.text
    raw = raw_pages(path)[0]
    assert "vertrouwenviii" in raw and contains_quote(raw, "en gaat uit van vertrouwen viii , zonder dat.")


def test_first_page_lines_have_font_sizes_top_to_bottom(tmp_path):
    path = make_pdf(tmp_path / "titel.pdf", [[(72, 300, 10, "Onderaan"), (72, 700, 28, "Grote titel")]])
    assert load_document(path).first_page_lines == [("Grote titel", 28.0), ("Onderaan", 10.0)]


def test_pdf_without_pages_is_reported_as_such(tmp_path):
    from pypdf import PdfWriter

    path = tmp_path / "leeg.pdf"
    PdfWriter().write(path)
    with pytest.raises(DocumentError, match="de PDF bevat geen pagina's"):
        load_document(path)


def test_pdf_without_text_layer_asks_for_ocr(tmp_path):
    path = make_pdf(tmp_path / "scan.pdf", [[], []])
    with pytest.raises(DocumentError, match="geen tekstlaag.*OCR"):
        load_document(path)


def test_page_without_text_is_empty_and_noted(tmp_path):
    path = make_pdf(tmp_path / "deels.pdf", [[(72, 700, 10, "Tekst op pagina een.")], []])
    doc = load_document(path)
    assert [p.text for p in doc.pages] == ["Tekst op pagina een.", ""]
    assert doc.warnings == ["pagina 2 heeft geen tekstlaag (afbeelding of scan) en is niet doorzoekbaar"]


def test_page_fallback_hook_fills_empty_pages(tmp_path):
    path = make_pdf(tmp_path / "scan.pdf", [[], [(72, 700, 10, "Echte tekst.")]])
    calls = []

    def ocr(file: Path, number: int) -> Page | None:
        calls.append(number)
        return Page(number=0, text="Herkende tekst.", ocr=True, ocr_confidence=91.0)

    doc = PdfLoader(page_fallback=ocr).load(path)
    assert calls == [1]
    assert doc.pages[0] == Page(number=1, text="Herkende tekst.", ocr=True, ocr_confidence=91.0)


def test_restriction_only_aes_encryption_opens(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = report(tmp_path / "open.pdf")
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="eigenaar", algorithm="AES-256")
    writer.write(tmp_path / "beperkt.pdf")
    assert load_document(tmp_path / "beperkt.pdf").pages == load_document(plain).pages


def test_password_protected_pdf_is_refused_in_dutch(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(report(tmp_path / "open.pdf")))
    writer.encrypt(user_password="geheim", algorithm="AES-128")
    writer.write(tmp_path / "geheim.pdf")
    with pytest.raises(DocumentError, match="wachtwoord"):
        load_document(tmp_path / "geheim.pdf")


def test_damaged_file_and_empty_file(tmp_path):
    (tmp_path / "kapot.pdf").write_bytes(b"%PDF-1.4 dit is geen pdf")
    with pytest.raises(DocumentError, match="beschadigd|kan niet"):
        load_document(tmp_path / "kapot.pdf")
    (tmp_path / "leeg.pdf").write_bytes(b"")
    with pytest.raises(DocumentError, match="leeg"):
        load_document(tmp_path / "leeg.pdf")


def test_library_warnings_are_captured_not_printed(tmp_path, capfd):
    path = report(tmp_path / "rapport.pdf", pages=1)
    data = path.read_bytes()
    broken = re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n" + str(int(m.group(1)) + 7).encode(), data)
    (tmp_path / "scheef.pdf").write_bytes(broken)
    doc = load_document(tmp_path / "scheef.pdf")
    assert "vertrouwen viii" in doc.pages[0].text
    assert any("startxref" in w for w in doc.warnings)
    assert len(doc.warnings) == len(set(doc.warnings))
    out, err = capfd.readouterr()  # (pytest's own caplog also attaches to non-propagating loggers)
    assert "startxref" not in out + err


def test_properties_from_the_pdf(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(report(tmp_path / "open.pdf")))
    writer.add_metadata({"/Title": "Voortgang jeugd", "/Author": "Gemeente Zuidplas",
                         "/CreationDate": "D:20240528101500+02'00'"})
    writer.write(tmp_path / "meta.pdf")
    props = load_document(tmp_path / "meta.pdf").properties
    assert props == {"title": "Voortgang jeugd", "author": "Gemeente Zuidplas",
                     "creation_date": "2024-05-28T10:15:00+02:00"}


# --- other formats ------------------------------------------------------------------------------------------

def test_docx_tables_in_place_with_tab_separated_cells_and_letterhead(tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = "Notitie jeugdhulp"
    document.core_properties.author = "Gemeente Zuidplas"
    document.sections[0].header.paragraphs[0].text = "Gemeente Zuidplas | Afdeling Sociaal Domein"
    document.add_paragraph("Kosten per perceel")
    table = document.add_table(rows=2, cols=3)
    for r, values in enumerate((("Perceel", "2023", "2024"), ("Jeugd", "1.234", "2.345"))):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.add_paragraph("Na de tabel.")
    path = tmp_path / "notitie.docx"
    document.save(str(path))
    doc = load_document(path)
    assert doc.pages[0].text == "Kosten per perceel\nPerceel\t2023\t2024\nJeugd\t1.234\t2.345\nNa de tabel."
    assert doc.running_lines == ["Gemeente Zuidplas | Afdeling Sociaal Domein"]
    assert doc.properties["title"] == "Notitie jeugdhulp" and doc.properties["author"] == "Gemeente Zuidplas"
    assert doc.first_page_lines == []


def test_text_file_pages_and_running_lines(tmp_path):
    pages = [f"Gemeente Zuidplas\nTekst {i} van het verslag met ĳs.\nMeer tekst.\nBlad {i}" for i in range(1, 4)]
    path = tmp_path / "verslag.txt"
    path.write_text("\f".join(pages), encoding="utf-8")
    doc = load_document(path)
    assert [p.text for p in doc.pages] == [f"Tekst {i} van het verslag met ijs.\nMeer tekst." for i in (1, 2, 3)]
    assert doc.running_lines == ["Gemeente Zuidplas", "Blad 1"]


# --- the sample corpus is unchanged -------------------------------------------------------------------------

def test_sample_reports_have_no_running_lines_and_keep_their_text():
    for path in sorted(CORPUS.glob("*.pdf")):
        doc = load_document(path)
        assert doc.running_lines == [] and doc.warnings == [], path.name
        raw = raw_pages(path)
        assert len(doc.pages) == len(raw)
        for page, text in zip(doc.pages, raw, strict=True):  # exactly what cleaning pypdf's text gave before
            assert page.text == clean_text(text), (path.name, page.number)


# --- the foreign PDFs ---------------------------------------------------------------------------------------

@foreign
def test_vng_footer_and_page_numbers_are_removed():
    doc = loaded(VNG)
    assert doc.running_lines == ["Vereniging van Nederlandse Gemeenten"]
    pages = {p.number: p.text for p in doc.pages}
    assert "Vereniging van Nederlandse Gemeenten" in pages[2]  # the colophon on page 2 is not a footer
    for number in range(3, 37):
        assert "Vereniging van Nederlandse Gemeenten" not in pages[number].split("\n"), number
    assert not pages[3].startswith("3\n")


@foreign
def test_vng_endnote_markers_are_split_off():
    text = "\n".join(p.text for p in loaded(VNG).pages)
    for fixed in ("vertrouwen viii,", "Verenigingsstrategie iii", "uitgangspunt. vii", "inwoners 1 van",
                  "VNG-proposities 2 vatten"):
        assert fixed in text, fixed
    for glued in ("vertrouwenviii", "Verenigingsstrategieiii", "uitgangspunt.vii"):
        assert glued not in text


@foreign
def test_marker_split_keeps_quotes_findable_in_raw_pypdf_text():
    doc = loaded(VNG)
    raw = raw_pages(FOREIGN / VNG)
    page = next(p for p in doc.pages if "vertrouwen viii" in p.text)
    sentence = re.search(r"Het contact is mensvriendelijk[^.]*\.", page.text.replace("\n", " ")).group(0)
    assert contains_quote(raw[page.number - 1], sentence)


@foreign
def test_zorglandschap_header_and_dated_footer_are_removed():
    doc = loaded(ZORGLANDSCHAP)
    assert doc.running_lines == ["Voortgang uitvoeringsprogramma zorglandschap Wmo Flevoland",
                                 "Februari 2022 - Pagina 2"]
    assert not any("Pagina" in p.text and "Februari 2022" in p.text for p in doc.pages)
    assert doc.first_page_lines == [("Voortgang uitvoeringsprogramma zorglandschap Wmo Flevoland 2020-2026", 20.0)]


@foreign
def test_ggd_running_header_removed_and_cover_kept():
    doc = loaded(GGD)
    assert doc.running_lines == ["GGD Flevoland Begroting 2026"]
    assert doc.first_page_lines[0] == ("Begroting 2026", 52.0)
    assert all(not re.search(r"^GGD Flevoland Begroting 2026$", p.text, re.MULTILINE) for p in doc.pages)


@foreign
def test_woonzorg_ligatures_page_numbers_and_empty_page():
    doc = loaded(WOONZORG)
    text = "\n".join(p.text for p in doc.pages)
    assert "ĳ" not in text and "ij" in text
    assert doc.pages[12].text == ""
    assert doc.warnings == ["pagina 13 heeft geen tekstlaag (afbeelding of scan) en is niet doorzoekbaar"]
    assert doc.pages[1].text.endswith("INHOUD")  # the spread's page numbers "3" and "2" are gone


@foreign
def test_almere_page_numbers_removed_and_footnote_markers_split():
    doc = loaded(ALMERE)
    assert not any(re.match(r"\d+\n", p.text) for p in doc.pages[1:])
    assert "de sociale staat van Almere’ 1 (verder" in doc.pages[1].text
