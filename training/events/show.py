#!/usr/bin/env python3
"""Prints the articles of one slice for coding: id, date, title, then the text.
Usage: show.py SLICE [SHARED]"""
import gzip, json, os, sys

slice_ = sys.argv[1]
shared = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("HERALD_SHARED", "../shared")
here = os.path.dirname(os.path.abspath(__file__))
ids = [l.split("\t")[1].strip() for l in open(os.path.join(here, "slices.tsv")) if l.split("\t")[0] == slice_]
want = set(ids)
arts = {}
with gzip.open(os.path.join(shared, "corpus/wikinews/articles.jsonl.gz"), "rt") as f:
    for line in f:
        a = json.loads(line)
        if a["id"] in want:
            arts[a["id"]] = a
for aid in ids:
    a = arts[aid]
    print(f"=== {aid} | published {a['published']} | {a['title']}\n{a['text']}\n")
