#!/usr/bin/env python3
"""Agreement between two coders on the articles both coded (the realnews-dev scoring:
same article, same root with 02 = 10, same source country, same target country when named).

Usage: agreement.py A.jsonl B.jsonl   -> recall of B's coding against A as gold, and of A against B,
F1 (their harmonic mean), and root-only agreement."""
import json, sys

def load(p):
    ev, st = {}, {}
    for l in open(p):
        if not l.strip():
            continue
        r = json.loads(l)
        if "status" in r:
            st[r["article"]] = r["status"]
        else:
            ev.setdefault(r["article"], []).append(r)
    return ev, st

def root(c):
    r = c[:2]
    return "10" if r == "02" else r

def cty(c):
    return c[:3] if c else "---"

def match(g, e):
    return root(g["cameo"]) == root(e["cameo"]) and cty(g["source"]) == cty(e["source"]) and (
        not g["target"] or cty(g["target"]) == cty(e["target"]))

(ea, sa), (eb, sb) = load(sys.argv[1]), load(sys.argv[2])
both = sorted(set(sa) & set(sb))
def rec(g, s):
    n = f = 0
    for a in both:
        for x in g.get(a, []):
            n += 1
            f += any(match(x, y) for y in s.get(a, []))
    return f, n
fa, na = rec(ea, eb)
fb, nb = rec(eb, ea)
ra, rb = fa / max(na, 1), fb / max(nb, 1)
print(f"articles coded by both: {len(both)}; status agreement {sum(sa[a]==sb[a] for a in both)}/{len(both)}")
print(f"A's events found in B: {fa}/{na} = {ra:.2f}; B's in A: {fb}/{nb} = {rb:.2f}; F1 {2*ra*rb/max(ra+rb,1e-9):.2f}")
