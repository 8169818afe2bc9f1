"""Typesetting: headless Chromium lays out a batch of pages, then prints them to PDF.

Two Chromium runs per batch. The first (``--dump-dom``) lays the pages out on screen and
runs a small script that records, per page, its height and the client rectangles of every
gold block's element (one rectangle per column fragment); the second prints the same HTML
with each page's ``@page`` size set to what the first measured, so one HTML page is one
PDF page and the rectangles hold for the PDF (CSS px; 1 px = 0.75 pt).
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import subprocess
import tempfile

from .templates import Page

CHROMIUM = os.environ.get("CHROMIUM", "chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--font-render-hinting=none"]

_SCRIPT = """<script>
const out = {};
for (const pg of document.querySelectorAll('.pg')) {
  const b = pg.getBoundingClientRect(), rs = [];
  for (const e of pg.querySelectorAll('[data-g]'))
    for (const r of e.getClientRects())
      if (r.width > 0 && r.height > 0) rs.push([+e.dataset.g, r.x - b.x, r.y - b.y, r.width, r.height]);
  out[pg.id] = {w: b.width, h: b.height, rects: rs};
}
document.body.setAttribute('data-rects', JSON.stringify(out));
</script>"""


def dom_id(page: Page) -> str:
    return "p_" + re.sub(r"[^A-Za-z0-9_]", "_", page.page_id)


def scope_css(css: str, scope: str) -> str:
    """Prefix every selector with the page's id so pages in one batch do not clash."""
    def rule(m: re.Match) -> str:
        sels = [s.strip() for s in m.group(1).split(",")]
        return ",".join(f"#{scope}{s[3:]}" if s.startswith(".pg") else f"#{scope} {s}" for s in sels) + "{" + m.group(2) + "}"
    return re.sub(r"([^{}]+)\{([^{}]*)\}", rule, css)


def batch_html(pages: list[Page], sizes: dict[str, tuple[float, float]] | None) -> str:
    css, divs = ["body{margin:0} .pg{box-sizing:content-box;overflow:hidden;break-after:page;background:#fff}"], []
    for page in pages:
        pid = dom_id(page)
        css.append(scope_css(page.css, pid))
        style = f"width:{page.width}px;padding:{page.pad}px"
        if sizes:
            w, h = sizes[pid]
            css.append(f"@page {pid} {{ size: {w}px {h}px; margin: 0 }}")
            style += f";height:{h - 2 * page.pad}px;page:{pid}"
        divs.append(f'<div class="pg" id="{pid}" style="{style}">{"".join(page.body)}</div>')
    return ('<!doctype html><html lang="zh"><head><meta charset="utf-8"><style>' + "\n".join(css)
            + "</style></head><body>" + "\n".join(divs) + (_SCRIPT if sizes is None else "") + "</body></html>")


def run_chromium(args: list[str], timeout: int = 300) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="reflow-chromium-") as profile:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                              timeout=timeout)


def typeset(pages: list[Page], workdir: str, seed: int = 0) -> tuple[str, dict]:
    """Print *pages* into ``workdir/batch.pdf`` (page i = pages[i]); return the path and
    the measured layout: ``{page_id: {"w", "h", "rects": [[gold_index, x, y, w, h], ...]}}``."""
    os.makedirs(workdir, exist_ok=True)
    src = os.path.join(workdir, "measure.html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(batch_html(pages, None))
    width = max(p.width + 2 * p.pad for p in pages) + 50
    proc = run_chromium(["--dump-dom", f"--window-size={width},1200", src])
    m = re.search(rb'data-rects="([^"]*)"', proc.stdout)
    if not m:
        raise RuntimeError("chromium measured nothing: " + proc.stderr.decode(errors="replace")[-2000:])
    layout = json.loads(html.unescape(m.group(1).decode("utf-8")))
    sizes = {}
    for page in pages:
        pid = dom_id(page)
        # Blank space at the foot of some pages; drawn per page, so batching does not change it.
        extra = random.Random(f"{seed}/{page.page_id}").choice((0, 0, 20, 60, 150))
        sizes[pid] = (page.width + 2 * page.pad, int(layout[pid]["h"] + 0.999) + extra)
    out_html = os.path.join(workdir, "print.html")
    with open(out_html, "w", encoding="utf-8") as f:
        f.write(batch_html(pages, sizes))
    pdf = os.path.join(workdir, "batch.pdf")
    proc = run_chromium([f"--print-to-pdf={pdf}", "--no-pdf-header-footer", out_html])
    if not os.path.exists(pdf):
        raise RuntimeError("chromium printed nothing: " + proc.stderr.decode(errors="replace")[-2000:])
    result = {}
    for page in pages:
        lay = layout[dom_id(page)]
        lay["w"], lay["h"] = sizes[dom_id(page)]
        result[page.page_id] = lay
    return pdf, result
