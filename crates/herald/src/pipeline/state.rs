//! Saving and restoring the stateful stages, so that an ingest killed at any
//! moment and run again ends with the same store as one that was never
//! interrupted.
//!
//! * The extractor's line statistics: every batch saves what it added (a
//!   [`LineDelta`] under `extract.line_stats+<seq>`) in the batch's
//!   transaction; now and then a whole snapshot replaces the deltas.
//! * The story clusterer: its whole state is large, so it is saved now and
//!   then with a mark (the highest article rowid it had seen). On open, the
//!   articles stored after the mark are replayed through it in their order
//!   (the clusterer's inputs are the stored article, its relations to older
//!   articles and its events), which rebuilds exactly the state it had.
//! * Threads: a flag in the store says they are behind the stories, so the
//!   next ingest rewrites them even if it brings nothing new.
//! * One writer: [`WriterLock`] makes a second ingest on the same database
//!   wait for the first.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use herald_extract::{LineDelta, LineStats};
use herald_store::Store;
use herald_stories::{ClustererState, StoryClusterer};

pub(super) const STATE_LINES: &str = "extract.line_stats";
/// Prefix of the line-statistics deltas saved after the last snapshot.
pub(super) const LINES_DELTA: &str = "extract.line_stats+";
pub const STATE_STORIES: &str = "stories.clusterer";
/// Highest article rowid the saved clusterer state has seen.
pub(super) const STORIES_MARK: &str = "stories.clusterer.mark";
/// Present while stored threads are behind the stories.
pub(super) const THREADS_PENDING: &str = "threads.pending";
/// Tags of the binary state blobs (kind and format version).
pub(super) const STORIES_TAG: [u8; 4] = *b"HSC1";
pub(super) const FINGERPRINT_TAG: [u8; 4] = *b"HFP1";
pub(super) const LINES_DELTA_TAG: [u8; 4] = *b"HLD1";

/// The story clusterer as last saved in `store` (empty when none was),
/// without replaying later articles (read-only commands).
pub fn load_clusterer(store: &Store) -> Result<StoryClusterer> {
    Ok(match store.state(STATE_STORIES)? {
        Some(blob) => StoryClusterer::from_state(decode_clusterer(&blob)?),
        None => StoryClusterer::new(),
    })
}

fn decode_clusterer(blob: &[u8]) -> Result<ClustererState> {
    herald_core::state::decode::<ClustererState>(STORIES_TAG, blob)
        .context("reading saved story clusterer state")
}

/// The clusterer as it stood after the last committed batch: the saved
/// state plus a replay of the articles stored after it. Returns it with the
/// number of articles replayed.
pub(super) fn restore_clusterer(store: &Store) -> Result<(StoryClusterer, usize)> {
    let saved = store.state(STATE_STORIES)?;
    let mark = store.article_mark(STORIES_MARK)?;
    let (mut clusterer, from) = match saved {
        Some(blob) => (StoryClusterer::from_state(decode_clusterer(&blob)?), mark),
        // Killed before the first save: every stored article is replayed.
        None => (StoryClusterer::new(), Some(0)),
    };
    let mut replayed = 0;
    // A state saved by an older herald has no mark: nothing to replay.
    if let Some(from) = from {
        store
            .for_each_article_after(from, |article, events| {
                clusterer.process(&article, &events);
                replayed += 1;
            })
            .context("replaying stored articles through the story clusterer")?;
    }
    Ok((clusterer, replayed))
}

/// The line statistics as they stood after the last committed batch, and
/// the number the next delta gets.
pub(super) fn restore_lines(store: &Store) -> Result<(LineStats, u64)> {
    let mut stats = match store.state(STATE_LINES)? {
        Some(blob) => {
            serde_json::from_slice::<LineStats>(&blob).context("reading saved line statistics")?
        }
        None => LineStats::default(),
    };
    let mut next = 0;
    for (key, blob) in store.states_with_prefix(LINES_DELTA)? {
        let delta: LineDelta = herald_core::state::decode(LINES_DELTA_TAG, &blob)
            .with_context(|| format!("reading saved line statistics delta {key}"))?;
        stats.apply(&delta);
        let seq: u64 = key[LINES_DELTA.len()..].parse().unwrap_or(0);
        next = next.max(seq + 1);
    }
    Ok((stats, next))
}

/// The state key of line-statistics delta number `seq` (zero-padded so keys
/// sort in order).
pub(super) fn lines_delta_key(seq: u64) -> String {
    format!("{LINES_DELTA}{seq:012}")
}

/// An exclusive lock on `<db>.lock` for as long as a pipeline (or a
/// `herald delete`) writes to the database: a second writer waits (and says
/// so) instead of interleaving its stateful stages with the first one's.
pub struct WriterLock {
    _file: File,
}

impl WriterLock {
    /// Takes the lock of the database at `db`, waiting for another writer
    /// when there is one. `None` for in-memory stores.
    pub fn acquire(db: Option<&Path>) -> Result<Option<WriterLock>> {
        let Some(db) = db else {
            return Ok(None);
        };
        let path = lock_path(db);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("opening the ingest lock {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                eprintln!(
                    "herald: another herald process (ingest or delete) is writing {}; waiting for it to finish (lock {})",
                    db.display(),
                    path.display()
                );
                file.lock()
                    .with_context(|| format!("waiting for the ingest lock {}", path.display()))?;
                eprintln!("herald: the other writer finished; going on");
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e)
                    .with_context(|| format!("taking the ingest lock {}", path.display()));
            }
        }
        Ok(Some(WriterLock { _file: file }))
    }
}

fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_second_writer_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let first = WriterLock::acquire(Some(&db)).unwrap();
        assert!(first.is_some());
        let (tx, rx) = mpsc::channel();
        let db2 = db.clone();
        let waiter = std::thread::spawn(move || {
            let lock = WriterLock::acquire(Some(&db2)).unwrap();
            tx.send(()).unwrap();
            drop(lock);
        });
        assert!(
            rx.recv_timeout(Duration::from_millis(300)).is_err(),
            "the second writer must wait"
        );
        drop(first);
        rx.recv_timeout(Duration::from_secs(10))
            .expect("the second writer goes on once the first is done");
        waiter.join().unwrap();
        assert!(WriterLock::acquire(None).unwrap().is_none());
    }
}
