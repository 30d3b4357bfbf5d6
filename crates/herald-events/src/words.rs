//! A per-sentence view of the tokens with the fields the coder needs:
//! normalised form, lemma (from the language layer, else our own), case,
//! and the dependency arc when the parser supplied one.

use herald_core::{Sentence, Span};

use crate::lemma::lemma;
use crate::lexicon::{LEXICON, normalize_word};

#[derive(Debug, Clone)]
pub(crate) struct Word<'a> {
    pub surface: &'a str,
    pub lower: String,
    pub lemma: String,
    pub span: Span,
    /// Starts with a capital letter.
    pub cap: bool,
    pub upos: &'a str,
    pub head: Option<usize>,
    pub deprel: &'a str,
}

impl Word<'_> {
    pub fn is(&self, w: &str) -> bool {
        self.lower == w
    }
    pub fn is_any(&self, ws: &[&str]) -> bool {
        ws.contains(&self.lower.as_str())
    }
}

pub(crate) fn words(sentence: &Sentence) -> Vec<Word<'_>> {
    let lex = &*LEXICON;
    sentence
        .tokens
        .iter()
        .map(|t| {
            let lower = normalize_word(&t.text);
            // A parser's lemma is taken when Herald's tables know it; parsers
            // slip ("jailed" → "jaile"), so otherwise our own is used.
            let given = normalize_word(&t.lemma);
            let lemma = if !given.is_empty() && lex.known.contains(&given) {
                given
            } else {
                lemma(&lower, &lex.known)
            };
            Word {
                surface: &t.text,
                cap: t.text.chars().next().is_some_and(char::is_uppercase),
                lower,
                lemma,
                span: t.span,
                upos: &t.upos,
                head: t.head,
                deprel: &t.deprel,
            }
        })
        .collect()
}

/// Longest match of a phrase table at token `i`: the key grows word by word
/// ("united", "united arab", …, at most `max` words) while `is_prefix` says
/// some longer entry may still match; `hit` turns a key and its length in
/// words into a match. The longest hit wins.
pub(crate) fn longest<T>(
    ws: &[Word],
    i: usize,
    max: usize,
    is_prefix: impl Fn(&str) -> bool,
    mut hit: impl FnMut(&str, usize) -> Option<T>,
) -> Option<T> {
    let mut best = None;
    let mut k = String::new();
    for len in 1..=max.min(ws.len().saturating_sub(i)) {
        if len > 1 {
            k.push(' ');
        }
        k.push_str(&ws[i + len - 1].lower);
        if let Some(x) = hit(&k, len) {
            best = Some(x);
        }
        if !is_prefix(&k) {
            break;
        }
    }
    best
}

/// True when the sentence carries a dependency parse.
pub(crate) fn parsed(ws: &[Word]) -> bool {
    ws.iter().any(|w| !w.deprel.is_empty())
}
