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

/// True when the sentence carries a dependency parse.
pub(crate) fn parsed(ws: &[Word]) -> bool {
    ws.iter().any(|w| !w.deprel.is_empty())
}
