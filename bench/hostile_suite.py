#!/usr/bin/env python3
"""Hostile inputs against `herald`: time, peak memory and outcome per case.

Each case writes its input into a fresh folder, runs one herald command on
it under `/usr/bin/time -v` with a time limit, and prints one table row:
wall seconds, peak RSS, exit code and what the store holds afterwards
(articles, rejects, relations) or the command's outcome.

    python3 bench/hostile_suite.py                 # every case at its default size
    python3 bench/hostile_suite.py --only nested_div,fifo
    python3 bench/hostile_suite.py --big           # the largest sizes (100k nested divs)
    python3 bench/hostile_suite.py --herald path/to/herald --timeout 300
"""

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def repeated_name(d: Path, big: bool) -> list:
    n = 8000
    (d / "mali.txt").write_text("Mali said.\n" * n)
    return ["ingest", str(d / "mali.txt")], f"'Mali said.' x {n} lines, ingest"


def parse_repeated_name(d: Path, big: bool) -> list:
    n = 8000
    (d / "mali.txt").write_text("Mali said.\n" * n)
    return ["parse", str(d / "mali.txt")], f"'Mali said.' x {n} lines, herald parse"


def page(d: Path, name: str, body: str, what: str) -> tuple:
    """An HTML page `name` with `body`, ingested."""
    (d / name).write_text(f"<html><head><title>Hostile</title></head><body>{body}</body></html>")
    return ["ingest", str(d / name)], what


def nested_div(d: Path, big: bool) -> tuple:
    n = 100_000 if big else 40_000
    body = "<div>" * n + "Deep text about floods in Dhaka." + "</div>" * n
    return page(d, "deep.html", body, f"{n:,} nested <div>")


def many_attributes(d: Path, big: bool) -> tuple:
    n = 200_000
    attrs = " ".join(f"a{i}=\"v{i}\"" for i in range(n))
    body = f"<p {attrs}>Floods hit Dhaka on Tuesday, officials said.</p>"
    return page(d, "attrs.html", body, f"one element with {n:,} attributes")


def unclosed_textarea(d: Path, big: bool) -> tuple:
    n = 20_000
    rest = "".join(f"<p>Paragraph {i} about the flood in Dhaka and the relief effort.</p>\n" for i in range(n))
    return page(d, "textarea.html", f"<form><textarea name=x>{rest}", f"unclosed <textarea> before {n:,} paragraphs")


def identical_docs(d: Path, big: bool) -> list:
    n = 20_000
    with open(d / "same.jsonl", "w") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"same-{i}", "text": "Floods hit Dhaka on Tuesday."}) + "\n")
    return ["ingest", str(d / "same.jsonl")], f"{n:,} identical tiny documents"


def fifo(d: Path, big: bool) -> list:
    (d / "in").mkdir()
    (d / "in" / "a.txt").write_text("Floods hit Dhaka on Tuesday, officials said.")
    os.mkfifo(d / "in" / "pipe.txt")
    return ["ingest", str(d / "in")], "a folder holding a FIFO and one file"


def huge_line(d: Path, big: bool) -> list:
    words = "Mali China France talks aid army rebels Bamako Tuesday officials".split()
    n = 200_000
    (d / "runon.txt").write_text(" ".join(words[i % len(words)] for i in range(n)))
    return ["ingest", str(d / "runon.txt")], f"one unpunctuated line of {n:,} words"


CASES = {
    "repeated_name": repeated_name,
    "parse_repeated_name": parse_repeated_name,
    "nested_div": nested_div,
    "many_attributes": many_attributes,
    "unclosed_textarea": unclosed_textarea,
    "identical_docs": identical_docs,
    "fifo": fifo,
    "huge_line": huge_line,
}


def store_summary(herald: str, db: Path) -> str:
    if not db.exists():
        return ""
    out = subprocess.run([herald, "--db", str(db), "status", "--json"], capture_output=True, text=True)
    try:
        c = json.loads(out.stdout)
    except json.JSONDecodeError:
        return "status failed"
    return f"{c.get('articles', 0)} articles, {c.get('rejects', 0)} rejects, {c.get('relations', 0)} relations"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--herald", default=str(Path(__file__).resolve().parents[1] / "target" / "release" / "herald"))
    ap.add_argument("--only", help="comma-separated case names: " + ", ".join(CASES))
    ap.add_argument("--big", action="store_true")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--mem-limit-gb", type=float, default=6, help="address-space limit per run (0: none); an unclosed <textarea> once took 21.6 GB")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(CASES)
    print("| case | input | seconds | peak RSS MB | exit | outcome |")
    print("|---|---|---|---|---|---|")
    bad = 0
    for name in names:
        d = Path(tempfile.mkdtemp(prefix=f"hostile-{name}-"))
        try:
            cmd, what = CASES[name](d, args.big)
            db = d / "h.db"
            full = ["/usr/bin/time", "-v", args.herald, "--db", str(db), "--quiet", *cmd]
            try:
                limit = int(args.mem_limit_gb * 2**30)

                def cap():
                    if limit > 0:
                        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

                p = subprocess.run(full, capture_output=True, text=True, timeout=args.timeout, preexec_fn=cap)
                err = p.stderr
                secs = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", err)
                wall = (int(secs.group(1) or 0) * 3600 + int(secs.group(2)) * 60 + float(secs.group(3))) if secs else -1
                rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
                rss_mb = int(rss.group(1)) / 1024 if rss else -1
                code = p.returncode
                if cmd[0] == "parse":
                    outcome = f"{p.stdout.count(chr(10))} CoNLL-U lines"
                else:
                    outcome = store_summary(args.herald, db)
                if "panicked" in err:
                    outcome += "; PANIC"
                    bad += 1
                print(f"| {name} | {what} | {wall:.1f} | {rss_mb:.0f} | {code} | {outcome} |", flush=True)
            except subprocess.TimeoutExpired:
                bad += 1
                print(f"| {name} | {what} | > {args.timeout:.0f} | – | timeout | killed |", flush=True)
        finally:
            shutil.rmtree(d, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
