"""Exception tree. Every message is written for the user (Dutch) and is safe to show in the UI or CLI.

    AssistantError
    ├── ConfigError           settings or a backend that cannot be used (missing package, bad URL)
    ├── ModelUnavailableError the configured language model cannot be reached or failed
    ├── EmbeddingUnavailableError the embedding server (backend `openai`) cannot be reached or failed
    ├── IndexError_           the index is missing, or was built with another embedder
    │   ├── EmbedderMismatchError
    │   └── IndexUnavailableError   a Chroma server is down (recovers when it returns)
    ├── InputError            a question that cannot be taken as given (too long, not text)
    ├── DuplicateDocumentError an upload whose name is already indexed (ask, or --replace)
    ├── DocumentError         one input file cannot be read (corrupt, encrypted, scanned, empty, ...)
    ├── FigureDataError       a figure table (CSV/XLSX) is malformed: names file, row and column
    └── ToolInputError        a calculation tool got an unknown municipality/year/KPI: lists valid options
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class; `str(err)` is a complete, user-safe message."""


class ConfigError(AssistantError):
    pass


class ModelUnavailableError(AssistantError):
    pass


class EmbeddingUnavailableError(AssistantError):
    pass


class IndexError_(AssistantError):
    pass


class EmbedderMismatchError(IndexError_):
    pass


class IndexUnavailableError(IndexError_):
    """The index (a Chroma server) cannot be reached right now; retrying later may work."""


class InputError(AssistantError):
    """A question or request that cannot be answered as given (too long, wrong type, empty)."""


class DuplicateDocumentError(AssistantError):
    """A document with this name is already indexed; replace it explicitly or rename the new one."""

    def __init__(self, document: str, message: str):
        self.document = document
        super().__init__(message)


class DocumentError(AssistantError):
    def __init__(self, document: str, reason: str):
        self.document = document
        self.reason = reason
        super().__init__(f"{document}: {reason}")


class FigureDataError(AssistantError):
    pass


class ToolInputError(AssistantError):
    pass
