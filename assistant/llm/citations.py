"""From the model's [n] markers to verifiable citations (pure).

The model cites passages by the numbers the retrieval tool gave them (1, 2, ... across all searches of one
question). The answer renumbers the markers to 1..k in order of first use; a citation's quote is the sentence
of the cited chunk that best supports the answer sentence carrying the marker, taken verbatim from the chunk
text (so it is on the cited page). Markers to no passage are left for `apply_grounding`, which removes and
reports them; they cannot collide with the new numbers, because the passages are numbered 1..N without gaps,
an invalid marker is > N (or 0) and the new numbers are 1..k with k <= N.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping, Sequence

from assistant.extract import split_sentences
from assistant.models import Citation, Passage
from assistant.numbers import extract_numbers, value_key
from assistant.safety import find_injections, is_injection
from assistant.text import tokenize

# One marker or a group of them: "[3]", "[1, 4]", "[2;5]".
_GROUP = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
# What may still grow into a marker group while text streams in.
_PARTIAL = re.compile(r"\[[\d\s,;]{0,20}")
_SINGLE = re.compile(r"\[(\d{1,3})\]")
_TRAILING_MARKERS = re.compile(r"(?:\s*\[\d{1,3}\])+\s*$")
_BOUNDARY = re.compile(r"[.!?](?=\s)|\n")
_WORD = re.compile(r"\S+")
MAX_QUOTE_CHARS = 400


class MarkerRenumberer:
    """Renumbers [n] markers in text that arrives in pieces, in order of first use.

    `is_valid(n)` says whether n points to a passage. Valid markers become [1], [2], ...; a group "[1, 4]"
    becomes "[1][2]". Invalid markers are dropped (`drop_invalid`, for the live stream) or kept as written
    (for the final text, so the grounding check can report them). A "[" that may still become a marker is
    held back until the next piece decides.
    """

    def __init__(self, is_valid: Callable[[int], bool] | Container[int], *, drop_invalid: bool = False):
        self._valid = is_valid if callable(is_valid) else is_valid.__contains__
        self.drop_invalid = drop_invalid
        self.mapping: dict[int, int] = {}
        self._buffer = ""

    def _render(self, group: str) -> str:
        out = []
        for part in re.split(r"\s*[,;]\s*", group.strip()):
            n = int(part)
            if self._valid(n):
                out.append(f"[{self.mapping.setdefault(n, len(self.mapping) + 1)}]")
            elif not self.drop_invalid:
                out.append(f"[{n}]")
        return "".join(out)

    def feed(self, piece: str) -> str:
        """Text that can be shown now (possibly empty)."""
        self._buffer += piece
        out: list[str] = []
        while True:
            start = self._buffer.find("[")
            if start < 0:
                out.append(self._buffer)
                self._buffer = ""
                break
            out.append(self._buffer[:start])
            rest = self._buffer[start:]
            match = _GROUP.match(rest)
            if match:
                out.append(self._render(match.group(1)))
                self._buffer = rest[match.end() :]
                continue
            if _PARTIAL.fullmatch(rest):
                self._buffer = rest
                break
            out.append("[")
            self._buffer = rest[1:]
        return "".join(out)

    def flush(self) -> str:
        rest, self._buffer = self._buffer, ""
        return rest


def renumber_markers(
    text: str, is_valid: Callable[[int], bool] | Container[int]
) -> tuple[str, dict[int, int]]:
    """(text with valid markers renumbered 1..k in order of first use, {original n: new n})."""
    renumberer = MarkerRenumberer(is_valid)
    out = renumberer.feed(text) + renumberer.flush()
    return out, renumberer.mapping


def marker_contexts(text: str) -> dict[int, list[str]]:
    """For each [n] in `text`: the answer sentences (the text before the marker) that carry it."""
    contexts: dict[int, list[str]] = {}
    for match in _SINGLE.finditer(text):
        head = _TRAILING_MARKERS.sub("", text[: match.start()]).rstrip(" \t.;:,")
        cut = max((m.end() for m in _BOUNDARY.finditer(head)), default=0)
        context = head[cut:].strip(" \t-•*")
        if len(context) < 3:  # marker at the start of a sentence or line: it refers to what follows
            tail = _SINGLE.sub("", text[match.end() :])
            end = _BOUNDARY.search(tail)
            context = tail[: end.start() if end else len(tail)].strip()
        contexts.setdefault(int(match.group(1)), []).append(_SINGLE.sub("", context).strip())
    return contexts


def _features(text: str) -> tuple[set[str], set[str]]:
    return set(tokenize(text)), {value_key(v) for _, v in extract_numbers(text)}


def _support(candidate: str, contexts: Sequence[tuple[set[str], set[str]]]) -> float:
    words, numbers = _features(candidate)
    return max((len(words & cw) + 2.0 * len(numbers & cn) for cw, cn in contexts), default=0.0)


def _clip(sentence: str, contexts: Sequence[tuple[set[str], set[str]]], limit: int = MAX_QUOTE_CHARS) -> str:
    """A verbatim window of a long sentence: the run of words that supports the contexts best."""
    if len(sentence) <= limit:
        return sentence
    words = list(_WORD.finditer(sentence))
    best: tuple[float, int, int] | None = None
    for i in range(len(words)):
        j = i
        while j + 1 < len(words) and words[j + 1].end() - words[i].start() <= limit:
            j += 1
        window = sentence[words[i].start() : words[j].end()]
        score = _support(window, contexts)
        if best is None or score > best[0]:
            best = (score, words[i].start(), words[j].end())
    assert best is not None
    return sentence[best[1] : best[2]]


def clean_segments(text: str) -> list[str]:
    """The parts of `text` around sentences addressed to an assistant (each part verbatim)."""
    parts, start = [], 0
    for begin, end in find_injections(text):
        parts.append(text[start:begin])
        start = end
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def best_quote(passage_text: str, contexts: Sequence[str]) -> str:
    """The sentence of `passage_text` that best supports `contexts` (verbatim: a substring of the text).

    Support = shared stemmed words + 2 x shared numbers; ties go to the earlier sentence.
    """
    features = [_features(c) for c in contexts if c] or [(set(), set())]
    sentences = [s for part in clean_segments(passage_text) for s in split_sentences(part) if not is_injection(s)]
    if not sentences:
        return passage_text.strip()[:MAX_QUOTE_CHARS].strip()
    best = max(sentences, key=lambda s: _support(s, features))
    return _clip(best, features)


def build_citations(text: str, passages_by_new_n: Mapping[int, Passage]) -> list[Citation]:
    """One `Citation` per new number used in `text` (already renumbered), in number order."""
    contexts = marker_contexts(text)
    citations = []
    for n in sorted(passages_by_new_n):
        chunk = passages_by_new_n[n].chunk
        citations.append(
            Citation(
                n=n,
                doc_id=chunk.doc_id,
                document=chunk.document,
                title=chunk.title,
                page=chunk.page,
                section=chunk.section,
                quote=best_quote(chunk.text, contexts.get(n, [])),
            )
        )
    return citations
