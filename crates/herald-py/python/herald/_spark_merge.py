"""Stories across time windows (``herald.spark``).

``herald run`` feeds every article, in arrival order, to one
``StoryClusterer``; whether an article joins a story depends on the whole
live state at its arrival: every story with a member within the
clusterer's ``window_days`` (60) of it, with its centroid summed over *all*
its members (stories chain across months), and the merges and splits that
later arrivals trigger. A clusterer per month that starts empty cannot see
that state, and neither can a merge pass over the articles near a month
edge (ARI 0.66 against the CLI on the CI slice).

So each window's run replays the state it would have had:

1. **warm-up**: a window's run is its own articles plus every article of the
   ``WARMUP_DAYS`` before the window starts (context), all in arrival
   order (``seq``); the runs are independent Spark tasks;
2. **stitch**: a context article ties the story it joined in a later run to
   the story it joined in its own window's run (union-find over
   ``(window, story)``), which gives provisional stories across windows;
3. **history**: each window runs again with the warm-up plus every earlier
   member of the provisional stories the warm-up articles belong to, so a
   long story enters the window with its whole centroid, as in the CLI;
   stitched again, and repeated until the runs' contexts stop changing (at
   most ``MAX_PASSES`` runs in all: a story chained over many months
   gathers its history a few windows per pass);
4. **latest view**: an article takes its story in the *latest* run that
   contains it (the one that saw the most later arrivals, and so the merges
   and splits they caused). A story's members are in that run together: a
   story alive at a window's start has a member in its warm-up, and then
   its whole history is context there.

Each pass is one ``groupBy(window).applyInArrow`` (``cluster_window``); the
planning (which articles each run replays) and the union-find run on the
driver over ``(id, seq, window, day)`` only (no article text).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json

from ._spark_stages import CLUSTERED_ARROW, cluster_window

#: Context before a window (the clusterer's candidate window is 60 days; a
#: month of margin lets a story's recent members carry its history in).
WARMUP_DAYS = 90
#: Passes at most (the warm-up run, then runs with the stitched history).
MAX_PASSES = 6


def _date(day):
    try:
        return dt.date.fromisoformat(day[:10]) if day else None
    except ValueError:
        return None


def window_start(w):
    """First day of a window key (``YYYY-MM`` or ``YYYY``); None if undated."""
    try:
        if len(w) == 7:
            return dt.date(int(w[:4]), int(w[5:7]), 1)
        if len(w) == 4:
            return dt.date(int(w), 1, 1)
    except ValueError:
        return None
    return None


class Meta:
    """What planning needs of each article: its own window, date, arrival."""

    def __init__(self, rows):
        # rows: (id, seq, window, day)
        self.window = {r[0]: r[2] for r in rows}
        self.seq = {r[0]: r[1] for r in rows}
        self.day = {}
        for r in rows:
            d = _date(r[3])
            if d is not None and window_start(r[2]) is not None:
                self.day[r[0]] = d
        self.by_day = sorted((d, i) for i, d in self.day.items())
        self.days = [d for d, _ in self.by_day]
        self.windows = sorted(set(self.window.values()))
        self.own = {}
        for i, w in self.window.items():
            self.own.setdefault(w, []).append(i)

    def before(self, w, days):
        """Dated articles of the ``days`` before window ``w`` starts."""
        s = window_start(w)
        if s is None:
            return []
        lo = bisect.bisect_left(self.days, s - dt.timedelta(days=days))
        hi = bisect.bisect_left(self.days, s)
        return [i for _, i in self.by_day[lo:hi] if self.window[i] < w]


def plan_warmup(meta, warmup=WARMUP_DAYS):
    """Window → articles its run replays (own + warm-up)."""
    return {w: meta.own[w] + meta.before(w, warmup) for w in meta.windows}


def plan_history(meta, groups, warmup=WARMUP_DAYS):
    """Window → own + warm-up + the earlier members of the warm-up's stories
    (``groups``: article → provisional story)."""
    members = {}
    for i, g in groups.items():
        members.setdefault(g, []).append(i)
    runs = {}
    for w in meta.windows:
        warm = meta.before(w, warmup)
        s = window_start(w)
        ctx = set(warm)
        for g in {groups[i] for i in warm}:
            for i in members[g]:
                if meta.window[i] < w and (i not in meta.day or meta.day[i] < s):
                    ctx.add(i)
        runs[w] = meta.own[w] + sorted(ctx, key=meta.seq.get)
    return runs


class _Union:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        root = x
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while x != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def stitch(meta, results):
    """Article → provisional story: a context article ties its story in a
    later run to its story in its own window's run. ``results``: window →
    {article: story}."""
    u = _Union()
    for w, got in results.items():
        for i, s in got.items():
            own = meta.window[i]
            if own != w:
                u.union((w, s), (own, results[own][i]))
    return {i: u.find((meta.window[i], results[meta.window[i]][i])) for i in meta.window}


def latest(meta, results):
    """Article → (window, story) of the latest run that contains it."""
    out = {}
    for w in sorted(results):
        for i, s in results[w].items():
            out[i] = (w, s)
    return {i: out[i] for i in meta.window}


def final_ids(labels):
    """(window, story) labels → story ids; an id two windows' runs both
    founded (rare) keeps its name in the latest window, the other gets the
    window appended."""
    by_id = {}
    for w, s in set(labels.values()):
        by_id.setdefault(s, []).append(w)
    name = {}
    for s, ws in by_id.items():
        ws.sort()
        for w in ws:
            name[(w, s)] = s if w == ws[-1] else f"{s}-{w}"
    return {i: name[lab] for i, lab in labels.items()}


def final_records(meta, labels, ids, records):
    """Story records of the final labels from the last pass's ``records``
    ((window, story) → record JSON), restricted to the members the label
    kept."""
    members = {}
    for i, lab in labels.items():
        members.setdefault(lab, []).append(i)
    out = []
    for lab, arts in members.items():
        rec = json.loads(records[lab]) if lab in records else {}
        keep = set(arts)
        order = [a for a in rec.get("articles", []) if a in keep]
        order += sorted(keep - set(order), key=meta.seq.get)
        rec["id"] = ids[arts[0]]
        if order != rec.get("articles"):
            days = sorted(str(meta.day[a]) for a in order if a in meta.day)
            rec["first_seen"] = days[0] if days else None
            rec["last_seen"] = days[-1] if days else None
        rec["articles"] = order
        rec["size"] = len(order)
        out.append(rec)
    return out


def replay(meta, run, warmup=WARMUP_DAYS, max_passes=MAX_PASSES):
    """Warm-up run, then history runs until their contexts repeat.
    ``run(plan)`` executes one pass (window → article ids) and returns
    (window → {article: story}, (window, story) → record JSON). Returns
    (article → (window, story), records, passes run)."""
    runs = plan_warmup(meta, warmup)
    results, records = run(runs)
    passes = 1
    while passes < max_passes:
        nxt = plan_history(meta, stitch(meta, results), warmup)
        if nxt == runs:
            break
        runs = nxt
        results, records = run(runs)
        passes += 1
    return latest(meta, results), records, passes


def _run(spark, members, runs):
    """One pass: each window's run over its planned articles, in arrival
    order. Returns window → {article: story}, (window, story) → record."""
    plan = [(w, i) for w, ids in runs.items() for i in ids]
    plan_df = spark.createDataFrame(plan or [("", "")], "run string, id string")
    rows = (
        plan_df.join(members.drop("window"), "id")
        .withColumnRenamed("run", "window")
        .groupBy("window")
        .applyInArrow(cluster_window, "id string, story string, window string, record string")
    )
    results, records = {w: {} for w in runs}, {}
    for r in rows.collect():
        if r["id"] is not None:
            results[r["window"]][r["id"]] = r["story"]
        else:
            records[(r["window"], r["story"])] = r["record"]
    return results, records


def cluster_stories(spark, members, warmup=WARMUP_DAYS, max_passes=MAX_PASSES):
    """(article → story assignment, story records, passes run) over all
    windows."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    from . import _schema

    meta = Meta([(r["id"], r["seq"], r["window"], r["day"]) for r in members.select("id", "seq", "window", "day").collect()])
    labels, records, passes = replay(meta, lambda runs: _run(spark, members, runs), warmup, max_passes)
    ids = final_ids(labels)
    assignment = spark.createDataFrame(sorted(ids.items()) or [("", "")], "id string, story string")
    recs = final_records(meta, labels, ids, records)
    schema = from_arrow_schema(_schema.STORY)
    stories = spark.createDataFrame([(json.dumps(r),) for r in recs] or [("{}",)], "record string").select(
        F.from_json("record", schema).alias("r")
    ).select("r.*")
    if not recs:
        stories = stories.where(F.lit(False))
    return assignment, stories.orderBy(F.desc("size"), "id"), passes


__all__ = ["cluster_stories", "WARMUP_DAYS", "MAX_PASSES", "replay", "CLUSTERED_ARROW"]
