"""The PDF page behind a citation: located from the chunk's source folder, cut out as a one-page PDF (pypdf)."""

from __future__ import annotations

import io
from pathlib import Path

from assistant.errors import DocumentError
from assistant.models import Chunk


def document_path(chunk: Chunk) -> Path | None:
    """The file the chunk was ingested from, if it is still there (None for a moved or deleted file)."""
    if not chunk.source:
        return None
    path = Path(chunk.source) / chunk.document
    return path if path.is_file() else None


def pdf_page_available(chunk: Chunk | None) -> Path | None:
    """The chunk's source PDF when its page can be cut out, else None (other formats have no pages)."""
    if chunk is None:
        return None
    path = document_path(chunk)
    return path if path is not None and path.suffix.lower() == ".pdf" else None


def page_pdf(path: Path, page: int) -> bytes:
    """Page `page` (1-based) of the PDF at `path` as a PDF of its own."""
    from pypdf import PdfReader, PdfWriter

    try:
        reader = PdfReader(path)
        if not 1 <= page <= len(reader.pages):
            raise DocumentError(path.name, f"pagina {page} bestaat niet (het document heeft {len(reader.pages)} pagina's)")
        writer = PdfWriter()
        writer.add_page(reader.pages[page - 1])
        buffer = io.BytesIO()
        writer.write(buffer)
    except DocumentError:
        raise
    except Exception as exc:  # a damaged or changed file must give a message, not a traceback
        raise DocumentError(path.name, f"de pagina kon niet worden gelezen ({type(exc).__name__})") from exc
    return buffer.getvalue()


def page_png(path: Path, page: int, scale: float = 1.4) -> bytes:
    """Page `page` (1-based) of the PDF at `path` rendered as a PNG image (pypdfium2), to show inline."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
        try:
            if not 1 <= page <= len(document):
                raise DocumentError(path.name, f"pagina {page} bestaat niet (het document heeft {len(document)} pagina's)")
            image = document[page - 1].render(scale=scale).to_pil()
        finally:
            document.close()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(path.name, f"de pagina kon niet worden getoond ({type(exc).__name__})") from exc
    return buffer.getvalue()


def page_file_name(document: str, page: int) -> str:
    """`rapport.pdf`, 7 -> `rapport-p7.pdf`."""
    return f"{Path(document).stem}-p{page}.pdf"
