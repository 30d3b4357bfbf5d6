//! Public JSON records: the JSONL schemas documented in README.md.
//! These are an interface: add fields, never rename or remove them.
//!
//! The article, relation, event and story records live in `herald-server`
//! so that the HTTP API and the CLI print the very same shapes.

use herald_core::{Article, RemovedLine};
use serde::Serialize;

pub use herald_server::records::{ArticleRecord, EventRecord, StoryRecord, ThreadRecord};

/// The `herald extract` record.
#[derive(Debug, Serialize)]
pub struct ExtractRecord<'a> {
    pub input: &'a str,
    pub id: &'a str,
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    pub published: Option<&'a str>,
    pub authors: &'a [String],
    pub site: Option<&'a str>,
    pub language: Option<&'a str>,
    pub text: &'a str,
    pub removed: &'a [RemovedLine],
    pub cites: &'a [String],
}

impl<'a> ExtractRecord<'a> {
    pub fn new(a: &'a Article) -> Self {
        ExtractRecord {
            input: &a.input,
            id: &a.id,
            url: a.url.as_deref(),
            title: a.title.as_deref(),
            published: a.published.as_deref(),
            authors: &a.authors,
            site: a.site.as_deref(),
            language: a.language.as_deref(),
            text: &a.text,
            removed: &a.removed,
            cites: &a.cites,
        }
    }
}
