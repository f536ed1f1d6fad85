"""Describing a document from its own pages: title, type, organisation, municipality, year."""

from __future__ import annotations

from functools import cache

import pytest
from support import CORPUS, FOREIGN

from assistant.models import Page
from assistant.places import Gazetteer
from ingest.describe import (
    DocumentDescription,
    author_organisation,
    creation_year,
    default_doc_types,
    describe,
    is_generic,
    is_generic_property,
    load_doc_types,
    looks_like_person,
    match_doc_type,
)
from ingest.pdf import LoadedDocument, load_document

G = Gazetteer.default()

SAMPLES = {
    "beheersmaatregelen-jeugd-wmo-2019.pdf": DocumentDescription(
        title="Beheersmaatregelen Jeugd en Wmo (bundel november 2019)", doc_type="catalogus",
        organisation="Van Dam & Oosterbaan", municipality="", year=2019),
    "kwartaalrapportage-kpi-sociaal-domein-q1-2023.pdf": DocumentDescription(
        title="Q1 rapportage 2023: KPI's en financiele resultaten sociaal domein", doc_type="kwartaalrapportage",
        organisation="Incluzio", municipality="Hollands Kroon", year=2023),
    "memo-stand-van-zaken-sociaal-domein-leusden-2018.pdf": DocumentDescription(
        title="Memo stand van zaken Sociaal Domein: analyse zorgkosten en maatregelen", doc_type="memo",
        organisation="Gemeente Leusden", municipality="Leusden", year=2018),
    "quick-scan-zorguitgaven-regio-amersfoort-2019.pdf": DocumentDescription(
        title="Quick scan Zorguitgaven Regio Amersfoort", doc_type="quick scan",
        organisation="Bureau Regio Amersfoort", municipality="Regio Amersfoort", year=2019),
    "voortgangsrapportage-zorgkosten-woudenberg-2019-2020.pdf": DocumentDescription(
        title="Voortgangsrapportage Projectplan Maatregelen zorggebruik en zorgkosten Sociaal Domein "
        "(okt 2019 - mrt 2020)", doc_type="voortgangsrapportage", organisation="Gemeente Woudenberg",
        municipality="Woudenberg", year=2019),
}
FOREIGN_DOCS = {
    "reg_zorglandschap_wmo_uitvoeringsprogramma_2022.pdf": DocumentDescription(
        title="Voortgang uitvoeringsprogramma zorglandschap Wmo Flevoland 2020-2026",
        doc_type="voortgangsrapportage", organisation="Regio Flevoland", municipality="Regio Flevoland",
        year=2022),
    "reg_ggd_flevoland_begroting_2026.pdf": DocumentDescription(
        title="Begroting 2026", doc_type="begroting", organisation="GGD Flevoland", municipality="Flevoland",
        year=2026),
    "nat_vng_richtinggevend_kader_toegang_lokale_teams.pdf": DocumentDescription(
        title="Richtinggevend kader: Toegang, lokale teams en integrale dienstverlening", doc_type="beleidskader",
        organisation="Vereniging van Nederlandse Gemeenten", municipality="", year=2025),
    "mun_almere_2024_2034_maatschappelijke_agenda_beleidstekst.pdf": DocumentDescription(
        title="Maatschappelijke agenda 2024-2034", doc_type="visie/agenda", organisation="Gemeente Almere",
        municipality="Almere", year=2024),
    "reg_woonzorg_flevoland_beleidsplan_2026.pdf": DocumentDescription(
        title="Beleidsplan 2026: Bruisend (en) in verbinding", doc_type="beleidsplan",
        organisation="Woonzorg Flevoland", municipality="Flevoland", year=2026),
}
foreign = pytest.mark.skipif(not FOREIGN.is_dir(), reason="../shared/foreign is not available")


@cache
def described(path: str) -> DocumentDescription:
    from pathlib import Path

    p = Path(path)
    return describe(p.name, load_document(p), G)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_reports(name):
    assert described(str(CORPUS / name)) == SAMPLES[name]


@foreign
@pytest.mark.parametrize("name", sorted(FOREIGN_DOCS))
def test_foreign_reports(name):
    assert described(str(FOREIGN / name)) == FOREIGN_DOCS[name]


@foreign
def test_page_title_beats_stale_embedded_title():
    doc = load_document(FOREIGN / "reg_zorglandschap_wmo_uitvoeringsprogramma_2022.pdf")
    assert "feb 2020" in doc.properties["title"]
    result = describe("x.pdf", doc, G)
    assert "2020" not in result.title.replace("2020-2026", "") and result.year == 2022


