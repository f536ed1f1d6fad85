"""Section-aware chunking (pure). Chunks never cross a page, and carry the section they start in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.models import Chunk, DocumentInfo, Page
from ingest.layout import join_lines, typical_width

# "3.2 De verschillen in zorgkosten - Perceel Verblijf Jeugd", "1.1.2 Versterken opdrachtgeverschap"
_MULTI = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+([A-ZÀ-Þ].{1,98})$")
# "2. Conclusies en aanbevelingen": only a heading when followed by "2.1 ..." or when the
# document has no multi-level headings at all (otherwise numbered list items would pose as sections).
_SINGLE = re.compile(r"^(\d{1,2})\.\s+([A-ZÀ-Þ][^.;]{1,68})$")
# Report-specific structural headings: "KPI 4: Verhouding ingekochte zorg", "Doelstelling 2", "Bijlage 1".
_LABELLED = re.compile(r"^((?:KPI|Doelstelling|Bijlage)\s+\d{1,2})(?::\s*(.{1,90})|\s*)$")
_CAPS = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ &/\-]{3,60}$")


@dataclass(frozen=True)
class Heading:
    number: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


def _is_multi(line: str) -> bool:
    return bool(_MULTI.match(line)) and not line.rstrip().endswith((",", ";"))


def detect_headings(lines: list[str], has_multi_level: bool) -> dict[int, Heading]:
    """Map line index -> heading for the heading lines of one page."""
    found: dict[int, Heading] = {}
    for i, line in enumerate(lines):
        if _is_multi(line):
            m = _MULTI.match(line)
            found[i] = Heading(m.group(1), m.group(2).strip())
        elif m := _SINGLE.match(line):
            nxt = next((x for x in lines[i + 1 : i + 3] if x), "")
            if not has_multi_level or nxt.startswith(f"{m.group(1)}.1 "):
                found[i] = Heading(m.group(1), m.group(2).strip())
        elif m := _LABELLED.match(line):
            found[i] = Heading(m.group(1), (m.group(2) or "").strip())
        elif _CAPS.match(line) and len(line.split()) <= 6 and len(line.replace(" ", "")) >= 8:
            found[i] = Heading("", line.title() if line.isupper() else line)
    return found


def _blocks(pages: list[Page]) -> Iterator[tuple[int, str, str]]:
    """Yield (page, section, text) blocks: a new block at every heading and every page."""
    has_multi = any(_is_multi(line) for p in pages for line in p.text.split("\n"))
    section = ""
    for page in pages:
        lines = page.text.split("\n")
        width = typical_width(lines)
        headings = detect_headings(lines, has_multi)
        current: list[str] = []
        for i, line in enumerate(lines):
            if i in headings:
                if current:
                    yield page.number, section, "\n".join(join_lines(current, width))
                section = headings[i].label
                current = [line]
            else:
                current.append(line)
        if current:
            yield page.number, section, "\n".join(join_lines(current, width))


def chunk_document(info: DocumentInfo, pages: list[Page], size: int = 900, overlap: int = 150) -> list[Chunk]:
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=overlap, separators=["\n", ". ", "; ", ", ", " ", ""], keep_separator="end"
    )
    chunks: list[Chunk] = []
    for page, section, text in _blocks(pages):
        if len(text) < 3:
            continue
        for piece in splitter.split_text(text):
            piece = piece.strip()
            if not piece:
                continue
            chunks.append(
                Chunk(
                    doc_id=info.doc_id, document=info.document, title=info.title, page=page, section=section,
                    doc_type=info.doc_type, municipality=info.municipality, year=info.year,
                    file_hash=info.file_hash, source=info.source, index=len(chunks), text=piece,
                )
            )
    return _merge_tiny(chunks, size)


def _merge_tiny(chunks: list[Chunk], size: int, tiny: int = 120) -> list[Chunk]:
    """Fold a very short chunk (a lone heading, a chart label) into the next one of the same page and section."""
    out: list[Chunk] = []
    pending: Chunk | None = None
    for c in chunks:
        if pending is not None:
            same_place = pending.page == c.page and pending.section == c.section
            if same_place and len(pending.text) + len(c.text) < size * 1.3:
                c = c.model_copy(update={"text": pending.text + "\n" + c.text})
            else:
                out.append(pending)
            pending = None
        if len(c.text) < tiny:
            pending = c
        else:
            out.append(c)
    if pending is not None:
        out.append(pending)
    return [c.model_copy(update={"index": i}) for i, c in enumerate(out)]
