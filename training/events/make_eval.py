#!/usr/bin/env python3
"""Builds a real-news eval folder from the hand-coded Wikinews labels, in the
layout `herald eval events --gold DIR` reads (articles.jsonl with status,
events.jsonl), so that rules and thresholds are chosen on TRAINING data and
realnews-dev stays a check.

Usage: make_eval.py OUT_DIR [LABELS...]   (default: labels/wikinews-*.jsonl)
An article coded by several coders (the shared agreement slice) is taken
from the first coder in file order only."""
import glob, gzip, json, os, sys

out = sys.argv[1]
files = sys.argv[2:] or sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "labels/wikinews-*.jsonl")))
shared = os.environ.get("HERALD_SHARED", "../shared")
owner, status, events = {}, {}, []
for f in files:
    for line in open(f):
        if not line.strip():
            continue
        r = json.loads(line)
        a = r["article"]
        owner.setdefault(a, f)
        if owner[a] != f:
            continue
        if "status" in r:
            status[a] = r["status"]
        else:
            events.append(r)
texts = {}
with gzip.open(os.path.join(shared, "corpus/wikinews/articles.jsonl.gz"), "rt") as fh:
    for line in fh:
        a = json.loads(line)
        if a["id"] in status:
            texts[a["id"]] = a
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "articles.jsonl"), "w") as fh:
    for aid, st in status.items():
        a = texts[aid]
        fh.write(json.dumps({"id": aid, "url": a.get("url"), "title": a.get("title"), "published": a.get("published"),
                             "text": a["text"], "from": "wikinews", "status": st}) + "\n")
with open(os.path.join(out, "events.jsonl"), "w") as fh:
    for e in events:
        fh.write(json.dumps({k: e[k] for k in ("article", "sentence", "trigger", "source", "target", "source_text",
                                               "target_text", "cameo", "root", "plover", "negated", "date", "confidence")}) + "\n")
print(f"{len(status)} articles, {len(events)} events -> {out}", file=sys.stderr)
