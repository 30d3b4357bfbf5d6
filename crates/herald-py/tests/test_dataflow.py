"""The pieces the Spark job schedules give what the pipeline gives."""

import json

import herald
from herald import _herald

from test_herald import AID, WIRE

ROWS = [
    {"id": "a1", "title": "Observers for Guinea", "published": "2024-05-02", "site": "Wire", "text": WIRE},
    {"id": "a2", "title": "Observers for Guinea", "published": "2024-05-03", "site": "Daily",
     "text": "Home | World\n" + WIRE + "\nShare this story"},
    {"id": "a3", "title": "Aid", "published": "2024-05-02", "text": AID + " Mali thanked Beijing for the offer."},
]


def analysed():
    got, rejects = _herald.analyse_records([json.dumps(r) for r in ROWS], "feed", False)
    assert rejects == []
    return got


def test_keys_join_copies_and_relate_matches_the_pipeline(tmp_path):
    got = analysed()
    fps = [fp for _, fp, _ in got]
    keys = _herald.fingerprint_keys(fps)
    assert len(keys) == 3
    assert set(keys[0]) & set(keys[1]), "the copy shares candidate keys with its source"
    assert len(set(keys[0]) & set(keys[2])) <= 2, "unrelated articles share at most a stray key"
    groups = [
        (("a2", "2024-05-03", fps[1]), [("a1", "2024-05-02", fps[0])]),
        (("a3", "2024-05-02", fps[2]), [("a1", "2024-05-02", fps[0])]),
    ]
    rels = [[json.loads(r) for r in g] for g in _herald.relate_groups(groups)]
    assert [(r["type"], r["article"], r["origin"]) for r in rels[0]] == [("exact", "a1", "a1")]
    assert rels[1] == []

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    herald.ingest(feed, db=tmp_path / "h.db")
    stored = {a["id"]: a for a in herald.Store(tmp_path / "h.db").articles().to_pylist()}
    r = stored["a2"]["relations"][0]
    assert (r["type"], r["article"], r["origin"]) == ("exact", "a1", "a1")
    assert abs(r["score"] - rels[0][0]["score"]) < 1e-3


def test_cluster_and_gdelt(tmp_path):
    got = analysed()
    states = [s for _, _, s in got]
    rel = json.dumps({"type": "exact", "article": "a1", "score": 0.95, "origin": "a1"})
    assigned, stories = _herald.cluster(states, [[], [rel], []])
    story = dict(assigned)
    assert story["a1"] == story["a2"] != story["a3"]
    records = [json.loads(s) for s in stories]
    assert sorted(r["size"] for r in records) == [1, 2]
    out = tmp_path / "events.tsv"
    n = _herald.gdelt_tsv(states, [story[i] for i in ("a1", "a2", "a3")], str(out))
    lines = out.read_text().splitlines()
    assert n == len(lines) >= 1
    assert all(len(line.split("\t")) == 61 for line in lines)
    assert any(line.split("\t")[26] == "0332" for line in lines)


def test_bad_blobs_are_errors_naming_the_record():
    import pytest

    with pytest.raises(herald.HeraldError, match=r"#0.*fingerprint"):
        _herald.fingerprint_keys([b"garbage"])
    with pytest.raises(herald.HeraldError, match=r"cluster state #0"):
        _herald.cluster(["{}"], [[]])
