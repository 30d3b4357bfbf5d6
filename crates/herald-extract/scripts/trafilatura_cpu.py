#!/usr/bin/env python3
"""Python trafilatura on the ScrapingHub pages, timed by wall clock AND by
this thread's CPU time, so it pairs with `eval_extract scrapinghub`'s
`pages_per_sec` / `cpu_pages_per_sec` on a machine shared with other jobs.

    python3 crates/herald-extract/scripts/trafilatura_cpu.py [SCRAPINGHUB_DIR]

Scoring is the repo's bench/extract_trafilatura.py (imported from there).
"""
import gzip
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, "bench"))

import trafilatura  # noqa: E402
from extract_trafilatura import aggregate, shingle_scores  # noqa: E402


def main():
    shared = os.environ.get("HERALD_SHARED", os.path.join(ROOT, "..", "shared"))
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(shared, "eval", "extract", "scrapinghub")
    if not os.path.isdir(d):
        sys.exit(f"ScrapingHub data not found at {d} (set HERALD_SHARED)")
    gold = json.load(open(os.path.join(d, "ground-truth.json")))
    ids = sorted(gold)
    pages = []
    for i in ids:
        with gzip.open(os.path.join(d, "html", f"{i}.html.gz"), "rb") as f:
            pages.append(f.read().decode("utf-8", errors="replace"))
    cpu0, wall0 = time.thread_time(), time.perf_counter()
    outs = [trafilatura.extract(h, url=gold[i].get("url")) or "" for i, h in zip(ids, pages)]
    cpu, wall = time.thread_time() - cpu0, time.perf_counter() - wall0
    p, r, f1 = aggregate([shingle_scores(gold[i].get("articleBody") or "", o) for i, o in zip(ids, outs)])
    print(json.dumps({
        "extractor": f"trafilatura {trafilatura.__version__} (Python)",
        "pages": len(pages),
        "f1": f1,
        "pages_per_sec": len(pages) / wall,
        "cpu_pages_per_sec": len(pages) / cpu,
    }))


if __name__ == "__main__":
    main()
