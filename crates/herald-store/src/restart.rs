//! What a pipeline needs to resume exactly where a killed run stopped
//! (state deltas by key prefix, the clusterer's replay mark, the articles
//! stored after it) and to check that it did (`content_dump`).

use herald_core::{Article, Event, Relation};
use rusqlite::params;

use crate::{Result, Store, parse_json, relation_type};

impl Store {
    /// Every row of the content tables as text, in key order, without what
    /// depends on when or how often it was written (ingest times, rowids):
    /// two stores with equal dumps hold the same content. For equivalence
    /// checks (tests, `bench/crash_equivalence.py` does the same in SQL).
    pub fn content_dump(&self) -> Result<Vec<(&'static str, Vec<String>)>> {
        const TABLES: &[(&str, &str)] = &[
            (
                "articles",
                "SELECT id, raw_hash, hash, input, url, site, title, published, story, text, json FROM articles ORDER BY id",
            ),
            ("events", "SELECT * FROM events ORDER BY id"),
            ("relations", "SELECT * FROM relations ORDER BY a, b, type"),
            ("stories", "SELECT * FROM stories ORDER BY id"),
            (
                "story_redirects",
                "SELECT * FROM story_redirects ORDER BY from_id",
            ),
            ("threads", "SELECT * FROM threads ORDER BY id"),
            (
                "story_threads",
                "SELECT * FROM story_threads ORDER BY story",
            ),
            (
                "fingerprints",
                "SELECT * FROM fingerprints ORDER BY article",
            ),
        ];
        let mut out = Vec::new();
        for &(table, sql) in TABLES {
            let mut st = self.conn.prepare(sql)?;
            let n = st.column_count();
            let mut rows = st.query([])?;
            let mut lines = Vec::new();
            while let Some(r) = rows.next()? {
                let mut line = String::new();
                for i in 0..n {
                    use rusqlite::types::ValueRef;
                    match r.get_ref(i)? {
                        ValueRef::Null => line.push_str("NULL"),
                        ValueRef::Integer(v) => line.push_str(&v.to_string()),
                        ValueRef::Real(v) => line.push_str(&format!("{v:?}")),
                        ValueRef::Text(t) => line.push_str(&String::from_utf8_lossy(t)),
                        ValueRef::Blob(b) => {
                            for x in b {
                                line.push_str(&format!("{x:02x}"));
                            }
                        }
                    }
                    line.push('\t');
                }
                lines.push(line);
            }
            out.push((table, lines));
        }
        Ok(out)
    }

    /// Every state blob whose key starts with `prefix`, by key.
    pub fn states_with_prefix(&self, prefix: &str) -> Result<Vec<(String, Vec<u8>)>> {
        let mut st = self
            .conn
            .prepare("SELECT key, data FROM state WHERE substr(key, 1, ?2) = ?1 ORDER BY key")?;
        let rows = st.query_map(params![prefix, prefix.len() as i64], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// A mark saved with [`Batch::article_mark`].
    pub fn article_mark(&self, key: &str) -> Result<Option<i64>> {
        Ok(self
            .state(key)?
            .and_then(|b| std::str::from_utf8(&b).ok()?.trim().parse().ok()))
    }

    /// Calls `f(article, events)` for every article stored after `mark`
    /// (see [`Batch::article_mark`]), in the order they were first stored,
    /// with the relations it was stored with (to older articles) and its
    /// events in their order.
    pub fn for_each_article_after(
        &self,
        mark: i64,
        mut f: impl FnMut(Article, Vec<Event>),
    ) -> Result<()> {
        let mut st = self
            .conn
            .prepare("SELECT id, json, story FROM articles WHERE rowid > ?1 ORDER BY rowid")?;
        let mut rel = self.conn.prepare_cached(
            "SELECT b, type, score, origin FROM relations WHERE a = ?1 ORDER BY rowid",
        )?;
        let mut ev = self
            .conn
            .prepare_cached("SELECT id, json FROM events WHERE article = ?1 ORDER BY rowid")?;
        let mut rows = st.query([mark])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let json: String = r.get(1)?;
            let mut a: Article = parse_json("article", &id, &json)?;
            a.story = r.get(2)?;
            let rels = rel.query_map([&id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, f64>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?;
            for row in rels {
                let (other, kind, score, origin) = row?;
                if let Some(kind) = relation_type(&kind) {
                    a.relations.push(Relation {
                        kind,
                        article: other,
                        score,
                        origin,
                        evidence: Vec::new(),
                    });
                }
            }
            let mut events = Vec::new();
            for row in ev.query_map([&id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })? {
                let (eid, json) = row?;
                events.push(parse_json("event", &eid, &json)?);
            }
            f(a, events);
        }
        Ok(())
    }
}
