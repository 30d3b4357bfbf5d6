#!/usr/bin/env python3
"""Agreement of two relevance label files on the articles both labelled: share equal and Cohen's kappa.
Usage: agreement.py A.jsonl B.jsonl"""
import json, sys

a, b = ({(r := json.loads(l))["article"]: r["status"] for l in open(p) if l.strip()} for p in sys.argv[1:3])
both = sorted(set(a) & set(b))
n = len(both)
same = sum(a[k] == b[k] for k in both) / max(n, 1)
pa = sum(a[k] == "political" for k in both) / max(n, 1)
pb = sum(b[k] == "political" for k in both) / max(n, 1)
pe = pa * pb + (1 - pa) * (1 - pb)
kappa = (same - pe) / (1 - pe) if pe < 1 else 1.0
print(f"{n} articles: agreement {same:.3f}, kappa {kappa:.3f}")
