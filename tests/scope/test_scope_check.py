"""The scope check: every place, name and period a question names must be covered by the evidence used."""

from assistant.scope import Evidence, Named, check_scope, missing_sentence, name_covered

PAGE_2018 = "In 2018 betaalde Zwolle 1,2 miljoen meer dan Kampen. De verevening liep van 2016 tot en met 2018."


def named(places=(), names=(), periods=()):
    return Named({p: (p,) for p in places}, tuple(names), tuple(periods))


def test_a_place_the_evidence_does_not_name_is_refused_with_a_reason():
    verdict = check_scope(named(["Zeist"], periods=["2018"]), Evidence.of([PAGE_2018]))
    assert verdict.refuse and verdict.missing_places == ("Zeist",)
    assert missing_sentence(verdict) == "Voor Zeist staat er niets in de documenten."
    assert missing_sentence(verdict, figures=True) == "Voor Zeist staan er geen cijfers in de documenten."


def test_covered_place_and_year_pass():
    verdict = check_scope(named(["Zwolle"], periods=["2018"]), Evidence.of([PAGE_2018]))
    assert verdict.complete and not verdict.refuse


def test_a_range_in_the_text_covers_the_years_inside_it():
    assert check_scope(named(periods=["2017"]), Evidence.of([PAGE_2018])).complete


def test_part_of_the_periods_missing_is_partial_not_a_refusal():
    verdict = check_scope(named(periods=["2018", "2024"]), Evidence.of([PAGE_2018]))
    assert not verdict.refuse and not verdict.complete
    assert verdict.missing_periods == ("2024",) and verdict.covered_periods == ("2018",)


def test_tool_rows_cover_periods_only_through_their_own_periods():
    """A 2019 report's table of 2016-2018 does not cover 2019, even if the page mentions 2019."""
    rows = Evidence.of(["Zwolle verevening", "Rapport 2019 over de verevening"], row_periods=["2016", "2017", "2018"])
    assert check_scope(named(periods=["2017"]), rows).complete
    assert check_scope(named(periods=["2019"]), rows).refuse


def test_a_quarter_needs_that_quarter():
    evidence = Evidence.of(["KPI-rapportage Q1 2023: de wachttijd was 28 dagen."])
    assert check_scope(named(periods=["2023-Q1"]), evidence).complete
    assert check_scope(named(periods=["2023-Q3"]), evidence).refuse


def test_place_forms_and_hyphen_variants_match():
    evidence = Evidence.of(["De gemeente Midden Groningen en 's-Hertogenbosch"])
    verdict = check_scope(Named({"Midden-Groningen": ("Midden-Groningen",),
                                 "'s-Hertogenbosch": ("'s-Hertogenbosch", "Den Bosch")}), evidence)
    assert verdict.complete


def test_names_are_covered_by_their_stemmed_words():
    assert name_covered("SES-daling", ["de daling van de SES was groot"])
    assert not name_covered("Nederlands Jeugdinstituut", ["het jeugdinstituut van de regio"])


def test_names_may_be_covered_by_context_pages_but_places_not():
    """A tool's source page names every town of the region; only its rows count for places."""
    evidence = Evidence.of(["Zwolle verevening"], row_periods=["2018"], context=["Tabel 1 Zwolle Kampen Dronten"])
    assert check_scope(named(names=["Tabel"]), evidence).complete
    assert check_scope(named(["Kampen"]), evidence).refuse
