"""The Dutch places gazetteer: the packaged data and finding place names in text."""

from __future__ import annotations

import csv
from collections import Counter
from importlib import resources

import pytest

from assistant.errors import ConfigError
from assistant.places import Gazetteer, Place, fold

PROVINCE_COUNTS = {
    "Groningen": 10, "Fryslân": 18, "Drenthe": 12, "Overijssel": 25, "Flevoland": 6, "Gelderland": 51,
    "Utrecht": 26, "Noord-Holland": 44, "Zuid-Holland": 50, "Zeeland": 13, "Noord-Brabant": 56, "Limburg": 31,
}


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return Gazetteer.default()


def names(g: Gazetteer, text: str) -> list[str]:
    return [m.place.name for m in g.find(text)]


def rows() -> list[dict[str, str]]:
    with resources.files("assistant").joinpath("data/places.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- the data file ------------------------------------------------------------------------------------------

def test_file_has_342_municipalities_and_12_provinces_with_unique_names():
    data = rows()
    assert list(data[0]) == ["name", "kind", "province", "aliases", "ambiguous", "successor"]
    kinds = Counter(r["kind"] for r in data)
    assert kinds["gemeente"] == 342 and kinds["provincie"] == 12
    assert set(kinds) == {"gemeente", "provincie", "voormalige gemeente"}
    for kind in kinds:
        named = [r["name"] for r in data if r["kind"] == kind]
        assert len(named) == len(set(named)), kind
    # a former municipality never has the name of a current one
    current = {r["name"] for r in data if r["kind"] == "gemeente"}
    assert not current & {r["name"] for r in data if r["kind"] == "voormalige gemeente"}


def test_municipalities_per_province_match_cbs_2025():
    data = rows()
    counts = Counter(r["province"] for r in data if r["kind"] == "gemeente")
    assert counts == PROVINCE_COUNTS
    assert {r["name"] for r in data if r["kind"] == "provincie"} == set(PROVINCE_COUNTS)


def test_every_successor_is_a_current_municipality():
    data = rows()
    current = {r["name"] for r in data if r["kind"] == "gemeente"}
    former = [r for r in data if r["kind"] == "voormalige gemeente"]
    assert len(former) > 100
    for r in former:
        assert r["successor"] and set(r["successor"].split("|")) <= current, r


def test_ambiguous_is_a_boolean_and_marks_ordinary_words():
    data = rows()
    assert {r["ambiguous"] for r in data} == {"true", "false"}
    ambiguous = {r["name"] for r in data if r["ambiguous"] == "true"}
    assert {"Best", "Ede", "Epe", "Oss", "Beek", "Stein", "Sluis", "Buren", "Laren", "Putten", "Tiel", "Goes",
            "Grave"} <= ambiguous
    assert not {"Urk", "Westland", "Waterland", "Texel", "Amsterdam"} & ambiguous


# --- lookup and closest -------------------------------------------------------------------------------------

def test_lookup_by_name_or_alias_ignores_case_diacritics_and_hyphens(g):
    assert g.lookup("Den Haag").name == "'s-Gravenhage"
    assert g.lookup("den bosch").name == "'s-Hertogenbosch"
    assert g.lookup("Sudwest Fryslan").name == "Súdwest-Fryslân"
    assert g.lookup("MIDDEN GRONINGEN").name == "Midden-Groningen"
    assert g.lookup("Friesland").kind == "provincie"
    assert g.lookup("Bergen (L)").province == "Limburg"
    assert g.lookup("Bergen").name in ("Bergen (NH)", "Bergen (L)")
    assert g.lookup("Atlantis") is None


def test_shared_names_prefer_the_municipality_unless_asked(g):
    assert g.lookup("Utrecht").kind == "gemeente"
    assert g.lookup("Utrecht", kind="provincie").kind == "provincie"
    assert g.lookup("Groningen").kind == "gemeente"


def test_former_municipality_knows_its_successor(g):
    weesp = g.lookup("Weesp")
    assert weesp.kind == "voormalige gemeente" and weesp.successor == "Amsterdam"
    assert g.lookup("Haren").successor == "Groningen"


def test_closest_forgives_small_misspellings(g):
    assert g.closest("Amersfort").name == "Amersfoort"
    assert g.closest("Lelystat").name == "Lelystad"
    assert g.closest("Woudenburg").name == "Woudenberg"
    assert g.closest("Hollandse Kroon").name == "Hollands Kroon"
    assert g.closest("Beleidsplan") is None
    assert g.closest("") is None


def test_names_lists_every_place_once(g):
    all_names = g.names()
    assert "Almere" in all_names and "Flevoland" in all_names and "Weesp" in all_names
    assert len(all_names) == len(rows())


# --- find ---------------------------------------------------------------------------------------------------

def test_find_multi_word_hyphenated_and_apostrophe_names(g):
    text = ("Hollands Kroon, Alphen aan den Rijn en Wijk bij Duurstede werken samen met 's-Hertogenbosch, "
            "’s-Gravenhage en Súdwest-Fryslân.")
    assert names(g, text) == ["Hollands Kroon", "Alphen aan den Rijn", "Wijk bij Duurstede", "'s-Hertogenbosch",
                              "'s-Gravenhage", "Súdwest-Fryslân"]


def test_find_hyphen_and_space_variants_and_line_breaks(g):
    assert names(g, "Midden Groningen en Midden-Groningen") == ["Midden-Groningen", "Midden-Groningen"]
    assert names(g, "de gemeente Alphen aan den\nRijn") == ["Alphen aan den Rijn"]
    mention = g.find("samen met de gemeente\nLelystad en Dronten")[0]
    assert (mention.surface, mention.place.name) == ("Lelystad", "Lelystad")


def test_find_reports_positions_and_surface(g):
    text = "In Den Haag en Utrecht."
    found = g.find(text)
    assert [(m.surface, text[m.start : m.end]) for m in found] == [("Den Haag", "Den Haag"),
                                                                     ("Utrecht", "Utrecht")]
    assert found[0].place.name == "'s-Gravenhage"


def test_longest_name_wins_without_overlap(g):
    assert names(g, "Bergen op Zoom en Alphen-Chaam") == ["Bergen op Zoom", "Alphen-Chaam"]
    assert names(g, "Beek en Donk") == ["Beek en Donk"]  # a former municipality, not "Beek"
    assert names(g, "Noord-Holland en Zuid-Holland") == ["Noord-Holland", "Zuid-Holland"]


def test_whole_words_only_and_no_adjectives(g):
    assert names(g, "de Almeerse aanpak, Amersfoortse wijken en Utrechtsche") == []
    assert names(g, "Almere-Haven en Almere’s wijken") == ["Almere", "Almere"]  # districts and possessives count
    assert names(g, "Zuid-Hollandse gemeenten") == []


def test_case_matters_for_the_capital(g):
    assert names(g, "de buren en de putten") == []
    assert names(g, "GEMEENTE ALMERE") == ["Almere"]


def test_ambiguous_name_needs_a_cue_or_a_list(g):
    assert names(g, "Best practices zijn belangrijk.") == []
    assert names(g, "Buren klagen over geluid. Putten is een werkwoord.") == []
    assert names(g, "Hij woont in Best.") == ["Best"]
    assert names(g, "De gemeente Buren en de regio Tiel") == ["Buren", "Tiel"]
    assert names(g, "De kosten van Putten stegen.") == ["Putten"]
    assert names(g, "Stein, Beek en Meerssen") == ["Stein", "Beek", "Meerssen"]
    assert names(g, "De gemeenten Ede, Wageningen en Renkum") == ["Ede", "Wageningen", "Renkum"]


def test_surname_after_van_is_not_a_place(g):
    assert names(g, "Martin van Buren was president.") == []
    assert names(g, "Mevrouw De Vries van Houten") == []


def test_qualified_spelling_is_not_ambiguous(g):
    assert names(g, "Bergen (NH) en Bergen (L)") == ["Bergen (NH)", "Bergen (L)"]
    assert g.find("Bergen (NH) ligt")[0].surface == "Bergen (NH)"


def test_province_cue_selects_the_province(g):
    found = g.find("De provincie Utrecht en de gemeente Utrecht")
    assert [m.place.kind for m in found] == ["provincie", "gemeente"]


def test_unambiguous_names_count_at_sentence_start(g):
    assert names(g, "Almere groeit. Lelystad ook.") == ["Almere", "Lelystad"]


# --- construction -------------------------------------------------------------------------------------------

def test_from_csv_reads_a_user_file(tmp_path):
    path = tmp_path / "plaatsen.csv"
    path.write_text("name,kind,province,aliases,ambiguous,successor\n"
                    "Zuidplas,gemeente,Zuid-Holland,Zuid Plas,false,\n"
                    "Best,gemeente,Noord-Brabant,,true,\n", encoding="utf-8")
    g = Gazetteer.from_csv(path)
    assert g.names() == ["Zuidplas", "Best"]
    assert g.lookup("zuid plas").name == "Zuidplas"
    assert names(g, "Best en Zuidplas") == ["Best", "Zuidplas"]


def test_from_csv_rejects_a_file_without_the_columns(tmp_path):
    path = tmp_path / "plaatsen.csv"
    path.write_text("plaats\nZuidplas\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="kolommen"):
        Gazetteer.from_csv(path)
    with pytest.raises(ConfigError):
        Gazetteer.from_csv(tmp_path / "bestaat-niet.csv")


def test_default_is_shared_and_immutable():
    assert Gazetteer.default() is Gazetteer.default()
    place = Gazetteer.default().lookup("Almere")
    assert isinstance(place, Place)
    with pytest.raises(Exception):  # noqa: B017 - pydantic frozen models raise a ValidationError
        place.name = "X"


def test_fold_is_the_comparison_key():
    assert fold("’s-Hertogenbosch") == fold("'s Hertogenbosch") == "'s hertogenbosch"
    assert fold("Súdwest-Fryslân") == "sudwest fryslan"
