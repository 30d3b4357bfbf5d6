#!/usr/bin/env python3
"""Herald dedup vs datasketch (pip): speed AND near-duplicate F1 on the same
synthetic corpus, in one run.

Writes K synthetic ~4 KB articles with Herald's bench generator
(`dedup_bench --dump`). 10 % of them are planted near-duplicates: doc i
(i % 10 == 9) is an edited copy of doc i-5, with 3, 5, 10, 20 or 30 % of its
words replaced (cycling); the dump marks them with "dup_of" and "edit". Those
(copy, source) pairs are the gold; any other predicted pair is a false
positive (the other docs are independent draws).

Both systems index all K docs, then query every doc against the full index:
  * datasketch: MinHash (128 permutations, word 5-shingles, update_batch) +
    MinHashLSH(threshold=0.5); predicted pairs = the LSH query result as is
    (datasketch does not verify candidates). A reference row,
    "datasketch+verify", keeps only candidates whose MinHash Jaccard estimate
    is >= 0.5.
  * Herald: one-permutation 128 x 16-bit signatures + 32x4 LSH; predicted pairs
    = LSH candidates whose signature Jaccard estimate is >= NEAR_MIN (0.5),
    the rule DedupIndex uses for `near`. A reference row, "herald-lsh", scores
    all of Herald's LSH candidates unverified (like datasketch's output).

Prints one table: system, edit band, build docs/s (signatures + inserts),
end-to-end docs/s (build + query every doc), P, R, F1 of pairs, and the speed
ratio Herald / datasketch. Per band, a predicted pair counts for a band when
either doc belongs to a gold pair of that band; "all" scores every pair.
"true J" is the mean exact 5-shingle Jaccard of the band's gold pairs
(the 0.5 threshold sits between the 5 % and 10 % bands). The @J.5 columns
score against a second gold: only the planted pairs whose exact Jaccard is
>= 0.5 (what a 0.5-threshold detector is asked for); a planted pair below it
then counts as a false positive.

    python3 bench/dedup_datasketch.py [K=20000]

Needs `pip install datasketch` and a release build of the example:
    CARGO_TARGET_DIR=/work/target-dedup cargo build --release -p herald-dedup --example dedup_bench
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from datasketch import MinHash, MinHashLSH

K = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
TARGET = os.environ.get("CARGO_TARGET_DIR", "/work/target-dedup")
BIN = os.path.join(TARGET, "release", "examples", "dedup_bench")
WORD = re.compile(r"\w+")
THRESHOLD = 0.5
PERMS = 128


def shingles(text, k=5):
    w = WORD.findall(text.lower())
    if len(w) < k:
        return [" ".join(w).encode()] if w else []
    return [" ".join(w[i:i + k]).encode() for i in range(len(w) - k + 1)]


def run_datasketch(texts):
    """Build timed apart from querying; returns (build_s, query_s, cpu_s, pairs, verified)."""
    t0, c0 = time.perf_counter(), time.process_time()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMS)
    mins = []
    for i, t in enumerate(texts):
        m = MinHash(num_perm=PERMS)
        m.update_batch(shingles(t))
        lsh.insert(i, m)
        mins.append(m)
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    pairs = set()
    for i, m in enumerate(mins):
        for j in lsh.query(m):
            if j > i:
                pairs.add((i, j))
    query = time.perf_counter() - t1
    cpu = time.process_time() - c0
    # Verification is not part of datasketch's LSH; scored as an extra row, untimed.
    verified = {(i, j) for i, j in pairs if mins[i].jaccard(mins[j]) >= THRESHOLD}
    return build, query, cpu, pairs, verified


def score(pred, gold, band_of, band):
    """P, R, F1 of predicted pairs against gold pairs, optionally within one band."""
    if band is not None:
        gold = {p for p in gold if band_of[p[0]] == band}
        pred = {p for p in pred if band_of.get(p[0]) == band or band_of.get(p[1]) == band}
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, len(pred), tp, len(gold)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "docs.jsonl")
        pairs_path = os.path.join(tmp, "herald_pairs.jsonl")
        subprocess.run([BIN, "0", "--full", "0", "--dump", path, str(K)], check=True)
        docs = [json.loads(line) for line in open(path)]
        texts = [d["text"] for d in docs]

        # Gold: (source line, copy line) for every planted copy; band = edit rate.
        line_of = {d["id"]: i for i, d in enumerate(docs)}
        gold, band_of, gold_band = set(), {}, {}
        for i, d in enumerate(docs):
            if "dup_of" in d and d["dup_of"] in line_of:
                s = line_of[d["dup_of"]]
                pair = (min(s, i), max(s, i))
                gold.add(pair)
                band_of[s] = band_of[i] = d["edit"]
                gold_band[pair] = d["edit"]
        bands = sorted(set(gold_band.values()))
        # Second gold: planted pairs whose exact Jaccard reaches the threshold
        # (what a 0.5-threshold near-duplicate detector is asked to find).
        true_j, gold_j = {}, set()
        for b in bands:
            pairs_b = [p for p, e in gold_band.items() if e == b]
            js = []
            for a, c in pairs_b:
                sa, sc = set(shingles(texts[a])), set(shingles(texts[c]))
                js.append(len(sa & sc) / len(sa | sc))
            true_j[b] = sum(js) / len(js)
            gold_j.update(p for p, j in zip(pairs_b, js) if j >= THRESHOLD)

        ds_build, ds_query, ds_cpu, ds_pairs, ds_verified = run_datasketch(texts)

        out = subprocess.run([BIN, "--from", path, "--pairs", pairs_path],
                             check=True, capture_output=True, text=True)
        herald = json.loads(out.stdout.strip().splitlines()[-1])
        h_rows = [json.loads(line) for line in open(pairs_path)]
        h_pairs = {(r[0], r[1]) for r in h_rows if r[3]}
        h_cands = {(r[0], r[1]) for r in h_rows}

    n = len(texts)
    h_build = herald["seconds"]
    h_total = herald["seconds"] + herald["query_seconds"]
    rates = {
        "herald": (n / h_build, n / h_total),
        "datasketch": (n / ds_build, n / (ds_build + ds_query)),
    }
    rates["datasketch+verify"] = rates["datasketch"]
    rates["herald-lsh"] = rates["herald"]
    systems = [("herald", h_pairs), ("datasketch", ds_pairs),
               ("herald-lsh", h_cands), ("datasketch+verify", ds_verified)]

    print(f"docs {n}, mean {sum(map(len, texts)) / n:.0f} bytes, gold pairs {len(gold)} "
          f"({len(gold) // max(len(bands), 1)} per band; {len(gold_j)} with exact J >= {THRESHOLD}), "
          f"threshold {THRESHOLD}, {PERMS} perms, Herald threads {herald['threads']}, "
          "datasketch 1 thread")
    head = (f"{'system':<18} {'band':>5} {'true J':>6} {'build/s':>8} {'e2e/s':>8} "
            f"{'pred':>6} {'TP':>5} {'P':>6} {'R':>6} {'F1':>6} {'ratio':>12} "
            f"{'P@J.5':>6} {'R@J.5':>6} {'F1@J.5':>6}")
    print(head)
    print("-" * len(head))
    for name, pred in systems:
        build, e2e = rates[name]
        for band in [None] + bands:
            p, r, f, npred, tp, _ = score(pred, gold, band_of, band)
            pj, rj, fj, _, _, ngj = score(pred, gold_j, band_of, band)
            js = f"{pj:6.3f} {rj:6.3f} {fj:6.3f}" if ngj else f"{pj:6.3f} {'-':>6} {'-':>6}"
            if band is None:
                ratio = (f"{rates['herald'][0] / build:.1f}x/{rates['herald'][1] / e2e:.1f}x"
                         if not name.startswith("herald") else "1x")
                label, tj, bs, es = "all", "", f"{build:.0f}", f"{e2e:.0f}"
            else:
                ratio, label, tj, bs, es = "", f"{band:.0%}", f"{true_j[band]:.2f}", "", ""
            print(f"{name:<18} {label:>5} {tj:>6} {bs:>8} {es:>8} {npred:>6} {tp:>5} "
                  f"{p:6.3f} {r:6.3f} {f:6.3f} {ratio:>12} {js}")
    print("P/R/F1: gold = all planted pairs; @J.5: gold = planted pairs with exact J >= 0.5. "
          "herald-lsh / datasketch+verify: unverified Herald candidates / datasketch verified, "
          "for reference (same timings as their system).")
    print("ratio = Herald docs/s / this system's docs/s (build / end-to-end); "
          f"Herald {herald['docs_per_cpu_s']:.0f} docs per CPU-second (build), "
          f"datasketch {n / ds_cpu:.0f} (build + query)")


if __name__ == "__main__":
    main()
