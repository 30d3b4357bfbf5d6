#!/usr/bin/env python3
"""Prints the articles of one slice for coding: id, date, title, then the text.
Usage: show.py SLICE [SHARED] [--slices FILE] [--lead WORDS]
  --slices FILE  the slice table (default: slices.tsv beside this script;
                 relevance/slices.tsv for the relevance labels)
  --lead WORDS   print only the first WORDS words of each text (relevance labelling reads 150)"""
import argparse, gzip, json, os

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("slice")
ap.add_argument("shared", nargs="?", default=os.environ.get("HERALD_SHARED", "../shared"))
ap.add_argument("--slices", default=os.path.join(here, "slices.tsv"))
ap.add_argument("--lead", type=int, default=0)
args = ap.parse_args()
ids = [l.split("\t")[1].strip() for l in open(args.slices) if l.split("\t")[0] == args.slice]
want = set(ids)
arts = {}
with gzip.open(os.path.join(args.shared, "corpus/wikinews/articles.jsonl.gz"), "rt") as f:
    for line in f:
        a = json.loads(line)
        if a["id"] in want:
            arts[a["id"]] = a
for aid in ids:
    a = arts[aid]
    text = a["text"]
    if args.lead:
        words = text.split()
        text = " ".join(words[: args.lead]) + (" …" if len(words) > args.lead else "")
    print(f"=== {aid} | published {a.get('published')} | {a['title']}\n{text}\n")
