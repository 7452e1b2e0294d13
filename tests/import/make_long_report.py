#!/usr/bin/env python3
"""Typesets a long (about 300 pages, A4, two hyphenated columns) report from
report.txt for the import benchmarks, and writes its exact text beside it.

Usage: python3 make_long_report.py OUT.pdf   (writes OUT.pdf and OUT.txt)
Needs: pip install weasyprint
"""
import html
import os
import sys

from weasyprint import HTML

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1]
paras = [p for p in open(os.path.join(here, "report.txt"), encoding="utf-8").read().split("\n\n") if p.strip()]
parts, truth = [], []
for i in range(400):
    parts.append(f"<h2>Part {i + 1}</h2>")
    truth.append(f"Part {i + 1}")
    for p in paras[1:]:
        parts.append(f"<p>{html.escape(p)}</p>")
        truth.append(p)
css = """@page { size: A4; margin: 20mm;
  @top-center { content: "Flood Review 2024 — collected district reports"; font-size: 8pt; }
  @bottom-center { content: counter(page); font-size: 8pt; } }
body { columns: 2; text-align: justify; hyphens: auto; font-size: 9pt; font-family: 'DejaVu Serif', serif; }"""
HTML(string=f"<html lang=en><head><meta charset=utf-8><style>{css}</style></head><body>{''.join(parts)}</body></html>").write_pdf(out)
with open(os.path.splitext(out)[0] + ".txt", "w", encoding="utf-8") as f:
    f.write("\n\n".join(truth) + "\n")
