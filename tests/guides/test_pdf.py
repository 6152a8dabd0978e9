"""The PDF writer behind the guides' downloads: valid files a real PDF reader opens."""

import io

import pypdf
import pytest

from guides.pdf import build_pdf, text_width, wrap

LONG = "Gemeente en zorgverzekeraar spreken samen af wie welk deel van de schuld draagt. " * 40


def read(data):
    return pypdf.PdfReader(io.BytesIO(data), strict=True)


def test_a_real_pdf_reader_opens_it_with_text_and_metadata():
    data = build_pdf(
        "Handreiking: zorgschulden oplossen — “samen”",
        [("heading", "Het probleem"), ("paragraph", "Één café (test) \\ naïef € 12,50.")],
        author="Twentse Koers",
        footer="CC BY 4.0",
    )
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    reader = read(data)
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Handreiking: zorgschulden oplossen — “samen”"
    assert reader.metadata.author == "Twentse Koers"
    page = reader.pages[0]
    assert [round(float(v)) for v in page.mediabox] == [0, 0, 595, 842]  # A4
    text = page.extract_text()
    assert "Het probleem" in text
    assert "Één café (test) \\ naïef € 12,50." in text
    assert "CC BY 4.0 · pagina 1 van 1" in text


def test_long_text_flows_onto_more_pages_within_the_margins():
    reader = read(build_pdf("Lang", [("paragraph", LONG)] * 3))
    assert len(reader.pages) >= 3
    last = reader.pages[-1].extract_text()
    assert f"pagina {len(reader.pages)} van {len(reader.pages)}".lower() in last.lower()
    for line in wrap(LONG, 11, 475):
        assert text_width(line, 11) <= 475


@pytest.mark.parametrize("word", ["", "x" * 200])
def test_wrap_handles_empty_and_overlong_words(word):
    assert wrap(word, 11, 100) == ([word] if word else [])
