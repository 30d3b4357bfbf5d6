"""Planted copies for the CLI/Spark equivalence check on a real corpus.

    python crates/herald-py/bench/plant_copies.py CORPUS.jsonl.gz OUT.jsonl [--every 120]

For every N-th article writes three copies with new ids, a day later: an
exact copy (``~exact``), a near copy with one word in 25 changed
(``~near``) and an excerpt of its first 60% of paragraphs (``~excerpt``).
Both paths must find the same relations to the originals.
"""

import argparse
import datetime as dt
import gzip
import json
import random


def later(day):
    try:
        return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=1)).isoformat()
    except (TypeError, ValueError):
        return day


def main():
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("out")
    p.add_argument("--every", type=int, default=120)
    a = p.parse_args()
    rnd = random.Random(22)
    with gzip.open(a.corpus, "rt") if a.corpus.endswith(".gz") else open(a.corpus) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    n = 0
    with open(a.out, "w") as g:
        for i, r in enumerate(rows):
            if i % a.every or len(r.get("text", "").split()) < 80:
                continue
            base = dict(r, published=later(r.get("published")), site="Planted Wire")
            words = r["text"].split(" ")
            near = [w if rnd.random() > 0.04 else w.upper() + "x" for w in words]
            paras = r["text"].split("\n\n")
            for kind, text in (
                ("exact", r["text"]),
                ("near", " ".join(near)),
                ("excerpt", "\n\n".join(paras[: max(1, int(len(paras) * 0.6))])),
            ):
                g.write(json.dumps(dict(base, id=f"{r['id']}~{kind}", text=text)) + "\n")
                n += 1
    print(f"{n} planted copies written to {a.out}")


if __name__ == "__main__":
    main()
