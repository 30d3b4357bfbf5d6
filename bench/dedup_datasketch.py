#!/usr/bin/env python3
"""Herald dedup vs datasketch (pip) on the same synthetic corpus, in one run.

Writes K synthetic ~4 KB articles with Herald's bench generator, then times
MinHash (128 permutations, word 5-shingles, update_batch) + MinHashLSH
(threshold 0.5) inserts with datasketch, and Herald's signatures + LSH on the
same file; prints both rates and the ratio.

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


def shingles(text, k=5):
    w = WORD.findall(text.lower())
    if len(w) < k:
        return [" ".join(w).encode()] if w else []
    return [" ".join(w[i:i + k]).encode() for i in range(len(w) - k + 1)]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "docs.jsonl")
        subprocess.run([BIN, "0", "--full", "0", "--dump", path, str(K)], check=True)
        texts = [json.loads(line)["text"] for line in open(path)]

        t0, c0 = time.perf_counter(), time.process_time()
        lsh = MinHashLSH(threshold=0.5, num_perm=128)
        for i, t in enumerate(texts):
            m = MinHash(num_perm=128)
            m.update_batch(shingles(t))
            lsh.insert(str(i), m)
        ds_wall = time.perf_counter() - t0
        ds_cpu = time.process_time() - c0

        out = subprocess.run([BIN, "--from", path], check=True, capture_output=True, text=True)
        herald = json.loads(out.stdout.strip().splitlines()[-1])

    ds_rate = len(texts) / ds_wall
    report = {
        "docs": len(texts),
        "mean_bytes": sum(map(len, texts)) / len(texts),
        "datasketch": {"docs_per_s": round(ds_rate), "docs_per_cpu_s": round(len(texts) / ds_cpu),
                       "threads": 1, "num_perm": 128, "threshold": 0.5},
        "herald": herald,
        "speedup_wall": round(herald["docs_per_s"] / ds_rate, 1),
        "speedup_per_cpu_second": round(herald["docs_per_cpu_s"] / (len(texts) / ds_cpu), 1),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
