#!/usr/bin/env python3
"""Writes N JSONL records of W words each drawn from the Wikinews vocabulary,
with no punctuation at all: one run-on "sentence" per record. The soak input
for "no input panics the coder" (issue #20 item 5, #24).

Usage: gen_runon.py OUT.jsonl [N=20000] [W=300]   (reads $HERALD_SHARED/corpus/wikinews)"""
import gzip, json, os, random, re, sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
w = int(sys.argv[3]) if len(sys.argv) > 3 else 300
shared = os.environ.get("HERALD_SHARED", "../shared")
words = []
with gzip.open(os.path.join(shared, "corpus/wikinews/articles.jsonl.gz"), "rt") as f:
    for line in f:
        words.extend(re.findall(r"[A-Za-z][A-Za-z'-]*", json.loads(line)["text"]))
rng = random.Random(20)
with open(out, "w") as fh:
    for i in range(n):
        text = " ".join(rng.choice(words) for _ in range(w))
        fh.write(json.dumps({"id": f"long-{i}", "published": "2020-01-01", "text": text}) + "\n")
