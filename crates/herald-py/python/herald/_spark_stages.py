"""The functions Spark runs on its executors (``herald.spark``): each hands
a batch of rows to the package's Rust stages and returns Arrow rows."""

from __future__ import annotations

import json

import pyarrow as pa

from . import _herald, _schema

LOW = (1 << 56) - 1

#: Per-article output of the analysis stage (arrow schema).
ANALYSED_ARROW = pa.schema(
    [("seq", pa.int64())]
    + list(_schema.EXTRACTED)
    + [
        ("events", pa.list_(pa.struct(list(_schema.EVENT)))),
        ("fingerprint", pa.binary()),
        ("state", pa.string()),
        ("keys", pa.list_(pa.int64())),
        ("reject", pa.string()),
    ]
)

RELATED_ARROW = pa.schema(
    list(_schema.RELATION_ROW) + [("rank", pa.int64()), ("core", pa.string())]
)

CLUSTERED_ARROW = pa.schema(
    [("id", pa.string()), ("story", pa.string()), ("window", pa.string()), ("record", pa.string())]
)


def _ddl(schema: pa.Schema):
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


class _Lazy:
    """A Spark schema built on first use (needs pyspark, driver side only)."""

    def __init__(self, schema):
        self.schema = schema
        self._spark = None

    def get(self):
        if self._spark is None:
            self._spark = _ddl(self.schema)
        return self._spark


def _record(row: dict) -> str:
    r = {k: row[k] for k in ("id", "url", "title", "published", "site", "text", "html") if row.get(k) is not None}
    a = row.get("authors")
    if a:
        try:
            r["authors"] = json.loads(a)
        except ValueError:
            r["authors"] = a
    return json.dumps(r)


def analyse_partitions(batches):
    """mapInArrow: input rows → analysed articles (or reject rows)."""
    for batch in batches:
        rows = batch.to_pylist()
        if not rows:
            continue
        by_input = {}
        # Per source file, so that inputs and rejects name the file.
        for i, r in enumerate(rows):
            by_input.setdefault(r["source"], []).append(i)
        out = []
        for source, idx in by_input.items():
            name = f"{source}@{rows[idx[0]]['seq'] & LOW}"
            got, rejects = _herald.analyse_records([_record(rows[i]) for i in idx], name, False)
            keys = _herald.fingerprint_keys([fp for _, fp, _ in got])

            def seq_of(line: int) -> int:
                return rows[idx[line - 1]]["seq"]

            for (rec, fp, state), k in zip(got, keys):
                r = json.loads(rec)
                seq = seq_of(int(r["input"].rsplit(":", 1)[1]))
                r["input"] = f"{source}#{(seq & LOW) + 1}"
                r.update(seq=seq, fingerprint=fp, state=state, keys=k)
                out.append(r)
            for j in rejects:
                rej = json.loads(j)
                seq = seq_of(rej["line"]) if rej.get("line") else -1
                rej["input"] = f"{source}#{(seq & LOW) + 1}" if seq >= 0 else source
                out.append({"seq": seq, "reject": json.dumps(rej)})
        yield pa.RecordBatch.from_pylist(out, schema=ANALYSED_ARROW)


def relate_partitions(batches):
    """mapInArrow: (newer article, older candidates) → verified relations."""
    for batch in batches:
        rows = batch.to_pylist()
        groups = [
            (
                (r["id"], r["published"], r["fingerprint"]),
                [(o["o_id"], o["o_published"], o["o_fingerprint"]) for o in r["older"]],
            )
            for r in rows
        ]
        out = []
        for r, rels in zip(rows, _herald.relate_groups(groups)):
            for rank, core in enumerate(rels):
                c = json.loads(core)
                out.append(
                    {
                        "article": r["id"],
                        "other": c["article"],
                        "type": c["type"],
                        "score": round(c["score"] * 1000.0) / 1000.0,
                        "origin": c.get("origin"),
                        "rank": rank,
                        "core": core,
                    }
                )
        yield pa.RecordBatch.from_pylist(out, schema=RELATED_ARROW)


def cluster_window(table: pa.Table) -> pa.Table:
    """applyInArrow: one window's articles → story of each (one clusterer,
    arrival order) and the story records."""
    rows = sorted(table.to_pylist(), key=lambda r: r["seq"])
    if not rows:
        return pa.Table.from_pylist([], schema=CLUSTERED_ARROW)
    window = rows[0]["window"]
    assigned, stories = _herald.cluster([r["state"] for r in rows], [r["rels"] or [] for r in rows])
    out = [{"id": i, "story": s, "window": window, "record": None} for i, s in assigned]
    out += [{"id": None, "story": json.loads(s)["id"], "window": window, "record": s} for s in stories]
    return pa.Table.from_pylist(out, schema=CLUSTERED_ARROW)


ANALYSED = _Lazy(ANALYSED_ARROW)
RELATED = _Lazy(RELATED_ARROW)
