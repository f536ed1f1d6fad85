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


def fingerprint(ids: list[str], texts: list[str]) -> str:
    """Identifies the indexed content: a changed chunk with an unchanged id still changes the fingerprint."""
    h = hashlib.sha256()
    for cid, text in sorted(zip(ids, texts)):
        h.update(cid.encode())
        h.update(hashlib.sha256(text.encode()).digest())
    return h.hexdigest()[:16]


class KeywordIndex:
    """BM25 over the chunks of the store; `ids[i]` is the chunk id of row i."""

    def __init__(self, ids: list[str], retriever: bm25s.BM25, fingerprint: str = ""):
        self.ids = ids
        self.fingerprint = fingerprint
        self._retriever = retriever

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> KeywordIndex:
        retriever = bm25s.BM25()
        if ids:
            retriever.index([tokenize(t) or ["_"] for t in texts], show_progress=False)
        return cls(list(ids), retriever, fingerprint(ids, texts))

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
        (directory / "ids.json").write_text(json.dumps({"fingerprint": self.fingerprint, "ids": self.ids}))

    @classmethod
    def load(cls, directory: Path, ids: list[str], texts: list[str]) -> KeywordIndex | None:
        """The saved index if it was built from exactly these chunks; else None (the caller rebuilds)."""
        meta = directory / "ids.json"
        if not ids or not meta.exists():
            return None
        data = json.loads(meta.read_text())
        expected = fingerprint(ids, texts)
        if data.get("fingerprint") != expected:
            return None
        return cls(data["ids"], bm25s.BM25.load(str(directory), show_progress=False), expected)
