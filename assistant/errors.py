"""Exception tree. Every message is written for the user (Dutch) and is safe to show in the UI or CLI.

    AssistantError
    ├── ConfigError           settings or a backend that cannot be used (missing package, bad URL)
    ├── ModelUnavailableError the configured language model cannot be reached or failed
    ├── IndexError_           the index is missing, or was built with another embedder
    │   └── EmbedderMismatchError
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


class IndexError_(AssistantError):
    pass


class EmbedderMismatchError(IndexError_):
    pass


class DocumentError(AssistantError):
    def __init__(self, document: str, reason: str):
        self.document = document
        self.reason = reason
        super().__init__(f"{document}: {reason}")


class FigureDataError(AssistantError):
    pass


class ToolInputError(AssistantError):
    pass
