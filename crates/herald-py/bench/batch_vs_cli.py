"""Articles per second: the Python batch API against the CLI on one input.

    python crates/herald-py/bench/batch_vs_cli.py CORPUS.jsonl.gz --herald target/release/herald

Same machine, same thread count (RAYON_NUM_THREADS, default: all cores), models
loaded once before timing. Reports four figures:

* ``cli_ingest``: ``herald ingest`` wall time (every stage, relations,
  stories and SQLite writes) — the CLI's articles/s;
* ``cli_per_article_cpu``: the CLI's CPU seconds in the per-article stages
  (extract, language, events, fingerprint) from ``herald ingest --json``;
* ``py_analyse_batch``: ``herald.analyse_batch`` over a pyarrow Table of the
  same records (per-article stages, tables out);
* ``py_ingest``: ``herald.ingest`` (the CLI's pipeline called from Python).
"""

import argparse
import gzip
import json
import os
import subprocess
import tempfile
import time

import resource

import pyarrow as pa

import herald


def cpu(who=resource.RUSAGE_SELF):
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def main():
    p = argparse.ArgumentParser()
    p.add_argument("input")
    p.add_argument("--herald", default="target/release/herald")
    p.add_argument("--repeat", type=int, default=1)
    a = p.parse_args()
    with gzip.open(a.input, "rt") if a.input.endswith(".gz") else open(a.input) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    table = pa.Table.from_pylist(rows)
    n = len(rows)
    herald.analyse("Models load once: China offered military aid to Mali.")  # warm-up
    out = {"articles": n, "threads": os.environ.get("RAYON_NUM_THREADS", str(os.cpu_count()))}
    best = None
    for _ in range(a.repeat):
        t, c = time.perf_counter(), cpu()
        r = herald.analyse_batch(table, name=os.path.basename(a.input))
        dt, dc = time.perf_counter() - t, cpu() - c
        best = (dt, dc) if best is None else min(best, (dt, dc))
    out["py_analyse_batch"] = {"seconds": round(best[0], 2), "articles_per_second": round(n / best[0], 1),
                               "cpu_seconds": round(best[1], 2), "articles_per_cpu_second": round(n / best[1], 1),
                               "articles": r.articles.num_rows, "events": r.events.num_rows}
    with tempfile.TemporaryDirectory() as d:
        t, c = time.perf_counter(), cpu(resource.RUSAGE_CHILDREN)
        cp = subprocess.run([a.herald, "--db", os.path.join(d, "cli.db"), "ingest", a.input, "--json", "--quiet"],
                            capture_output=True, text=True)
        dt, dc = time.perf_counter() - t, cpu(resource.RUSAGE_CHILDREN) - c
        s = json.loads(cp.stdout)
        st = s["stage_seconds"]
        stage_cpu = st["extract"] + st["language"] + st["events"] + st["fingerprint"]
        out["cli_ingest"] = {"seconds": round(dt, 2), "articles_per_second": round(n / dt, 1),
                             "cpu_seconds": round(dc, 2), "articles_per_cpu_second": round(n / dc, 1),
                             "events": s["events"]}
        out["cli_per_article_cpu"] = {"cpu_seconds": round(stage_cpu, 2), "articles_per_cpu_second": round(n / stage_cpu, 1)}
        t, c = time.perf_counter(), cpu()
        s = herald.ingest(a.input, db=os.path.join(d, "py.db"))
        dt, dc = time.perf_counter() - t, cpu() - c
        out["py_ingest"] = {"seconds": round(dt, 2), "articles_per_second": round(n / dt, 1),
                            "cpu_seconds": round(dc, 2), "articles_per_cpu_second": round(n / dc, 1),
                            "events": s["events"]}
    py, cli = out["py_analyse_batch"], out["cli_ingest"]
    out["ratio_wall"] = round(py["articles_per_second"] / cli["articles_per_second"], 3)
    out["ratio_cpu"] = round(py["articles_per_cpu_second"] / cli["articles_per_cpu_second"], 3)
    out["ratio_cpu_per_article_stages"] = round(
        py["articles_per_cpu_second"] / out["cli_per_article_cpu"]["articles_per_cpu_second"], 3)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
