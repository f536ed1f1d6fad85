"""The LangChain tools: schemas, Dutch descriptions, JSON results with sources, clear errors."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool

from assistant.errors import ToolInputError
from assistant.tools.base import ToolResult
from assistant.tools.registry import TOOLS, build_tools, run_tool

REQUIRED = {
    "verevening_effect",
    "verevening_scenario",
    "kpi_status",
    "budget_variance",
    "savings_overview",
    "ratio",
}


@pytest.fixture(scope="module")
def tools(figures) -> dict[str, BaseTool]:
    return {tool.name: tool for tool in build_tools(figures)}


def test_tools_have_schemas_and_dutch_descriptions(tools):
    assert REQUIRED <= set(tools)
    for tool in tools.values():
        assert isinstance(tool, BaseTool)
        assert "bronnen" in tool.description and len(tool.description) > 150
        schema = tool.args_schema.model_json_schema()
        assert all(field.get("description") for field in schema["properties"].values()), tool.name


def test_tool_returns_json_serialisable_result_with_sources(tools):
    result = tools["verevening_effect"].invoke({"gemeente": "Amersfoort", "jaar": 2018})
    assert json.loads(json.dumps(result)) == result
    parsed = ToolResult.model_validate(result)
    assert parsed.rows[0]["verschil"] == pytest.approx(1357.84)
    assert parsed.sources and all(s.page == 21 for s in parsed.sources)


def test_tool_call_gives_a_tool_message_with_json(tools):
    message = tools["kpi_status"].invoke(
        {"name": "kpi_status", "args": {"kpi": "KPI 5"}, "id": "1", "type": "tool_call"}
    )
    assert isinstance(message, ToolMessage)
    assert json.loads(message.content)["rows"][0]["omschrijving"] == "Kosten per klant"


def test_bad_input_reaches_the_model_as_a_message(tools):
    unknown = tools["verevening_effect"].invoke({"gemeente": "Utrecht"})
    assert unknown.startswith("Onbekende gemeente 'Utrecht'") and "Woudenberg" in unknown
    invalid = tools["ratio"].invoke({"soort": "winst"})
    assert "Ongeldige argumenten voor ratio" in invalid and "ses_daling" in invalid
    extra = tools["kpi_status"].invoke({"jaar": 2023})
    assert "'jaar' is geen argument van kpi_status" in extra and "alleen_niet_gehaald" in extra


def test_run_tool_validates_with_the_schema(figures):
    result = run_tool(figures, "budget_variance", {"regel": "WMO"})
    assert result.tool == "budget_variance" and result.rows[0]["afwijking"] == 340_000
    with pytest.raises(ToolInputError, match="jaar: moet een geheel getal zijn"):
        run_tool(figures, "verevening_effect", {"jaar": "vorig jaar"})
    with pytest.raises(ToolInputError, match="Onbekende tool 'verevening'.*verevening_effect"):
        run_tool(figures, "verevening", {})
    with pytest.raises(ToolInputError, match="JSON-object"):
        run_tool(figures, "kpi_status", [1, 2])  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_every_tool_runs_with_defaults_and_renders(figures, name):
    required = {"ratio": {"soort": "ses_daling"}, "growth": {"maat": "ses_score", "van": "2014", "naar": "2017"},
                "bereken": {"vraag": "Hoeveel inwoners hadden Baarn en Soest eind 2017 samen?"}}
    args = required.get(name, {})
    result = run_tool(figures, name, args)
    markdown = result.to_markdown()
    assert result.summary in markdown and result.title in markdown
    if name != "figure_lookup":
        assert result.sources and "Bronnen:" in markdown


def test_bereken_computes_from_a_question_with_the_printed_operands(figures):
    result = run_tool(figures, "bereken", {"vraag": "Hoeveel inwoners hadden Baarn en Soest eind 2017 samen?"})
    assert "24529 + 45874 = 70.403" in result.summary  # Tabel 1: 24.529 + 45.874
    assert {s.subject for s in result.sources} == {"Baarn", "Soest"}
    with pytest.raises(ToolInputError, match="bewerking"):
        run_tool(figures, "bereken", {"vraag": "x", "bewerking": "wortel"})


def test_figure_lookup_finds_printed_figures(figures):
    result = run_tool(figures, "figure_lookup", {"tabel": "ses", "onderwerp": "Baarn", "maat": "ses_score"})
    assert {r["als afgedrukt"] for r in result.rows} == {"0,8", "0,53"}
    assert {(s.page) for s in result.sources} == {46}


def test_growth_computes_the_change_between_two_periods(figures):
    result = run_tool(figures, "growth", {"maat": "ses_score", "van": "2014", "naar": "2017", "onderwerp": "Baarn"})
    row = result.rows[0]
    assert row["2014"] == "0,8" and row["2017"] == "0,53"
    assert row["verandering"] == pytest.approx((0.53 - 0.8) / 0.8 * 100)
    assert "een daling van 33,75% (afgerond 34%)" in result.summary
    with pytest.raises(ToolInputError, match="Beschikbare perioden|Kies uit"):
        run_tool(figures, "growth", {"maat": "ses_score", "van": "2014", "naar": "2030"})
