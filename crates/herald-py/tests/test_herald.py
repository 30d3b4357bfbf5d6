"""Behaviour of the Python package on inputs that matter (fixtures written here)."""

import json

import pyarrow as pa
import pytest

import herald

AID = "China offered military aid to Mali."

WIRE = (
    "The European Union agreed on Tuesday to send 200 election observers to Guinea "
    "ahead of the presidential vote, officials in Brussels said. The mission will be led "
    "by a former Portuguese foreign minister and will stay until the results are announced. "
    "Guinea's electoral commission welcomed the decision and asked other regional bodies "
    "to follow. Opposition parties said the observers should arrive at least a month early."
)

PAGE = """<!DOCTYPE html><html><head><title>Floods close schools in Dhaka | Daily Ledger</title>
<meta property="article:published_time" content="2024-07-02T08:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Floods close schools in Dhaka</h1>
<p>Monsoon floods closed hundreds of schools across Dhaka on Monday after two days of
heavy rain left low-lying districts under water, city officials said.</p>
<p>The Bangladesh government sent rescue boats to the worst-hit neighbourhoods and opened
shelters in government buildings for families forced from their homes.</p></article>
<footer>Subscribe to our newsletter. Copyright 2024 Daily Ledger.</footer></body></html>"""


def test_analyse_codes_china_mali_aid():
    r = herald.analyse(AID)
    assert r["text"] == AID
    ev = [(e["source"]["code"], e["target"]["code"], e["cameo"]) for e in r["events"]]
    assert ("CHN", "MLI", "0332") in ev, ev
    e = r["events"][0]
    start, end = e["span"]
    assert AID[start:end] == e["text"]
    assert e["id"].startswith(r["id"] + ":0:")
    assert [s["text"] for s in r["sentences"]] == [AID]
    places = {x["text"] for x in r["entities"] if x["type"] in ("PLACE", "NORP")}
    assert {"China", "Mali"} <= places, r["entities"]


def test_spans_are_characters_not_bytes():
    text = "Zürich, Genève — " + AID
    r = herald.analyse(text, published="2024-05-02")
    e = next(e for e in r["events"] if e["cameo"] == "0332")
    assert text[e["span"][0] : e["span"][1]] == e["text"]


def test_extract_html_keeps_body_drops_chrome():
    a = herald.extract(PAGE, url="https://ledger.example/dhaka-floods")
    assert a["title"] == "Floods close schools in Dhaka"
    assert "Monsoon floods closed hundreds of schools" in a["text"]
    assert "Subscribe to our newsletter" not in a["text"]
    assert a["published"].startswith("2024-07-02")
    assert a["url"] == "https://ledger.example/dhaka-floods"
    assert a["language"] == "en"


def test_bad_input_is_a_clear_error_naming_the_record():
    with pytest.raises(herald.HeraldError, match=r"record x1.*empty"):
        herald.analyse("   \n ", id="x1")
    with pytest.raises(ValueError, match="format must be"):
        herald.extract("<p>hi</p>", format="pdf")
    with pytest.raises(herald.HeraldError, match="odd length"):
        herald.band_keys(b"\x01\x02\x03")


def test_signature_finds_near_copies_only():
    a = herald.signature(WIRE)
    assert isinstance(a, bytes) and len(a) == 256
    assert herald.signature(WIRE) == a
    copy = WIRE.replace("200 election observers", "two hundred election observers")
    b = herald.signature(copy)
    other = herald.signature("Heavy rain flooded the capital for a second day. " * 5)
    assert herald.estimate(a, b) > 0.7
    assert herald.estimate(a, other) < 0.1
    ka, kb = herald.band_keys(a), herald.band_keys(b)
    assert len(ka) == 32 and set(ka) & set(kb)


def test_analyse_batch_tables_and_rejects():
    rows = [
        {"id": "aid", "title": "Aid", "published": "2024-05-02", "text": AID},
        {"id": "wire", "title": "Observers", "published": "2024-05-03", "text": WIRE},
        {"id": "blank", "text": "   "},
        {"id": "page", "url": "https://ledger.example/x", "html": PAGE},
    ]
    cols = ["id", "title", "published", "url", "text", "html"]
    table = pa.Table.from_pylist([{c: r.get(c) for c in cols} for r in rows])
    out = herald.analyse_batch(table, name="feed")
    assert out.articles.schema == herald.schema.EXTRACTED
    assert out.events.schema == herald.schema.EVENT
    ids = out.articles.column("id").to_pylist()
    assert ids == ["aid", "wire", "page"]
    assert out.rejects.num_rows == 1
    rej = out.rejects.to_pylist()[0]
    assert (rej["input"], rej["line"], rej["reason"]) == ("feed", 3, "missing-text"), rej
    assert out.articles.column("input").to_pylist() == ["feed:1", "feed:2", "feed:4"]
    ev = out.events.to_pylist()
    assert any(e["article"] == "aid" and e["cameo"] == "0332" for e in ev)
    # the batch codes exactly what the single call does
    single = herald.analyse(AID, published="2024-05-02", id="aid")
    assert [e for e in ev if e["article"] == "aid"] == single["events"]


def test_batch_rejects_rows_that_are_not_mappings():
    with pytest.raises(herald.HeraldError, match=r"record #2"):
        herald.analyse_batch([{"text": AID}, "not a row"])


def test_ingest_and_store_round_trip(tmp_path):
    feed = tmp_path / "feed.jsonl"
    lines = [
        {"id": "a1", "title": "Observers for Guinea", "published": "2024-05-02", "site": "Wire", "text": WIRE},
        {"id": "a2", "title": "Observers for Guinea", "published": "2024-05-03", "site": "Daily",
         "text": "Home | World\n" + WIRE + "\nShare this story"},
        {"id": "a3", "title": "Aid", "published": "2024-05-02", "text": AID + " Mali thanked Beijing."},
        "{not json",
    ]
    feed.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    db = tmp_path / "h.db"
    s = herald.ingest(feed, db=db)
    assert s["new"] == 3 and s["rejected"] == 1, s
    assert s["rejects"][0]["reason"] == "malformed-json" and s["rejects"][0]["line"] == 4
    again = herald.ingest([feed], db=db)
    assert again["new"] == 0 and again["known"] == 3

    store = herald.Store(db)
    assert store.counts()["articles"] == 3
    arts = {a["id"]: a for a in store.articles().to_pylist()}
    assert arts["a2"]["relations"][0]["article"] == "a1"
    assert arts["a2"]["relations"][0]["origin"] == "a1"
    assert arts["a1"]["story"] == arts["a2"]["story"]
    df = store.events(format="pandas")
    assert ((df["article"] == "a3") & (df["cameo"] == "0332")).any()
    stories = store.stories()
    assert stories.schema == herald.schema.STORY
    assert sum(stories.column("size").to_pylist()) == 3
    tsv = tmp_path / "events.tsv"
    n = store.write_gdelt(tsv)
    assert n >= 1 and all(len(l.split("\t")) == 61 for l in tsv.read_text().splitlines())


def test_store_missing_database_is_an_error(tmp_path):
    with pytest.raises(herald.HeraldError, match="no such Herald database"):
        herald.Store(tmp_path / "nope.db")
