"""Arrow schemas of Herald's public records (README.md, "Output records").

The field names and shapes are those of the JSONL records the CLI writes;
nested JSON objects are Arrow structs, JSON arrays Arrow lists.
"""

from __future__ import annotations

import pyarrow as pa

ACTOR = pa.struct([("text", pa.string()), ("code", pa.string())])
REMOVED = pa.struct([("text", pa.string()), ("reason", pa.string()), ("line", pa.int64())])
RELATION = pa.struct(
    [("type", pa.string()), ("article", pa.string()), ("score", pa.float64()), ("origin", pa.string())]
)

EXTRACT_FIELDS = [
    ("input", pa.string()),
    ("id", pa.string()),
    ("url", pa.string()),
    ("title", pa.string()),
    ("published", pa.string()),
    ("authors", pa.list_(pa.string())),
    ("site", pa.string()),
    ("language", pa.string()),
    ("text", pa.string()),
    ("removed", pa.list_(REMOVED)),
    ("cites", pa.list_(pa.string())),
]
#: `herald extract` records (articles before relations and stories).
EXTRACTED = pa.schema(EXTRACT_FIELDS)

#: articles.jsonl records.
ARTICLE = pa.schema(
    EXTRACT_FIELDS + [("story", pa.string()), ("relations", pa.list_(RELATION))]
)

#: events.jsonl records.
EVENT = pa.schema(
    [
        ("id", pa.string()),
        ("article", pa.string()),
        ("sentence", pa.int64()),
        ("span", pa.list_(pa.int64())),
        ("text", pa.string()),
        ("date", pa.string()),
        ("source", ACTOR),
        ("target", ACTOR),
        ("cameo", pa.string()),
        ("plover", pa.string()),
        ("quad_class", pa.int64()),
        ("goldstein", pa.float64()),
        ("negated", pa.bool_()),
        ("place", pa.string()),
        ("pattern", pa.string()),
        ("confidence", pa.float64()),
    ]
)

#: stories.jsonl records.
STORY = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("articles", pa.list_(pa.string())),
        ("first_seen", pa.string()),
        ("last_seen", pa.string()),
        ("sources", pa.list_(pa.string())),
        ("origin", pa.string()),
        ("top_terms", pa.list_(pa.string())),
        ("size", pa.int64()),
        ("thread", pa.string()),
    ]
)

#: rejects.jsonl records.
REJECT = pa.schema(
    [
        ("input", pa.string()),
        ("line", pa.int64()),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("fatal", pa.bool_()),
    ]
)

#: Relation pairs (one row per relation, newer article first).
RELATION_ROW = pa.schema(
    [
        ("article", pa.string()),
        ("other", pa.string()),
        ("type", pa.string()),
        ("score", pa.float64()),
        ("origin", pa.string()),
    ]
)


def table(rows: list, schema: pa.Schema) -> pa.Table:
    """Rows (dicts) as a table of `schema`; fields a row lacks are null."""
    return pa.Table.from_pylist(rows, schema=schema)
