//! Relations between articles: exact copies, near-duplicates, containment
//! (excerpts and extended versions) and rewrites (the same story retold), with
//! the likely origin and the shared passages as evidence.
//!
//! The pipeline computes a [`Fingerprint`] per article in parallel (pure),
//! then feeds articles one by one to a [`DedupIndex`], which answers "what is
//! this article a copy of?" from its sketches and indexes it. `compare` explains
//! one pair exactly when both texts are at hand.
//!
//! ```
//! use herald_core::{Article, RelationType};
//! use herald_dedup::{DedupIndex, compare};
//!
//! let body = "The central bank raised its main interest rate by half a point on \
//!     Tuesday, the third increase this year, as inflation stayed above target. \
//!     Officials said further moves would depend on wage growth and energy prices.";
//! let wire = Article { id: "wire".into(), text: body.into(), ..Default::default() };
//! let copy = Article {
//!     id: "copy".into(),
//!     text: format!("Home | World | Business\n{body}\nShare this story"),
//!     ..Default::default()
//! };
//!
//! let mut index = DedupIndex::new();
//! let fp = index.fingerprint(&wire);
//! assert!(index.process(&wire, &fp).is_empty());
//! let fp = index.fingerprint(&copy);
//! let rels = index.process(&copy, &fp);
//! assert_eq!(rels[0].article, "wire");
//! assert_eq!(rels[0].origin.as_deref(), Some("wire"));
//!
//! let c = compare(&wire, &copy);
//! assert!(matches!(c.kind, Some(RelationType::Containment | RelationType::Near)));
//! assert!(!c.passages.is_empty());
//! ```

mod compare;
pub mod eval;
mod fingerprint;
pub mod gold;
mod index;
pub mod lsh;
mod relate;
mod sketch;
mod text;

pub use compare::{Comparison, compare};
pub use fingerprint::{Fingerprint, Sample, outlet_key};
pub use index::{DedupIndex, IndexMemory, MAX_RELATIONS};
pub use relate::{Measures, NEAR_MIN, classify};
pub use sketch::{BANDS, PERMS, ROWS, SAMPLE_RATE, SHINGLE};
