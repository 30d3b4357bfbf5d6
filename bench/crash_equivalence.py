#!/usr/bin/env python3
"""Crash and batching equivalence of `herald ingest`.

Builds an input of N articles (Wikinews articles repeated with
perturbations: edited copies, exact copies, shifted dates), ingests it
once without interruption (the reference), then:

* kill: starts `herald ingest`, kills it with SIGKILL at a random moment,
  K times, then lets a last run finish;
* two runs: a run over the first half of the feed, then one over all of it;
* two at once: two `herald ingest` processes on one database together;
* batch sizes: one run each with other `--batch-size` values;

and for each store checks `PRAGMA integrity_check` and compares a hash of
every content table (articles, events, relations, stories with their ids,
redirects, threads, fingerprints; ingest times and rowids left out) with
the reference. Prints a table; exits 1 when a store differs.

    python3 bench/crash_equivalence.py                      # 2,000 articles (667 x 3), 3 kills
    python3 bench/crash_equivalence.py --articles 100000 --kills 20
    python3 bench/crash_equivalence.py --herald target/release/herald --keep /tmp/ce

Reads $HERALD_SHARED/corpus/wikinews/articles.jsonl.gz (default ../shared).
"""

import argparse
import gzip
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TABLES = [
    ("articles", "SELECT id, raw_hash, hash, input, url, site, title, published, story, text, json FROM articles ORDER BY id"),
    ("events", "SELECT * FROM events ORDER BY id"),
    ("relations", "SELECT * FROM relations ORDER BY a, b, type"),
    ("stories", "SELECT * FROM stories ORDER BY id"),
    ("story_redirects", "SELECT * FROM story_redirects ORDER BY from_id"),
    ("threads", "SELECT * FROM threads ORDER BY id"),
    ("story_threads", "SELECT * FROM story_threads ORDER BY story"),
    ("fingerprints", "SELECT * FROM fingerprints ORDER BY article"),
]
SHOWN = ["articles", "events", "relations", "stories"]


