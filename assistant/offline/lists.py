"""Lists from the document's structure (pure): the items a sentence introduces or belongs to.

A document prints a list in one of a few ways, and the answer keeps each item with its page:
- bulleted, numbered or lettered lines ("• ...", "1. ...", "a) ...") under a lead-in;
- labelled items of one family, possibly with explanations between them and over page breaks ("Optie 1: ...",
  "Hoofddoel 3. ...", "Spoor 2: ..."): the family is any capitalised word that the pages number at least twice;
- a term with its explanation per line ("Betrouwbaar: We doen wat we zeggen ...");
- running text after a lead-in that ends with a colon ("... de leefgebieden: 1. support, 2. wonen, 3. ...").
A list that runs to the end of a page continues on the next one.
"""

from __future__ import annotations

import re

from assistant.safety import is_injection

# A list item: a bullet or number, followed by a space; a dash or bullet may also be glued to a word ("-meer").
BULLET = re.compile(r"^\s*(?:(?:[-•–▪·o]|\d+[.)]|[a-z][.)])\s+|[-•–▪·](?=[a-zà-ÿ]))")
_LABEL = re.compile(r"^\s*(?:[-•–▪·]\s*)?([A-ZÀ-Þ][a-zà-ÿ]{2,})\s+(\d{1,2})\s*[:.)]\s*\S")
_TERM = re.compile(r"^\s*(?:[-•–▪·]\s*)?[A-ZÀ-Þ][\w’'()/-]*(?:\s+[\w’'()/-]+){0,3}:\s+\S")
_INLINE_NUMBER = re.compile(r"(?:^|(?<=[\s,;:]))\d{1,2}[.)]\s+")
MAX_ITEMS = 12

Pages = dict[int, list[str]]  # page number -> its sentences/lines (the page and its neighbours)


def label_word(text: str) -> str:
    """The label word of a labelled item ("Hoofddoel" of "Hoofddoel 3. Een gedifferentieerd aanbod"), or ''."""
    m = _LABEL.match(text)
    return m.group(1) if m else ""


def _family(pages: Pages, word: str) -> list[tuple[int, str]]:
    """All lines of a labelled family ("Optie 1: ...", "Optie 2: ..."), when it numbers at least two items."""
    same = re.compile(rf"^\s*(?:[-•–▪·]\s*)?{re.escape(word)}\s+(\d{{1,2}})\s*[:.)]\s*\S")
    found = [(p, line, m.group(1)) for p in sorted(pages) for line in pages[p] if (m := same.match(line))]
    numbers = {n for _, _, n in found}
    return [(p, line) for p, line, _ in found] if len(numbers) >= 2 else []


def _following(pages: Pages, page: int, start: int) -> list[tuple[int, str]]:
    """The lines from `start` on, continuing on the next page(s)."""
    out = [(page, line) for line in pages.get(page, [])[start:]]
    nxt = page + 1
    while nxt in pages and len(out) < 3 * MAX_ITEMS:
        out += [(nxt, line) for line in pages[nxt]]
        nxt += 1
    return out


CONTINUATION = 4  # sentences of one item's explanation between two items ("• Samen: ... . Wij bepalen ...")


def _run(lines: list[tuple[int, str]], pattern: re.Pattern) -> list[tuple[int, str]]:
    """The items of a list that starts at the first line: lines matching `pattern`, with up to a few
    sentences of explanation between them; a new lead-in (a line ending with a colon) ends the list."""
    items: list[tuple[int, str]] = []
    gap = 0
    for where, line in lines:
        if pattern.match(line):
            items.append((where, line))
            gap = 0
            if len(items) >= MAX_ITEMS:
                break
        elif not items:
            break
        else:
            gap += 1
            if gap > CONTINUATION or line.rstrip().endswith(":"):
                break
    return items


def inline_items(text: str) -> list[str]:
    """'... de leefgebieden: 1. support, 2. wonen, ... en 5. welzijn' or 'De principes zijn: a, b, c en d.' ->
    the items ([] when it is no enumeration of at least three)."""
    _, sep, tail = text.rpartition(":")
    body = tail if sep and tail.strip() else text
    parts = [p for p in _INLINE_NUMBER.split(body) if p.strip()]
    if len(parts) < 3:
        parts = re.split(r",\s*|\s+en\s+|;\s*", body)
    items = [re.sub(r"^(?:en|and)\s+|\s+(?:en|and)$", "", p.strip(" .;,")) for p in parts]
    items = [i for i in items if i]
    return items if len(items) >= 3 and all(len(i) <= 120 for i in items) else []


