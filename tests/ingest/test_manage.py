"""Uploads and removals (`ingest.manage`): safe names, type and size limits, removing one document only."""

from __future__ import annotations

import pytest
from support import MEMO, make_settings

from assistant.errors import DocumentError
from assistant.index.factory import open_store
from ingest.manage import UPLOAD_SUFFIXES, remove_document, sanitise_filename, save_upload
from ingest.pipeline import ingest_paths


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system.ini", "system.ini"),
        ("/absolute/path/Rapport.PDF", "Rapport.pdf"),
        ("Rapport Q1 (def).pdf", "Rapport-Q1-def.pdf"),
        ("Zorgkosten Één café.docx", "Zorgkosten-Een-cafe.docx"),
        ("<script>alert(1)</script>.txt", "script.txt"),  # the "/" ends the directory part
        ("rm -rf $(whoami);.csv", "rm--rf-whoami.csv"),
        ("nul\x00byte\x07.txt", "nul-byte.txt"),
        ("....", "document"),
        ("", "document"),
        (".env", "document.env"),
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


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path / "data", max_upload_mb=1)


def test_save_upload_stores_under_a_safe_name_in_uploads(settings, tmp_path):
    path = save_upload("../../buiten.txt", b"inhoud", settings)
    assert path == settings.uploads_dir / "buiten.txt" and path.read_bytes() == b"inhoud"
    assert not (tmp_path / "buiten.txt").exists() and not (settings.data_dir / "buiten.txt").exists()
    assert save_upload("buiten.txt", b"nieuw", settings).read_bytes() == b"nieuw"  # a re-upload replaces it


@pytest.mark.parametrize("suffix", UPLOAD_SUFFIXES)
def test_every_supported_type_is_accepted(settings, suffix):
    assert save_upload(f"bestand{suffix.upper()}", b"x", settings).suffix == suffix


@pytest.mark.parametrize("name", ["programma.exe", "script.sh", "pagina.html", "zonder-extensie", "archief.pdf.zip"])
def test_unsupported_types_are_refused(settings, name):
    with pytest.raises(DocumentError, match="wordt niet ondersteund"):
        save_upload(name, b"x", settings)
    assert not settings.uploads_dir.exists() or not any(settings.uploads_dir.iterdir())


def test_size_limits(settings):
    limit = settings.max_upload_mb * 1024 * 1024
    assert save_upload("precies.txt", b"x" * limit, settings).stat().st_size == limit
    with pytest.raises(DocumentError, match="de grens is 1 MB") as err:
        save_upload("te-groot.txt", b"x" * (limit + 1), settings)
    assert err.value.document == "te-groot.txt"
    with pytest.raises(DocumentError, match="leeg"):
        save_upload("leeg.txt", b"", settings)
    assert sorted(p.name for p in settings.uploads_dir.iterdir()) == ["precies.txt"]


def test_remove_document_keeps_the_others(tmp_path, small_corpus, embeddings):
    settings = make_settings(tmp_path / "data")
    store = open_store(settings, embeddings)
    upload = save_upload("Notitie wijkteam.txt", b"Het wijkteam in Baarn telt twaalf medewerkers.", settings)
    other = save_upload("Notitie Soest.txt", b"Het wijkteam in Soest telt dertig medewerkers.", settings)
    assert ingest_paths([small_corpus, upload, other], settings, store).ok
    memo_chunks = store.count() - 2

    result = remove_document(upload.name, settings, store)
    assert (result.document, result.status) == ("Notitie-wijkteam.txt", "removed")
    assert sorted(store.indexed_files()) == sorted([MEMO, "Notitie-Soest.txt"])
    assert store.count() == memo_chunks + 1
    assert not upload.exists() and other.exists()  # the uploaded copy goes, other uploads stay

    remove_document(MEMO, settings, store)  # a corpus file leaves the index but stays on disk
    assert list(store.indexed_files()) == ["Notitie-Soest.txt"] and (small_corpus / MEMO).exists()
    with pytest.raises(DocumentError, match="staat niet in de index"):
        remove_document(MEMO, settings, store)
