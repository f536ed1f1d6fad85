"""`python -m assistant tools ...` (also `python -m assistant.tools ...`).

    tools                          list the tools with a one-line description
    tools describe NAME            description and argument schema of one tool
    tools run NAME ['JSON'] [--json]
                                   run a tool; prints the result as a table, or the ToolResult as JSON
Options: --figures-dir DIR (repeatable) replaces the default figure directories
(corpus/figures and <data_dir>/figures). Errors: one line on stderr, exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.errors import AssistantError
from assistant.figures import load_default_figures, load_figures
from assistant.tools.registry import SPECS, TOOLS, run_tool


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant tools", description="Rekentools over de cijfertabellen (corpus/figures)."
    )
    parser.add_argument(
        "--figures-dir",
        action="append",
        type=Path,
        default=None,
        help="map met cijferbestanden (herhaalbaar); standaard corpus/figures en <data_dir>/figures",
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("list", help="toon de tools")
    describe = sub.add_parser("describe", help="beschrijving en argumenten van een tool")
    describe.add_argument("name")
    run = sub.add_parser("run", help="voer een tool uit")
    run.add_argument("name")
    run.add_argument(
        "args", nargs="?", default="{}", help="argumenten als JSON-object, bijv. '{\"jaar\": 2018}'"
    )
    run.add_argument("--json", action="store_true", help="print het resultaat als JSON")
    return parser


def _print_table(result) -> None:
    if not sys.stdout.isatty():
        print(result.to_markdown())
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=result.title, show_lines=False)
    for column in result.columns:
        cells = [result.cell(row, column) for row in result.rows]
        numeric = any(
            isinstance(row.get(column), (int, float)) and not isinstance(row.get(column), bool)
            for row in result.rows
        )
        widest = max((len(c) for c in cells), default=0)
        table.add_column(
            result.header(column),
            overflow="fold",
            justify="right" if numeric else "left",
            min_width=widest if numeric else min(widest, 12),
        )
    for row in result.rows:
        table.add_row(*(result.cell(row, c) for c in result.columns))
    console.print(result.summary, highlight=False)
    console.print(table)
    for note in result.notes:
        console.print(f"- {note}", highlight=False)
    pages = sorted({(s.document, s.page) for s in result.sources})
    if pages:
        console.print("Bronnen: " + "; ".join(f"{d}, p. {p}" for d, p in pages), highlight=False)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    options = parser.parse_args(argv)
    try:
        if options.command in (None, "list"):
            width = max(len(name) for name in TOOLS)
            for spec in SPECS:
                print(f"{spec.name.ljust(width)}  {spec.short}")
            return 0
        if options.command == "describe":
            spec = TOOLS.get(options.name)
            if spec is None:
                raise AssistantError(f"Onbekende tool '{options.name}'. Beschikbaar: {', '.join(TOOLS)}.")
            print(spec.description)
            print(json.dumps(spec.args.model_json_schema(), ensure_ascii=False, indent=2))
            return 0
        try:
            args = json.loads(options.args)
        except json.JSONDecodeError as exc:
            raise AssistantError(
                f"De argumenten zijn geen geldige JSON ({exc.msg}); gebruik bijv. "
                '\'{"gemeente": "Zwolle"}\'.'
            ) from None
        if options.name not in TOOLS:
            raise AssistantError(f"Onbekende tool '{options.name}'. Beschikbaar: {', '.join(TOOLS)}.")
        figures = load_figures(options.figures_dir) if options.figures_dir else load_default_figures()
        for error in figures.errors:
            print(f"Waarschuwing: {error.splitlines()[0]}", file=sys.stderr)
        result = run_tool(figures, options.name, args)
    except AssistantError as exc:
        print(f"Fout: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    if options.json:
        print(result.model_dump_json(indent=2))
    else:
        _print_table(result)
    return 0
