//! Herald's embedded store: one SQLite file (WAL, schema migrations, FTS5).
//!
//! The store owns persistence and nothing else: stages hand it the shared
//! data model ([`Article`], [`Event`], [`Story`], [`Reject`]) and opaque state
//! blobs, one transaction per batch, so a crash never loses a committed batch.
//!
//! ```
//! use herald_core::Article;
//! use herald_store::{Batch, Store, StoredArticle};
//!
//! let mut store = Store::open_in_memory().unwrap();
//! let article = Article { id: "a1".into(), title: Some("China offers aid".into()),
//!     text: "China offered military aid to Mali on Tuesday.".into(), ..Article::default() };
//! let mut batch = Batch::default();
//! batch.articles.push(StoredArticle { article, raw_hash: "h1".into() });
//! store.write_batch(&batch).unwrap();
//! assert_eq!(store.search("mali", 10).unwrap()[0].id, "a1");
//! assert!(store.article("a1").unwrap().is_some());
//! ```

mod events;
mod maintenance;
mod restart;
mod schema;

use std::path::Path;

use herald_core::{Article, Event, Reject, Relation, RelationType, Story, Thread};
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("corrupt record {what} {id}: {source}")]
    Json {
        what: &'static str,
        id: String,
        source: serde_json::Error,
    },
    /// A full-text query that is not valid FTS5.
    #[error(
        "bad search query {query:?} ({reason}): use words, \"quoted phrases\", AND, OR, NOT, prefix* and (parentheses); quote words with punctuation, e.g. \"U.S.\" sanctions"
    )]
    BadQuery { query: String, reason: String },
    #[error(
        "database {path} has schema version {found}, newer than this herald ({supported}); upgrade herald"
    )]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error(
        "database {path} has schema version {found}, older than this herald ({supported}); run any writing command (e.g. `herald status`) once to migrate it"
    )]
    NeedsMigration {
        path: String,
        found: i64,
        supported: i64,
    },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An article with the hash of its raw input (the re-ingest key).
#[derive(Debug, Clone)]
pub struct StoredArticle {
    pub article: Article,
    pub raw_hash: String,
}

/// Everything one pipeline batch writes, committed in one transaction.
#[derive(Debug, Default)]
pub struct Batch {
    pub articles: Vec<StoredArticle>,
    pub events: Vec<Event>,
    /// `(article id, published, fingerprint blob)` for the dedup index.
    pub fingerprints: Vec<(String, Option<String>, Vec<u8>)>,
    /// Stories to upsert (new or changed).
    pub stories: Vec<Story>,
    /// Stories merged away: `(from, to)`; `from` is deleted and redirects.
    pub redirects: Vec<(String, String)>,
    /// Articles that changed story after they were stored (a story split):
    /// `(article id, new story id)`. Applied after `articles`.
    pub moves: Vec<(String, String)>,
    /// Stage state blobs by key.
    pub state: Vec<(String, Vec<u8>)>,
    /// State keys starting with any of these are deleted before `state` is
    /// written (a snapshot replacing the deltas it includes).
    pub state_clear: Vec<String>,
    /// When set, the highest article rowid after this batch is saved under
    /// this state key (decimal): where a replay of later articles starts
    /// ([`Store::for_each_article_after`]).
    pub article_mark: Option<String>,
    /// When set, replaces every stored thread (threads are recomputed as a
    /// whole: a new story can join two threads into one).
    pub threads: Option<Vec<Thread>>,
    pub rejects: Vec<Reject>,
}

/// What the store holds, for status lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub articles: u64,
    pub events: u64,
    pub stories: u64,
    /// Threads of two or more stories.
    pub threads: u64,
    pub relations: u64,
    pub rejects: u64,
}

/// A full-text search hit.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchHit {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub site: Option<String>,
    pub story: Option<String>,
    /// Excerpt with matches in `[brackets]`.
    pub snippet: String,
    /// What to call the article: its title, or `(untitled)` and its first
    /// words ([`herald_core::article_label`]).
    pub label: String,
    /// BM25 score (higher is better).
    pub score: f64,
}

