#!/usr/bin/env python3
"""Times Python trafilatura on the ScrapingHub pages (single process).

Prints one JSON line: pages, pages/s of `trafilatura.extract` (the call only:
gunzip and decoding excluded, as in herald's `eval_scrapinghub`), and the
benchmark's 4-shingle P/R/F1 so the two runs can be compared like for like.

    python3 bench/extract_trafilatura.py [--repeat N] [SCRAPINGHUB_DIR]

SCRAPINGHUB_DIR defaults to $HERALD_SHARED/eval/extract/scrapinghub
(HERALD_SHARED defaults to ../shared next to the repo root).
"""
import gzip
import json
import os
import re
import sys
import time
from collections import Counter

import trafilatura


def shingle_scores(gold, pred):
    def sh(text):
        toks = re.findall(r"\w+", text)
        n = min(4, len(toks))
        return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)) if toks else Counter()

    g, p = sh(gold), sh(pred)
    tp = sum(min(c, p[k]) for k, c in g.items())
    fn = sum(max(0, c - p[k]) for k, c in g.items())
    fp = sum(max(0, c - g[k]) for k, c in p.items())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def aggregate(scores):
    def score(tp, other, fp, fn):
        if fp == 0 and fn == 0:
            return 1.0
        if tp == 0 and other == 0:
            return 0.0
        return tp / (tp + other)

    ps = [score(tp, fp, fp, fn) for tp, fp, fn in scores if tp + fp > 0]
    rs = [score(tp, fn, fp, fn) for tp, fp, fn in scores if tp + fn > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    args = sys.argv[1:]
    repeat = 1
    if "--repeat" in args:
        i = args.index("--repeat")
        repeat = int(args[i + 1])
        del args[i:i + 2]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shared = os.environ.get("HERALD_SHARED", os.path.join(root, "..", "shared"))
    d = args[0] if args else os.path.join(shared, "eval", "extract", "scrapinghub")
    if not os.path.isdir(d):
        sys.exit(f"ScrapingHub data not found at {d} (set HERALD_SHARED)")
    gold = json.load(open(os.path.join(d, "ground-truth.json")))
    ids = sorted(gold)
    pages = []
    for i in ids:
        with gzip.open(os.path.join(d, "html", f"{i}.html.gz"), "rb") as f:
            pages.append(f.read().decode("utf-8", errors="replace"))
    best = None
    outs = []
    for _ in range(repeat):
        start = time.perf_counter()
        outs = [trafilatura.extract(h, url=gold[i].get("url")) or "" for i, h in zip(ids, pages)]
        secs = time.perf_counter() - start
        best = secs if best is None else min(best, secs)
    p, r, f1 = aggregate([shingle_scores(gold[i].get("articleBody") or "", o) for i, o in zip(ids, outs)])
    print(json.dumps({
        "extractor": f"trafilatura {trafilatura.__version__} (Python)",
        "pages": len(pages),
        "precision": p,
        "recall": r,
        "f1": f1,
        "pages_per_sec": len(pages) / best,
    }))


if __name__ == "__main__":
    main()
