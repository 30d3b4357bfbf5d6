//! Whether what an action is done to could be an actor at all: selectional
//! restrictions on the verb's patient, from WordNet's noun classes.
//!
//! "The video was released", "Webb's body was released", "they attacked each
//! other's policies" match the verbs of CAMEO's release (084) and assault
//! (18–20) codes, but a video, a body or a policy is no prisoner and no
//! target of violence. The patient — the direct object, or the subject of a
//! passive — is looked up in `data/noun_classes.tsv.gz` (the lexicographer
//! class of each noun's most frequent WordNet 3.0 sense, built by
//! `scripts/build_wordnet_classes.py`); a patient inside an actor mention, a
//! name, a pronoun or an unknown word never blocks an event. An idea
//! attacked ("attacked the government's policy") is criticism (111).
//!
//! The same WordNet tables serve the coder elsewhere: a person noun no actor
//! table names is a civilian actor (`actors.rs`), and the verb and noun
//! classes are features of the trigger model (`learned/features.rs`).

use std::collections::HashMap;
use std::io::Read;
use std::sync::LazyLock;

use crate::words::Word;

static NOUN_CLASSES_GZ: &[u8] = include_bytes!("../data/noun_classes.tsv.gz");

/// WordNet class (`person`, `artifact`, `communication`, …) by noun lemma.
static NOUN_CLASSES: LazyLock<HashMap<String, String>> = LazyLock::new(|| classes(NOUN_CLASSES_GZ));

/// A generated `lemma<TAB>class` table (gzip); empty if it cannot be read.
fn classes(gz: &[u8]) -> HashMap<String, String> {
    let mut text = String::new();
    if flate2::read::GzDecoder::new(gz)
        .read_to_string(&mut text)
        .is_err()
    {
        return HashMap::new();
    }
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(w, c)| (w.to_string(), c.to_string()))
        .collect()
}

static VERB_CLASSES_GZ: &[u8] = include_bytes!("../data/verb_classes.tsv.gz");

/// WordNet class (`communication`, `contact`, `competition`, …) by verb lemma
/// (`scripts/build_wordnet_classes.py`): a feature of the trigger model.
static VERB_CLASSES: LazyLock<HashMap<String, String>> = LazyLock::new(|| classes(VERB_CLASSES_GZ));

/// Decodes the noun and verb classes now ([`crate::preload`]).
pub(crate) fn preload() {
    LazyLock::force(&NOUN_CLASSES);
    LazyLock::force(&VERB_CLASSES);
}

/// The class of a verb lemma, if WordNet knows it.
pub(crate) fn verb_class(lemma: &str) -> Option<&'static str> {
    VERB_CLASSES.get(lemma).map(String::as_str)
}

/// The class of a noun lemma, if WordNet knows it.
pub(crate) fn noun_class(lemma: &str) -> Option<&'static str> {
    NOUN_CLASSES.get(lemma).map(String::as_str)
}

/// Classes nothing can be released from custody as (084: return, release).
const NOT_RELEASED: &[&str] = &[
    "communication",
    "body",
    "cognition",
    "act",
    "event",
    "state",
    "attribute",
    "time",
    "quantity",
    "relation",
    "feeling",
    "motive",
    "phenomenon",
    "process",
];

/// Classes no violence is done to (18–20): ideas, qualities, states.
const NOT_ASSAULTED: &[&str] = &[
    "cognition",
    "attribute",
    "state",
    "feeling",
    "motive",
    "relation",
    "quantity",
    "shape",
];

/// The verb's patient: its direct object, or its passive subject.
fn patient(ws: &[Word], v: usize) -> Option<usize> {
    ws.iter()
        .position(|w| w.head == Some(v) && matches!(w.deprel, "obj" | "nsubj:pass"))
}

/// How the patient of an action suits its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Patient {
    /// An actor, or nothing that rules one out.
    Fits,
    /// Something the action cannot be done to ("released the video").
    Misfit,
    /// An idea attacked ("attacked the policy"): a verbal attack, criticism.
    Idea,
}

/// How the patient of the verb at `v` suits `code`; `in_mention` tells
/// whether a token belongs to an actor mention.
pub(crate) fn fits(
    ws: &[Word],
    v: usize,
    code: &str,
    in_mention: &dyn Fn(usize) -> bool,
) -> Patient {
    let violence = matches!(code.get(..2), Some("18" | "19" | "20"));
    let banned = match code.get(..3) {
        Some("084") => NOT_RELEASED,
        _ if violence => NOT_ASSAULTED,
        _ => return Patient::Fits,
    };
    let Some(p) = patient(ws, v) else {
        return Patient::Fits;
    };
    let w = &ws[p];
    if in_mention(p) || w.upos != "NOUN" {
        return Patient::Fits;
    }
    match noun_lemma_class(&w.lemma, &w.lower) {
        Some("cognition") if violence => Patient::Idea,
        Some(c) if banned.contains(&c) => Patient::Misfit,
        _ => Patient::Fits,
    }
}

/// The class of a noun by its lemma, else by its singular ("albums",
/// "bodies": the coder's own lemmas are made for verbs).
fn noun_lemma_class(lemma: &str, lower: &str) -> Option<&'static str> {
    noun_class(lemma)
        .or_else(|| {
            lower
                .strip_suffix("ies")
                .and_then(|s| noun_class(&format!("{s}y")))
        })
        .or_else(|| lower.strip_suffix("es").and_then(noun_class))
        .or_else(|| lower.strip_suffix('s').and_then(noun_class))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noun_classes_are_wordnet_lexicographer_classes() {
        assert_eq!(noun_class("prisoner"), Some("person"));
        assert_eq!(noun_class("video"), Some("communication"));
        assert_eq!(noun_class("policy"), Some("cognition"));
        assert_eq!(noun_class("embassy"), Some("artifact"));
        assert_eq!(noun_class("qwertyuiop"), None);
        assert_eq!(noun_lemma_class("bodies", "bodies"), Some("body"));
        assert_eq!(noun_lemma_class("albums", "albums"), Some("communication"));
        assert_eq!(noun_lemma_class("hostages", "hostages"), Some("person"));
    }
}
