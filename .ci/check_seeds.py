#!/usr/bin/env python3
"""Checks `herald run <shared>/corpus/seeds --out DIR` against the foundation
issue's expectations. Usage: check_seeds.py DIR. Exits 1 with every failure listed."""
import json
import sys
from pathlib import Path

out = Path(sys.argv[1])


def load(name):
    return [json.loads(l) for l in (out / name).read_text().splitlines() if l.strip()]


articles = {a["id"][:3]: a for a in load("articles.jsonl")}
events = load("events.jsonl")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


check(len(articles) == 5, f"5 articles (got {len(articles)})")
chrome = {
    "002": ["Make CT Your Homepage", "Like Us on Facebook", "Real Time Analytics", "(Photo : Iraqi Ministry of Defense)"],
    "003": ["Make CT Your Homepage", "Like Us on Facebook", "Real Time Analytics", "(Photo : Reuters/Andy Wong/Pool)"],
    "004": ["Trending Topics", "Back to top"],
    "000": ["READ MORE: Most recent ISIS munitions", "READ MORE: ISIS neighbors have cold feet"],
    "001": ["IN PHOTO: Iraqi security forces", "REUTERS/Stringer"],
}
for aid, lines in chrome.items():
    a = articles.get(aid)
    if a is None:
        check(False, f"{aid} present")
        continue
    removed = " ".join(r["text"] for r in a["removed"])
    for line in lines:
        check(line not in a["text"], f"{aid}: {line!r} not in text")
        check(line in removed, f"{aid}: {line!r} in removed")
    check(len(a["text"]) > 800, f"{aid}: body kept ({len(a['text'])} chars)")

s = {k: a.get("story") for k, a in articles.items()}
check(s.get("000") is not None and s.get("000") == s.get("001"), "000 and 001 share a story")
check(s.get("004") not in (s.get("000"), s.get("001")), "004 is not in the 000/001 story")
rel = {r["article"][:3] for r in articles.get("001", {}).get("relations", [])}
check("000" in rel, f"001 is related to 000 (relations of 001: {sorted(rel)})")
for pair in [("002", "003"), ("000", "002"), ("000", "004"), ("002", "004")]:
    rels = {r["article"][:3]: r["type"] for r in articles.get(pair[0], {}).get("relations", [])}
    check(rels.get(pair[1]) not in ("exact", "near", "containment"), f"{pair[0]} is no duplicate of {pair[1]}")


def has_event(art, src, tgt, root):
    return any(
        e["article"].startswith(art)
        and e["source"]["code"].startswith(src)
        and e["target"]["code"].startswith(tgt)
        and e["cameo"].startswith(root)
        and not e["negated"]
        for e in events
    )


check(any(has_event(a, "CHN", "IRQ", "03") for a in ("000", "001")), "an event CHN -> IRQ, CAMEO root 03")
check(any(has_event("004", "CHN", "MLI", r) for r in ("03", "05", "06", "07")), "an event CHN -> MLI in 004")
# Issue #20 item 6, through the real path (extraction, language, events).
check(has_event("004", "CHN", "MLI", "0332"), "004: CHN -> MLI 0332 (offer of military aid)")
check(any(has_event("004", "MLI", "IGOWAFECW", r) for r in ("02", "10")), "004: MLI -> ECOWAS appeal")
check(any(has_event(a, "IRQ", "CHN", "05") for a in ("000", "001")), "IRQ -> CHN welcoming the offer (05)")
check(any(has_event("002", "CHN", "", "05") for _ in [0]), "002: a CHN support event (05)")
# "will not join" / "declined to join" is no cooperation: never an 03/05/06 event into the coalition.
check(
    not any(
        e["article"][:3] in ("000", "001")
        and e["target"]["code"].startswith("IMG")
        and e["cameo"][:2] in ("03", "05", "06")
        and not e["negated"]
        for e in events
    ),
    "000/001: no 03/05/06 event for 'will not join' the coalition",
)

if failures:
    print(f"\n{len(failures)} seed expectation(s) failed")
    sys.exit(1)
print("\nall seed expectations met")
