"""Options and measures for a memo (pure): what the documents propose to do, each one item.

Four sources, in this order:
1. a measures catalogue loaded with the figure tables (`table,measure,pillar,...,document,page`): the measures
   of a catalogue document that the topic retrieves, those that name the topic's words first, each with its
   pillar and the document's own pros and cons (the first sentence under an `effect` heading after the
   measure's own heading, e.g. "Voor- en nadelen");
2. list items under a lead-in or label whose words announce options ("De maatregelen zijn:", "Scenario 2: ...");
3. the first sentences of a section under a heading that announces options ("Aanbeveling", "Maatregelen");
4. sentences that recommend or announce an action ("Wij adviseren ...", "We zetten in op ...").
A report's description of itself (`self` cue) is never an option.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from assistant.memo.roles import has_figure, has_role, stands_alone
from assistant.memo.topic import TopicTerm, terms_found
from assistant.offline.lists import BULLET, label_word, list_items
from assistant.safety import is_injection
from assistant.sentences import ends_sentence, split_sentences
from assistant.text import normalise_for_match

MAX_OPTIONS = 6
HEADING_SCAN = 80
COMMON_SHARE = 0.5  # a topic word in more than this share of a catalogue's descriptions does not select  # lines after a measure's heading searched for its pros/cons heading


@dataclass(frozen=True)
class Quote:
    document: str
    page: int
    text: str


@dataclass(frozen=True)
class Option:
    item: Quote
    origin: str  # "catalogue", "list", "section" or "recommendation"
    pillar: str = ""
    effect: tuple[Quote, ...] = ()  # the document's pros/cons or expected effect (two parts over a page break)


def item_text(line: str) -> str:
    """A list item without its bullet or number."""
    return BULLET.sub("", line, count=1).strip()


def _lines(pages: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(number, line.strip()) for number, text in pages for line in text.split("\n") if line.strip()]


def _effect(document: str, lines: list[tuple[int, str]], start: int, headings: set[str]) -> tuple[Quote, ...]:
    """The first whole sentence under the first effect heading after `start`, before the next measure: one
    quote, or two when a page break cuts the sentence (each part on its own page)."""
    for i in range(start + 1, min(len(lines), start + HEADING_SCAN)):
        page, line = lines[i]
        if normalise_for_match(line) in headings:
            return ()
        if not (has_role(line, "effect") and len(line) < 60):
            continue
        body = lines[i + 1:i + 20]
        sentences = split_sentences("\n".join(text for _, text in body))
        first = sentences[0] if sentences else ""
        if not (ends_sentence(first) and first[:1].isupper() and len(first) >= 40) or is_injection(first):
            return ()
        here = " ".join(text for p, text in body if p == page)
        if normalise_for_match(first) in normalise_for_match(here):
            return (Quote(document, page, first),)
        head = " ".join(here.split())
        flat = " ".join(first.split())
        if not flat.startswith(head):
            return ()
        rest = flat[len(head):].strip()
        following = " ".join(text for p, text in body if p == page + 1)
        if not rest or normalise_for_match(rest) not in normalise_for_match(following):
            return ()
        return (Quote(document, page, head), Quote(document, page + 1, rest))
    return ()


def _description(lines: list[tuple[int, str]], start: int, headings: set[str]) -> str:
    """The text under a measure's heading, up to the next measure."""
    out = []
    for _, line in lines[start + 1:start + HEADING_SCAN]:
        if normalise_for_match(line) in headings:
            break
        out.append(line)
    return " ".join(out)


def catalogue_options(catalogue: pd.DataFrame, terms: list[TopicTerm], documents: set[str],
                      pages_of: Callable[[str], Sequence[tuple[int, str]]], any_measure: bool = False
                      ) -> list[Option]:
    """The catalogue's measures in `documents` (those the topic retrieved): those that name the topic's words
    first, then (when the topic asks for measures: `any_measure`) those the document describes under their own
    heading, one of each pillar before a second one."""
    if catalogue is None or catalogue.empty:
        return []
    rows = catalogue[catalogue["document"].isin(documents)]
    if rows.empty:
        return []
    lines = {d: _lines(pages_of(d)) for d in set(rows["document"])}
    names = {d: {normalise_for_match(str(m)) for m in rows[rows["document"] == d]["measure"]} for d in lines}
    keyed = []
    rounds: dict[str, int] = {}
    for order, row in enumerate(rows.itertuples(index=False)):
        document, pillar = str(row.document), str(row.pillar or "")
        name = normalise_for_match(str(row.measure))
        at = next((i for i, (_, line) in enumerate(lines[document]) if normalise_for_match(line) == name), None)
        described = _description(lines[document], at, names[document]) if at is not None else ""
        keyed.append(((order, pillar, row, at), terms_found(terms, f"{row.measure} {pillar}"),
                      terms_found(terms, described)))
    # a word most measures' descriptions use ("Wmo" in a Wmo catalogue) does not single any out
    common = {t for t in terms if sum(t in d for *_, d in keyed) > COMMON_SHARE * len(keyed)}
    ranked = []
    for (order, pillar, row, at), named, described in keyed:
        matches = 2 * len(named) + len(described - common)
        if not matches and not any_measure:
            continue
        rounds[pillar] = rounds.get(pillar, -1) + 1
        ranked.append(((-matches, at is None, rounds[pillar], order), row, at))
    out: list[Option] = []
    for _, row, at in sorted(ranked, key=lambda k: k[0])[:MAX_OPTIONS]:
        document = str(row.document)
        doc_lines = lines[document]
        if at is None:
            item = Quote(document, int(row.page), str(row.measure))
            effect: tuple[Quote, ...] = ()
        else:
            item = Quote(document, doc_lines[at][0], doc_lines[at][1])
            effect = _effect(document, doc_lines, at, names[document])
        out.append(Option(item, "catalogue", str(row.pillar or ""), effect))
    return out


