//! Errors of the language layer.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: malformed CoNLL-U: {msg}")]
    Conllu {
        path: String,
        line: usize,
        msg: String,
    },
    #[error("{path}: malformed JSON: {reason}")]
    Json { path: String, reason: String },
    #[error("model {name}: {msg}")]
    Model { name: String, msg: String },
    #[error("training data missing: {0} (set HERALD_SHARED to the shared data folder)")]
    MissingData(PathBuf),
}
