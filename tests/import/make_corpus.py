#!/usr/bin/env python3
"""Makes the PDF and Word files of the import corpus from the known text in
report.txt, so that extraction can be checked against exact ground truth.

Needs: pip install weasyprint pypdf python-docx  (weasyprint uses Pango).
Run from this folder: python3 make_corpus.py
"""
import html
import io
import zipfile

from docx import Document
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

paragraphs = [p for p in open("report.txt", encoding="utf-8").read().split("\n\n") if p.strip()]
title, body = paragraphs[0], paragraphs[1:]


def page_html(css, columns=False):
    parts = [f"<h1>{html.escape(title)}</h1>"]
    for p in body:
        tag = "h2" if len(p) < 60 and not p.endswith(".") else "p"
        parts.append(f"<{tag}>{html.escape(p)}</{tag}>")
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title><meta name="author" content="Regional Water Authority">
<style>{css}</style></head><body>{''.join(parts)}</body></html>"""


BASE = """
@page { size: A5; margin: 22mm 16mm 20mm 16mm;
  @top-center { content: "Regional Water Authority — Flood Review 2024"; font-size: 8pt; }
  @bottom-center { content: counter(page); font-size: 8pt; } }
body { font-family: 'DejaVu Serif', serif; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 15pt; } h2 { font-size: 11pt; margin-top: 1em; }
p { margin: 0 0 0.6em 0; }
"""

# 1. One column, running header and footer, page numbers.
HTML(string=page_html(BASE)).write_pdf("single-column.pdf")

# 2. Two justified, hyphenated columns.
HTML(string=page_html(BASE + """
body { columns: 2; column-gap: 7mm; text-align: justify; hyphens: auto; font-size: 9pt; }
h1 { column-span: all; }
""")).write_pdf("two-columns.pdf")

# 3. A report in a face with ligatures (fi, fl, ff), roman-numbered front page.
HTML(string=page_html(BASE.replace("'DejaVu Serif', serif", "'Linux Libertine O', 'Libertinus Serif', 'DejaVu Serif', serif") + """
p { font-variant-ligatures: common-ligatures; text-align: justify; }
""")).write_pdf("ligatures.pdf")

# Printed page labels: the first page is "i", the others 1, 2, …
reader = PdfReader("ligatures.pdf")
writer = PdfWriter()
for page in reader.pages:
    writer.add_page(page)
writer.set_page_label(0, 0, style="/r", start=1)
writer.set_page_label(1, len(reader.pages) - 1, style="/D", start=1)
writer.add_metadata({"/Title": title, "/Author": "Regional Water Authority"})
with open("ligatures.pdf", "wb") as f:
    writer.write(f)

# 4. The same, encrypted with a password: must be refused.
reader = PdfReader("single-column.pdf")
writer = PdfWriter()
for page in reader.pages:
    writer.add_page(page)
writer.encrypt(user_password="secret", owner_password="owner")
with open("encrypted.pdf", "wb") as f:
    writer.write(f)

# 5. A Word file with a tracked deletion, a field, a tab and a line break.
doc = Document()
doc.core_properties.title = title
doc.core_properties.author = "Regional Water Authority"
for p in body[:4]:
    doc.add_paragraph(p)
doc.add_paragraph("DELETION_MARK")
doc.add_paragraph("FIELD_MARK")
doc.add_paragraph("Contact\tPress office").add_run().add_break()
buffer = io.BytesIO()
doc.save(buffer)
source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
out = zipfile.ZipFile("statement.docx", "w", zipfile.ZIP_DEFLATED)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
for item in source.infolist():
    data = source.read(item.filename)
    if item.filename == "word/document.xml":
        text = data.decode("utf-8")
        text = text.replace(
            "<w:t>DELETION_MARK</w:t>",
            '<w:t xml:space="preserve">The toll rose to </w:t></w:r><w:del w:id="1" w:author="Ed"><w:r><w:delText>five</w:delText></w:r></w:del><w:ins w:id="2" w:author="Ed"><w:r><w:t>six</w:t></w:r></w:ins><w:r><w:t>.</w:t>',
        )
        text = text.replace(
            "<w:t>FIELD_MARK</w:t>",
            '<w:t xml:space="preserve">See page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Ref1 \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>4</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> for the map.</w:t>',
        )
        data = text.encode("utf-8")
    out.writestr(item, data)
out.close()