def shared() -> Path:
    return Path(os.environ.get("HERALD_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))


def perturb(text: str, rng: random.Random) -> str:
    """An edited copy: a sentence dropped, words swapped, a line added."""
    paras = [p for p in text.split("\n") if p.strip()]
    if len(paras) > 2:
        del paras[rng.randrange(1, len(paras))]
    words = " ".join(paras).split(" ")
    for _ in range(max(1, len(words) // 40)):
        i = rng.randrange(len(words))
        words[i] = rng.choice(["reportedly", "officials", "on Monday", "again", "local"])
    out = " ".join(words)
    if rng.random() < 0.5:
        out += "\n\nThis report was updated with comments from officials."
    return out


def build_input(path: Path, n: int, copies: int, seed: int) -> None:
    """`n` articles: the first n/copies Wikinews articles, then `copies - 1`
    perturbed copies of each, the copies shuffled."""
    src = shared() / "corpus" / "wikinews" / "articles.jsonl.gz"
    with gzip.open(src, "rt", encoding="utf-8") as f:
        base = [json.loads(line) for line in f if line.strip()]
    base = base[: max(1, -(-n // max(1, copies)))]
    rng = random.Random(seed)
    out = []
    copy = 0
    while len(out) < n:
        for a in base:
            if len(out) >= n:
                break
            if copy == 0:
                out.append(a)
                continue
            b = dict(a)
            b["id"] = f"{a['id']}~c{copy}"
            r = rng.random()
            if r < 0.15:
                pass  # exact copy under another id
            elif r < 0.6:
                b["text"] = perturb(a.get("text", ""), rng)
            else:
                b["text"] = perturb(a.get("text", ""), rng)
                b["title"] = f"{a.get('title', '')} ({copy})"
            if a.get("published"):
                y, m, d = a["published"][:10].split("-")
                b["published"] = f"{y}-{m}-{min(28, int(d) + copy % 5 + 1):02d}"
            out.append(b)
        copy += 1
    # Some of the copies arrive early: a stream is not in corpus order.
    tail = out[len(base):]
    rng.shuffle(tail)
    out[len(base):] = tail
    with open(path, "w", encoding="utf-8") as f:
        for a in out:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")


def digest(db: Path) -> dict:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    res = {"integrity": con.execute("PRAGMA integrity_check").fetchone()[0]}
    for table, sql in TABLES:
        h = hashlib.sha256()
        rows = 0
        for row in con.execute(sql):
            h.update(repr(row).encode())
            h.update(b"\n")
            rows += 1
        res[table] = (rows, h.hexdigest()[:12])
    con.close()
    return res


def ingest(herald: str, db: Path, feed: Path, batch: int, kill_after=None, log=None) -> tuple:
    """One `herald ingest`; with `kill_after`, SIGKILL after that many
    seconds. Returns (exit code or 'killed', seconds)."""
    cmd = [herald, "--db", str(db), "ingest", str(feed), "--batch-size", str(batch)]
    t = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log or subprocess.DEVNULL)
    if kill_after is not None:
        try:
            p.wait(timeout=kill_after)
            return p.returncode, time.time() - t
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait()
            return "killed", time.time() - t
    p.wait()
    return p.returncode, time.time() - t


def count_articles(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        con.close()
        return n
    except sqlite3.Error:
        return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--kills", type=int, default=3)
    ap.add_argument("--copies", type=int, default=3, help="each Wikinews article appears this many times (perturbed)")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--other-batches", default="7,64", help="comma-separated batch sizes to compare ('' for none)")
    ap.add_argument("--no-two-runs", action="store_true")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--herald", default=str(Path(__file__).resolve().parents[1] / "target" / "release" / "herald"))
    ap.add_argument("--keep", help="work in this folder and keep it")
    args = ap.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="herald-crash-"))
    work.mkdir(parents=True, exist_ok=True)
    feed = work / "feed.jsonl"
    full = work / "feed.full.jsonl"
    build_input(full, args.articles, args.copies, args.seed)
    rng = random.Random(args.seed)
    log = open(work / "stderr.log", "ab")

    def fresh(name):
        db = work / f"{name}.db"
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(full, feed)
        return db

    rows = []
    db = fresh("reference")
    code, ref_secs = ingest(args.herald, db, feed, args.batch_size, log=log)
    if code != 0:
        print(f"reference run failed with exit {code}; see {work / 'stderr.log'}", file=sys.stderr)
        return 2
    ref = digest(db)
    rows.append(("reference", f"1 run, {ref_secs:.1f}s", ref))

    # Killed K times at random moments, then run to the end.
    db = fresh("killed")
    notes = []
    for _ in range(args.kills):
        done = count_articles(db)
        left = max(0.1, 1 - done / max(1, args.articles))
        delay = rng.uniform(0.3, max(0.6, ref_secs * left * 0.9))
        code, _ = ingest(args.herald, db, feed, args.batch_size, kill_after=delay, log=log)
        notes.append(f"{count_articles(db)}" if code == "killed" else f"done({code})")
    code, _ = ingest(args.herald, db, feed, args.batch_size, log=log)
    rows.append((f"{args.kills} kills", "stored at kills: " + " ".join(notes) + f"; exit {code}", digest(db)))

    if not args.no_two_runs:
        db = fresh("two-runs")
        lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
        feed.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
        ingest(args.herald, db, feed, args.batch_size, log=log)
        shutil.copyfile(full, feed)
        code, _ = ingest(args.herald, db, feed, args.batch_size, log=log)
        rows.append(("two runs", f"half, then all; exit {code}", digest(db)))

    # Two ingests of the same feed started together: the second waits for
    # the first (ingest lock), then finds everything known.
    db = fresh("concurrent")
    cmd = [args.herald, "--db", str(db), "ingest", str(feed), "--batch-size", str(args.batch_size)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate()[1].decode(errors="replace") for p in procs]
    waited = sum("waiting for it to finish" in o for o in outs)
    codes = ",".join(str(p.returncode) for p in procs)
    rows.append(("two at once", f"exits {codes}; {waited} waited with a message", digest(db)))

    for b in [int(x) for x in args.other_batches.split(",") if x.strip()]:
        db = fresh(f"batch{b}")
        code, secs = ingest(args.herald, db, feed, b, log=log)
        rows.append((f"batch size {b}", f"exit {code}, {secs:.1f}s", digest(db)))

    print(f"{args.articles} articles, reference batch size {args.batch_size}, work {work}")
    head = ["run", "integrity"] + SHOWN + ["all tables", "notes"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    bad = 0
    for name, note, d in rows:
        same_all = all(d[t] == ref[t] for t, _ in TABLES)
        bad += not same_all or d["integrity"] != "ok"
        cells = [name, d["integrity"]]
        for t in SHOWN:
            n, h = d[t]
            cells.append(f"{n} {'=' if d[t] == ref[t] else '≠ ' + h}")
        cells.append("same" if same_all else "DIFFERENT: " + ", ".join(t for t, _ in TABLES if d[t] != ref[t]))
        cells.append(note)
        print("| " + " | ".join(cells) + " |")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