@foreign
def test_template_title_and_person_author_are_ignored():
    doc = load_document(FOREIGN / "nat_vng_richtinggevend_kader_toegang_lokale_teams.pdf")
    assert doc.properties["title"] == "VNG rapport" and is_generic_property(doc.properties["title"], "x.pdf")
    assert looks_like_person(doc.properties["author"], G)


# --- synthetic first pages ----------------------------------------------------------------------------------

def loaded(lines: list[tuple[str, float]], *, running=(), properties=None, more_pages=()) -> LoadedDocument:
    text = "\n".join(t for t, _ in lines)
    pages = [Page(number=1, text=text)] + [Page(number=i, text=t) for i, t in enumerate(more_pages, start=2)]
    return LoadedDocument(pages=pages, properties=properties or {}, running_lines=list(running),
                          first_page_lines=lines)


BODY = [("Het college stelt de raad voor om het beleidsplan vast te stellen, zodat de uitvoering kan", 10.0),
        ("beginnen. De kosten passen binnen de begroting van het sociaal domein voor dit jaar.", 10.0)] * 4


def test_raadsvoorstel_of_a_municipality():
    doc = loaded([("Gemeente Zuidplas", 14.0), ("Raadsvoorstel", 18.0),
                  ("Onderwerp: Vaststellen beleidsplan sociaal domein 2025-2028", 11.0),
                  ("Datum: 12 november 2024", 11.0), ("Portefeuillehouder: wethouder Jansen", 11.0), *BODY],
                 properties={"creation_date": "2024-11-14T09:00:00+01:00"})
    assert describe("rv-2024-118.pdf", doc, G) == DocumentDescription(
        title="Vaststellen beleidsplan sociaal domein 2025-2028", doc_type="raadsvoorstel",
        organisation="Gemeente Zuidplas", municipality="Zuidplas", year=2024)


def test_memo_title_is_the_subject_not_memo():
    doc = loaded([("Memo", 20.0), ("Aan: de gemeenteraad", 10.0), ("Van: het college", 10.0),
                  ("Datum: 3 maart 2023", 10.0), ("Onderwerp: Wachtlijsten jeugdhulp", 10.0), *BODY])
    result = describe("memo.pdf", doc, G)
    assert (result.title, result.doc_type, result.year) == ("Wachtlijsten jeugdhulp", "memo", 2023)


def test_memo_without_subject_label_takes_the_largest_real_line():
    doc = loaded([("Memo", 20.0), ("Stand van zaken wachtlijsten jeugdhulp", 16.0), ("Aan: de raad", 10.0),
                  *BODY])
    result = describe("memo.pdf", doc, G)
    assert (result.title, result.doc_type) == ("Stand van zaken wachtlijsten jeugdhulp", "memo")


def test_subject_label_on_its_own_line():
    doc = loaded([("Raadsinformatiebrief", 16.0), ("Onderwerp", 10.0), ("Inkoop Wmo 2025", 10.0), *BODY])
    result = describe("rib.pdf", doc, G)
    assert (result.title, result.doc_type) == ("Inkoop Wmo 2025", "raadsinformatiebrief")


def test_uniform_page_falls_back_to_embedded_then_file_name():
    body = loaded(list(BODY), properties={"title": "Evaluatie jeugdhulp Zuidplas 2022"})
    assert describe("x.pdf", body, G).title == "Evaluatie jeugdhulp Zuidplas 2022"
    assert describe("x.pdf", body, G).doc_type == "evaluatie"
    generic = loaded(list(BODY), properties={"title": "Microsoft Word - concept_v3.docx"})
    result = describe("monitor_sociaal-domein_2023.pdf", generic, G)
    assert (result.title, result.doc_type, result.year) == ("Monitor sociaal domein 2023", "monitor", 2023)


def test_cover_title_with_period_and_subtitle():
    doc = loaded([("Maatschappelijke agenda", 30.0), ("2025-2030", 30.0), ("Samen sterker", 20.0),
                  ("1 juli 2025", 12.0)])
    result = describe("agenda.pdf", doc, G)
    assert (result.title, result.year) == ("Maatschappelijke agenda 2025-2030: Samen sterker", 2025)


