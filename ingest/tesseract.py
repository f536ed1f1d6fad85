"""The Tesseract OCR engine through tesserocr (Tesseract's C++ API in-process: no process per page, the language
model loaded once per document). The language data comes from the system: Debian's `tesseract-ocr-nld`.

In-process matters on a small machine: Debian's `tesseract` command is built with OpenMP, whose threads spin
against each other when the cores are busy (11 s instead of 2 s per page measured here); tesserocr's own
build has no OpenMP.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from PIL import Image

from assistant.errors import ConfigError
from assistant.settings import OcrSettings
from ingest.ocr_engine import OcrWord

log = logging.getLogger(__name__)

INSTALL_HINT = "installeer tesseract-ocr en tesseract-ocr-nld (apt-get install tesseract-ocr tesseract-ocr-nld)"
# Where distributions put the language data (Debian/Ubuntu, Fedora, Homebrew, source builds).
# Sauvola's local thresholding instead of Otsu's global one: text on a tinted box (a kader, a quote block)
# survives binarisation (measured: a page with a gray box 0.74 -> 0.98 character accuracy, others unchanged).
THRESHOLDING = ("thresholding_method", "2")
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata")


class OcrUnavailableError(ConfigError):
    """Tesseract or its language data is missing: scanned pages are skipped (the message says what to do)."""


def find_tessdata(settings: OcrSettings) -> Path:
    """The folder holding the language data for `settings.language` (each of 'nld+eng'), or
    `OcrUnavailableError` saying what to install."""
    languages = [lang for lang in settings.language.split("+") if lang]
    if settings.tessdata_dir is not None:
        candidates = [Path(settings.tessdata_dir)]
    else:
        prefix = os.environ.get("TESSDATA_PREFIX")
        candidates = [Path(d) for d in ([prefix, f"{prefix}/tessdata"] if prefix else []) + list(TESSDATA_DIRS)]
    for folder in candidates:
        if languages and all((folder / f"{lang}.traineddata").is_file() for lang in languages):
            return folder
    raise OcrUnavailableError(f"geen Tesseract-taaldata '{settings.language}' gevonden; {INSTALL_HINT}")


def parse_tsv(tsv: str) -> list[OcrWord]:
    """Words from Tesseract's TSV output (level 5 rows: block, paragraph, line, confidence, text)."""
    words: list[OcrWord] = []
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        try:
            confidence = float(cells[10])
        except ValueError:
            continue
        if text and confidence >= 0:
            words.append(OcrWord(text=text, confidence=confidence, block=int(cells[2]), paragraph=int(cells[3]),
                                 line=int(cells[4])))
    return words


class TesseractEngine:
    """`OcrEngine` for one language setting. The language model is loaded at the first page that is not in the
    OCR cache; one recognition at a time (the native API is not reentrant)."""

    def __init__(self, settings: OcrSettings):
        try:
            import tesserocr
        except ImportError as exc:  # the package is a dependency; a broken install still gets a clear message
            raise OcrUnavailableError(f"het Python-pakket tesserocr ontbreekt (pip install tesserocr); {INSTALL_HINT}"
                                      ) from exc
        self._tesserocr = tesserocr
        self._settings = settings
        self._path = find_tessdata(settings)
        self._lock = threading.Lock()
        self._api = None
        self.version = f"tesseract {tesserocr.tesseract_version().split()[1]} {'='.join(THRESHOLDING)}"

    def _loaded(self):
        if self._api is None:
            language = self._settings.language
            try:
                self._api = self._tesserocr.PyTessBaseAPI(path=str(self._path), lang=language,
                                                          psm=self._tesserocr.PSM.AUTO)
                self._api.SetVariable(*THRESHOLDING)
            except RuntimeError as exc:
                raise OcrUnavailableError(f"Tesseract kan taal '{language}' niet laden uit {self._path}; "
                                          f"{INSTALL_HINT}") from exc
            log.info("OCR: %s, taal %s uit %s", self.version, language, self._path)
        return self._api

    def recognise(self, image: Image.Image) -> list[OcrWord]:
        with self._lock:
            api = self._loaded()
            api.SetImage(image)
            if not api.Recognize(timeout=int(self._settings.page_timeout * 1000)):
                raise TimeoutError("tekstherkenning duurde te lang")
            return parse_tsv(api.GetTSVText(0))

    def close(self) -> None:
        with self._lock:
            if self._api is not None:
                self._api.End()
                self._api = None


def ocr_unavailable(settings: OcrSettings) -> str:
    """'' when Tesseract and the language data can be used; otherwise why not and what to install (Dutch)."""
    try:
        TesseractEngine(settings)
    except OcrUnavailableError as err:
        return str(err)
    return ""
