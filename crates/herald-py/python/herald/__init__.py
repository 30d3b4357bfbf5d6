"""Herald from Python: the same Rust stages as the ``herald`` binary.

Per-article stages (extraction, language, events, MinHash signatures) run in
Rust with the GIL released; batch calls run their articles in parallel
(rayon) and take and return pyarrow tables whose columns are the public
JSONL records (README.md, "Output records"). Models load once per process,
on first use. ``Store`` reads a Herald database; ``ingest`` runs the CLI's
pipeline into one.

A record Herald can't read (empty, binary, malformed) raises ``HeraldError``
naming the record and the reason; batch calls report such records in their
``rejects`` table instead and go on.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence, Union

import pyarrow as pa

from . import _herald, _schema
from ._herald import HeraldError

__all__ = [
    "HeraldError",
    "Analysis",
    "Store",
    "extract",
    "analyse",
    "signature",
    "band_keys",
    "estimate",
    "analyse_batch",
    "extract_batch",
    "ingest",
    "schema",
]

schema = _schema

#: Records per call into Rust in batch functions (bounds memory).
CHUNK = 4096


def extract(
    html_or_text: str,
    url: Optional[str] = None,
    *,
    id: Optional[str] = None,
    format: Optional[str] = None,
) -> dict:
    """Clean article of one HTML page or plain text: body, title, dates,
    authors, site, language, cited outlets and every removed line with its
    reason (the ``herald extract`` record).

    ``format`` is ``"html"`` or ``"text"``; by default a body starting with a
    tag is HTML. ``id`` defaults to a hash of the body.
    """
    return json.loads(_herald.extract_json(html_or_text, url, id, format))


def analyse(
    text: str,
    published: Optional[str] = None,
    *,
    id: Optional[str] = None,
    url: Optional[str] = None,
) -> dict:
    """Every per-article stage of one plain text: the article record plus
    ``sentences``, ``entities`` (``type``: PER, ORG, PLACE, NORP, DATE,
    OTHER) and ``events`` (the events.jsonl record: CAMEO code, source
    and target actors, character ``span`` into ``text``).

    ``published`` (ISO 8601) anchors relative dates ("on Tuesday").
    """
    return json.loads(_herald.analyse_json(text, published, id, None, url))


def signature(text: str) -> bytes:
    """MinHash signature of a text's word 5-shingles: 128 little-endian u16
    values (256 bytes), the one Herald's dedup index bands."""
    return _herald.signature(text)


def band_keys(sig: bytes) -> list:
    """The 32 LSH band keys (u32) of a signature: texts sharing a key are
    near-duplicate candidates."""
    return _herald.band_keys(sig)


def estimate(a: bytes, b: bytes) -> float:
    """Jaccard similarity estimate of two signatures."""
    return _herald.estimate(a, b)


@dataclass
class Analysis:
    """What a batch call returns: pyarrow tables of the public records."""

    #: One row per analysed article (``herald extract`` record columns).
    articles: pa.Table
    #: One row per event (events.jsonl columns).
    events: pa.Table
    #: One row per rejected record (rejects.jsonl columns).
    rejects: pa.Table


Tabular = Union[pa.Table, pa.RecordBatch, Sequence[dict]]


def _json_default(v: Any) -> Any:
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.decode("utf-8", errors="replace")
    raise TypeError(f"{type(v).__name__} is not JSON serializable")


def _records(data: Tabular) -> list:
    """JSON strings of the input rows (the .jsonl fields: id, url, title,
    published, site, authors, and text or html)."""
    if isinstance(data, (pa.Table, pa.RecordBatch)):
        rows = data.to_pylist()
    else:
        rows = list(data)
    out = []
    for i, r in enumerate(rows):
        if not isinstance(r, dict):
            raise HeraldError(f"record #{i + 1}: a {type(r).__name__}, not a mapping of fields")
        out.append(json.dumps({k: v for k, v in r.items() if v is not None}, default=_json_default))
    return out


