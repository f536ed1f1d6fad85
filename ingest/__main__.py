"""`python -m ingest [PATH ...]`: index documents (default: the bundled corpus and uploaded files)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table
from tqdm import tqdm

from assistant.errors import AssistantError
from assistant.index.factory import open_index
from assistant.settings import Settings
from ingest.pipeline import IngestReport, ingest_paths

_LABEL = {"indexed": "nieuw", "updated": "bijgewerkt", "skipped": "ongewijzigd", "failed": "MISLUKT",
          "removed": "verwijderd"}


def default_sources(settings: Settings) -> list[Path]:
    return [p for p in (settings.corpus_dir, settings.uploads_dir) if p.exists()]


def print_report(report: IngestReport, console: Console) -> None:
    """One line per file that failed, changed or has remarks (library warnings, pages without text)."""
    if report.repaired:
        console.print(f"[yellow]hersteld[/]: {report.repaired} onderbroken schrijfactie(s) van een eerdere run",
                      markup=True, highlight=False)
    for r in report.results:
        if r.status in ("failed", "removed", "updated"):
            style = "red" if r.status == "failed" else "yellow"
            message = " ".join(r.message.split())  # one line per file, also for multi-line table errors
            console.print(f"[{style}]{_LABEL[r.status]}[/]: {r.document}" + (f" — {message}" if message else ""),
                          markup=True, highlight=False)
        if r.status in ("indexed", "updated") and r.tables + r.figures and r.message == "":
            console.print(f"cijfers: {r.document} — {r.tables} tabel(len), {r.figures} cijfers gelezen",
                          highlight=False)
        for warning in r.warnings:
            console.print(f"[yellow]let op[/]: {r.document} — {' '.join(warning.split())}", markup=True,
                          highlight=False)
    table = Table(title=f"Ingest klaar in {report.seconds:.1f} s")
    for col in ("bestanden", "pagina's", "chunks", "nieuw", "overgeslagen", "verwijderd", "mislukt", "cijfertabellen",
                "tabellen gelezen", "cijfers gelezen"):
        table.add_column(col, justify="right")
    read = [r for r in report.results if r.status in ("indexed", "updated") and not r.message]
    table.add_row(
        str(len(report.results)), str(sum(r.pages for r in report.results)),
        str(sum(r.chunks for r in report.results)), str(report.count("indexed", "updated")),
        str(report.count("skipped")), str(report.count("removed")), str(report.count("failed")), str(report.tables),
        str(sum(r.tables for r in read)), str(sum(r.figures for r in read)),
    )
    console.print(table)
    if report.stages:
        console.print("tijd per stap: " + ", ".join(f"{k} {v:.1f} s" for k, v in report.stages.items()),
                      highlight=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: corpus/ and uploads)")
    parser.add_argument("--data-dir", type=Path, help="index location (default: .data or ASSISTANT_DATA_DIR)")
    parser.add_argument("--rebuild", action="store_true", help="drop the index first (e.g. after changing embedder)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--replace", action="store_true",
                        help="let a file replace an indexed document of the same name from another folder")
    args = parser.parse_args(argv)

    settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    console = Console(stderr=True, soft_wrap=True, width=120)
    try:
        index = open_index(settings, rebuild=args.rebuild)
    except AssistantError as err:
        console.print(f"[red]Fout:[/] {err}")
        return 2
    paths = args.paths or default_sources(settings)
    bar = tqdm(total=0, unit="stap", disable=args.quiet, file=sys.stderr, leave=False)

    def progress(done: int, total: int, label: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_description(label[:60])
        bar.refresh()

    try:
        report = ingest_paths(paths, settings, index, progress, replace=args.replace)
    except AssistantError as err:  # e.g. the Chroma server went away: a clear message, the index is intact
        bar.close()
        console.print(f"[red]Fout:[/] {err}")
        return 2
    bar.close()
    print_report(report, console)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
