import json, re, sys, os, collections
shared = os.environ["HERALD_SHARED"]
table = {}
for line in open(os.path.join(shared, "eval/events/CAMEO2PLOVER-2021.txt")):
    m = re.match(r"^(\d{2,4}):\s*([A-Z_]+)", line)
    if m: table[m.group(1)] = m.group(2)
IGOMAP = {"IGOUNOWHO":"IGOUNOHLHWHO","IGOGEIGHT":"IGOBUSGOE","IGOSADC":"IGOSAFSAD","IGOCOE":"IGOEURCOE",
          "IGOOECD":"IGOWSTBUS","IGOIMF":"IGOBUSIMF","IGOWBK":"IGOUNODEVWBK","IGOOPEC":"IGOOPC"}
sl = sys.argv[1]
src = f"labels-pending/wikinews-{sl}.jsonl"
dec = {}
for l in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), f"decisions-{sl}.tsv")):
    if not l.strip(): continue
    p = l.rstrip("\n").split("\t")
    key = (p[0], int(p[1][1:]))
    assert key not in dec, key
    dec[key] = (p[2], p[3], json.loads(p[4]) if len(p) > 4 and p[4] else {})
lines = [json.loads(l) for l in open(src) if l.strip()]
idx = collections.Counter(); used = set(); log = []; out = []
for r in lines:
    if "status" in r:
        out.append(r); continue
    a = r["article"]; k = (a, idx[a]); idx[a] += 1
    sent = r["sentence"][:60].replace("\t", " ")
    if k in dec:
        used.add(k); act, reason, fx = dec[k]
        if act == "drop":
            log.append((a, sent, r["trigger"], "drop", reason)); continue
        r = dict(r); r.update(fx)
        c = r["cameo"]; r["root"] = c[:2]; r["plover"] = "REQUEST" if c[:2] in ("02","10") else table[c]
        log.append((a, sent, r["trigger"], "fix", reason))
    reasons = []
    for f in ("source", "target"):
        if r[f] in IGOMAP:
            r = dict(r); r[f] = IGOMAP[r[f]]; reasons.append("actor-code")
    c = r["cameo"]; want = "REQUEST" if c[:2] in ("02","10") else table.get(c)
    if r["root"] != c[:2] or r["plover"] != want:
        r = dict(r); r["root"] = c[:2]; r["plover"] = want; reasons.append("root-plover")
    if reasons and k not in dec:
        log.append((a, sent, r["trigger"], "fix", "+".join(sorted(set(reasons)))))
    elif reasons:
        log[-1] = log[-1][:4] + (log[-1][4] + "+" + "+".join(sorted(set(reasons))),)
    out.append(r)
missing = set(dec) - used
assert not missing, missing
# status: coded articles left without events -> none
has = collections.Counter(r["article"] for r in out if "status" not in r)
changed = []
for r in out:
    if "status" in r and r["status"] == "coded" and not has[r["article"]]:
        r["status"] = "none"; changed.append(r["article"])
os.makedirs("labels-reviewed", exist_ok=True)
with open(f"labels-reviewed/wikinews-{sl}.jsonl", "w") as f:
    for r in out: f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open(f"labels-reviewed/audit-{sl}.tsv", "w") as f:
    f.write("article\tsentence\ttrigger\taction\treason\n")
    for row in log: f.write("\t".join(x.replace("\t"," ").replace("\n"," ") for x in row) + "\n")
    for a in changed: f.write(f"{a}\t\t\tstatus\tcoded->none (all events dropped)\n")
print(sl, "events in", sum(1 for r in lines if "status" not in r), "out", sum(has.values()), "log rows", len(log), "status changed", changed)
