#!/usr/bin/env python3
"""Typesets the known texts in texts/ into PDFs with six producers, so that
Attest's PDF extraction can be measured against exact ground truth on PDFs
it did not make itself.

Producers: WeasyPrint, LibreOffice Writer (headless), pdfLaTeX, Chromium's
print to PDF, groff -ms through Ghostscript's ps2pdf, and enscript through
ps2pdf. Layouts (see LAYOUTS): one column with a running header and footer;
two justified, hyphenated columns; indented paragraphs at 1.5 line spacing
with a header on every page; section headings and footnotes at double
spacing; and held-out combinations that are kept out of tuning.

Needs (Debian): weasyprint (pip), libreoffice-writer-nogui hyphen-en-us
fonts-liberation2 fonts-dejavu, texlive-latex-base texlive-latex-recommended
lmodern, chromium, groff ghostscript enscript.

    python3 make.py            # every PDF into pdfs/, and manifest.json
    python3 make.py weasyprint # one producer

Text markup: "# " a title, "## " a heading, "[^n]" a footnote call and
"[^n]: text" its note; paragraphs are apart by a blank line.
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "pdfs")

# (layout, text, held out?)
LAYOUTS = [
    ("single", "khan", False),
    ("columns", "flood", False),
    ("report", "prometheus", False),
    ("notes", "council", False),
    ("columns", "midas", True),
    ("double", "midas", True),
    ("single", "protest", True),
]

HEADERS = {
    "khan": "Pakistan: the clashes in Islamabad",
    "flood": "Regional Water Authority — Flood Review",
    "prometheus": "Bulfinch, The Age of Fable",
    "council": "Port Ellery Harbour Council",
    "midas": "The Age of Fable — Chapter VI",
    "protest": "World news",
}


def parse(name):
    """The text's blocks: ("title"|"h"|"p", text) and ("fn", n, text)."""
    blocks = []
    for block in open(os.path.join(HERE, "texts", name + ".txt"), encoding="utf-8").read().split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("# "):
            blocks.append(("title", block[2:]))
        elif block.startswith("## "):
            blocks.append(("h", block[3:]))
        elif m := re.match(r"\[\^(\d+)\]: (.*)", block, re.S):
            blocks.append(("fn", m.group(1), m.group(2)))
        else:
            blocks.append(("p", block))
    return blocks


def notes_of(blocks):
    return {b[1]: b[2] for b in blocks if b[0] == "fn"}


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


# ---------------------------------------------------------------- HTML (WeasyPrint, Chromium)

CSS = {
    "single": "body { font-size: 10.5pt; line-height: 1.25; } p { margin: 0 0 0.7em 0; }",
    "columns": "body { font-size: 9pt; line-height: 1.2; columns: 2; column-gap: 6mm; text-align: justify; hyphens: auto; }"
               " h1 { column-span: all; } p { margin: 0 0 0.5em 0; }",
    "report": "body { font-size: 10.5pt; line-height: 1.5; text-align: justify; hyphens: auto; }"
              " p { margin: 0; text-indent: 1.5em; } h2 + p { text-indent: 0; }",
    "notes": "body { font-size: 10pt; line-height: 2; } p { margin: 0 0 0.6em 0; }",
    "double": "body { font-size: 10pt; line-height: 2; } p { margin: 0; text-indent: 2em; }",
}


