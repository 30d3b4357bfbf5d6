"""TF-IDF + LinearSVC baseline for ConfliBERT's 5-class CAMEO sentence task.

Same split as `herald eval conflibert`: a row is held out when the FNV-1a
(32-bit) hash of its text's UTF-8 bytes is divisible by 5.

    pip install scikit-learn
    python3 training/events/conflibert_baseline.py [$HERALD_SHARED/data/events/conflibert/cameo_class_train.tsv]
"""

import os
import sys

# This folder's select.py would shadow the standard library's `select`.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402


def fnv(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def main() -> None:
    shared = os.environ.get("HERALD_SHARED", "../shared")
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        shared, "data/events/conflibert/cameo_class_train.tsv")
    train, test = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" not in line:
                continue
            text, label = line.rsplit("\t", 1)
            try:
                y = int(label.strip())
            except ValueError:
                continue
            if y >= 5:
                continue
            (test if fnv(text.encode("utf-8")) % 5 == 0 else train).append((text, y))
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    xtr = vec.fit_transform([t for t, _ in train])
    xte = vec.transform([t for t, _ in test])
    clf = LinearSVC(C=1.0).fit(xtr, [y for _, y in train])
    pred = clf.predict(xte)
    acc = sum(int(p == y) for p, (_, y) in zip(pred, test)) / max(len(test), 1)
    print(f"TF-IDF (word 1-2 grams) + LinearSVC: train {len(train)} test {len(test)} accuracy {acc:.3f}")


if __name__ == "__main__":
    main()
