"""Generate the corpus: compose pages, typeset them with Chromium, extract every variant.

    python -m benchmarks.corpus.build                       # PDF variants, default sizes
    python -m benchmarks.corpus.build --ocr-pages 20 8      # + OCR variants on the first 20 dev / 8 test pages
    python -m benchmarks.corpus.build --source own --out tests/data/corpus --pages 12 0 --ocr-pages 4 0
    python -m benchmarks.corpus.build --no-marks --out /work/corpus-nomarks   # pages set without punctuation

Incremental: a page whose gold.json and page.pdf exist is not typeset again, and a variant
whose .txt exists is not extracted again (delete a page's folder to redo it). Everything is
seeded, so the same arguments give the same pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import time

from . import extract, sources, templates, typeset

WEIGHTS = {"broadsheet": 4, "tabloid": 2, "1930s": 2, "wide": 2}


def plan(pool: list[sources.Article], split: str, n: int, seed: int, traditional):
    """The pages of one split: (page_id, Page), deterministic for (pool, split, n, seed)."""
    rng = random.Random(f"{seed}-{split}")
    pool = sorted(pool, key=lambda a: a.id)
    rng.shuffle(pool)
    cycle = [t for t, w in WEIGHTS.items() for _ in range(w)]
    rng.shuffle(cycle)
    pos, pages = 0, []
    for i in range(n):
        template = cycle[i % len(cycle)]
        want = templates.ARTICLES_PER_PAGE[template]
        arts = [pool[(pos + j) % len(pool)] for j in range(want)]
        page_id = f"{split}-{i:03d}-{template}"
        page_seed = int(hashlib.sha1(f"{seed}/{page_id}".encode()).hexdigest()[:12], 16)
        page = templates.build_page(page_id, template, split, arts, page_seed, traditional)
        pos += max(1, len(page.sources))
        pages.append(page)
    return pages


def write_gold(page: templates.Page, folder: str, layout: dict) -> None:
    gold = {"page_id": page.page_id, "template": page.template, "split": page.split,
            "blocks": [g.to_dict() for g in page.gold]}
    with open(os.path.join(folder, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
    with open(os.path.join(folder, "layout.json"), "w", encoding="utf-8") as f:
        json.dump({"sources": page.sources, **layout}, f)


def update_gold(page: templates.Page, folder: str) -> bool:
    """Bring a typeset page's gold.json up to this composer's fields (the block's
    article, added in session 29), where its blocks are otherwise those the page
    composes to now: a page is seeded, so composing it again gives the same blocks,
    and no typesetting or extraction is redone. True where gold.json was written;
    a ValueError where the blocks differ (the page was set by other code: delete
    its folder to set it again)."""
    path = os.path.join(folder, "gold.json")
    with open(path, encoding="utf-8") as f:
        old = json.load(f)
    new = [g.to_dict() for g in page.gold]
    if old["blocks"] == new:
        return False
    keys = {k for b in old["blocks"] for k in b}  # the fields the page was set with
    if len(old["blocks"]) != len(new) or any({k: b.get(k) for k in keys} != {k: g.get(k) for k in keys}
                                             for b, g in zip(old["blocks"], new)):
        raise ValueError(f"{folder}: gold.json holds other blocks than the page composes to now")
    old["blocks"] = new
    with open(path, "w", encoding="utf-8") as f:
        json.dump(old, f, ensure_ascii=False, indent=1)
    return True


def pdf_of(folder: str) -> tuple[str, int] | None:
    """The PDF file and page number of a typeset page, or None when it is not typeset."""
    try:
        with open(os.path.join(folder, "layout.json"), encoding="utf-8") as f:
            lay = json.load(f)
    except OSError:
        return None
    pdf = os.path.normpath(os.path.join(folder, lay["pdf"]))
    if not os.path.exists(pdf) or not os.path.exists(os.path.join(folder, "gold.json")):
        return None
    return pdf, lay["pdf_page"]


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.environ.get("REFLOW_CORPUS", "/work/corpus"))
    ap.add_argument("--source", choices=("snapshot", "own"), default="snapshot")
    ap.add_argument("--snapshot", default=sources.SNAPSHOT)
    ap.add_argument("--pages", type=int, nargs=2, default=(60, 30), metavar=("DEV", "TEST"),
                    help="pages per split (own source: the CI pages go to split 'ci', the first number)")
    ap.add_argument("--ocr-pages", type=int, nargs=2, default=(0, 0), metavar=("DEV", "TEST"),
                    help="OCR variants on the first N pages of each split")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=12)
    ap.add_argument("--keep-png", action="store_true")
    ap.add_argument("--no-marks", action="store_true",
                    help="set the articles without punctuation (sources.without_marks) before typesetting: "
                         "pages as OCR that drops the marks or a page set before modern punctuation print them")
    args = ap.parse_args(argv)

    import opencc
    traditional = opencc.OpenCC("s2t").convert
    if args.source == "own":
        from . import own_text
        own = own_text.articles()
        if args.no_marks:
            own = [sources.without_marks(a) for a in own]
        splits = {"ci": (own, args.pages[0], args.ocr_pages[0])}
    else:
        arts = sources.load_snapshot(args.snapshot)
        if args.no_marks:
            arts = [sources.without_marks(a) for a in arts]
        log(f"{len(arts)} source articles")
        splits = {s: ([a for a in arts if a.split == s], n, o)
                  for s, n, o in (("dev", args.pages[0], args.ocr_pages[0]), ("test", args.pages[1], args.ocr_pages[1]))}
    import pymupdf
    for split, (pool, n, n_ocr) in splits.items():
        pages = plan(pool, split, n, args.seed, traditional)
        todo = [p for p in pages if pdf_of(os.path.join(args.out, split, p.page_id)) is None]
        typeset_now = {p.page_id for p in todo}
        updated = sum(update_gold(p, os.path.join(args.out, split, p.page_id))
                      for p in pages if p.page_id not in typeset_now)
        if updated:
            log(f"{split}: gold brought up to date on {updated} pages")
        for b in range(0, len(todo), args.batch):
            batch = todo[b: b + args.batch]
            work = os.path.join(args.out, ".work")
            pdf, layout = typeset.typeset(batch, work, seed=args.seed)
            with pymupdf.open(pdf) as doc:
                if len(doc) != len(batch):
                    raise RuntimeError(f"{len(doc)} PDF pages for {len(batch)} HTML pages")
            # One PDF per batch (its pages share the embedded font subsets: a PDF per page would
            # carry them all, about 1 MB each); layout.json says which file and page.
            name = f"{batch[0].page_id}+{len(batch)}.pdf"
            os.makedirs(os.path.join(args.out, split, "_pdf"), exist_ok=True)
            shutil.move(pdf, os.path.join(args.out, split, "_pdf", name))
            for i, page in enumerate(batch):
                folder = os.path.join(args.out, split, page.page_id)
                os.makedirs(folder, exist_ok=True)
                write_gold(page, folder, {"pdf": f"../_pdf/{name}", "pdf_page": i + 1, **layout[page.page_id]})
            shutil.rmtree(work)
            log(f"{split}: typeset {b + len(batch)}/{len(todo)}")
        for i, page in enumerate(pages):
            folder = os.path.join(args.out, split, page.page_id)
            pdf, page_no = pdf_of(folder)
            want = list(extract.VARIANTS_PDF) + (list(extract.VARIANTS_OCR) if i < n_ocr else [])
            missing = [v for v in want if not os.path.exists(os.path.join(folder, v + ".txt"))]
            if not missing:
                continue
            texts = {}
            if "pdftotext" in missing:
                texts["pdftotext"] = extract.pdftotext(pdf, page_no)
            if "pdftotext-raw" in missing:
                texts["pdftotext-raw"] = extract.pdftotext(pdf, page_no, raw=True)
            if "pdftotext-layout" in missing:
                texts["pdftotext-layout"] = extract.pdftotext(pdf, page_no, layout=True)
            if "pymupdf" in missing:
                with pymupdf.open(pdf) as doc:
                    texts["pymupdf"] = extract.pymupdf_text(doc, page_no)
            ocr = [v for v in missing if v in extract.VARIANTS_OCR]
            if ocr:
                with open(os.path.join(folder, "layout.json"), encoding="utf-8") as f:
                    rects = json.load(f)["rects"]
                png, times = None, []
                for engine in ("tesseract", "rapidocr"):
                    if not any(v.startswith(engine) for v in ocr):
                        continue
                    # The OCR lines with their boxes are kept, so that the region variant can be
                    # made again without OCR; the engine's own text is its variant file.
                    lines_path = os.path.join(folder, engine + ".lines.json")
                    if engine in ocr or not os.path.exists(lines_path):
                        png = png or extract.render_png(pdf, page_no, os.path.join(folder, "page.png"))
                        t0 = time.time()
                        if engine == "tesseract":
                            lang = "chi_tra+eng" if page.template == "1930s" else "chi_sim+eng"
                            text, lines = extract.tesseract(png, lang)
                        else:
                            lines = extract.rapidocr(png)
                            text = "".join(t + "\n" for t, _ in lines)
                        times.append(f"{engine} {time.time() - t0:.0f}s")
                        texts[engine] = text
                        with open(lines_path, "w", encoding="utf-8") as f:
                            json.dump([[t, [round(c, 1) for c in box]] for t, box in lines], f, ensure_ascii=False)
                    else:
                        with open(lines_path, encoding="utf-8") as f:
                            lines = [(t, tuple(box)) for t, box in json.load(f)]
                    texts[engine + "-regions"] = extract.by_regions(lines, rects)
                if times:
                    log(f"{page.page_id}: " + " ".join(times))
                if png and not args.keep_png:
                    os.remove(png)
            for v in missing:
                with open(os.path.join(folder, v + ".txt"), "w", encoding="utf-8") as f:
                    f.write(texts[v])
        log(f"{split}: {len(pages)} pages extracted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