/// Filters for [`Store::events`]; empty fields match everything. Values are
/// taken as given: callers validate what users type
/// (`herald_server::filters`).
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub article: Option<String>,
    /// Prefix of the source actor code (`CHN` matches `CHNGOV`).
    pub source: Option<String>,
    pub target: Option<String>,
    /// Prefix of the CAMEO code (`03` matches `0332`).
    pub cameo: Option<String>,
    /// PLOVER event type (`AGREE`, `ASSAULT`, …).
    pub plover: Option<String>,
    /// QuadClass 1 (verbal cooperation) to 4 (material conflict).
    pub quad_class: Option<u8>,
    /// Events of the articles of this story (a merged id is followed).
    pub story: Option<String>,
    /// Events of the articles of this site.
    pub site: Option<String>,
    /// Events of the articles a full-text query (FTS5 syntax) finds.
    pub text: Option<String>,
    /// Inclusive ISO date bounds on the event date.
    pub since: Option<String>,
    pub until: Option<String>,
    pub include_negated: bool,
    pub limit: Option<usize>,
}

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating and migrating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        // Switching to WAL and creating the schema can meet another process
        // doing the same: SQLite then reports "database is locked" at once
        // for the journal switch (no busy handler), so try again a while.
        let mut tries = 0;
        loop {
            match Self::open_once(path) {
                Err(StoreError::Sql(rusqlite::Error::SqliteFailure(e, _)))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy && tries < 100 =>
                {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Self::init(conn, &path.display().to_string())
    }

    /// Opens an existing database for reading only (the server): no WAL
    /// switch, no migration, no file created. Readers see committed batches
    /// while a pipeline writes.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        use rusqlite::OpenFlags;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let first = Connection::open_with_flags(path, flags).and_then(|conn| {
            conn.busy_timeout(std::time::Duration::from_secs(10))?;
            let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            Ok((conn, v))
        });
        let (conn, version) = match first {
            Ok(ok) => ok,
            // A WAL database in a folder we cannot write (a read-only
            // archive: file 0444, folder 0555) cannot get its `-shm` index.
            // With no `-wal` beside it no writer is active, so it can be
            // read as an immutable file.
            Err(e) if !wal_path(path).exists() => {
                let conn = Connection::open_with_flags(immutable_uri(path), flags)
                    .map_err(|_| StoreError::Sql(e))?;
                let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
                (conn, v)
            }
            Err(e) => return Err(e.into()),
        };
        let supported = schema::MIGRATIONS.len() as i64;
        let path = path.display().to_string();
        if version > supported {
            return Err(StoreError::TooNew {
                path,
                found: version,
                supported,
            });
        }
        if version < supported {
            return Err(StoreError::NeedsMigration {
                path,
                found: version,
                supported,
            });
        }
        Ok(Store { conn })
    }

    pub fn open_in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(conn: Connection, path: &str) -> Result<Store> {
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let supported = schema::MIGRATIONS.len() as i64;
        if version > supported {
            return Err(StoreError::TooNew {
                path: path.to_string(),
                found: version,
                supported,
            });
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            // Immediate: a second process opening a new database waits here
            // and then sees the migration done, instead of running it again
            // ("table articles already exists").
            let tx = rusqlite::Transaction::new_unchecked(
                &conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now > i as i64 {
                continue;
            }
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
            tracing::debug!(version = i + 1, "migrated schema");
        }
        Ok(Store { conn })
    }

    /// The database file (`None` in memory).
    pub fn path(&self) -> Option<std::path::PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
    }

    /// `(raw-input hash, input)` of a stored article, if `id` is known: the
    /// re-ingest key.
    pub fn lookup(&self, id: &str) -> Result<Option<(String, String)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT raw_hash, input FROM articles WHERE id = ?1")?;
        Ok(st
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Writes a batch in one transaction.
    pub fn write_batch(&mut self, batch: &Batch) -> Result<()> {
        let now = now_iso();
        let tx = self.conn.transaction()?;
        {
            let mut del_events = tx.prepare_cached("DELETE FROM events WHERE article = ?1")?;
            let mut del_rel = tx.prepare_cached("DELETE FROM relations WHERE a = ?1")?;
            let mut up = tx.prepare_cached(
                "INSERT INTO articles (id, raw_hash, hash, input, url, site, title, published, story, text, json, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT(id) DO UPDATE SET raw_hash=excluded.raw_hash, hash=excluded.hash, input=excluded.input,
                   url=excluded.url, site=excluded.site, title=excluded.title, published=excluded.published,
                   story=excluded.story, text=excluded.text, json=excluded.json, ingested_at=excluded.ingested_at",
            )?;
            let mut rel = tx.prepare_cached(
                "INSERT OR REPLACE INTO relations (a, b, type, score, origin, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for sa in &batch.articles {
                let a = &sa.article;
                del_events.execute([&a.id])?;
                del_rel.execute([&a.id])?;
                up.execute(params![
                    a.id,
                    sa.raw_hash,
                    a.hash,
                    a.input,
                    a.url,
                    a.site,
                    a.title,
                    a.published,
                    a.story,
                    a.text,
                    article_json(a),
                    now
                ])?;
                for r in &a.relations {
                    let evidence = if r.evidence.is_empty() {
                        None
                    } else {
                        serde_json::to_string(&r.evidence).ok()
                    };
                    rel.execute(params![
                        a.id,
                        r.article,
                        r.kind.as_str(),
                        r.score,
                        r.origin,
                        evidence
                    ])?;
                }
            }
            let mut ev = tx.prepare_cached(
                "INSERT OR REPLACE INTO events (id, article, sentence, date, source_code, target_code, cameo, root, quad_class, goldstein, negated, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            for e in &batch.events {
                ev.execute(params![
                    e.id,
                    e.article,
                    e.sentence as i64,
                    e.date,
                    e.source.code,
                    e.target.code,
                    e.cameo,
                    e.root(),
                    e.quad_class as i64,
                    e.goldstein,
                    e.negated,
                    serde_json::to_string(e).unwrap_or_default()
                ])?;
            }
            let mut fp = tx.prepare_cached(
                "INSERT OR REPLACE INTO fingerprints (article, published, data) VALUES (?1, ?2, ?3)",
            )?;
            for (id, published, data) in &batch.fingerprints {
                fp.execute(params![id, published, data])?;
            }
            // Articles deleted with `herald delete` stay in the clusterer's
            // saved state: keep them out of the story records.
            let mut deleted = maintenance::deleted_ids(&tx)?;
            if !deleted.is_empty() {
                let before = deleted.len();
                for sa in &batch.articles {
                    deleted.remove(&sa.article.id);
                }
                if deleted.len() != before {
                    maintenance::save_deleted(&tx, &deleted)?;
                }
            }
            let gone: std::collections::HashSet<String> = deleted.into_iter().collect();
            for s in &batch.stories {
                if gone.is_empty() || !s.articles.iter().any(|a| gone.contains(a)) {
                    maintenance::write_story(&tx, s)?;
                } else {
                    let mut s = s.clone();
                    maintenance::refresh_story(&tx, &mut s, &gone)?;
                    if !s.articles.is_empty() {
                        maintenance::write_story(&tx, &s)?;
                    }
                }
            }
            let mut redir = tx.prepare_cached(
                "INSERT OR REPLACE INTO story_redirects (from_id, to_id) VALUES (?1, ?2)",
            )?;
            let mut del_story = tx.prepare_cached("DELETE FROM stories WHERE id = ?1")?;
            let mut move_articles =
                tx.prepare_cached("UPDATE articles SET story = ?2 WHERE story = ?1")?;
            for (from, to) in &batch.redirects {
                redir.execute(params![from, to])?;
                del_story.execute([from])?;
                move_articles.execute(params![from, to])?;
            }
            let mut mv = tx.prepare_cached("UPDATE articles SET story = ?2 WHERE id = ?1")?;
            for (article, story) in &batch.moves {
                mv.execute(params![article, story])?;
            }
            let mut clear = tx.prepare_cached("DELETE FROM state WHERE substr(key, 1, ?2) = ?1")?;
            for prefix in &batch.state_clear {
                clear.execute(params![prefix, prefix.len() as i64])?;
            }
            if let Some(key) = &batch.article_mark {
                tx.execute(
                    "INSERT OR REPLACE INTO state (key, data)
                     SELECT ?1, CAST(CAST(IFNULL(MAX(rowid), 0) AS TEXT) AS BLOB) FROM articles",
                    [key],
                )?;
            }
            let mut state =
                tx.prepare_cached("INSERT OR REPLACE INTO state (key, data) VALUES (?1, ?2)")?;
            for (k, v) in &batch.state {
                state.execute(params![k, v])?;
            }
            if let Some(threads) = &batch.threads {
                tx.execute("DELETE FROM threads", [])?;
                tx.execute("DELETE FROM story_threads", [])?;
                let mut th = tx.prepare_cached(
                    "INSERT OR REPLACE INTO threads (id, first_seen, last_seen, stories, articles, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?;
                let mut member = tx.prepare_cached(
                    "INSERT OR REPLACE INTO story_threads (story, thread) VALUES (?1, ?2)",
                )?;
                for t in threads {
                    th.execute(params![
                        t.id,
                        t.first_seen,
                        t.last_seen,
                        t.stories.len() as i64,
                        t.article_count as i64,
                        serde_json::to_string(t).unwrap_or_default()
                    ])?;
                    // A one-story thread (kept for its `related` links) is
                    // not a thread its story belongs to.
                    if t.stories.len() > 1 {
                        for s in &t.stories {
                            member.execute(params![s, t.id])?;
                        }
                    }
                }
            }
            maintenance::record_rejects(&tx, &batch.rejects, &now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// One article with its relations in both directions.
    pub fn article(&self, id: &str) -> Result<Option<Article>> {
        let Some(mut a) = self.article_without_relations(id)? else {
            return Ok(None);
        };
        a.relations = self.relations(id)?;
        Ok(Some(a))
    }

    /// An article without its relations: cheaper when a page needs only
    /// text and metadata (a syndicated article can have thousands of them).
    pub fn article_without_relations(&self, id: &str) -> Result<Option<Article>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT json, story FROM articles WHERE id = ?1")?;
        let row: Option<(String, Option<String>)> = st
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((json, story)) = row else {
            return Ok(None);
        };
        let mut a: Article = parse_json("article", id, &json)?;
        a.story = story;
        Ok(Some(a))
    }

    /// Relations of `id` to other articles, both directions, strongest first.
    pub fn relations(&self, id: &str) -> Result<Vec<Relation>> {
        let mut st = self.conn.prepare_cached(
            "SELECT b, type, score, origin, evidence, 0 FROM relations WHERE a = ?1
             UNION ALL SELECT a, type, score, origin, evidence, 1 FROM relations WHERE b = ?1",
        )?;
        let mut out = Vec::new();
        let rows = st.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, f64>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, bool>(5)?,
            ))
        })?;
        for row in rows {
            let (other, kind, score, origin, evidence, flipped) = row?;
            let Some(kind) = relation_type(&kind) else {
                continue;
            };
            let mut evidence: Vec<herald_core::SharedPassage> = evidence
                .and_then(|e| serde_json::from_str(&e).ok())
                .unwrap_or_default();
            if flipped {
                for p in &mut evidence {
                    std::mem::swap(&mut p.this, &mut p.other);
                }
            }
            out.push(Relation {
                kind,
                article: other,
                score,
                origin,
                evidence,
            });
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        Ok(out)
    }

    /// Calls `f` on every article (with relations), in ingest order.
    pub fn for_each_article(&self, mut f: impl FnMut(Article)) -> Result<()> {
        let mut st = self
            .conn
            .prepare("SELECT id, json, story FROM articles ORDER BY rowid")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let json: String = r.get(1)?;
            let mut a: Article = parse_json("article", &id, &json)?;
            a.story = r.get(2)?;
            a.relations = self.relations(&id)?;
            f(a);
        }
        Ok(())
    }

    pub fn event(&self, id: &str) -> Result<Option<Event>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM events WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        json.map(|j| parse_json("event", id, &j)).transpose()
    }

    /// Stories, largest and most recent first.
    pub fn stories(&self, limit: Option<usize>) -> Result<Vec<Story>> {
        self.stories_page(0, limit)
    }

    /// One page of [`Store::stories`]: skips `offset` stories.
    pub fn stories_page(&self, offset: usize, limit: Option<usize>) -> Result<Vec<Story>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, json FROM stories ORDER BY size DESC, last_seen DESC, id LIMIT ?1 OFFSET ?2",
        )?;
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let mut rows = st.query(params![limit, offset])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let json: String = r.get(1)?;
            out.push(parse_json("story", &id, &json)?);
        }
        Ok(out)
    }

    /// A story by id, following merge redirects.
    pub fn story(&self, id: &str) -> Result<Option<Story>> {
        let mut id = id.to_string();
        for _ in 0..16 {
            let to: Option<String> = self
                .conn
                .query_row(
                    "SELECT to_id FROM story_redirects WHERE from_id = ?1",
                    [&id],
                    |r| r.get(0),
                )
                .optional()?;
            match to {
                Some(t) => id = t,
                None => break,
            }
        }
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM stories WHERE id = ?1", [&id], |r| {
                r.get(0)
            })
            .optional()?;
        json.map(|j| parse_json("story", &id, &j)).transpose()
    }

    /// Threads of at least `min_stories` stories, most articles first, then
    /// most recent; skips `offset`.
    pub fn threads_page(
        &self,
        min_stories: usize,
        offset: usize,
        limit: Option<usize>,
    ) -> Result<Vec<Thread>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, json FROM threads WHERE stories >= ?1
             ORDER BY articles DESC, last_seen DESC, id LIMIT ?2 OFFSET ?3",
        )?;
        let min = i64::try_from(min_stories).unwrap_or(i64::MAX);
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let mut rows = st.query(params![min, limit, offset])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let json: String = r.get(1)?;
            out.push(parse_json("thread", &id, &json)?);
        }
        Ok(out)
    }

    /// A thread by id.
    pub fn thread(&self, id: &str) -> Result<Option<Thread>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM threads WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        json.map(|j| parse_json("thread", id, &j)).transpose()
    }

    /// The thread a story (by its current id) belongs to.
    pub fn thread_of_story(&self, story: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT thread FROM story_threads WHERE story = ?1",
                [story],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Full-text search over titles and bodies (FTS5 syntax). A query that
    /// is not valid FTS5 is an error ([`StoreError::BadQuery`]) saying why,
    /// never silently searched as something else.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        self.search_page(query, 0, limit)
    }

    /// [`Store::search`] from the `offset`-th hit on.
    pub fn search_page(&self, query: &str, offset: usize, limit: usize) -> Result<Vec<SearchHit>> {
        self.search_raw(query, offset, limit).map_err(|e| match e {
            // SQLITE_ERROR from MATCH is the query's fault (busy, corrupt
            // and I/O errors have codes of their own).
            StoreError::Sql(rusqlite::Error::SqliteFailure(f, Some(msg)))
                if f.code == rusqlite::ErrorCode::Unknown =>
            {
                StoreError::BadQuery {
                    query: query.to_string(),
                    reason: msg,
                }
            }
            e => e,
        })
    }

    fn search_raw(&self, query: &str, offset: usize, limit: usize) -> Result<Vec<SearchHit>> {
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.title, a.published, a.site, a.story,
                    snippet(articles_fts, 1, '[', ']', '…', 16), -bm25(articles_fts, 5.0, 1.0),
                    CASE WHEN a.title IS NULL OR trim(a.title) = '' THEN substr(a.text, 1, 400) ELSE '' END
             FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
             WHERE articles_fts MATCH ?1 ORDER BY bm25(articles_fts, 5.0, 1.0), a.id LIMIT ?2 OFFSET ?3",
        )?;
        let rows = st.query_map(params![query, limit as i64, offset as i64], |r| {
            Ok(SearchHit {
                id: r.get(0)?,
                title: r.get(1)?,
                published: r.get(2)?,
                site: r.get(3)?,
                story: r.get(4)?,
                snippet: r.get(5)?,
                score: r.get(6)?,
                label: {
                    let title: Option<String> = r.get(1)?;
                    let lead: String = r.get(7)?;
                    herald_core::article_label(title.as_deref(), &lead)
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Calls `f(article, published, blob)` for every stored fingerprint.
    pub fn for_each_fingerprint(&self, mut f: impl FnMut(&str, Option<&str>, &[u8])) -> Result<()> {
        let mut st = self
            .conn
            .prepare("SELECT article, published, data FROM fingerprints ORDER BY rowid")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let published: Option<String> = r.get(1)?;
            let data: Vec<u8> = r.get(2)?;
            f(&id, published.as_deref(), &data);
        }
        Ok(())
    }

    pub fn state(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row("SELECT data FROM state WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn counts(&self) -> Result<Counts> {
        let c = |sql: &str| -> Result<u64> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        Ok(Counts {
            articles: c("SELECT count(*) FROM articles")?,
            events: c("SELECT count(*) FROM events WHERE negated = 0")?,
            stories: c("SELECT count(*) FROM stories")?,
            threads: c("SELECT count(*) FROM threads WHERE stories > 1")?,
            relations: c("SELECT count(*) FROM relations")?,
            rejects: c("SELECT count(*) FROM rejects WHERE fatal = 1")?,
        })
    }
}

fn relation_type(s: &str) -> Option<RelationType> {
    Some(match s {
        "exact" => RelationType::Exact,
        "near" => RelationType::Near,
        "containment" => RelationType::Containment,
        "rewrite" => RelationType::Rewrite,
        _ => return None,
    })
}

/// The article record as stored: without relations (a table of their own)
/// and sentences (recomputed on demand; they would triple the database).
fn article_json(a: &Article) -> String {
    // The story lives in its column (moves and merges update it there).
    let slim = Article {
        relations: Vec::new(),
        sentences: Vec::new(),
        story: None,
        ..a.clone()
    };
    serde_json::to_string(&slim).unwrap_or_default()
}

fn parse_json<T: serde::de::DeserializeOwned>(
    what: &'static str,
    id: &str,
    json: &str,
) -> Result<T> {
    serde_json::from_str(json).map_err(|source| StoreError::Json {
        what,
        id: id.to_string(),
        source,
    })
}

fn wal_path(path: &Path) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push("-wal");
    p.into()
}

/// `file:PATH?immutable=1`, with the characters URIs reserve escaped.
fn immutable_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for c in abs.to_string_lossy().chars() {
        match c {
            '?' | '#' | '%' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn now_iso() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests;
