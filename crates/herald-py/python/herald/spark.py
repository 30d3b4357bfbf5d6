"""Herald on Spark: ``python -m herald.spark INPUT... --out DIR [--master local[2]]``.

Every stage is the package's Rust code (the same crates as ``herald``):

1. **read** JSONL (``.gz`` too) or Parquet with the ``.jsonl`` fields; each
   row gets its arrival number ``seq`` (input order, then row order);
2. **per-article stages** (extract, language, events, fingerprint) with
   ``mapInArrow`` over ``herald._herald.analyse_records``;
3. **relations**: the dedup index's candidate keys (exact hash, LSH bands,
   containment samples, rare terms) are joined in Spark SQL, keys more
   common than the index's caps are dropped, and each article's candidates
   that arrived before it are verified by the index's own measures
   (``relate_groups``): verified pairs only, never transitive;
4. **stories**: one ``StoryClusterer`` per time window (publication month)
   in arrival order, each replaying as context the 90 days before the
   window and then the whole history of the stories alive there; every
   article takes its story in the latest run that holds it (see
   ``_spark_merge``);
5. **write** Parquet folders ``articles/``, ``events/``, ``relations/``,
   ``stories/``, ``rejects/`` and ``events.gdelt.tsv`` under ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import pyarrow as pa

from . import _schema
from ._spark_merge import cluster_stories
from ._spark_stages import ANALYSED, RELATED, analyse_partitions, relate_partitions

KIND_CAPS = {0: 2000, 1: 2000, 2: 300, 3: 200}  # the index's bucket and df caps
MIN_SHARED = {0: 1, 1: 1, 2: 1, 3: 4}  # candidates by kind (index.rs)


def spark_session(master: str, threads_per_task: int):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    # One rayon thread per Spark task: Spark's task slots are the parallelism.
    os.environ["RAYON_NUM_THREADS"] = str(threads_per_task)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
        .appName("herald")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.memory", os.environ.get("HERALD_SPARK_MEMORY", "2g"))
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "256")
        .config("spark.ui.enabled", "false")
        # Dates that are not dates ("2005-02-30", none) become null, not errors.
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.executorEnv.RAYON_NUM_THREADS", str(threads_per_task))
        .getOrCreate()
    )


def read_inputs(spark, inputs):
    """One DataFrame of input rows with ``seq``, their arrival order."""
    from pyspark.sql import functions as F

    fields = ["id", "url", "title", "published", "site", "authors", "text", "html"]
    frames = []
    for n, path in enumerate(inputs):
        if path.endswith(".parquet") or (os.path.isdir(path) and any(f.endswith(".parquet") for f in os.listdir(path))):
            df = spark.read.parquet(path)
        else:
            df = spark.read.json(path)
        cols = []
        for f in fields:
            if f not in df.columns:
                cols.append(F.lit(None).cast("string").alias(f))
            elif f == "authors" and dict(df.dtypes)[f] != "string":
                cols.append(F.to_json(F.col(f)).alias(f))
            else:
                cols.append(F.col(f).cast("string").alias(f))
        seq = F.lit(n).cast("long") * F.lit(1 << 56) + F.monotonically_increasing_id()
        frames.append(df.select(seq.alias("seq"), F.lit(os.path.basename(path)).alias("source"), *cols))
    out = frames[0]
    for f in frames[1:]:
        out = out.unionByName(f)
    return out


def run(inputs, out, master="local[2]", partitions=None, window="month"):
    from pyspark.sql import functions as F

    started = time.time()
    slots = int(master[len("local[") : -1]) if master.startswith("local[") and master[6:-1].isdigit() else 2
    spark = spark_session(master, 1)
    os.makedirs(out, exist_ok=True)
    stage = os.path.join(out, "_stage")
    raw = read_inputs(spark, inputs)
    parts = partitions or slots * 4
    analysed = raw.repartition(parts).mapInArrow(analyse_partitions, ANALYSED.get())
    analysed.write.mode("overwrite").parquet(os.path.join(stage, "analysed"))
    t_analyse = time.time()
    analysed = spark.read.parquet(os.path.join(stage, "analysed"))
    ok = analysed.where(F.col("reject").isNull()).drop("reject")
    n_articles = ok.count()

    # -- relations: candidate keys joined, capped, verified in Rust --------
    keys = ok.select("seq", "id", F.explode("keys").alias("key")).withColumn("kind", F.shiftright("key", 32))
    df = keys.groupBy("key").agg(F.count("*").alias("df"), F.first("kind").alias("kind"))
    cap = F.lit(0)
    for k, c in KIND_CAPS.items():
        cap = F.when(F.col("kind") == k, F.lit(c)).otherwise(cap)
    live = df.where(F.col("df") <= cap).select("key")
    keys = keys.join(live, "key")
    a, b = keys.alias("a"), keys.alias("b")
    shared = (
        a.join(b, (F.col("a.key") == F.col("b.key")) & (F.col("a.seq") > F.col("b.seq")))
        .groupBy(F.col("a.id").alias("newer"), F.col("b.id").alias("older"), F.col("a.kind").alias("kind"))
        .agg(F.count("*").alias("n"))
    )
    need = F.lit(1)
    for k, m in MIN_SHARED.items():
        need = F.when(F.col("kind") == k, F.lit(m)).otherwise(need)
    pairs = shared.where(F.col("n") >= need).select("newer", "older").distinct()
    side = ok.select("id", "seq", "published", "fingerprint")
    o = side.select(*(F.col(c).alias("o_" + c) for c in side.columns))
    groups = (
        pairs.join(o, F.col("older") == F.col("o_id"))
        .groupBy("newer")
        .agg(F.sort_array(F.collect_list(F.struct("o_seq", "o_id", "o_published", "o_fingerprint"))).alias("older"))
        .join(side, F.col("newer") == F.col("id"))
        .select("id", "published", "fingerprint", "older")
    )
    relations = groups.mapInArrow(relate_partitions, RELATED.get())
    relations.write.mode("overwrite").parquet(os.path.join(out, "relations"))
    relations = spark.read.parquet(os.path.join(out, "relations"))
    t_relate = time.time()

    # -- stories: per window with its history as context (_spark_merge) ---
    rel_json = relations.groupBy(F.col("article").alias("rid")).agg(F.collect_list("core").alias("rels"))
    day = F.substring(F.coalesce(F.col("published"), F.lit("0000-00-00")), 1, 10)
    win = F.substring(day, 1, 7) if window == "month" else F.substring(day, 1, 4)
    members = (
        ok.select("seq", "id", "published", "state")
        .join(rel_json, F.col("id") == F.col("rid"), "left")
        .drop("rid")
        .withColumn("window", win)
        .withColumn("day", day)
    )
    members.write.mode("overwrite").parquet(os.path.join(stage, "members"))
    members = spark.read.parquet(os.path.join(stage, "members"))
    assignment, stories, story_passes = cluster_stories(spark, members)
    t_stories = time.time()

    # -- outputs -----------------------------------------------------------
    articles = (
        ok.join(assignment, "id", "left")
        .join(relations.groupBy(F.col("article").alias("rid")).agg(
            F.sort_array(F.collect_list(F.struct("rank", "other", "type", "score", "origin"))).alias("rels")),
            F.col("id") == F.col("rid"), "left")
        .withColumn(
            "relations",
            F.coalesce(
                F.transform("rels", lambda r: F.struct(
                    r["type"].alias("type"), r["other"].alias("article"), r["score"].alias("score"), r["origin"].alias("origin"))),
                F.array().cast(_spark_type(_schema.ARTICLE.field("relations").type)),
            ),
        )
        .orderBy("seq")
    )
    articles.select(*[f.name for f in _schema.ARTICLE]).write.mode("overwrite").parquet(os.path.join(out, "articles"))
    events = ok.select("seq", F.explode("events").alias("e")).orderBy("seq").select("e.*")
    events.write.mode("overwrite").parquet(os.path.join(out, "events"))
    stories.write.mode("overwrite").parquet(os.path.join(out, "stories"))
    analysed.where(F.col("reject").isNotNull()).select(
        F.from_json("reject", "input string, line long, reason string, detail string, fatal boolean").alias("r")
    ).select("r.*").write.mode("overwrite").parquet(os.path.join(out, "rejects"))
    n_gdelt = write_gdelt(ok, assignment, os.path.join(out, "events.gdelt.tsv"))
    done = time.time()
    summary = {
        "articles": n_articles,
        "events": events.count(),
        "relations": relations.count(),
        "stories": stories.count(),
        "story_passes": story_passes,
        "gdelt_rows": n_gdelt,
        "master": master,
        "seconds": round(done - started, 2),
        "seconds_analyse": round(t_analyse - started, 2),
        "seconds_relate": round(t_relate - t_analyse, 2),
        "seconds_stories": round(t_stories - t_relate, 2),
        "articles_per_second_analyse": round(n_articles / max(t_analyse - started, 1e-9), 1),
        "articles_per_second": round(n_articles / max(done - started, 1e-9), 1),
    }
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    spark.stop()
    return summary


def _spark_type(t: pa.DataType):
    from pyspark.sql.pandas.types import from_arrow_type

    return from_arrow_type(t)


def write_gdelt(ok, assignment, path):
    """events.gdelt.tsv through the CLI's exporter (grouping by story)."""
    from . import _herald

    rows = ok.join(assignment, "id", "left").select("seq", "state", "story").orderBy("seq").collect()
    return _herald.gdelt_tsv([r["state"] for r in rows], [r["story"] for r in rows], path)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m herald.spark", description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", help="JSONL (.gz) files or Parquet files/folders")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--master", default="local[2]")
    p.add_argument("--partitions", type=int, default=None, help="analysis partitions (default 4 per slot)")
    p.add_argument("--window", choices=["month", "year"], default="month", help="story window")
    args = p.parse_args(argv)
    for i in args.inputs:
        if not os.path.exists(i):
            p.error(f"{i}: no such file or folder")
    summary = run(args.inputs, args.out, args.master, args.partitions, args.window)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
