#!/usr/bin/env python3
"""Picks Wikinews articles for article-relevance labels (deterministic).

Usage: select.py [SHARED] > slices.tsv   (columns: slice, article id)
Articles not in the event slices `shared`, `a` … `ap` of ../slices.tsv, ordered by a hash of the id;
slice `r00` (100 articles, labelled by every annotator, for agreement), then `r01`, `r02`, ... (100 each).
"""
import gzip, hashlib, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
shared = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("HERALD_SHARED", "../shared")
# The event slices as they stood when these slices were drawn (`shared`, `a` … `ap`): later event
# slices may overlap these articles, and the relevance slices must not move.
EVENT_SLICES = {"shared"} | set("abcdefghijklmnopqrstuvwxyz") | {"a" + c for c in "abcdefghijklmnop"}
coded = {l.split("\t")[1].strip() for l in open(os.path.join(here, "..", "slices.tsv")) if l.split("\t")[0] in EVENT_SLICES}
rows = []
with gzip.open(os.path.join(shared, "corpus/wikinews/articles.jsonl.gz"), "rt") as f:
    for line in f:
        a = json.loads(line)
        if a["id"] not in coded:
            rows.append((hashlib.sha1(("relevance:" + a["id"]).encode()).hexdigest(), a["id"]))
rows.sort()
for k in range(0, len(rows), 100):
    name = f"r{k // 100:02d}"
    for _, aid in rows[k : k + 100]:
        print(f"{name}\t{aid}")
