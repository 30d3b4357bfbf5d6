//! Deleting articles (and keeping their stories true) and the reject log.

use std::collections::{BTreeSet, HashSet};

use herald_core::{Reject, Story};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::{Result, Store, parse_json};

/// State key of the ids deleted with `herald delete`: the story clusterer's
/// saved state still lists them, so story records written later are cleaned
/// of them until the id is ingested again.
pub(crate) const DELETED_KEY: &str = "deleted-articles";

impl Store {
    /// Deletes an article, its events, relations and fingerprint, and takes
    /// it out of its story (size, title, origin, dates and sources are
    /// recomputed from the remaining members; a story left empty goes).
    /// Returns whether it existed.
    pub fn delete_article(&mut self, id: &str) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let story: Option<Option<String>> = tx
            .query_row("SELECT story FROM articles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let n = tx.execute("DELETE FROM articles WHERE id = ?1", [id])?;
        tx.execute("DELETE FROM events WHERE article = ?1", [id])?;
        tx.execute("DELETE FROM relations WHERE a = ?1 OR b = ?1", [id])?;
        tx.execute("DELETE FROM fingerprints WHERE article = ?1", [id])?;
        if n > 0 {
            let mut gone = deleted_ids(&tx)?;
            gone.insert(id.to_string());
            save_deleted(&tx, &gone)?;
        }
        if let Some(Some(sid)) = story {
            let json: Option<String> = tx
                .query_row("SELECT json FROM stories WHERE id = ?1", [&sid], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(json) = json {
                let mut s: Story = parse_json("story", &sid, &json)?;
                let gone = HashSet::from([id.to_string()]);
                refresh_story(&tx, &mut s, &gone)?;
                if s.articles.is_empty() {
                    tx.execute("DELETE FROM stories WHERE id = ?1", [&sid])?;
                    tx.execute("DELETE FROM story_threads WHERE story = ?1", [&sid])?;
                } else {
                    write_story(&tx, &s)?;
                }
            }
        }
        tx.commit()?;
        Ok(n > 0)
    }

    /// Every recorded reject, oldest first. An input rejected again for the
    /// same reason is listed once, with the time it was last seen.
    pub fn rejects(&self) -> Result<Vec<Reject>> {
        let mut st = self
            .conn
            .prepare("SELECT input, line, reason, detail, fatal FROM rejects ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok(Reject {
                input: r.get(0)?,
                line: r.get::<_, Option<i64>>(1)?.map(|l| l as u64),
                reason: r.get(2)?,
                detail: r.get(3)?,
                fatal: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Forgets every recorded reject; returns how many there were.
    pub fn clear_rejects(&mut self) -> Result<usize> {
        Ok(self.conn.execute("DELETE FROM rejects", [])?)
    }
}

/// Records `rejects` at time `now`, replacing an earlier record of the same
/// `(input, line, reason)`: re-reading a folder does not repeat its rejects.
pub(crate) fn record_rejects(tx: &Transaction, rejects: &[Reject], now: &str) -> Result<()> {
    let mut del =
        tx.prepare_cached("DELETE FROM rejects WHERE input = ?1 AND line IS ?2 AND reason = ?3")?;
    let mut rej = tx.prepare_cached(
        "INSERT INTO rejects (input, line, reason, detail, fatal, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for r in rejects {
        let line = r.line.map(|l| l as i64);
        del.execute(params![r.input, line, r.reason])?;
        rej.execute(params![r.input, line, r.reason, r.detail, r.fatal, now])?;
    }
    Ok(())
}

/// Ids deleted and not ingested again.
pub(crate) fn deleted_ids(tx: &Transaction) -> Result<BTreeSet<String>> {
    let blob: Option<Vec<u8>> = tx
        .query_row(
            "SELECT data FROM state WHERE key = ?1",
            [DELETED_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(blob
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default())
}

pub(crate) fn save_deleted(tx: &Transaction, ids: &BTreeSet<String>) -> Result<()> {
    if ids.is_empty() {
        tx.execute("DELETE FROM state WHERE key = ?1", [DELETED_KEY])?;
    } else {
        tx.execute(
            "INSERT OR REPLACE INTO state (key, data) VALUES (?1, ?2)",
            params![DELETED_KEY, serde_json::to_vec(ids).unwrap_or_default()],
        )?;
    }
    Ok(())
}

/// Takes `gone` out of `story` and recomputes what depended on them from the
/// stored members: dates, sources, origin (the earliest member) and, when
/// the title came from a removed member, the title.
pub(crate) fn refresh_story(tx: &Transaction, s: &mut Story, gone: &HashSet<String>) -> Result<()> {
    let before = s.articles.len();
    s.articles.retain(|a| !gone.contains(a));
    if s.articles.len() == before {
        return Ok(());
    }
    let mut get = tx.prepare_cached(
        "SELECT title, published, site, substr(ingested_at, 1, 10) FROM articles WHERE id = ?1",
    )?;
    struct Member {
        arrival: usize,
        id: String,
        title: Option<String>,
        published: Option<String>,
        site: Option<String>,
        /// Publication day, or the arrival day when undated.
        day: String,
    }
    let mut members = Vec::new();
    for (arrival, id) in s.articles.iter().enumerate() {
        let m = get
            .query_row([id], |r| {
                let published: Option<String> = r.get(1)?;
                let arrived: String = r.get(3)?;
                Ok(Member {
                    arrival,
                    id: id.clone(),
                    title: r.get(0)?,
                    day: published
                        .as_deref()
                        .map_or(arrived, |p| p.get(..10).unwrap_or(p).to_string()),
                    published,
                    site: r.get(2)?,
                })
            })
            .optional()?;
        members.extend(m);
    }
    s.first_seen = members.iter().map(|m| m.day.clone()).min();
    s.last_seen = members.iter().map(|m| m.day.clone()).max();
    let mut sources: Vec<String> = Vec::new();
    for m in &members {
        if let Some(site) = &m.site
            && !sources.contains(site)
        {
            sources.push(site.clone());
        }
    }
    s.sources = sources;
    if s.origin.as_ref().is_none_or(|o| gone.contains(o)) {
        // Dated members first, earliest first; arrival order breaks ties.
        s.origin = members
            .iter()
            .min_by_key(|m| (m.published.is_none(), m.day.clone(), m.arrival))
            .map(|m| m.id.clone());
    }
    let title_kept = members
        .iter()
        .any(|m| m.title.as_deref() == Some(s.title.as_str()));
    if !title_kept {
        let origin = s.origin.clone();
        let from_origin = members
            .iter()
            .find(|m| Some(&m.id) == origin.as_ref())
            .and_then(|m| m.title.clone());
        if let Some(t) = from_origin.or_else(|| members.iter().find_map(|m| m.title.clone())) {
            s.title = t;
        }
    }
    Ok(())
}

pub(crate) fn write_story(tx: &Transaction, s: &Story) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO stories (id, title, first_seen, last_seen, size, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        s.id,
        s.title,
        s.first_seen,
        s.last_seen,
        s.articles.len() as i64,
        serde_json::to_string(s).unwrap_or_default()
    ])?;
    Ok(())
}
