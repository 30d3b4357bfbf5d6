//! Herald's shared data model.
//!
//! Every stage of the pipeline (read → extract → relate → language → events →
//! stories → store → serve) speaks in these types and nothing else, so a stage
//! never reaches into another stage's internals. A stage takes the model in and
//! hands the model out:
//!
//! ```
//! use herald_core::{RawDoc, Format, Span};
//!
//! let doc = RawDoc::new("seed-000", "seeds/000.txt", Format::Text, "Beijing offers help.\n");
//! assert_eq!(doc.id, "seed-000");
//! let span = Span::new(0, 7);
//! assert_eq!(span.slice(&doc.body), "Beijing");
//! ```
//!
//! Invariants:
//! * `Span`s are **byte** offsets into [`Article::text`] (the clean text), always
//!   on UTF-8 character boundaries. Public JSON converts them to character
//!   offsets with [`Span::to_chars`] so that `text[start:end]` works in Python.
//! * Ids are stable: an article keeps the id its input gave it (JSONL `id`, a
//!   file stem) or gets [`content_id`] of its raw body; events and stories
//!   derive their ids from the article id and position, so re-running the
//!   pipeline on the same input yields the same ids.

mod article;
mod event;
mod ids;
mod label;
mod reject;
mod shared;
mod span;
pub mod state;
mod story;

pub use article::{
    Article, Format, Mention, MentionKind, RawDoc, Relation, RelationType, RemovedLine, Sentence,
    SharedPassage, Token,
};
pub use event::{Actor, Event};
pub use ids::{content_hash, content_id, normalize_for_hash};
pub use label::article_label;
pub use reject::Reject;
pub use shared::shared_dir;
pub use span::Span;
pub use story::{RelatedThread, Story, Thread};
