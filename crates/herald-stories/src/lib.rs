//! Online story clustering: each arriving article joins an existing story or
//! founds one, from title-weighted TF-IDF term similarity, shared names,
//! event actors and events, and publication time; stories that turn out to be
//! one merge (the absorbed id redirects), a story whose members turn out to
//! be two stories splits (the larger half keeps the id; both changes are in
//! [`StoryClusterer::history`]), and [`StoryClusterer::threads`] links
//! stories over months.
//!
//! Optional sentence embeddings: with the `embeddings` feature,
//! `embed::Embedder` loads all-MiniLM-L6-v2 from a local directory; pass
//! its vectors to [`StoryClusterer::process_embedded`] and their cosine
//! becomes one more similarity feature. Without them everything works the
//! same.
//!
//! ```
//! use herald_core::Article;
//! use herald_stories::StoryClusterer;
//!
//! let art = |id: &str, title: &str, text: &str| Article {
//!     id: id.into(),
//!     title: Some(title.into()),
//!     text: text.into(),
//!     published: Some("2020-03-02".into()),
//!     ..Article::default()
//! };
//! let mut c = StoryClusterer::new();
//! let a = c.process(&art("a", "Earthquake shakes Lima",
//!     "A strong earthquake shook Lima, the Peruvian capital, damaging buildings."), &[]);
//! let b = c.process(&art("b", "Strong quake hits Peru's capital",
//!     "Buildings were damaged in Lima after a strong earthquake struck the Peruvian capital."), &[]);
//! let d = c.process(&art("d", "Vikings stun Saints",
//!     "Minnesota beat New Orleans in overtime of the wild-card playoff game."), &[]);
//! assert_eq!(a, b);
//! assert_ne!(a, d);
//! assert_eq!(c.stories().len(), 2);
//! // Pairwise score for `herald compare`, in [0, 1]:
//! let s = herald_stories::similarity(&art("x", "Lima earthquake", "Earthquake in Lima."), &[],
//!                                    &art("y", "Lima quake", "Lima earthquake damage."), &[], None);
//! assert!(s > 0.5);
//! ```

mod archive;
mod cluster;
pub mod date;
mod dense;
#[cfg(feature = "embeddings")]
pub mod embed;
pub mod eval;
mod features;
mod idf;
mod params;
mod similarity;
mod sparse;
mod split;
mod text;
mod thread;

pub use cluster::{Change, ClustererState, InnerRelation, StoryClusterer, StoryRecord, story_id};
pub use idf::IdfTable;
pub use params::Params;
pub use similarity::{similarity, similarity_with};
pub use thread::{RelatedThread, Thread};