def html_page(name, layout, footnotes):
    """An HTML page; footnotes as WeasyPrint footnotes, else as endnotes."""
    blocks = parse(name)
    notes = notes_of(blocks)
    parts, endnotes = [], []
    for b in blocks:
        if b[0] == "title":
            parts.append(f"<h1>{html.escape(b[1])}</h1>")
        elif b[0] == "h":
            parts.append(f"<h2>{html.escape(b[1])}</h2>")
        elif b[0] == "p":
            def call(m):
                n = m.group(1)
                if footnotes:
                    return f'<span class="fn">{html.escape(notes[n])}</span>'
                endnotes.append(n)
                return f"<sup>{n}</sup>"
            parts.append("<p>" + re.sub(r"\[\^(\d+)\]", call, html.escape(b[1], quote=False)) + "</p>")
    if endnotes:
        parts.append("<h2>Notes</h2>")
        for n in endnotes:
            parts.append(f'<p class="endnote">{n} {html.escape(notes[n])}</p>')
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(HEADERS[name])}</title><style>
body {{ font-family: 'DejaVu Serif', serif; }}
h1 {{ font-size: 16pt; }} h2 {{ font-size: 12pt; margin: 1em 0 0.4em 0; }}
{CSS[layout]}
.fn {{ float: footnote; font-size: 8pt; text-indent: 0; line-height: 1.2; }}
p.endnote {{ text-indent: 0; }}
</style></head><body>{''.join(parts)}</body></html>"""


def weasyprint(name, layout, out):
    from weasyprint import HTML
    page = html_page(name, layout, footnotes=True)
    margin = f"""@page {{ size: A5; margin: 20mm 15mm 20mm 15mm;
  @top-center {{ content: "{HEADERS[name]}"; font-size: 8pt; font-family: 'DejaVu Sans'; }}
  @bottom-center {{ content: counter(page); font-size: 8pt; }} }}"""
    HTML(string=page.replace("<style>", "<style>" + margin)).write_pdf(out)


def chromium(name, layout, out):
    page = html_page(name, layout, footnotes=False)
    # Chromium draws CSS page-margin boxes (since version 131): a running
    # header and a page number on every printed page.
    margin = f"""@page {{ size: A5; margin: 20mm 15mm 20mm 15mm;
  @top-center {{ content: "{HEADERS[name]}"; font-size: 8pt; font-family: 'DejaVu Sans'; }}
  @bottom-right {{ content: "Page " counter(page); font-size: 8pt; }} }}"""
    page = page.replace("<style>", "<style>" + margin)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "page.html")
        open(src, "w", encoding="utf-8").write(page)
        run([
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
            f"--print-to-pdf={out}", "file://" + src,
        ])


# ---------------------------------------------------------------- LibreOffice (flat ODT)

def libreoffice(name, layout, out):
    blocks = parse(name)
    notes = notes_of(blocks)
    spacing = {"single": "100%", "columns": "100%", "report": "150%", "notes": "200%", "double": "200%"}[layout]
    indent = layout in ("report", "double")
    columns = layout == "columns"
    size = "9pt" if columns else "10.5pt"
    body = []
    for b in blocks:
        if b[0] == "title":
            body.append(f'<text:h text:style-name="Title" text:outline-level="1">{html.escape(b[1])}</text:h>')
        elif b[0] == "h":
            body.append(f'<text:h text:style-name="Heading" text:outline-level="2">{html.escape(b[1])}</text:h>')
        elif b[0] == "p":
            def call(m):
                n = m.group(1)
                return (f'<text:note text:id="n{n}" text:note-class="footnote"><text:note-citation>{n}</text:note-citation>'
                        f'<text:note-body><text:p text:style-name="Footnote">{html.escape(notes[n])}</text:p></text:note-body></text:note>')
            text = re.sub(r"\[\^(\d+)\]", call, html.escape(b[1], quote=False))
            body.append(f'<text:p text:style-name="Body">{text}</text:p>')
    content = "".join(body)
    if columns:
        content = f'<text:section text:style-name="Cols" text:name="Body">{content}</text:section>'
    fodt = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{html.escape(HEADERS[name])}</dc:title></office:meta>
<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="{size}" fo:language="en" fo:country="US"
   fo:hyphenate="{'true' if columns or indent else 'false'}" fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:line-height="{spacing}" fo:text-align="{'justify' if columns or indent else 'start'}"
   fo:margin-bottom="{'0cm' if indent else '0.2cm'}" fo:text-indent="{'0.6cm' if indent else '0cm'}"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.4cm"/><style:text-properties fo:font-size="16pt" fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="12pt" fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Footnote" style:family="paragraph"><style:text-properties fo:font-size="8pt"/></style:style>
 <style:style style:name="Header" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="8pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Cols" style:family="section">
  <style:section-properties><style:columns fo:column-count="2" fo:column-gap="0.6cm"/></style:section-properties>
 </style:style>
 <style:page-layout style:name="PL">
  <style:page-layout-properties fo:page-width="14.8cm" fo:page-height="21cm" fo:margin-top="1.2cm"
   fo:margin-bottom="1.2cm" fo:margin-left="1.6cm" fo:margin-right="1.6cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.3cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="PL">
  <style:header><text:p text:style-name="Header">{html.escape(HEADERS[name])}</text:p></style:header>
  <style:footer><text:p text:style-name="Header">Page <text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>{content}</office:text></office:body>
</office:document>"""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "doc.fodt")
        open(src, "w", encoding="utf-8").write(fodt)
        run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", tmp, src])
        shutil.move(os.path.join(tmp, "doc.pdf"), out)


