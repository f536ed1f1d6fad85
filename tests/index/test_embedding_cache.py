"""The SQLite passage-embedding cache: hits skip the model, damage is a miss, processes and threads share it.

The cache is under test, not the model: a deterministic counting fake stands in for the embedder.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.index.embedding_cache import (
    CACHE_FILE,
    SQLiteByteStore,
    decode_vector,
    encode_vector,
    sha256_key_encoder,
)
from assistant.index.embeddings import cached

MODEL_ID = "fake|hash-16"
NAMESPACE = "fake_hash_16"
TEXTS = ["Jeugdhulp in Leusden", "Wmo-maatwerkvoorziening", "Beschermd wonen Amersfoort"]


def vector_for(text: str, dim: int = 16) -> list[float]:
    """Deterministic float32 values (so they survive the float32 cache exactly)."""
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
    return np.random.default_rng(seed).standard_normal(dim).astype(np.float32).tolist()


class CountingFake(Embeddings):
    def __init__(self):
        self.calls: list[list[str]] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return [vector_for(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return vector_for(text)


def raw_rows(cache_dir: Path) -> dict[str, bytes]:
    with sqlite3.connect(cache_dir / CACHE_FILE) as db:
        return dict(db.execute("SELECT key, value FROM embeddings"))


def key_of(text: str) -> str:
    return sha256_key_encoder(NAMESPACE)(text)


def test_cached_text_does_not_call_the_model(tmp_path):
    fake = CountingFake()
    embeddings = cached(fake, tmp_path, MODEL_ID)
    assert embeddings.embed_documents(TEXTS) == [vector_for(t) for t in TEXTS]
    assert embeddings.embed_documents([*TEXTS, "Nieuwe tekst"])[-1] == vector_for("Nieuwe tekst")
    assert fake.calls == [TEXTS, ["Nieuwe tekst"]]

    again = CountingFake()  # a later run: a new process opening the same file
    assert cached(again, tmp_path, MODEL_ID).embed_documents(TEXTS) == [vector_for(t) for t in TEXTS]
    assert again.calls == []
    assert sorted(raw_rows(tmp_path)) == sorted(key_of(t) for t in [*TEXTS, "Nieuwe tekst"])


def test_damaged_entries_are_recomputed_and_repaired(tmp_path):
    cached(CountingFake(), tmp_path, MODEL_ID).embed_documents(TEXTS)
    good = raw_rows(tmp_path)
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        db.execute("UPDATE embeddings SET value = ? WHERE key = ?", (b"\x00garbage\xff" * 3, key_of(TEXTS[0])))
        db.execute("UPDATE embeddings SET value = ? WHERE key = ?", (good[key_of(TEXTS[1])][:-8], key_of(TEXTS[1])))
        db.execute("UPDATE embeddings SET value = ? WHERE key = ?", (b'[0.1, 0.2', key_of(TEXTS[2])))  # torn JSON

    fake = CountingFake()
    assert cached(fake, tmp_path, MODEL_ID).embed_documents(TEXTS) == [vector_for(t) for t in TEXTS]
    assert fake.calls == [TEXTS]
    assert raw_rows(tmp_path) == good  # repaired in place

    later = CountingFake()
    cached(later, tmp_path, MODEL_ID).embed_documents(TEXTS)
    assert later.calls == []


def test_a_file_that_is_no_database_is_moved_aside(tmp_path):
    (tmp_path / CACHE_FILE).write_bytes(b"this is not sqlite" * 300)
    fake = CountingFake()
    assert cached(fake, tmp_path, MODEL_ID).embed_documents(TEXTS) == [vector_for(t) for t in TEXTS]
    assert fake.calls == [TEXTS]
    assert len(list(tmp_path.glob(f"{CACHE_FILE}.corrupt-*"))) == 1


def test_legacy_json_folder_is_read_lazily(tmp_path):
    from langchain_classic.embeddings import CacheBackedEmbeddings
    from langchain_classic.storage import LocalFileStore

    old = CacheBackedEmbeddings.from_bytes_store(  # exactly what earlier versions of `cached` built
        CountingFake(), LocalFileStore(tmp_path / "embeddings"), namespace=NAMESPACE, key_encoder="sha256"
    )
    old.embed_documents(TEXTS)
    torn = tmp_path / "embeddings" / key_of(TEXTS[2])
    torn.write_bytes(torn.read_bytes()[:25])  # a write cut short by kill -9

    fake = CountingFake()
    assert cached(fake, tmp_path, MODEL_ID).embed_documents(TEXTS) == [vector_for(t) for t in TEXTS]
    assert fake.calls == [[TEXTS[2]]]
    rows = raw_rows(tmp_path)
    assert rows[key_of(TEXTS[0])] == encode_vector(vector_for(TEXTS[0]))  # copied in, in the compact format
    assert rows[key_of(TEXTS[2])] == encode_vector(vector_for(TEXTS[2]))  # recomputed


def test_byte_store_interface(tmp_path):
    store = SQLiteByteStore(tmp_path / CACHE_FILE)
    pairs = [(f"a{i:04d}", bytes([i % 256]) * 3) for i in range(1200)] + [("b1", b"x")]
    store.mset(pairs)
    assert store.mget([k for k, _ in pairs] + ["missing"]) == [v for _, v in pairs] + [None]
    assert sorted(store.yield_keys(prefix="b")) == ["b1"]
    assert len(list(store.yield_keys())) == 1201
    store.mdelete([f"a{i:04d}" for i in range(1000)])
    assert sorted(store.yield_keys()) == [f"a{i:04d}" for i in range(1000, 1200)] + ["b1"]
    store.close()


def test_vector_codec_detects_damage():
    blob = encode_vector(vector_for("x", 384))
    assert len(blob) == 12 + 4 * 384
    assert decode_vector(blob) == vector_for("x", 384)
    flipped = bytearray(blob)
    flipped[100] ^= 1
    for bad in (blob[:-4], blob[:11], bytes(flipped), b"", b"[]", b"[true]", b"{}"):
        assert decode_vector(bad) is None


# --- several processes and threads ----------------------------------------------------------------------------

BATCHES, BATCH = 150, 25


def batch_pairs(worker: int, batch: int) -> list[tuple[str, bytes]]:
    """Half the keys are shared by both writers (same text, same vector), half are the writer's own."""
    keys = [f"shared-{batch:03d}-{i:02d}" if i % 2 else f"w{worker}-{batch:03d}-{i:02d}" for i in range(BATCH)]
    return [(k, encode_vector(vector_for(k))) for k in keys]


