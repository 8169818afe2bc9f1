"""Extraction variants: the damage real tools do to a printed page.

- ``pdftotext``: poppler's pdftotext in its default (reading-order) mode.
- ``pdftotext-raw``: ``pdftotext -raw``, the content stream's order (for Chromium's PDFs
  that is the HTML's order): no column interleaving, but no blank line anywhere either.
- ``pdftotext-layout``: ``pdftotext -layout``: the page's columns side by side on each line,
  padded with spaces (scored on request: ``accuracy.py --variant pdftotext-layout``).
- ``pymupdf``: PyMuPDF ``page.get_text()``.
- ``tesseract``: Tesseract OCR of the page rendered at 150 dpi (chi_sim+eng, or
  chi_tra+eng for Traditional pages), its own text output.
- ``rapidocr``: RapidOCR of the same PNG, one line per detected text line, in its order.
- ``tesseract-regions`` / ``rapidocr-regions``: the same OCR lines grouped by the page's
  layout regions (the measured rectangles of the gold blocks' elements, one per column
  fragment, in reading order) with a blank line after each region, as region-by-region OCR
  and MinerU-style tools print a page. A line goes to the smallest region holding its
  centre (else the nearest region).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess

VARIANTS_PDF = ("pdftotext", "pdftotext-raw", "pdftotext-layout", "pymupdf")
VARIANTS_OCR = ("tesseract", "tesseract-regions", "rapidocr", "rapidocr-regions")
DPI = 150
PX = DPI / 96  # image pixels per CSS px


def pdftotext(pdf: str, page_no: int, raw: bool = False, layout: bool = False) -> str:
    mode = ["-raw"] if raw else ["-layout"] if layout else []
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *mode, "-f", str(page_no),
                           "-l", str(page_no), pdf, "-"], check=True, capture_output=True).stdout.decode("utf-8")


def pymupdf_text(doc, page_no: int) -> str:
    return doc[page_no - 1].get_text()


def render_png(pdf: str, page_no: int, out_png: str) -> str:
    stem = out_png[:-4]
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", "-f", str(page_no), "-l", str(page_no),
                    pdf, stem], check=True)
    return out_png


def tesseract(png: str, lang: str) -> tuple[str, list[tuple[str, tuple[float, float, float, float]]]]:
    """Tesseract's text output and its lines with boxes (from one run, txt + tsv)."""
    stem = png[:-4] + ".tess"
    subprocess.run(["tesseract", png, stem, "-l", lang, "txt", "tsv"], check=True, capture_output=True,
                   env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    with open(stem + ".txt", encoding="utf-8") as f:
        text = f.read()
    with open(stem + ".tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(io.StringIO(f.read()), delimiter="\t", quoting=csv.QUOTE_NONE))
    lines: dict[tuple, list] = {}
    for r in rows:
        if r["level"] != "5" or not (r.get("text") or "").strip():
            continue
        key = (int(r["page_num"]), int(r["block_num"]), int(r["par_num"]), int(r["line_num"]))
        x, y, w, h = (int(r[k]) for k in ("left", "top", "width", "height"))
        lines.setdefault(key, []).append((r["text"], (x, y, x + w, y + h)))
    # Each line as Tesseract printed it in its text output (same lines, same order; its TSV
    # splits CJK into words that the text output does not space); spaced words as a fallback.
    printed = [ln for ln in text.splitlines() if ln.strip()]
    same = len(printed) == len(lines)
    out = []
    for n, words in enumerate(lines.values()):
        x0 = min(b[0] for _, b in words); y0 = min(b[1] for _, b in words)
        x1 = max(b[2] for _, b in words); y1 = max(b[3] for _, b in words)
        out.append((printed[n] if same else " ".join(t for t, _ in words), (x0, y0, x1, y1)))
    for ext in (".txt", ".tsv"):
        os.remove(stem + ext)
    return text, out


_RAPID = None


def rapidocr(png: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    global _RAPID
    if _RAPID is None:
        from rapidocr_onnxruntime import RapidOCR
        _RAPID = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    result, _ = _RAPID(png)
    out = []
    for box, text, _score in result or []:
        xs = [p[0] for p in box]; ys = [p[1] for p in box]
        out.append((text, (min(xs), min(ys), max(xs), max(ys))))
    return out


def by_regions(lines, rects) -> str:
    """OCR lines grouped by layout region (rects: [gold_index, x, y, w, h] in CSS px)."""
    regions = [(g, x * PX, y * PX, (x + w) * PX, (y + h) * PX) for g, x, y, w, h in rects]
    order = sorted(range(len(regions)), key=lambda i: (regions[i][0], i))
    groups: dict[int, list[str]] = {}
    for text, (x0, y0, x1, y1) in lines:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        inside = [i for i, (_, a, b, c, d) in enumerate(regions) if a - 2 <= cx <= c + 2 and b - 2 <= cy <= d + 2]
        if inside:
            best = min(inside, key=lambda i: (regions[i][3] - regions[i][1]) * (regions[i][4] - regions[i][2]))
        elif regions:
            def dist(i):
                _, a, b, c, d = regions[i]
                return max(a - cx, 0, cx - c) + max(b - cy, 0, cy - d)
            best = min(range(len(regions)), key=dist)
        else:
            best = 0
        groups.setdefault(best, []).append(text)
    return "".join("\n".join(groups[i]) + "\n\n" for i in order if i in groups)
