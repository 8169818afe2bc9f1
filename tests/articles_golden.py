"""Write an article listing in the golden-file format (used by test_articles and
to draft a golden file, which is then reviewed against the page by hand)."""

from __future__ import annotations


def describe(articles) -> str:
    out = []
    for n, a in enumerate(articles, 1):
        out.append(f"== article {n}")
        out.append("headlines: " + " | ".join(b.text for b in a.headlines))
        out.append("bylines: " + " | ".join(b.text for b in a.bylines))
        out.append(f"dateline: {a.dateline or '-'}")
        out.append(f"body: {len(a.body)} blocks, lines {a.body[0].lines[0]}-{a.body[-1].lines[1]}" if a.body else "body: -")
        out.append(f"ends: {a.body[-1].text[-12:] if a.body else '-'}")
        out.append(f"breaks off mid-sentence: {'yes' if a.breaks_off else 'no'}")
        for b in a.markers:
            out.append(f"marker: {b.marker.raw} ({b.marker.direction} page={b.marker.page} seq={b.marker.seq})")
        for r in a.reasons:
            out.append(f"reason: {r}")
    return "\n".join(out) + "\n"