def about_topic(terms: list[TopicTerm], text: str) -> bool:
    """Whether a text names at least half of the topic's words."""
    return bool(terms) and len(terms_found(terms, text)) >= math.ceil(len(terms) / 2)


def list_options(lead_ins: Iterable[Quote], pages: dict[str, dict[int, list[str]]], terms: list[TopicTerm],
                 top_pages: set[tuple[str, int]]) -> list[Option]:
    """The items of lists whose lead-in or label announces options (`pages`: document -> page -> lines), when
    the list names the topic's words or stands on one of the best passages' pages (`top_pages`)."""
    out: list[Option] = []
    for lead in lead_ins:
        doc_pages = pages.get(lead.document, {})
        word = label_word(lead.text)
        if not has_role(word or lead.text, "option_lead") or has_role(lead.text, "self"):
            continue
        items = list_items(doc_pages, lead.page, lead.text)
        named = len(items) >= 2 and has_role(lead.text, "option_heading") and not BULLET.match(lead.text)
        if not (lead.text.rstrip().endswith(":") or word or named):
            continue  # a sentence that names recommendations or measures is a lead-in when a list follows it
        about = " ".join([lead.text, *(line for _, line in items)])
        if (lead.document, lead.page) not in top_pages and not about_topic(terms, about):
            continue
        for page, line in items:
            text = item_text(line)
            # an item that reports an amount is a finding, not something to do
            if len(text) >= 8 and not has_role(text, "self") and not has_figure(text):
                out.append(Option(Quote(lead.document, page, text), "list"))
    return out


def heading_options(document: str, pages: Sequence[tuple[int, str]], terms: list[TopicTerm],
                    retrieved_pages: set[int], per_heading: int = 2) -> list[Option]:
    """Options printed in a section under a heading that announces them ("Aanbeveling", "Maatregelen"): the
    first whole sentences under it, when their page was retrieved for the topic or they name half its words."""
    out: list[Option] = []
    lines = _lines(pages)
    for i, (page, line) in enumerate(lines):
        heading = len(line) < 60 and not line.rstrip().endswith((".", ":", ",", ";", "?", "!"))
        if not heading or not has_role(line, "option_heading"):
            continue
        body = [text for p, text in lines[i + 1:i + 15] if p == page]
        taken = 0
        for sentence in split_sentences("\n".join(body)):
            if taken >= per_heading or not (ends_sentence(sentence) and sentence[:1].isupper()
                                            and 40 <= len(sentence) <= 450):
                break
            if is_injection(sentence) or has_role(sentence, "self") or not stands_alone(sentence):
                continue
            if page in retrieved_pages or about_topic(terms, sentence):
                out.append(Option(Quote(document, page, sentence), "section"))
                taken += 1
    return out


_CONCESSIVE = re.compile(r"^(?:hoewel|ondanks|al)\b", re.IGNORECASE)  # "Hoewel ... zou kunnen": no proposal


def recommendation_options(sentences: Iterable[Quote]) -> list[Option]:
    return [Option(s, "recommendation") for s in sentences
            if has_role(s.text, "recommendation") and not has_role(s.text, "self") and not _CONCESSIVE.match(s.text)]


def pick_options(*groups: Sequence[Option], limit: int = MAX_OPTIONS) -> list[Option]:
    """The first `limit` distinct options over the groups, in order."""
    out: list[Option] = []
    seen: set[str] = set()
    for group in groups:
        for option in group:
            key = normalise_for_match(option.item.text)[:80]
            if key in seen or not key:
                continue
            seen.add(key)
            out.append(option)
            if len(out) >= limit:
                return out
    return out
