"""A small, dependency-free PDF writer for the guides' downloadable versions: A4 pages of real,
selectable text (Helvetica, WinAnsi encoding) with a title, headings, paragraphs, page numbers and
document metadata (title, author, language), so a region can print or archive a guide."""

import datetime
import unicodedata

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 60
BODY_SIZE, BODY_LEADING = 11, 15.5
HEADING_SIZE, TITLE_SIZE = 13, 19

# Glyph widths of Helvetica (Adobe core font metrics), in 1/1000 em, for printable ASCII.
_WIDTHS = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
        (
            278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
            556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
            1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
            667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
            333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
            556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
        ),
        strict=True,
    )
)  # fmt: skip
_SPECIAL_WIDTHS = {"“": 333, "”": 333, "‘": 222, "’": 222, "–": 556, "—": 1000, "€": 556, "…": 1000}


def _char_width(char, bold):
    if char in _WIDTHS:
        width = _WIDTHS[char]
    elif char in _SPECIAL_WIDTHS:
        width = _SPECIAL_WIDTHS[char]
    else:
        base = unicodedata.normalize("NFKD", char)[:1]
        width = _WIDTHS.get(base, 556)
    return width * (1.06 if bold else 1.0)


def text_width(text, size, bold=False):
    return sum(_char_width(char, bold) for char in text) * size / 1000


def wrap(text, size, width, bold=False):
    """Break text into lines no wider than `width` points."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _pdf_string(text):
    data = text.encode("cp1252", errors="replace")
    data = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + data + b")"


def _info_string(text):
    """Metadata strings in UTF-16 with byte order mark, so any character survives."""
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode() + b">"


def _layout(title, blocks):
    """Place the title and blocks ((kind, text) with kind 'heading' or 'paragraph') on pages:
    returns a list of pages, each a list of (font, size, x, y, text)."""
    usable = PAGE_WIDTH - 2 * MARGIN
    pages, page = [], []
    y = PAGE_HEIGHT - MARGIN

    def new_page():
        nonlocal page, y
        pages.append(page)
        page, y = [], PAGE_HEIGHT - MARGIN

    for line in wrap(title, TITLE_SIZE, usable, bold=True):
        y -= TITLE_SIZE * 1.25
        page.append(("F2", TITLE_SIZE, MARGIN, y, line))
    y -= BODY_LEADING
    for kind, text in blocks:
        bold = kind == "heading"
        size = HEADING_SIZE if bold else BODY_SIZE
        leading = size * 1.35 if bold else BODY_LEADING
        lines = wrap(text, size, usable, bold=bold)
        needed = leading * (len(lines) + (2 if bold else 0))
        if y - needed < MARGIN + 20 and page:
            new_page()
        if bold:
            y -= leading * 0.6
        for line in lines:
            if y - leading < MARGIN + 20:
                new_page()
            y -= leading
            page.append(("F2" if bold else "F1", size, MARGIN, y, line))
        y -= BODY_LEADING * 0.6
    pages.append(page)
    return pages


def build_pdf(title, blocks, *, author="Twentse Koers", subject="", footer="", created=None):
    """A complete PDF document as bytes. `blocks` is a list of ('heading' | 'paragraph', text)."""
    created = created or datetime.datetime.now(datetime.UTC)
    pages = _layout(title, blocks)
    objects = {}
    fonts = {3: b"Helvetica", 4: b"Helvetica-Bold"}
    for number, name in fonts.items():
        objects[number] = (
            b"<< /Type /Font /Subtype /Type1 /BaseFont /" + name + b" /Encoding /WinAnsiEncoding >>"
        )
    stamp = created.strftime("D:%Y%m%d%H%M%SZ").encode()
    objects[5] = (
        b"<< /Title " + _info_string(title) + b" /Author " + _info_string(author)
        + b" /Subject " + _info_string(subject or title) + b" /Creator " + _info_string("Twentse Koers")
        + b" /CreationDate (" + stamp + b") /ModDate (" + stamp + b") >>"
    )  # fmt: skip
    kids = []
    total = len(pages)
    for index, lines in enumerate(pages):
        page_number, content_number = 6 + index * 2, 7 + index * 2
        kids.append(page_number)
        stream = [b"BT"]
        for font, size, x, y, text in lines:
            stream.append(
                f"/{font} {size} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm ".encode()
                + _pdf_string(text)
                + b" Tj"
            )
        label = (
            f"{footer} · pagina {index + 1} van {total}"
            if footer
            else f"Pagina {index + 1} van {total}"
        )
        stream.append(
            f"/F1 8 Tf 1 0 0 1 {MARGIN} {MARGIN - 24} Tm ".encode() + _pdf_string(label) + b" Tj"
        )
        stream.append(b"ET")
        content = b"\n".join(stream)
        objects[content_number] = (
            b"<< /Length "
            + str(len(content)).encode()
            + b" >>\nstream\n"
            + content
            + b"\nendstream"
        )
        objects[page_number] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_number} 0 R >>"
        ).encode()
    objects[1] = (
        b"<< /Type /Catalog /Pages 2 0 R /Lang (nl-NL) /ViewerPreferences << /DisplayDocTitle true >> >>"
    )
    objects[2] = (
        b"<< /Type /Pages /Kids [" + b" ".join(f"{k} 0 R".encode() for k in kids)
        + b"] /Count " + str(total).encode() + b" >>"
    )  # fmt: skip

    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(output)
        output += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    xref_at = len(output)
    size = max(objects) + 1
    output += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        output += f"{offsets[number]:010d} 00000 n \n".encode()
    output += (
        f"trailer\n<< /Size {size} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(output)
