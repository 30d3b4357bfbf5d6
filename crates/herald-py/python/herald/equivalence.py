"""Do ``herald run`` and ``python -m herald.spark`` agree on the same input?

``python -m herald.equivalence INPUT.jsonl[.gz] --herald target/release/herald
--out DIR [--master local[2]] [--limit N]`` runs both and compares: the same
articles (id, title, published, language, text), the same events (id, actors,
CAMEO code, span, date; negated events included, as in events.jsonl), the same
relations (pair, type, origin, score within 0.001), and stories by the
adjusted Rand index of the two article → story assignments. Prints a JSON
report; exits 1 when an article is missing on one side, relations differ,
events differ in an article whose text is the same on both sides, more than
``--max-text-differ`` of the articles differ in their fields (the
extractor's repeated-line statistics are learned per Spark partition, not
over the arrival-ordered stream; see docs/scale-out.md), or the adjusted
Rand index is below ``--min-ari``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from collections import Counter
from math import comb


def adjusted_rand(a: dict, b: dict) -> float:
    """Adjusted Rand index of two labelings of the same keys."""
    keys = sorted(set(a) & set(b))
    n = len(keys)
    if n < 2:
        return 1.0
    pairs = Counter((a[k], b[k]) for k in keys)
    rows = Counter(a[k] for k in keys)
    cols = Counter(b[k] for k in keys)
    index = sum(comb(v, 2) for v in pairs.values())
    ra = sum(comb(v, 2) for v in rows.values())
    cb = sum(comb(v, 2) for v in cols.values())
    expected = ra * cb / comb(n, 2)
    top = (ra + cb) / 2
    if top == expected:
        return 1.0
    return (index - expected) / (top - expected)


def _jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def _parquet(folder):
    import pyarrow.parquet as pq

    return pq.read_table(folder).to_pylist()


def compare(cli_dir: str, spark_dir: str) -> dict:
    ca = {a["id"]: a for a in _jsonl(os.path.join(cli_dir, "articles.jsonl"))}
    sa = {a["id"]: a for a in _parquet(os.path.join(spark_dir, "articles"))}
    fields = ("title", "published", "language", "text", "url", "authors")
    art_diff = [i for i in set(ca) & set(sa) if any(ca[i][f] != sa[i][f] for f in fields)]

    def ev_key(e):
        return (e["id"], e["source"]["code"], e["target"]["code"], e["cameo"], tuple(e["span"]), e.get("date"))

    ce = {ev_key(e) for e in _jsonl(os.path.join(cli_dir, "events.jsonl"))}
    se = {ev_key(e) for e in _parquet(os.path.join(spark_dir, "events"))}

    def rels(arts):
        out = {}
        for a in arts.values():
            for r in a.get("relations") or []:
                out[(a["id"], r["article"], r["type"])] = (r.get("origin"), r["score"])
        return out

    differ = set(art_diff)
    unexplained = sorted(k for k in ce ^ se if k[0].split(":")[0] not in differ)
    cr, sr = rels(ca), rels(sa)
    # The CLI stores a pair once, as (newer, older), and reads it both ways.
    cr = {k: v for k, v in cr.items() if (k[1], k[0], k[2]) not in cr or k[0] > k[1]}
    cr_pairs = {frozenset(k[:2]) | {k[2]} for k in cr}
    sr_pairs = {frozenset(k[:2]) | {k[2]} for k in sr}
    origin_diff = 0
    score_diff = 0
    for k, (origin, score) in sr.items():
        for kk in (k, (k[1], k[0], k[2])):
            if kk in cr:
                origin_diff += cr[kk][0] != origin
                score_diff += abs(cr[kk][1] - score) > 0.001
                break
    ari = adjusted_rand({i: a["story"] for i, a in ca.items()}, {i: a["story"] for i, a in sa.items()})
    return {
        "articles": {"cli": len(ca), "spark": len(sa), "only_cli": len(set(ca) - set(sa)),
                     "only_spark": len(set(sa) - set(ca)), "fields_differ": len(art_diff),
                     "examples": sorted(art_diff)[:5]},
        "events": {"cli": len(ce), "spark": len(se), "only_cli": len(ce - se), "only_spark": len(se - ce),
                   "differ_in_same_text": len(unexplained),
                   "examples_only_cli": sorted(ce - se)[:3], "examples_only_spark": sorted(se - ce)[:3]},
        "relations": {"cli": len(cr_pairs), "spark": len(sr_pairs), "only_cli": len(cr_pairs - sr_pairs),
                      "only_spark": len(sr_pairs - cr_pairs), "origin_differs": origin_diff,
                      "score_differs": score_diff,
                      "examples_only_cli": [sorted(x) for x in list(cr_pairs - sr_pairs)[:3]],
                      "examples_only_spark": [sorted(x) for x in list(sr_pairs - cr_pairs)[:3]]},
        "stories": {"cli": len({a["story"] for a in ca.values()}), "spark": len({a["story"] for a in sa.values()}),
                    "adjusted_rand": round(ari, 4)},
    }


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m herald.equivalence", description=__doc__.split("\n\n")[0])
    p.add_argument("input")
    p.add_argument("--herald", default="herald", help="the herald binary")
    p.add_argument("--out", required=True)
    p.add_argument("--master", default="local[2]")
    p.add_argument("--limit", type=int, default=None, help="only the first N lines of the input")
    p.add_argument("--min-ari", type=float, default=0.85)
    p.add_argument("--max-text-differ", type=float, default=0.01, help="fraction of articles")
    args = p.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    src = args.input
    if args.limit:
        src = os.path.join(args.out, "input.jsonl")
        opener = gzip.open if args.input.endswith(".gz") else open
        with opener(args.input, "rt") as f, open(src, "w") as g:
            for i, line in enumerate(f):
                if i >= args.limit:
                    break
                g.write(line)
    cli = os.path.join(args.out, "cli")
    t = time.time()
    subprocess.run([args.herald, "run", src, "--out", cli, "--db", os.path.join(cli, "herald.db"), "--quiet"], check=False)
    t_cli = time.time() - t
    from .spark import run

    summary = run([src], os.path.join(args.out, "spark"), args.master)
    report = compare(cli, os.path.join(args.out, "spark"))
    report["seconds"] = {"cli": round(t_cli, 2), "spark": summary["seconds"]}
    print(json.dumps(report, indent=1, default=str))
    arts = report["articles"]
    bad = (arts["only_cli"] or arts["only_spark"]
           or arts["fields_differ"] > args.max_text_differ * max(arts["cli"], 1)
           or report["events"]["differ_in_same_text"]
           or report["relations"]["only_cli"] or report["relations"]["only_spark"]
           or report["relations"]["origin_differs"]
           or report["stories"]["adjusted_rand"] < args.min_ari)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
