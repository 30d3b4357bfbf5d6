//! Cue words of the coder: reported speech, wrappers (intent, appeal,
//! refusal), negation, determiners, clause stops, auxiliaries, and the
//! nouns and adjectives of what may or is planned to happen.

use crate::words::Word;

pub(crate) const SAY: &[&str] = &[
    "say", "tell", "add", "report", "reveal", "confirm", "note", "explain", "announce", "declare",
    "state", "quote", "write",
];
/// Verbs whose `that`-complement is the content of an accusation.
pub(crate) const ACCUSE: &[&str] = &["allege", "claim", "charge"];
pub(crate) const INTENT: &[&str] = &[
    "offer",
    "pledge",
    "promise",
    "vow",
    "volunteer",
    "plan",
    "intend",
    "want",
    "seek",
    "threaten",
    "ready",
    "willing",
    "interest",
    "willingness",
    "readiness",
    "determined",
    "aim",
    "hope",
    "propose",
];
pub(crate) const APPEAL: &[&str] = &[
    "urge",
    "ask",
    "call",
    "press",
    "want",
    "appeal",
    "encourage",
    "invite",
    "pressure",
    "push",
    "implore",
    "request",
    "beg",
];
pub(crate) const NEGATORS: &[&str] = &["refuse", "decline", "fail"];
pub(crate) const NOTS: &[&str] = &["not", "n't", "never"];
pub(crate) const DETS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "his", "her", "its", "their", "our", "'s", "any",
    "every", "each", "such", "first", "further", "new",
];
pub(crate) const TARGET_STOP: &[&str] = &[
    ";", ",", "but", "while", "though", "although", "because", "after", "before", "when", "since",
    "as", "who", "which", "where", "unless", "whether", "if", "despite", "and",
];
pub(crate) const GENERIC_TARGET_PREPS: &[&str] =
    &["to", "with", "against", "at", "on", "for", "into"];
pub(crate) const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "did",
    "does",
    "do",
    "also",
    "reportedly",
    "later",
    "then",
    "however",
    "earlier",
    "was",
    "is",
    "will",
    "would",
    "of",
    ",",
    "–",
    "—",
    "-",
    "a",
    "the",
    "who",
];

/// Nouns of what may happen; a clause they govern is hypothetical.
pub(crate) const POSSIBILITY: &[&str] = &[
    "risk",
    "risks",
    "chance",
    "chances",
    "possibility",
    "likelihood",
    "prospect",
    "prospects",
    "danger",
    "opening",
    "opportunity",
    "fear",
    "fears",
    "scenario",
];

/// Words of a plan after "be" ("is scheduled to", "are expected to").
pub(crate) const PLANNED: &[&str] = &[
    "scheduled",
    "expected",
    "due",
    "slated",
    "poised",
    "likely",
    "unlikely",
    "set",
];

/// A negation that refuses ("will not join", "won't allow") rather than
/// reports that something did not happen ("never received", "did not talk").
pub(crate) fn refusing(ws: &[Word], v: usize) -> bool {
    let lo = v.saturating_sub(4);
    (lo..v).any(|j| ws[j].is_any(&["will", "would", "'ll", "wo", "shall"]))
}

/// Wrappers whose conflictual complement is a threat ("wants to attack").
pub(crate) const THREAT_WRAPPERS: &[&str] = &["threaten", "want", "plan", "intend", "vow"];