_ANNOUNCES = re.compile(r"\b(?:de volgende|als volgt|hieronder|twee|drie|vier|vijf|zes|zeven|acht|negen|tien)\b|:\s*$",
                        re.IGNORECASE)
_NOT_PARALLEL = {"de", "het", "een", "dit", "dat", "deze", "die", "we", "wij", "ook", "er", "in", "op", "voor",
                 "bij", "met", "zo", "daarnaast", "daarom", "verder", "the", "this"}
PARALLEL_SPAN = 20  # sentences after a lead-in searched for items that start alike


def _parallel(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Items printed without bullets (their numbers lost): the sentences after a lead-in that start with the
    same word ("Verschillen in uitschieters ...", "Verschillen in populatie.", "Verschillen in de uitvoering")."""
    window = []
    for where, line in lines[:PARALLEL_SPAN]:
        if line.rstrip().endswith(":") and window:
            break
        window.append((where, line))
    groups: dict[str, list[tuple[int, str]]] = {}
    for where, line in window:
        words = line.split()
        if words and len(line) <= 160 and words[0][:1].isupper() and words[0].lower() not in _NOT_PARALLEL:
            groups.setdefault(words[0].lower(), []).append((where, line))
    best = max(groups.values(), key=len, default=[])
    return best if len(best) >= 2 else []


_ROW = re.compile(r"\S.*?\s(?:[-−]?€?\s?\d[\d.,]*%?)(?:\s+[-−]?€?\s?\d[\d.,]*%?)*\s*$")


def _table(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The rows of a table right after its lead-in (possibly on the next page): a caption or header, then at
    least two lines that end in figures."""
    rows: list[tuple[int, str]] = []
    for where, line in lines[:MAX_ITEMS + 3]:
        if _ROW.match(line) and len(line) <= 200:
            rows.append((where, line))
        elif rows:
            break
        elif len(line) > 120:  # running text before any row: no table here
            return []
    return rows if len(rows) >= 2 else []


def list_items(pages: Pages, page: int, text: str) -> list[tuple[int, str]]:
    """The printed list a sentence introduces or belongs to, as (page, item); [] when there is none."""
    lines = pages.get(page, [])
    if text not in lines:
        return []
    pos = lines.index(text)
    nxt = _following(pages, page, pos + 1)
    if pos == len(lines) - 1 and nxt and not text.rstrip().endswith((".", "!", "?", ":")) \
            and nxt[0][0] != page and (nxt[0][1].rstrip().endswith(":") or _ANNOUNCES.search(text)):
        text, nxt = f"{text} {nxt[0][1]}", nxt[1:]  # a lead-in broken by the page end ("... naar 'minst van")
    if nxt and nxt[0][1].rstrip().endswith(":") and not text.rstrip().endswith(":") and nxt[0][0] == page:
        # the next line is the lead-in ("Er zijn drie opties." / "Deze worden hieronder uitgewerkt:")
        return list_items(pages, page, nxt[0][1])
    label = _LABEL.match(text) or (_LABEL.match(nxt[0][1]) if nxt else None)
    if label:
        family = _family(pages, label.group(1))
        if family:
            return [(p, line) for p, line in family if not is_injection(line)]
    if BULLET.match(text):  # an item itself: the items around it, then on
        begin = pos
        while begin > 0 and pos - begin < 8 and BULLET.match(lines[begin - 1]):
            begin -= 1
        items = _run(_following(pages, page, begin), BULLET)
    elif _TERM.match(text):
        begin = pos
        while begin > 0 and pos - begin < 8 and _TERM.match(lines[begin - 1]):
            begin -= 1
        items = _run(_following(pages, page, begin), _TERM)
    else:  # an intro: the items right after it
        items = _run(nxt, BULLET) or _run(nxt, _TERM)
        if len(items) <= 1 and text.rstrip().endswith(":") and nxt:
            first = items[0] if items else nxt[0]  # "1. support, 2. wonen, ..." printed as one line
            parts = inline_items(first[1])
            items = [(first[0], part) for part in parts] if parts else items
        if len(items) <= 1 and _ANNOUNCES.search(text):
            items = _table(nxt) or _parallel(nxt) or items
    items = [(p, line) for p, line in items if not is_injection(line)]  # an item addressed to an assistant
    return items if len(items) >= 2 or (items and text.rstrip().endswith(":")) else []
