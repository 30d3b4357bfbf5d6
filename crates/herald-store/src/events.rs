//! Event queries: the filters of `herald events` and `/api/events`.

use herald_core::Event;

use crate::{EventFilter, Result, Store, parse_json};

impl Store {
    /// Events matching `filter`, by article and sentence.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<Event>> {
        let mut sql = String::from("SELECT id, json FROM events WHERE 1=1");
        let mut args: Vec<String> = Vec::new();
        let mut push = |clause: &str, v: String| {
            args.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(a) = &filter.article {
            push(" AND article = ?", a.clone());
        }
        if let Some(s) = &filter.source {
            push(" AND source_code LIKE ?", format!("{}%", like_escape(s)));
        }
        if let Some(t) = &filter.target {
            push(" AND target_code LIKE ?", format!("{}%", like_escape(t)));
        }
        if let Some(c) = &filter.cameo {
            push(" AND cameo LIKE ?", format!("{}%", like_escape(c)));
        }
        if let Some(p) = &filter.plover {
            push(" AND json_extract(json, '$.plover') = ?", p.clone());
        }
        if let Some(q) = filter.quad_class {
            push(" AND quad_class = ?", q.to_string());
        }
        if let Some(s) = &filter.story {
            // A merged story's id redirects to the survivor.
            let story = self.story(s)?.map_or_else(|| s.clone(), |st| st.id);
            push(
                " AND article IN (SELECT id FROM articles WHERE story = ?)",
                story,
            );
        }
        if let Some(s) = &filter.site {
            push(
                " AND article IN (SELECT id FROM articles WHERE site = ?)",
                s.clone(),
            );
        }
        if let Some(q) = &filter.text {
            push(
                " AND article IN (SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ?)",
                q.clone(),
            );
        }
        if let Some(d) = &filter.since {
            push(" AND date >= ?", d.clone());
        }
        if let Some(d) = &filter.until {
            push(" AND date <= ?", format!("{d}\u{10FFFF}"));
        }
        if !filter.include_negated {
            sql.push_str(" AND negated = 0");
        }
        sql.push_str(" ORDER BY article, sentence, id");
        if let Some(l) = filter.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        let mut st = self.conn.prepare(&sql).map_err(|e| bad_query(e, filter))?;
        let sql_args: Vec<&dyn rusqlite::ToSql> =
            args.iter().map(|a| a as &dyn rusqlite::ToSql).collect();
        let mut rows = st
            .query(sql_args.as_slice())
            .map_err(|e| bad_query(e, filter))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(|e| bad_query(e, filter))? {
            let id: String = r.get(0)?;
            let json: String = r.get(1)?;
            out.push(parse_json("event", &id, &json)?);
        }
        Ok(out)
    }
}

impl Store {
    /// `(story, site)` of a stored article, for grouping its events.
    pub fn placement(&self, id: &str) -> Result<Option<(Option<String>, Option<String>)>> {
        use rusqlite::OptionalExtension;
        let mut st = self
            .conn
            .prepare_cached("SELECT story, site FROM articles WHERE id = ?1")?;
        Ok(st
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }
}

/// A failed MATCH is the text query's fault (see [`Store::search`]).
fn bad_query(e: rusqlite::Error, filter: &EventFilter) -> crate::StoreError {
    match (&e, &filter.text) {
        (rusqlite::Error::SqliteFailure(f, Some(msg)), Some(q))
            if f.code == rusqlite::ErrorCode::Unknown =>
        {
            crate::StoreError::BadQuery {
                query: q.clone(),
                reason: msg.clone(),
            }
        }
        _ => e.into(),
    }
}

/// `LIKE` prefix patterns take the value literally: wildcards are dropped.
fn like_escape(s: &str) -> String {
    s.replace(['%', '_'], "")
}
