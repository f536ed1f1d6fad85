"""BM25 keyword index (bm25s) with Dutch stemming (snowball) and Dutch stop words."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import snowballstemmer
from bm25s.stopwords import STOPWORDS_DUTCH

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_EXTRA_STOP = {"welke", "wat", "hoeveel", "waarom", "hoe", "wie", "waar", "wanneer", "the", "what", "which", "how"}
STOPWORDS = frozenset(STOPWORDS_DUTCH) | _EXTRA_STOP


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens, Dutch stop words removed, snowball-stemmed. Numbers are kept as tokens."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS]
    return _stemmer().stemWords(words)


def fingerprint(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]


class KeywordIndex:
    """BM25 over the chunks of the store; `ids[i]` is the chunk id of row i."""

    def __init__(self, ids: list[str], retriever: bm25s.BM25):
        self.ids = ids
        self._retriever = retriever

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> KeywordIndex:
        retriever = bm25s.BM25()
        if ids:
            retriever.index([tokenize(t) or ["_"] for t in texts], show_progress=False)
        return cls(list(ids), retriever)

    def search(self, query: str, k: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """Best `k` (chunk id, score) pairs with a positive score, optionally only among `allowed` ids."""
        tokens = tokenize(query)
        if not self.ids or not tokens:
            return []
        vocab = self._retriever.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known:
            return []
        scores = self._retriever.get_scores(known)
        order = np.argsort(-scores)
        out: list[tuple[str, float]] = []
        for i in order:
            if scores[i] <= 0 or len(out) >= k:
                break
            if allowed is None or self.ids[i] in allowed:
                out.append((self.ids[i], float(scores[i])))
        return out

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._retriever.save(str(directory), show_progress=False)
        (directory / "ids.json").write_text(json.dumps({"fingerprint": fingerprint(self.ids), "ids": self.ids}))

    @classmethod
    def load(cls, directory: Path, expected_ids: list[str]) -> KeywordIndex | None:
        """The saved index if it was built from exactly `expected_ids`; else None (caller rebuilds)."""
        meta = directory / "ids.json"
        if not meta.exists():
            return None
        data = json.loads(meta.read_text())
        if data.get("fingerprint") != fingerprint(expected_ids) or not expected_ids:
            return None
        return cls(data["ids"], bm25s.BM25.load(str(directory), show_progress=False))