# ---------------------------------------------------------------- pdfLaTeX

TEX_ESCAPES = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
               "~": r"\textasciitilde{}", "^": r"\^{}", "\\": r"\textbackslash{}"}
TEX_ACCENTS = {"é": r"\'e", "è": r"\`e", "ē": r"\=e", "ï": r"\"i", "ñ": r"\~n", "á": r"\'a",
               "ø": r"{\o}", "ö": r"\"o", "É": r"\'E", "ç": r"\c{c}", "å": r"\r{a}", "ü": r"\"u"}


def tex_escape(s):
    out = []
    quote_open = True
    for c in s:
        if c in TEX_ESCAPES:
            out.append(TEX_ESCAPES[c])
        elif c in TEX_ACCENTS:
            out.append("{" + TEX_ACCENTS[c] + "}")
        elif c == '"':
            out.append("``" if quote_open else "''")
            quote_open = not quote_open
        elif c == "—":
            out.append("---")
        elif c == "'":
            out.append(r"\textquotesingle{}")
        else:
            out.append(c)
    return "".join(out)


def pdflatex(name, layout, out, fonts="lmodern"):
    blocks = parse(name)
    notes = notes_of(blocks)
    options = {"single": "", "columns": "twocolumn", "report": "", "notes": "", "double": ""}[layout]
    spread = {"single": "1.0", "columns": "1.0", "report": "1.5", "notes": "2.0", "double": "2.0"}[layout]
    body = []
    for b in blocks:
        if b[0] == "title":
            body.append(r"\section*{" + tex_escape(b[1]) + "}")
        elif b[0] == "h":
            body.append(r"\subsection*{" + tex_escape(b[1]) + "}")
        elif b[0] == "p":
            parts = re.split(r"\[\^(\d+)\]", b[1])
            text = "".join(tex_escape(p) if i % 2 == 0 else r"\footnote{" + tex_escape(notes[p]) + "}"
                           for i, p in enumerate(parts))
            body.append(text)
    parskip = r"\usepackage{parskip}" if layout in ("single", "notes") else ""
    lmodern = r"\usepackage{lmodern}" if fonts == "lmodern" else ""
    header = tex_escape(HEADERS[name])
    text = "\n".join(p + "\n" for p in body)
    doc = rf"""\documentclass[10pt,a5paper,{options}]{{article}}
\usepackage[T1]{{fontenc}}
{lmodern}
\usepackage[utf8]{{inputenc}}
\usepackage[margin=16mm,headheight=12pt]{{geometry}}
\usepackage{{setspace}}\setstretch{{{spread}}}
\usepackage{{fancyhdr}}\pagestyle{{fancy}}\fancyhf{{}}
\fancyhead[C]{{\footnotesize {header}}}\fancyfoot[C]{{\footnotesize\thepage}}
\renewcommand{{\headrulewidth}}{{0pt}}
{parskip}
\begin{{document}}
{text}
\end{{document}}
"""
    with tempfile.TemporaryDirectory() as tmp:
        open(os.path.join(tmp, "doc.tex"), "w", encoding="utf-8").write(doc)
        for _ in range(2):
            run(["pdflatex", "-interaction=batchmode", "doc.tex"], cwd=tmp)
        shutil.move(os.path.join(tmp, "doc.pdf"), out)


# ---------------------------------------------------------------- groff -ms and enscript, through Ghostscript

def groff_escape(s):
    s = s.replace("\\", "\\e")
    s = "\n".join(("\\&" + line if line[:1] in ".'" else line) for line in s.split("\n"))
    return s