def write_batches(path: Path, worker: int, start, times, store: SQLiteByteStore | None = None) -> None:
    """Wait at the `start` barrier, write every batch (one transaction each), record start and end in `times`."""
    store = store or SQLiteByteStore(path)
    start.wait(60)
    times[2 * worker - 2] = time.monotonic()
    for batch in range(BATCHES):
        store.mset(batch_pairs(worker, batch))
    times[2 * worker - 1] = time.monotonic()


def write_forever(path: str) -> None:
    store = SQLiteByteStore(Path(path))
    batch = 0
    while True:
        store.mset([(f"b{batch:06d}-{i:02d}", encode_vector(vector_for(f"{batch}-{i}", 384))) for i in range(50)])
        batch += 1


def test_two_processes_write_while_a_thread_reads(tmp_path):
    path = tmp_path / CACHE_FILE
    store = SQLiteByteStore(path)  # also used, after fork, by the forked writer (it must reopen)
    universe = [k for w in (1, 2) for b in range(BATCHES) for k, _ in batch_pairs(w, b)]
    spawn = multiprocessing.get_context("spawn")
    start, times = spawn.Barrier(3), spawn.Array("d", 4)
    writers = [
        spawn.Process(target=write_batches, args=(path, 1, start, times)),
        multiprocessing.get_context("fork").Process(target=write_batches, args=(path, 2, start, times, store)),
    ]
    for writer in writers:
        writer.start()

    problems: list[str] = []
    seen = Counter()

    def read() -> None:
        rng = random.Random(1)
        while any(w.is_alive() for w in writers):
            keys = rng.sample(universe, 50)
            for key, blob in zip(keys, store.mget(keys)):
                if blob is not None:
                    seen["hit"] += 1
                    if decode_vector(blob) != vector_for(key):
                        problems.append(key)

    reader = threading.Thread(target=read)
    start.wait(60)
    reader.start()
    for writer in writers:
        writer.join(timeout=120)
    reader.join(timeout=30)

    assert [w.exitcode for w in writers] == [0, 0]
    assert max(times[0], times[2]) < min(times[1], times[3])  # the writers did overlap
    assert problems == []
    assert seen["hit"] > 0
    values = store.mget(universe)
    assert all(decode_vector(v) == vector_for(k) for k, v in zip(universe, values))
    assert len(set(store.yield_keys())) == len(set(universe))


def test_kill_9_mid_write_keeps_whole_batches(tmp_path):
    path = tmp_path / CACHE_FILE
    writer = multiprocessing.get_context("spawn").Process(target=write_forever, args=(str(path),))
    writer.start()
    store = SQLiteByteStore(path)
    for _ in range(600):
        if sum(1 for _ in store.yield_keys()) >= 500:
            break
        threading.Event().wait(0.05)
    writer.kill()  # SIGKILL, mid-transaction more often than not
    writer.join()
    assert writer.exitcode == -9
    store.close()

    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = SQLiteByteStore(path)
    keys = list(store.yield_keys())
    per_batch = Counter(k.split("-")[0] for k in keys)
    assert len(per_batch) >= 10 and set(per_batch.values()) == {50}  # no half-written batch
    assert all(decode_vector(v) is not None for v in store.mget(keys))
    store.mset([("after", encode_vector([1.0]))])
    assert store.mget(["after"]) == [encode_vector([1.0])]


@pytest.mark.parametrize("text", ["", "ä" * 5000])
def test_odd_texts_round_trip(tmp_path, text):
    fake = CountingFake()
    embeddings = cached(fake, tmp_path, MODEL_ID)
    assert embeddings.embed_documents([text]) == embeddings.embed_documents([text]) == [vector_for(text)]
    assert len(fake.calls) == 1
