//! Readers: turn files, folders and stdin into [`RawDoc`]s or [`Reject`]s.
//! (Skeleton: the ingest helper fills this in.)

use std::path::PathBuf;

use herald_core::{RawDoc, Reject};

/// What a reader yields: a document, or a reject record (warnings are
/// rejects with `fatal == false` and come *before* the document they concern).
#[derive(Debug)]
pub enum Item {
    Doc(RawDoc),
    Reject(Reject),
}

#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Files (after decompression) larger than this are rejected as `too-large`.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_bytes: 64 * 1024 * 1024 }
    }
}

pub struct Reader {
    pub opts: ReadOptions,
}

impl Reader {
    pub fn new(opts: ReadOptions) -> Self {
        Reader { opts }
    }

    /// Streams every document of `inputs` (files, folders walked recursively
    /// in sorted order, `-` for stdin) to `sink`.
    pub fn read(&self, inputs: &[PathBuf], sink: &mut dyn FnMut(Item)) {
        let _ = (inputs, sink);
        unimplemented!("skeleton")
    }
}
