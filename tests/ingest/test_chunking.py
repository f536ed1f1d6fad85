from assistant.models import DocumentInfo, Page
from ingest.chunking import chunk_document

INFO = DocumentInfo(document="x.pdf", title="Rapport", doc_type="quick scan", municipality="Baarn", year=2019)


def _pages():
    return [
        Page(number=1, text="1. Inleiding\n1.1 Aanleiding\nDe gemeenten werken samen.\nZij kopen samen in."),
        Page(number=2, text="Vervolg van de aanleiding op pagina twee.\n3.2 De verschillen - Perceel Verblijf Jeugd\n"
                            "De kosten stegen met € 1 miljoen.\n1. Eerste punt van een lijst\n2. Tweede punt"),
    ]


def test_chunks_carry_section_page_and_metadata():
    chunks = chunk_document(INFO, _pages(), size=200, overlap=0)
    by_text = {c.text: c for c in chunks}
    verblijf = next(c for c in chunks if "€ 1 miljoen" in c.text)
    assert verblijf.page == 2
    assert verblijf.section == "3.2 De verschillen - Perceel Verblijf Jeugd"
    continued = next(c for c in chunks if "pagina twee" in c.text)
    assert continued.section == "1.1 Aanleiding"  # section carries over the page break
    assert all(c.municipality == "Baarn" and c.year == 2019 and c.doc_type == "quick scan" for c in by_text.values())


def test_numbered_list_items_are_not_sections():
    chunks = chunk_document(INFO, _pages(), size=200, overlap=0)
    assert not any(c.section.startswith(("1 Eerste", "2 Tweede")) for c in chunks)


def test_chunks_never_cross_pages_and_respect_size():
    long = Page(number=1, text="\n".join(f"Zin nummer {i} over zorgkosten in de regio." for i in range(200)))
    chunks = chunk_document(INFO, [long, Page(number=2, text="Korte tweede pagina met tekst erin.")], 400, 80)
    assert all(len(c.text) <= 400 * 1.3 for c in chunks)
    assert {c.page for c in chunks} == {1, 2}
    assert len({c.id for c in chunks}) == len(chunks)
