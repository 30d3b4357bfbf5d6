"""The stories' merge pass across time-window edges (``herald.spark``).

Each window's stories come from one clusterer run over that window. Articles
within ``EDGE_DAYS`` of a window edge (on either side) are clustered again,
across the edge, by the same Rust clusterer; two stories of neighbouring
windows whose articles meet in one edge cluster become one story (its id is
that of the story founded first). Only cross-window pairs merge: an edge run
never merges two stories of one window that the window's run kept apart.
"""

from __future__ import annotations

import json

from ._spark_stages import CLUSTERED_ARROW, cluster_window

EDGE_DAYS = 7


def _edge_windows(members):
    """Members near a window edge, keyed by the edge (``YYYY-MM|YYYY-MM``)."""
    from pyspark.sql import functions as F

    d = F.to_date("day")
    prev_m = F.date_format(F.add_months(d, -1), "yyyy-MM")
    next_m = F.date_format(F.add_months(d, 1), "yyyy-MM")
    this_m = F.date_format(d, "yyyy-MM")
    head = members.where(F.dayofmonth(d) <= EDGE_DAYS).withColumn("window", F.concat_ws("|", prev_m, this_m))
    tail = members.where(F.datediff(F.last_day(d), d) < EDGE_DAYS).withColumn(
        "window", F.concat_ws("|", this_m, next_m)
    )
    return head.unionByName(tail).where(d.isNotNull())


class _Union:
    def __init__(self, first):
        self.parent = {}
        self.first = first

    def find(self, x):
        p = self.parent.setdefault(x, x)
        if p != x:
            p = self.parent[x] = self.find(p)
        return p

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if self.first.get(rb, 1 << 62) < self.first.get(ra, 1 << 62):
                ra, rb = rb, ra
            self.parent[rb] = ra


def _merge_records(records, order):
    """One story record of several (the merged story)."""
    records = sorted(records, key=lambda r: order.get(r["articles"][0], 1 << 62) if r["articles"] else 1 << 62)
    big = max(records, key=lambda r: len(r["articles"]))
    out = dict(records[0])
    arts = [a for r in records for a in r["articles"]]
    out["articles"] = sorted(arts, key=lambda a: order.get(a, 1 << 62))
    out["size"] = len(out["articles"])
    seen = [r.get("first_seen") for r in records if r.get("first_seen")]
    last = [r.get("last_seen") for r in records if r.get("last_seen")]
    out["first_seen"] = min(seen) if seen else None
    out["last_seen"] = max(last) if last else None
    sources = []
    for r in records:
        for s in r.get("sources") or []:
            if s not in sources:
                sources.append(s)
    out["sources"] = sources
    out["title"] = big["title"]
    out["top_terms"] = big.get("top_terms", [])
    return out


def edge_merge(spark, members, local):
    """(article → story assignment, story records) after the edge pass."""
    from pyspark.sql import functions as F

    from . import _schema

    edge = _edge_windows(members).groupBy("window").applyInArrow(
        cluster_window, "id string, story string, window string, record string"
    )
    assign = local.where(F.col("id").isNotNull()).select("id", "story", F.col("window").alias("w"))
    met = (
        edge.where(F.col("id").isNotNull())
        .select("id", F.col("story").alias("edge_story"), F.col("window").alias("edge"))
        .join(assign, "id")
        .groupBy("edge", "edge_story")
        .agg(F.collect_set(F.struct("w", "story")).alias("local"))
        .where(F.size("local") > 1)
        .collect()
    )
    first = {
        r["story"]: r["first"]
        for r in assign.join(members.select("id", "seq"), "id").groupBy("story").agg(F.min("seq").alias("first")).collect()
    }
    u = _Union(first)
    for row in met:
        local_stories = [(x["w"], x["story"]) for x in row["local"]]
        for wa, a in local_stories:
            for wb, b in local_stories:
                if wa < wb:
                    u.union(a, b)
    roots = {s: u.find(s) for s in list(u.parent)}
    moved = {s: r for s, r in roots.items() if s != r}
    mapping = spark.createDataFrame(list(moved.items()) or [("", "")], "story string, root string")
    assignment = (
        assign.join(mapping, "story", "left")
        .select("id", F.coalesce("root", "story").alias("story"))
    )
    # Story records: unmerged ones as the window's clusterer wrote them,
    # merged ones combined.
    records = local.where(F.col("record").isNotNull())
    merged_ids = set(roots)
    plain = records.where(~F.col("story").isin(list(merged_ids))) if merged_ids else records
    groups = {}
    for r in records.where(F.col("story").isin(list(merged_ids))).collect() if merged_ids else []:
        groups.setdefault(roots[r["story"]], []).append(json.loads(r["record"]))
    need = [a for recs in groups.values() for rec in recs for a in rec["articles"]]
    order = {}
    if need:
        order = {
            r["id"]: r["seq"]
            for r in members.select("id", "seq").where(F.col("id").isin(need)).collect()
        }
    merged_rows = [json.dumps(_merge_records(recs, order)) for recs in groups.values()]
    schema = _schema.STORY
    from pyspark.sql.pandas.types import from_arrow_schema

    spark_schema = from_arrow_schema(schema)
    plain_df = plain.select(F.from_json("record", spark_schema).alias("r")).select("r.*")
    if merged_rows:
        merged_df = spark.createDataFrame([(x,) for x in merged_rows], "record string").select(
            F.from_json("record", spark_schema).alias("r")
        ).select("r.*")
        stories = plain_df.unionByName(merged_df)
    else:
        stories = plain_df
    return assignment, stories.orderBy(F.desc("size"), "id")


__all__ = ["edge_merge", "EDGE_DAYS", "CLUSTERED_ARROW"]
