"""Document loaders: one small class per format behind the `DocumentLoader` protocol.

Each returns a list of `Page` (1-based page numbers) or raises `DocumentError` with a user-safe reason.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from assistant.errors import DocumentError
from assistant.models import Page
from ingest.clean import clean_text

logging.getLogger("pypdf").setLevel(logging.ERROR)


class DocumentLoader(Protocol):
    suffixes: tuple[str, ...]

    def load(self, path: Path) -> list[Page]: ...

    def properties(self, path: Path) -> dict[str, str]:
        """Document properties (title, author) where the format has them."""
        ...


class PdfLoader:
    suffixes = (".pdf",)

    def _reader(self, path: Path):
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(path)
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError(path.name, "de PDF is versleuteld met een wachtwoord; ontsleutel hem eerst")
            _ = len(reader.pages)
            return reader
        except DocumentError:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
            raise DocumentError(path.name, f"de PDF is beschadigd of geen geldige PDF ({type(exc).__name__})")
        except Exception as exc:  # noqa: BLE001 - pypdf raises assorted errors on damaged files
            if "crypt" in str(exc).lower():
                raise DocumentError(path.name, "de PDF is versleuteld en kan niet worden gelezen")
            raise DocumentError(path.name, f"de PDF kan niet worden gelezen ({type(exc).__name__})")

    def load(self, path: Path) -> list[Page]:
        reader = self._reader(path)
        pages: list[Page] = []
        try:
            for number, page in enumerate(reader.pages, start=1):
                pages.append(Page(number=number, text=clean_text(page.extract_text() or "")))
        except DocumentError:
            raise
        except Exception as exc:  # noqa: BLE001 - damaged page streams fail in many ways
            raise DocumentError(path.name, f"de tekst van de PDF kan niet worden gelezen ({type(exc).__name__})")
        if not any(p.text for p in pages):
            raise DocumentError(
                path.name, "de PDF heeft geen tekstlaag (gescand document?); maak hem eerst doorzoekbaar met OCR"
            )
        return pages

    def properties(self, path: Path) -> dict[str, str]:
        try:
            meta = self._reader(path).metadata
        except DocumentError:
            return {}
        if not meta:
            return {}
        return {k: v.strip() for k, v in (("title", meta.title), ("author", meta.author)) if v and v.strip()}


class TextLoader:
    suffixes = (".txt", ".md")

    def load(self, path: Path) -> list[Page]:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError(path.name, "het tekstbestand is geen UTF-8; sla het op als UTF-8 en probeer opnieuw")
        # A form feed separates pages in exported text; otherwise the whole file is page 1.
        parts = text.split("\f")
        pages = [Page(number=i, text=clean_text(p)) for i, p in enumerate(parts, start=1)]
        if not any(p.text for p in pages):
            raise DocumentError(path.name, "het bestand bevat geen tekst")
        return pages

    def properties(self, path: Path) -> dict[str, str]:
        if path.suffix == ".md":
            for line in path.read_text("utf-8", errors="ignore").splitlines():
                if line.startswith("# "):
                    return {"title": line[2:].strip()}
        return {}


class DocxLoader:
    suffixes = (".docx",)

    def _document(self, path: Path):
        import docx

        try:
            return docx.Document(str(path))
        except Exception as exc:  # noqa: BLE001 - python-docx raises assorted errors
            raise DocumentError(path.name, f"het Word-bestand is beschadigd of geen .docx ({type(exc).__name__})")

    def load(self, path: Path) -> list[Page]:
        doc = self._document(path)
        lines = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                lines.append(" ".join(cell.text for cell in row.cells))
        text = clean_text("\n".join(lines))
        if not text:
            raise DocumentError(path.name, "het Word-bestand bevat geen tekst")
        return [Page(number=1, text=text)]

    def properties(self, path: Path) -> dict[str, str]:
        try:
            props = self._document(path).core_properties
        except DocumentError:
            return {}
        return {k: v.strip() for k, v in (("title", props.title), ("author", props.author)) if v and v.strip()}


LOADERS: tuple[DocumentLoader, ...] = (PdfLoader(), TextLoader(), DocxLoader())
SUPPORTED_SUFFIXES = tuple(s for loader in LOADERS for s in loader.suffixes)


def loader_for(path: Path) -> DocumentLoader:
    for loader in LOADERS:
        if path.suffix.lower() in loader.suffixes:
            return loader
    raise DocumentError(
        path.name, f"bestandstype '{path.suffix or '(geen)'}' wordt niet ondersteund; gebruik "
        + ", ".join(SUPPORTED_SUFFIXES)
    )


def load_pages(path: Path) -> list[Page]:
    """Load a document into cleaned pages, or raise `DocumentError`."""
    loader = loader_for(path)
    if path.stat().st_size == 0:
        raise DocumentError(path.name, "het bestand is leeg")
    return loader.load(path)
