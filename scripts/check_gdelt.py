#!/usr/bin/env python3
"""Checks that `herald export --format gdelt` output is readable as GDELT 2.0 events.

Reads the TSV with pandas, naming columns with the header list that gdeltPyR
(PyPI `gdelt`, 0.1.14) ships in gdelt/data/events2.csv, and asserts the
GDELT 2.0 event layout: 61 tab-separated columns, integer GLOBALEVENTID,
SQLDATE as a valid YYYYMMDD day, MonthYear/Year consistent with it, CAMEO
codes, QuadClass 1-4, Goldstein in [-10, 10], DATEADDED as YYYYMMDDHHMMSS.

Usage:
    pip install gdelt pandas
    herald --db /tmp/h.db ingest samples
    herald --db /tmp/h.db export --format gdelt > /tmp/events.tsv
    python3 scripts/check_gdelt.py /tmp/events.tsv

gdeltPyR's names are the BigQuery ones (GLOBALEVENTID, SQLDATE, ...); the
GDELT 2.0 codebook (and Herald's GDELT_COLUMNS) says GlobalEventID, Day, ...
The files themselves have no header row, so only order and count matter.
"""
import os
import sys

import pandas as pd


def gdelt_headers():
    # Importing gdelt fetches tables from GitHub; only its shipped header file
    # is needed, so find it through the installed distribution's file list.
    from importlib import metadata
    try:
        dist = metadata.distribution("gdelt")
    except metadata.PackageNotFoundError:
        sys.exit("the PyPI package `gdelt` is not installed: pip install gdelt")
    for f in dist.files or []:
        if str(f).replace(os.sep, "/").endswith("data/events2.csv"):
            return pd.read_csv(f.locate())["name"].tolist()
    sys.exit("gdelt ships no data/events2.csv")


def main(tsv):
    names = gdelt_headers()
    assert len(names) == 61, f"gdelt ships {len(names)} event columns, expected 61"
    with open(tsv, encoding="utf-8") as f:
        widths = {len(line.rstrip("\n").split("\t")) for line in f if line.strip()}
    assert widths <= {61}, f"rows with {sorted(widths)} columns (want 61)"
    # GDELT readers load every column as text first, then convert.
    df = pd.read_csv(tsv, sep="\t", header=None, names=names, dtype=str,
                     keep_default_na=False, quoting=3)
    assert len(df) > 0, "no events exported"
    ids = pd.to_numeric(df["GLOBALEVENTID"], errors="raise")
    assert (ids > 0).all() and (ids < 2**53).all(), "GLOBALEVENTID not a positive 53-bit integer"
    assert ids.is_unique, "GLOBALEVENTID not unique"
    day = pd.to_datetime(df["SQLDATE"], format="%Y%m%d", errors="raise")
    assert (df["MonthYear"] == df["SQLDATE"].str[:6]).all(), "MonthYear != SQLDATE[:6]"
    assert (df["Year"] == df["SQLDATE"].str[:4]).all(), "Year != SQLDATE[:4]"
    frac = pd.to_numeric(df["FractionDate"], errors="raise")
    assert ((frac - day.dt.year).between(0, 1.01)).all(), "FractionDate off its year"
    assert df["EventCode"].str.fullmatch(r"\d{3,4}").all(), "EventCode not a CAMEO code"
    assert (df["EventRootCode"] == df["EventCode"].str[:2]).all(), "EventRootCode != EventCode[:2]"
    assert (df["EventBaseCode"] == df["EventCode"].str[:3]).all(), "EventBaseCode != EventCode[:3]"
    assert df["IsRootEvent"].isin(["0", "1"]).all(), "IsRootEvent not 0/1"
    assert pd.to_numeric(df["QuadClass"]).between(1, 4).all(), "QuadClass outside 1-4"
    assert pd.to_numeric(df["GoldsteinScale"]).between(-10, 10).all(), "Goldstein outside ±10"
    for c in ["NumMentions", "NumSources", "NumArticles"]:
        assert (pd.to_numeric(df[c]) >= 1).all(), f"{c} < 1"
    assert pd.to_numeric(df["AvgTone"]).between(-100, 100).all(), "AvgTone outside ±100"
    for g in ["Actor1Geo", "Actor2Geo", "ActionGeo"]:
        t = pd.to_numeric(df[f"{g}_Type"])
        assert t.between(0, 5).all(), f"{g}_Type outside 0-5"
        for c in ["Lat", "Long"]:
            v = pd.to_numeric(df[f"{g}_{c}"].replace("", None))
            lim = 90 if c == "Lat" else 180
            assert v.dropna().abs().le(lim).all(), f"{g}_{c} out of range"
        cc = df.loc[t > 0, f"{g}_CountryCode"]
        if not cc.str.fullmatch(r"[A-Z]{2}").all():
            print(f"warning: {g}_CountryCode is not always a 2-letter FIPS code "
                  f"({(~cc.str.fullmatch(r'[A-Z]{2}')).sum()} of {len(cc)} rows)")
    pd.to_datetime(df["DATEADDED"], format="%Y%m%d%H%M%S", errors="raise")
    assert df["Actor1Code"].ne("").all() or df["Actor2Code"].ne("").all()
    print(f"ok: {len(df)} events, 61 columns, days {df['SQLDATE'].min()}..{df['SQLDATE'].max()}, "
          f"{(pd.to_numeric(df['ActionGeo_Type']) > 0).sum()} with an action place")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
