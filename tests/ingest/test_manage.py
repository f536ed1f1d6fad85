"""Uploads and removals (`ingest.manage`): safe names, type and size limits, removing one document only."""

from __future__ import annotations

import hashlib

import pytest
from support import MEMO, make_settings

from assistant.errors import DocumentError, DuplicateDocumentError
from assistant.index.factory import open_index
from ingest.manage import UPLOAD_SUFFIXES, sanitise_filename, save_upload
from ingest.pipeline import document_id


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system.ini", "system.ini"),
        ("/absolute/path/Rapport.PDF", "Rapport.pdf"),
        ("Rapport Q1 (def).pdf", "Rapport-Q1-def.pdf"),
        ("Zorgkosten Één café.docx", "Zorgkosten-Één-café.docx"),  # letters of any script stay readable
        ("Зарплата 2024.txt", "Зарплата-2024.txt"),
        ("<script>alert(1)</script>.txt", "script.txt"),  # the "/" ends the directory part
        ("rm -rf $(whoami);.csv", "rm--rf-whoami.csv"),
        ("nul\x00byte\x07.txt", "nul-byte.txt"),
        # nothing usable left: 'document-' plus a hash of the original name, so such names stay distinct
        ("....", "document-" + hashlib.sha256(b"....").hexdigest()[:8]),
        ("", "document-" + hashlib.sha256(b"").hexdigest()[:8]),
        (".env", "document-" + hashlib.sha256(b".env").hexdigest()[:8] + ".env"),
        ("geen-extensie", "geen-extensie"),
        ("a" * 300 + ".pdf", "a" * 100 + ".pdf"),
    ],
)
def test_sanitise_filename(name, safe):
    assert sanitise_filename(name) == safe


def test_sanitised_names_are_flat_and_inert():
    for name in ("../x.pdf", "a/b/c.txt", "~/.ssh/id_rsa", "C:\\temp\\x.docx", "x\n.pdf", "-rf .txt"):
        safe = sanitise_filename(name)
        assert "/" not in safe and "\\" not in safe and not safe.startswith((".", "-"))
        assert safe.isascii() and safe.isprintable() and " " not in safe
    unreadable = {sanitise_filename(name) for name in ("....", "", "???", "***.pdf", "!!!.pdf")}
    assert len(unreadable) == 5  # different unusable names never collide
    for name in ("Zorgkosten Één café.docx", "Зарплата\u202e.txt", "Ａｂｃ.pdf"):
        safe = sanitise_filename(name)
        assert safe.isprintable() and " " not in safe and "/" not in safe and "\u202e" not in safe


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path / "data", limits={"max_upload_mb": 1})


def test_save_upload_stores_under_a_safe_name_in_uploads(settings, tmp_path):
    path = save_upload("../../buiten.txt", b"inhoud", settings)
    assert path == settings.uploads_dir / "buiten.txt" and path.read_bytes() == b"inhoud"
    assert not (tmp_path / "buiten.txt").exists() and not (settings.data_dir / "buiten.txt").exists()
    assert save_upload("buiten.txt", b"inhoud", settings) == path  # the same file again: the same name
    # another file whose name sanitises to the same string never overwrites the first
    other = save_upload("buiten.txt", b"nieuw", settings)
    assert other == settings.uploads_dir / "buiten-2.txt" and other.read_bytes() == b"nieuw"
    assert path.read_bytes() == b"inhoud"
    # an explicit replacement does
    assert save_upload("buiten.txt", b"vervangen", settings, replace=True) == path
    assert path.read_bytes() == b"vervangen"


def test_an_indexed_name_is_not_silently_replaced(settings):
    with pytest.raises(DuplicateDocumentError, match="Er staat al een document 'Rapport-Q1.pdf'") as err:
        save_upload("Rapport Q1.pdf", b"%PDF nieuw", settings, ["Rapport-Q1.pdf", "ander.pdf"])
    assert err.value.document == "Rapport-Q1.pdf"
    assert not settings.uploads_dir.exists() or not any(settings.uploads_dir.iterdir())
    path = save_upload("Rapport Q1.pdf", b"%PDF nieuw", settings, ["Rapport-Q1.pdf"], replace=True)
    assert path == settings.uploads_dir / "Rapport-Q1.pdf" and path.read_bytes() == b"%PDF nieuw"


@pytest.mark.parametrize("suffix", UPLOAD_SUFFIXES)
def test_every_supported_type_is_accepted(settings, suffix):
    assert save_upload(f"bestand{suffix.upper()}", b"x", settings).suffix == suffix


@pytest.mark.parametrize("name", ["programma.exe", "script.sh", "pagina.html", "zonder-extensie", "archief.pdf.zip"])
def test_unsupported_types_are_refused(settings, name):
    with pytest.raises(DocumentError, match="wordt niet ondersteund"):
        save_upload(name, b"x", settings)
    assert not settings.uploads_dir.exists() or not any(settings.uploads_dir.iterdir())


def test_size_limits(settings):
    limit = 1024 * 1024  # 1 MiB
    assert save_upload("precies.txt", b"x" * limit, settings).stat().st_size == limit
    with pytest.raises(DocumentError, match="de grens is 1 MB") as err:
        save_upload("te-groot.txt", b"x" * (limit + 1), settings)
    assert err.value.document == "te-groot.txt"
    with pytest.raises(DocumentError, match="leeg"):
        save_upload("leeg.txt", b"", settings)
    assert sorted(p.name for p in settings.uploads_dir.iterdir()) == ["precies.txt"]


def test_remove_document_keeps_the_others(tmp_path, small_corpus, embeddings):
    from assistant.service import assistant_from_index

    settings = make_settings(tmp_path / "data")
    index = open_index(settings, embeddings)
    assistant = assistant_from_index(index, settings)
    upload = assistant.save_upload("Notitie wijkteam.txt", b"Het wijkteam in Baarn telt twaalf medewerkers.")
    other = assistant.save_upload("Notitie Soest.txt", b"Het wijkteam in Soest telt dertig medewerkers.")
    assert assistant.add_uploads([upload, other]).ok and assistant.add_documents([small_corpus]).ok
    memo_chunks = index.catalog.count_chunks() - 2

    def indexed() -> list[str]:
        return sorted(d.document for d in index.catalog.documents())

    result = assistant.remove_document(document_id(upload))
    assert (result.document, result.status) == ("Notitie-wijkteam.txt", "removed")
    assert indexed() == sorted([MEMO, "Notitie-Soest.txt"])
    assert index.catalog.count_chunks() == index.vectors.count() == memo_chunks + 1
    assert not upload.exists() and other.exists()  # the uploaded copy goes, other uploads stay
    assert "Notitie-wijkteam.txt" not in [d.document for d in assistant.corpus.documents]  # seen at once

    memo_id = document_id(small_corpus / MEMO)
    assistant.remove_document(memo_id)  # a corpus file leaves the index but stays on disk
    assert indexed() == ["Notitie-Soest.txt"] and (small_corpus / MEMO).exists()
    with pytest.raises(DocumentError, match="staat niet in de index"):
        assistant.remove_document(memo_id)
