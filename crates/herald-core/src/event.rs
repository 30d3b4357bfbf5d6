use serde::{Deserialize, Serialize};

use crate::Span;

/// One side of an event: the words that named it and its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Actor {
    pub text: String,
    /// CAMEO-style actor code: country (ISO 3166 alpha-3) + role, e.g.
    /// `CHNGOV`, `IRQ`, `IGOUNO`, `NGAREB`; empty when unknown.
    pub code: String,
    /// Country part of the code (`CHN`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Role part (`GOV`, `MIL`, `REB`, …), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Who did what to whom, when and where — with where it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `<article>:<sentence>:<n>`, stable across runs.
    pub id: String,
    pub article: String,
    /// 0-based sentence index in the article.
    pub sentence: usize,
    /// Byte span in the article's clean text of the words that expressed it.
    pub span: Span,
    /// ISO date of the event, resolved against the publication date; `None` = unknown.
    pub date: Option<String>,
    pub source: Actor,
    pub target: Actor,
    /// CAMEO event code, e.g. `0332`.
    pub cameo: String,
    /// PLOVER event type, e.g. `AID`.
    pub plover: String,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// Goldstein scale, −10 … +10.
    pub goldstein: f64,
    /// True when the sentence negates the action ("will not join"). Negated
    /// actions are kept for provenance but are not counted as the positive event.
    pub negated: bool,
    /// Place name of the action, when found.
    pub place: Option<String>,
    /// The lexicon pattern that fired (provenance).
    #[serde(default)]
    pub pattern: String,
    /// How sure the component that produced it is: 1 for a lexicon
    /// pattern, the model's probability for a learned trigger (`model:…`).
    #[serde(default = "one")]
    pub confidence: f32,
}

fn one() -> f32 {
    1.0
}

impl Event {
    /// CAMEO root (first two digits).
    pub fn root(&self) -> &str {
        self.cameo.get(..2).unwrap_or(&self.cameo)
    }
}
