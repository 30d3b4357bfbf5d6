import json, re, sys, os, collections
inp, dec, out, log = sys.argv[1:5]
coder_default = None
table = {}
for line in open(os.environ['HERALD_SHARED'] + '/eval/events/CAMEO2PLOVER-2021.txt'):
    m = re.match(r"^(\d{2,4}):\s*([A-Z_]+)", line)
    if m: table[m.group(1)] = m.group(2)
D = {}
for l in open(dec):
    l = l.rstrip('\n')
    if not l.strip() or l.startswith('#'): continue
    parts = l.split(None, 3)
    k, act, reason = int(parts[0]), parts[1], parts[2]
    fields = {}
    if len(parts) > 3:
        for kv in parts[3].split(';'):
            if not kv.strip(): continue
            a, b = kv.split('=', 1)
            fields[a.strip()] = b
    assert k not in D, k
    D[k] = (act, reason, fields)
recs = [json.loads(l) for l in open(inp) if l.strip()]
k = 0; outrecs = []; rows = []; used = set()
for r in recs:
    if 'status' in r:
        outrecs.append(r); continue
    k += 1
    if k in D:
        used.add(k)
        act, reason, fields = D[k]
        if act == 'drop':
            rows.append([r['article'], r['sentence'][:60], r['trigger'], 'drop', reason, ''])
            continue
        det = []
        r = dict(r)
        for a, b in fields.items():
            det.append(f"{a}: {r.get(a)!r}->{b!r}")
            r[a] = b
        c = r['cameo']; r['root'] = c[:2]
        r['plover'] = 'REQUEST' if c[:2] in ('02', '10') else table[c]
        rows.append([r['article'], r['sentence'][:60], r['trigger'], act, reason, '; '.join(det)])
    outrecs.append(r)
missing = set(D) - used
assert not missing, missing
# status: coded articles left with no events -> none
have = collections.Counter(r['article'] for r in outrecs if 'status' not in r)
final = []
for r in outrecs:
    if 'status' in r and r['status'] == 'coded' and have[r['article']] == 0:
        r = dict(r); r['status'] = 'none'
        rows.append([r['article'], '', '', 'status', 'no-events-left', 'coded->none'])
    final.append(r)
with open(out, 'w') as f:
    for r in final: f.write(json.dumps(r, ensure_ascii=False) + '\n')
import csv
with open(log, 'w', newline='') as f:
    w = csv.writer(f, delimiter='\t', lineterminator='\n')
    w.writerow(['article', 'sentence_prefix', 'trigger', 'action', 'reason', 'detail'])
    for row in rows:
        w.writerow([x.replace('\t', ' ').replace('\n', ' ') for x in row])
c = collections.Counter((row[3], row[4]) for row in rows)
print(out, 'events in', k, 'out', sum(1 for r in final if 'status' not in r))
for (a, b), n in sorted(c.items()): print(' ', a, b, n)