def _run(data: Tabular, name: str, language: bool = False):
    """(analysed rows, rejects) over chunks of the input."""
    records = _records(data)
    rows, rejects = [], []
    for start in range(0, len(records), CHUNK):
        part = records[start : start + CHUNK]
        r, j = _herald.analyse_records(part, f"{name}[{start}:]" if start else name, language)
        rows.extend(r)
        rejects.extend(json.loads(x) for x in j)
    return rows, rejects


def analyse_batch(data: Tabular, *, name: str = "<batch>") -> Analysis:
    """Every per-article stage over a table of articles (pyarrow Table or
    RecordBatch, or a list of dicts, with the .jsonl fields), in parallel.

    Like ``herald ingest``, the extractor first learns repeated lines
    (site chrome) from the batch. Returns articles, events and rejects;
    a record is named ``NAME:N`` (its row, from 1) in ``input`` and rejects.
    """
    rows, rejects = _run(data, name)
    articles, events = [], []
    for rec, _fp, _state in rows:
        r = json.loads(rec)
        events.extend(r.pop("events"))
        articles.append(r)
    return Analysis(
        articles=_schema.table(articles, _schema.EXTRACTED),
        events=_schema.table(events, _schema.EVENT),
        rejects=_schema.table(rejects, _schema.REJECT),
    )


def extract_batch(data: Tabular, *, name: str = "<batch>") -> pa.Table:
    """Clean articles of a table of inputs (see ``analyse_batch``); rejected
    records are left out (use ``analyse_batch`` to see why)."""
    return analyse_batch(data, name=name).articles


def _rows(lines: Iterable[str], sch: pa.Schema, fmt: str):
    t = _schema.table([json.loads(x) for x in lines], sch)
    if fmt == "arrow":
        return t
    if fmt == "pandas":
        return t.to_pandas()
    raise ValueError(f"format must be 'arrow' or 'pandas', not {fmt!r}")


class Store:
    """A Herald database (``herald ingest --db PATH``), read-only.

    Each query returns a pyarrow Table of the public records, or a pandas
    DataFrame with ``format="pandas"``.
    """

    def __init__(self, path: Union[str, "os.PathLike[str]"]):
        self.path = os.fspath(path)
        self._db = _herald._Store(self.path)

    def articles(self, format: str = "arrow"):
        """Articles (articles.jsonl columns, with story and relations)."""
        return _rows(self._db.articles_json(), _schema.ARTICLE, format)

    def events(self, format: str = "arrow", *, include_negated: bool = False):
        """Events (events.jsonl columns), as ``herald export --what events``."""
        return _rows(self._db.events_json(include_negated), _schema.EVENT, format)

    def stories(self, format: str = "arrow"):
        """Stories (stories.jsonl columns), largest first."""
        return _rows(self._db.stories_json(), _schema.STORY, format)

    def counts(self) -> dict:
        """Numbers of articles, events, stories, threads, relations, rejects."""
        return json.loads(self._db.counts_json())

    def write_gdelt(self, path: Union[str, "os.PathLike[str]"]) -> int:
        """GDELT 2.0 event TSV, as ``herald export --format gdelt``; returns rows."""
        return self._db.write_gdelt(os.fspath(path))

    def __repr__(self) -> str:
        return f"herald.Store({self.path!r})"


def ingest(
    paths: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]],
    db: Union[str, "os.PathLike[str]"] = "herald.db",
    *,
    batch_size: int = 256,
) -> dict:
    """``herald ingest PATHS --db DB``: the CLI's pipeline (every stage,
    relations and stories included) into a database. Returns the summary
    (``new``, ``known``, ``rejected``, ``events``, ``relations``, ``seconds``,
    ...) with ``rejects``, a list of reject records.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [os.fspath(p) for p in paths]
    if not 1 <= batch_size <= 100_000:
        raise ValueError(f"batch_size must be 1 to 100000 articles, not {batch_size}")
    summary, rejects = _herald.ingest_json(paths, os.fspath(db), batch_size)
    out = json.loads(summary)
    out["rejects"] = [json.loads(r) for r in rejects]
    return out