def groff(name, layout, out):
    blocks = parse(name)
    notes = notes_of(blocks)
    vs = {"single": 12, "columns": 11, "report": 16, "notes": 21, "double": 21}[layout]
    para = ".PP" if layout in ("report", "double") else ".LP"
    lines = [
        ".pl 21c", ".nr PS 10", f".nr VS {vs}", ".nr PD 0.5v" if para == ".LP" else ".nr PD 0",
        ".nr LL 11c", ".nr PO 1.9c", ".nr HM 2c", ".nr FM 2c",
        f".ds LH", f".ds CH {groff_escape(HEADERS[name])}", ".ds RH", ".ds CF \\\\n%",
        ".hy 6",
    ]
    for b in blocks:
        if b[0] == "title":
            lines += [".SH", "\\s+4" + groff_escape(b[1]) + "\\s0"]
            if layout == "columns":
                lines.append(".2C")
        elif b[0] == "h":
            lines += [".SH", groff_escape(b[1])]
        elif b[0] == "p":
            lines.append(para)
            parts = re.split(r"\[\^(\d+)\]", b[1])
            for i, p in enumerate(parts):
                if i % 2 == 0:
                    lines.append(groff_escape(p.strip()))
                else:
                    # The call as a superscript number, the note at the page foot.
                    lines[-1] += f"\\**"
                    lines += [".FS", groff_escape(notes[p]), ".FE"]
    src = "\n".join(lines) + "\n"
    ps = subprocess.run(["groff", "-ms", "-Kutf8", "-Tps", "-P-pa5"], input=src.encode(), check=True,
                        capture_output=True).stdout
    subprocess.run(["ps2pdf", "-sPAPERSIZE=a5", "-", out], input=ps, check=True, capture_output=True)


def enscript(name, layout, out):
    blocks = parse(name)
    paragraphs = []
    for b in blocks:
        if b[0] in ("title", "h", "p"):
            text = re.sub(r"\[\^(\d+)\]", r"[\1]", b[1])
            paragraphs.append(textwrap.fill(text, 68))
        else:
            paragraphs.append(textwrap.fill(f"[{b[1]}] {b[2]}", 68))
    src = ("\n\n".join(paragraphs) + "\n").encode("latin-1", "replace")
    ps = subprocess.run(["enscript", "-q", "-X", "latin1", "-B", "--margins=50:50:40:40",
                         "-f", "Courier10", "-o", "-"], input=src, check=True, capture_output=True).stdout
    subprocess.run(["ps2pdf", "-", out], input=ps, check=True, capture_output=True)


PRODUCERS = {
    "weasyprint": weasyprint,
    "libreoffice": libreoffice,
    "pdflatex": pdflatex,
    "chromium": chromium,
    "groff": groff,
    "enscript": enscript,
}


def main():
    wanted = sys.argv[1:] or list(PRODUCERS)
    os.makedirs(OUT, exist_ok=True)
    manifest_path = os.path.join(HERE, "manifest.json")
    manifest = json.load(open(manifest_path)) if os.path.exists(manifest_path) else []
    manifest = [m for m in manifest if m["producer"] not in wanted]
    for producer in wanted:
        combos = LAYOUTS if producer != "enscript" else [l for l in LAYOUTS if l[0] == "single"]
        for layout, text, held_out in combos:
            file = f"{producer}-{layout}-{text}.pdf"
            PRODUCERS[producer](text, layout, os.path.join(OUT, file))
            manifest.append({"file": file, "producer": producer, "layout": layout, "text": text,
                             "held_out": held_out, "header": HEADERS[text]})
            print("made", file, file=sys.stderr)
    # A pdfLaTeX document in Type 3 bitmap fonts without a Unicode map
    # (T1 encoding without scalable fonts): its text cannot be read.
    if "pdflatex" in wanted and shutil.which("mf"):
        file = "pdflatex-bitmap-council.pdf"
        pdflatex("council", "single", os.path.join(OUT, file), fonts="bitmap")
        manifest.append({"file": file, "producer": "pdflatex", "layout": "single", "text": "council",
                         "held_out": False, "header": HEADERS["council"], "bitmap": True})
    manifest.sort(key=lambda m: m["file"])
    json.dump(manifest, open(manifest_path, "w"), indent=1, ensure_ascii=False)
    open(manifest_path, "a").write("\n")


if __name__ == "__main__":
    main()
