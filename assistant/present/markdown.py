"""Markdown for the UI that never lets document text act as markup.

Document text (passages, quotes, titles, descriptions) is shown through `escape_markdown`: every character
that Markdown, GitHub-flavoured Markdown or Streamlit's extensions (LaTeX `$`, `:emoji:`, `:color[...]`)
would interpret is backslash-escaped, so `<script>`, `**`, `[link](...)` and `$x$` appear literally. The
quote of a citation is highlighted inside its passage with Streamlit's own `:orange-background[**...**]`
directive around escaped text; no HTML is ever produced.

Answer text is Markdown by contract (bold, lists, tables, [n] markers) but quotes documents verbatim, so
`safe_markdown` keeps that structure and neutralises only what could link, embed, run or format from
outside: HTML, links/images, LaTeX, emoji shortcodes, directives, entities and strikethrough.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.models import Chunk, Citation

# Every ASCII punctuation character with a meaning in CommonMark, GFM or Streamlit's markdown extensions.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^\"'])")
# In answers: what can create links, images, HTML, maths, emoji, directives or strikethrough.
_ACTIVE = re.compile(r"([\\<>\[\]$:&~!])")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
HIGHLIGHT_COLOR = "orange"
MIN_FRAGMENT = 12  # shorter pieces of an abridged quote are not highlighted (too likely to match elsewhere)


def flatten(text: str) -> str:
    """Whitespace collapsed to single spaces (PDF line breaks carry no meaning in a passage)."""
    return " ".join(text.split())


def escape_markdown(text: str) -> str:
    """`text` as literal Markdown: rendered, it shows exactly these characters (whitespace collapsed)."""
    return _SPECIAL.sub(r"\\\1", flatten(text))


def safe_markdown(text: str) -> str:
    """Answer Markdown with its structure (bold, lists, tables) kept and every active construct escaped."""
    return _ACTIVE.sub(r"\\\1", text)


_HTML = re.compile(r"([<>])")
_LINK_TARGET = re.compile(r"\]\(")


def inert_markdown(text: str) -> str:
    """Text for a downloaded Markdown file: readable as is, but nothing in it can become HTML, a link or an
    image when the file is rendered (`<`/`>` escaped, `](` of `[text](url)` and `![alt](url)` broken)."""
    return _LINK_TARGET.sub(r"]\\(", _HTML.sub(r"\\\1", text))


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Where `quote` occurs in `text` (both flattened), as sorted, non-overlapping (start, end) spans.

    The whole quote is tried first (exact, then case-insensitive); an abridged quote ("begin … eind") is
    matched piece by piece.
    """
    flat, q = flatten(text), flatten(quote)
    if not flat or not q:
        return []
    lowered = flat.lower() if len(flat.lower()) == len(flat) else None
    pieces = [q] + sorted((p for p in _ELLIPSIS.split(q) if len(p) >= MIN_FRAGMENT and p != q), key=len,
                          reverse=True)
    spans: list[tuple[int, int]] = []
    for piece in pieces:
        start = flat.find(piece)
        if start < 0 and lowered is not None:
            start = lowered.find(piece.lower())
        if start < 0:
            continue
        span = (start, start + len(piece))
        if not any(s < span[1] and span[0] < e for s, e in spans):
            spans.append(span)
        if piece == q:
            break
    return sorted(spans)


def highlight(text: str, quote: str) -> tuple[str, bool]:
    """(Markdown of `text` with `quote` highlighted, whether the quote was found). All text is escaped."""
    flat = flatten(text)
    spans = quote_spans(flat, quote)
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts.append(_SPECIAL.sub(r"\\\1", flat[pos:start]))
        parts.append(f":{HIGHLIGHT_COLOR}-background[**{escape_markdown(flat[start:end])}**]")
        pos = end
    parts.append(_SPECIAL.sub(r"\\\1", flat[pos:]))
    return "".join(parts), bool(spans)


def passage_for(citation: Citation, chunks: Iterable[Chunk]) -> Chunk | None:
    """The chunk on the cited page that contains the quote (or the first chunk of that page), else None."""
    on_page = sorted((c for c in chunks if c.document == citation.document and c.page == citation.page),
                     key=lambda c: c.index)
    for chunk in on_page:
        if quote_spans(chunk.text, citation.quote):
            return chunk
    return on_page[0] if on_page else None


def citation_line(citation: Citation) -> str:
    """`**[n]** *Title*, p. 7 · section — “quote”`, every document-derived part escaped."""
    section = f" · {escape_markdown(citation.section)}" if citation.section else ""
    return (f"**\\[{citation.n}\\]** *{escape_markdown(citation.title or citation.document)}*, "
            f"p. {citation.page}{section} — “{escape_markdown(citation.quote)}”")
