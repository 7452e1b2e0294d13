#!/usr/bin/env python3
"""Makes PDFs whose text cannot be decoded, for the never-a-silent-loss
tests (the glyphs are drawn, but nothing says which characters they are):

- unreadable-type3.pdf: three pages; the first in Helvetica (readable),
  the second and third in a Type 3 font whose glyphs are named /g1, /g2, …
  with no Unicode map, as some producers write subset or symbol fonts.
- no-unicode-map.pdf: weasyprint-single-protest.pdf with the Unicode maps
  (/ToUnicode) of its fonts removed: glyph numbers of a CID TrueType font
  and nothing else (needs pypdf).

    python3 make_unreadable.py
"""
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "pdfs")

READABLE = [
    "The harbour council met on Thursday to consider the report of the inquiry.",
    "Thirty-six members attended, the largest number since the war.",
]
HIDDEN = "The inquiry found that the quay had been neglected for decades and that nobody was responsible for it."


def type3_pdf(path):
    objects = []

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(None)
    pages = add(None)
    helvetica = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    # One glyph per letter of the hidden text, each a small box; named
    # g1, g2, … so that no name tells what it is.
    letters = sorted(set(HIDDEN))
    procs = {}
    for i, _ in enumerate(letters):
        stream = f"600 0 0 0 500 700 d1 50 0 400 {300 + 10 * i} re f".encode()
        procs[i + 1] = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    differences = " ".join(f"/g{i + 1}" for i in range(len(letters)))
    charprocs = " ".join(f"/g{i} {obj} 0 R" for i, obj in procs.items())
    widths = " ".join("600" for _ in letters)
    type3 = add(
        (
            f"<< /Type /Font /Subtype /Type3 /Name /BoxGlyphs /FontBBox [0 0 500 700] "
            f"/FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << {charprocs} >> "
            f"/Encoding << /Type /Encoding /Differences [1 {differences}] >> "
            f"/FirstChar 1 /LastChar {len(letters)} /Widths [{widths}] /Resources << >> >>"
        ).encode()
    )
    page_ids = []
    for number in range(3):
        if number == 0:
            ops = [b"BT /F1 11 Tf 72 720 Td 14 TL"]
            for line in READABLE:
                ops.append(b"(" + line.encode() + b") Tj T*")
            ops.append(b"ET")
        else:
            codes = bytes(letters.index(c) + 1 for c in HIDDEN)
            escaped = codes.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            ops = [b"BT /F2 11 Tf 72 720 Td 14 TL"]
            for _ in range(8):
                ops.append(b"(" + escaped + b") Tj T*")
            ops.append(b"ET")
        content = zlib.compress(b"\n".join(ops))
        stream = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream")
        page_ids.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Contents {stream} 0 R "
                    f"/Resources << /Font << /F1 {helvetica} 0 R /F2 {type3} 0 R >> >> >>"
                ).encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages} 0 R >>".encode()
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objects[pages - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    open(path, "wb").write(bytes(out))


def without_unicode_maps(source, path):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(source)
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if NameObject("/ToUnicode") in font:
                del font[NameObject("/ToUnicode")]
    writer.write(path)


if __name__ == "__main__":
    type3_pdf(os.path.join(OUT, "unreadable-type3.pdf"))
    without_unicode_maps(os.path.join(OUT, "weasyprint-single-protest.pdf"), os.path.join(OUT, "no-unicode-map.pdf"))
