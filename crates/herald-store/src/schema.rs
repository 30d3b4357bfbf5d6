//! Schema migrations. Each entry upgrades `PRAGMA user_version` by one; never
//! edit a shipped migration, append a new one.

pub const MIGRATIONS: &[&str] = &[
    // 1: articles with FTS5, relations, events, stories, stage state, rejects.
    r#"
CREATE TABLE articles (
    rowid       INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    raw_hash    TEXT NOT NULL,
    hash        TEXT NOT NULL,
    input       TEXT NOT NULL,
    url         TEXT,
    site        TEXT,
    title       TEXT,
    published   TEXT,
    story       TEXT,
    text        TEXT NOT NULL,
    json        TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_hash ON articles(hash);
CREATE INDEX articles_story ON articles(story);
CREATE INDEX articles_published ON articles(published);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

-- One row per unordered pair and type, stored as (newer a, older b).
CREATE TABLE relations (
    a        TEXT NOT NULL,
    b        TEXT NOT NULL,
    type     TEXT NOT NULL,
    score    REAL NOT NULL,
    origin   TEXT,
    evidence TEXT,
    PRIMARY KEY (a, b, type)
);
CREATE INDEX relations_b ON relations(b);

CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    article     TEXT NOT NULL,
    sentence    INTEGER NOT NULL,
    date        TEXT,
    source_code TEXT NOT NULL,
    target_code TEXT NOT NULL,
    cameo       TEXT NOT NULL,
    root        TEXT NOT NULL,
    quad_class  INTEGER NOT NULL,
    goldstein   REAL NOT NULL,
    negated     INTEGER NOT NULL,
    json        TEXT NOT NULL
);
CREATE INDEX events_article ON events(article);
CREATE INDEX events_root ON events(root);
CREATE INDEX events_source ON events(source_code);
CREATE INDEX events_target ON events(target_code);
CREATE INDEX events_date ON events(date);

CREATE TABLE stories (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    first_seen TEXT,
    last_seen  TEXT,
    size       INTEGER NOT NULL,
    json       TEXT NOT NULL
);
CREATE TABLE story_redirects (
    from_id TEXT PRIMARY KEY,
    to_id   TEXT NOT NULL
);

-- Per-article state of stateful stages (dedup fingerprints), re-loaded on start.
CREATE TABLE fingerprints (
    article   TEXT PRIMARY KEY,
    published TEXT,
    data      BLOB NOT NULL
);

-- Whole-stage state blobs (extractor line statistics, story clusterer).
CREATE TABLE state (
    key  TEXT PRIMARY KEY,
    data BLOB NOT NULL
);

CREATE TABLE rejects (
    id     INTEGER PRIMARY KEY,
    input  TEXT NOT NULL,
    line   INTEGER,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    fatal  INTEGER NOT NULL,
    at     TEXT NOT NULL
);
"#,
    // 2: threads (stories linked over months), rewritten as a whole after
    // each ingest, and the thread of each story in one.
    r#"
CREATE TABLE threads (
    id         TEXT PRIMARY KEY,
    first_seen TEXT,
    last_seen  TEXT,
    stories    INTEGER NOT NULL,
    articles   INTEGER NOT NULL,
    json       TEXT NOT NULL
);
CREATE TABLE story_threads (
    story  TEXT PRIMARY KEY,
    thread TEXT NOT NULL
);
CREATE INDEX story_threads_thread ON story_threads(thread);
"#,
];
