"""Layering: ingest never imports the answering side, the answering side never imports ingest; only the
facade (`assistant.answer`), the evaluation and the app sit above both. No import cycles among modules."""

import ast
from pathlib import Path

import networkx as nx
import pytest

from assistant.settings import REPO_ROOT

ANSWERING = ("assistant.offline", "assistant.llm", "assistant.memo", "assistant.glossary", "assistant.frame",
             "assistant.scope", "assistant.corpus", "assistant.retrieve", "assistant.extract", "assistant.status",
             "assistant.grounding", "assistant.tools", "assistant.present", "assistant.service")
ABOVE_BOTH = ("assistant.answer", "assistant.eval", "assistant.__main__")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Every module imported anywhere in the file (also inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {m for m in found if m.split(".")[0] in ("assistant", "ingest")}


MODULES = {module_name(p): imports(p) for p in sorted([*(REPO_ROOT / "assistant").rglob("*.py"),
                                                       *(REPO_ROOT / "ingest").rglob("*.py")])}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("ingest")))
def test_ingest_does_not_reach_into_the_answering_side(module):
    bad = sorted(i for i in MODULES[module] if i.startswith(ANSWERING + ABOVE_BOTH))
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith(ANSWERING)))
def test_the_answering_side_does_not_import_ingest(module):
    bad = sorted(i for i in MODULES[module] if i.startswith("ingest"))
    assert not bad, f"{module} imports {bad}"


def test_no_import_cycles():
    graph = nx.DiGraph()
    for module, targets in MODULES.items():
        for target in targets:
            if target in MODULES and target != module and not module.startswith(target + "."):
                graph.add_edge(module, target)
    cycles = [c for c in nx.simple_cycles(graph) if len(c) > 1]
    assert not cycles, cycles[:5]