def test_organisation_is_cut_at_the_place_name():
    doc = loaded([("Uitvoeringsprogramma", 24.0), *BODY],
                 more_pages=[("De gemeente Almere Maatschappelijke Ontwikkeling werkt samen met GGD Flevoland "
                              "Jeugd en GGD Flevoland Volwassenen. De wethouder van Almere en het college van "
                              "Almere besluiten; Almere betaalt.")])
    result = describe("x.pdf", doc, G)
    assert result.organisation == "Gemeente Almere" and result.municipality == "Almere"


def test_letterhead_in_running_lines_names_the_publisher():
    doc = loaded([("Jaarverslag 2023", 26.0), *BODY], running=["Gemeente Bergen op Zoom", "Pagina 1 van 9"])
    result = describe("x.pdf", doc, G)
    assert (result.organisation, result.municipality, result.doc_type, result.year) == (
        "Gemeente Bergen op Zoom", "Bergen op Zoom", "jaarverslag", 2023)


def test_address_block_names_the_publisher():
    doc = loaded([("Handreiking toegang", 24.0), *BODY],
                 more_pages=["Stichting Welzijn Voorbeeld\nDorpsstraat 12\n1234 AB Zuidplas\nmaart 2021"])
    result = describe("x.pdf", doc, G)
    assert result.organisation == "Stichting Welzijn Voorbeeld" and result.year == 2021


def test_region_without_single_municipality(tmp_path):
    doc = loaded([("Regionaal beleidskader Jeugd Regio Alkmaar", 22.0), *BODY])
    result = describe("x.pdf", doc, G)
    assert result.municipality == "Regio Alkmaar" and result.doc_type == "beleidskader"
    # regions that are not municipalities can be added to a user's places file
    path = tmp_path / "plaatsen.csv"
    path.write_text("name,kind,province\nRivierenland,regio,Gelderland\nTiel,gemeente,Gelderland\n", encoding="utf-8")
    doc = loaded([("Beleidskader Jeugd Rivierenland", 22.0), *BODY])
    assert describe("x.pdf", doc, Gazetteer.from_csv(path)).municipality == "Regio Rivierenland"


# --- helpers ------------------------------------------------------------------------------------------------

def test_generic_titles():
    for text in ("Raadsvoorstel", "Voorstel aan de raad", "Memo", "Inhoudsopgave", "Colofon", "Bijlage 3",
                 "1. Inleiding", "MEMO aan de gemeenteraad"):
        assert is_generic(text), text
    assert not is_generic("Memo stand van zaken")
    assert is_generic_property("Microsoft Word - x.docx", "x.pdf")
    assert is_generic_property("VNG rapport", "x.pdf") and not is_generic_property("Begroting 2026", "x.pdf")


def test_author_field():
    assert author_organisation("Incluzio, gemeente Hollands Kroon", G) == "Incluzio"
    assert author_organisation("TwynstraGudde voor Bureau Regio Amersfoort", G) == "Bureau Regio Amersfoort"
    assert author_organisation("gemeente Zuidplas", G) == "Gemeente Zuidplas"
    assert author_organisation("Anja de Vries", G) == ""
    assert looks_like_person("J. Jansen", G) and not looks_like_person("Van Dam & Oosterbaan", G)


def test_creation_date_placeholder_is_ignored():
    assert creation_year("2000-01-01T00:00:00+00:00") is None
    assert creation_year("2022-03-10T13:42:49+01:00") == 2022
    assert creation_year("") is None


def test_doc_type_vocabulary_is_data(tmp_path):
    rules = default_doc_types()
    assert {"raadsvoorstel", "raadsinformatiebrief", "memo", "monitor", "evaluatie", "begroting", "jaarverslag",
            "jaarrekening", "beleidsplan", "beleidskader", "uitvoeringsprogramma", "voortgangsrapportage",
            "quick scan", "kwartaalrapportage", "KPI-rapportage", "catalogus", "onderzoeksrapport",
            "visie/agenda", "verordening", "brief"} <= {r.type for r in rules}
    assert match_doc_type("Q3 rapportage 2024", rules) == "kwartaalrapportage"
    assert match_doc_type("Quickscan jeugdhulp", rules) == "quick scan"
    assert match_doc_type("Programmabegroting 2025", rules) == "begroting"
    assert match_doc_type("in het kader van", rules) == ""
    path = tmp_path / "types.csv"
    path.write_text("type,patterns\nwerkplan,werkplan|jaarplan\n", encoding="utf-8")
    custom = load_doc_types(path)
    assert match_doc_type("Jaarplan 2025", custom) == "werkplan"
    assert describe("x.pdf", loaded([("Werkplan 2025", 20.0), *BODY]), G, custom).doc_type == "werkplan"
