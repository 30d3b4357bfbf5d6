#!/usr/bin/env python3
"""Validates hand-coded event labels against CODEBOOK.md's record format.

Usage: validate.py LABELS.jsonl [...]   (HERALD_SHARED locates the corpus and the CAMEO table)
Each line: {"article", "sentence", "trigger", "source", "target", "source_text", "target_text",
            "cameo", "root", "plover", "negated", "date", "confidence", "coder"}
plus one line {"article": ID, "status": "coded"|"none"|"skipped", "coder": NAME} per article read
(records without events say which articles were read and found empty).
Checks: known article; sentence verbatim in its text; trigger/source_text/target_text verbatim in
the sentence; cameo in CAMEO2PLOVER-2021.txt (02x allowed for appeals); root = cameo[:2]; plover
from the table (REQUEST for 02x/10x); actor codes well formed; date YYYY-MM-DD or null;
confidence high|medium; every article with events has status coded. Exit 1 listing each problem.
"""
import gzip, json, os, re, sys

shared = os.environ.get("HERALD_SHARED", os.path.join(os.path.dirname(__file__), "../../../shared"))
table = {}
for line in open(os.path.join(shared, "eval/events/CAMEO2PLOVER-2021.txt")):
    m = re.match(r"^(\d{2,4}):\s*([A-Z_]+)", line)
    if m:
        table[m.group(1)] = m.group(2)
texts = {}
with gzip.open(os.path.join(shared, "corpus/wikinews/articles.jsonl.gz"), "rt") as f:
    for line in f:
        a = json.loads(line)
        texts[a["id"]] = a["text"]

ROLES = "GOV MIL COP JUD LEG OPP REB CVL BUS NGO MED REL EDU HLH LAB".split()
ACTOR = re.compile(r"^(---|[A-Z]{3})(" + "|".join(ROLES) + r")?$|^(IGO|IMG|NGO)[A-Z]{0,9}$")
problems = []
statuses, with_events = {}, set()
n = 0
for path in sys.argv[1:]:
    for i, line in enumerate(open(path), 1):
        where = f"{path}:{i}"
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{where}: not JSON ({e})")
            continue
        art = r.get("article")
        if art not in texts:
            problems.append(f"{where}: unknown article {art!r}")
            continue
        if "status" in r:
            if r["status"] not in ("coded", "none", "skipped"):
                problems.append(f"{where}: bad status {r['status']!r}")
            statuses[(path, art)] = r["status"]
            continue
        n += 1
        with_events.add((path, art))
        s = r.get("sentence", "")
        if not s or s not in texts[art]:
            problems.append(f"{where}: sentence not verbatim in {art}")
        for k in ("trigger", "source_text", "target_text"):
            v = r.get(k)
            if not isinstance(v, str):
                problems.append(f"{where}: {k} must be a string")
            elif v and v not in s:
                problems.append(f"{where}: {k} {v!r} not in the sentence")
        if not r.get("trigger"):
            problems.append(f"{where}: empty trigger")
        c = r.get("cameo", "")
        if c not in table and not (re.fullmatch(r"02\d{0,2}", c or "")):
            problems.append(f"{where}: cameo {c!r} not in CAMEO2PLOVER")
        if r.get("root") != c[:2]:
            problems.append(f"{where}: root {r.get('root')!r} != cameo[:2]")
        want = "REQUEST" if c[:2] in ("02", "10") else table.get(c)
        if r.get("plover") != want:
            problems.append(f"{where}: plover {r.get('plover')!r}, table says {want!r}")
        for k in ("source", "target"):
            v = r.get(k, None)
            if not isinstance(v, str) or (v and not ACTOR.match(v)) or (k == "source" and not v):
                problems.append(f"{where}: bad {k} code {v!r}")
        if r.get("negated") is not False:
            problems.append(f"{where}: negated must be false")
        d = r.get("date")
        if d is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d", str(d)):
            problems.append(f"{where}: bad date {d!r}")
        if r.get("confidence") not in ("high", "medium"):
            problems.append(f"{where}: confidence must be high|medium")
for key in with_events:
    if statuses.get(key) != "coded":
        problems.append(f"{key[0]}: article {key[1]} has events but status {statuses.get(key)!r}")
for p in problems:
    print(p)
print(f"{n} events, {len(statuses)} articles read, {len(problems)} problems", file=sys.stderr)
sys.exit(1 if problems else 0)
