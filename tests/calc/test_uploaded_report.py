"""End to end: a municipality's own report is uploaded, its table is read at ingest, and calculation
questions about it are answered with the formula, the operands as printed and the row that prints them;
a year or place the report does not cover is said, not answered with other figures."""

from __future__ import annotations

import pytest
from support import make_pdf, make_settings

TABLE = [("Jeugdhulp met verblijf", "4.210", "4.655", "5.020"),
         ("Jeugdhulp zonder verblijf", "8.120", "8.340", "8.915"),
         ("Totaal", "12.330", "12.995", "13.935")]


def monitor(path):
    runs = [(72, 780, 16, "Monitor jeugdhulp Deventer 2024"),
            (72, 750, 10, "De gemeente Deventer volgt de kosten van de jeugdhulp per jaar en per vorm van hulp."),
            (72, 720, 11, "Tabel 1. Kosten jeugdhulp Deventer (x 1.000 euro)"),
            (300, 700, 10, "2022"), (370, 700, 10, "2023"), (440, 700, 10, "2024")]
    for i, (label, *values) in enumerate(TABLE):
        y = 684 - 16 * i
        runs.append((72, y, 10, label))
        runs += [(x, y, 10, v) for x, v in zip((296, 366, 436), values)]
    runs.append((72, 600, 10, "De kosten van jeugdhulp met verblijf stegen door meer zware casuistiek."))
    return make_pdf(path, [runs])


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory, embeddings):
    from assistant.service import build_assistant

    tmp = tmp_path_factory.mktemp("upload")
    assistant = build_assistant(make_settings(tmp / "data"), embeddings=embeddings)
    source = monitor(tmp / "monitor-jeugdhulp-deventer-2024.pdf")
    saved = assistant.save_upload(source.name, source.read_bytes())
    report = assistant.add_uploads([saved])
    assert report.ok and report.results[0].tables == 1 and report.results[0].figures == 9
    return assistant


def test_change_between_two_years_shows_formula_and_cites_the_row(uploaded):
    answer = uploaded.ask("Met hoeveel procent stegen de kosten van jeugdhulp met verblijf in Deventer van 2022 "
                          "naar 2024?")
    assert not answer.refused
    assert "5.020 − 4.210 = 810" in answer.text and "19,2%" in answer.text  # 810 / 4.210 = 19.24%
    assert [c.quote for c in answer.citations] == ["Jeugdhulp met verblijf 4.210 4.655 5.020"]
    assert answer.citations[0].page == 1 and answer.citations[0].document == "monitor-jeugdhulp-deventer-2024.pdf"


def test_share_of_the_total(uploaded):
    answer = uploaded.ask("Welk deel van de kosten ging in 2023 naar jeugdhulp zonder verblijf?")
    assert "8.340 / 12.995 = 64,2%" in answer.text  # 0.64178


def test_a_year_the_report_lacks_is_not_answered_with_other_years(uploaded):
    answer = uploaded.ask("Hoeveel stegen de kosten van jeugdhulp met verblijf in Deventer van 2019 naar 2024?")
    assert "810" not in answer.text and "2019" in answer.text


def test_another_municipality_is_not_answered_with_deventers_figures(uploaded):
    answer = uploaded.ask("Hoeveel stegen de kosten van jeugdhulp met verblijf in Zwolle van 2022 naar 2024?")
    assert answer.refused and "810" not in answer.text and "Zwolle" in answer.text
