//! Language layer: fills an [`Article`]'s sentences, tokens and mentions.
//!
//! Text is cut into sentences and Penn/UD-style tokens (byte spans into the
//! clean text), then tagged (UPOS/XPOS), lemmatised, parsed into Universal
//! Dependencies and scanned for named entities. Without trained models the
//! tagger, parser and entity tagger fall back to rules.
//!
//! * [`Analyzer`]: the per-article entry point ([`Analyzer::process`]).
//!   An article is one document: entity types are kept consistent across
//!   its mentions of a name ([`Analyzer::annotate_document`] for callers
//!   with their own sentences).
//! * [`train::train_all`]: trains every model from the shared treebanks
//!   (UD EWT + GUM) into `models/`, which the build embeds in the binary.
//! * [`eval::evaluate`]: tagging, parsing, entity and segmentation scores
//!   on the development sets, plus speed.
//! * [`conllu`]: CoNLL-U reading and writing (`herald parse`).
//!
//! ```
//! use herald_core::{Article, MentionKind};
//! use herald_nlp::Analyzer;
//!
//! let mut article = Article {
//!     text: "Mr. Smith met U.S. officials in Brazil on Sept. 21. They agreed.".into(),
//!     ..Article::default()
//! };
//! Analyzer::new().process(&mut article);
//! assert_eq!(article.sentences.len(), 2);
//! let first = &article.sentences[0];
//! assert_eq!(first.tokens[0].text, "Mr.");
//! assert_eq!(first.span.slice(&article.text), "Mr. Smith met U.S. officials in Brazil on Sept. 21.");
//! assert!(article.mentions.iter().any(|m| m.text == "Brazil" && m.kind == MentionKind::Place));
//! ```

mod clusters;
pub mod conllu;
mod error;
pub mod eval;
mod features;
mod gazetteer;
mod lemma;
mod model;
mod ner;

#[cfg(test)]
mod ner_news_tests;
mod nerdoc;
pub mod nerlab;
mod nertype;
#[cfg(test)]
mod news_tests;
mod parser;
mod perceptron;
mod rulener;
mod segment;
mod tagger;
mod tokenize;
pub mod train;

use std::sync::{Arc, LazyLock};

use herald_core::{Article, Mention, MentionKind, Sentence, Span, Token};

pub use error::NlpError;
pub use lemma::rule_lemma;
pub use model::Models;
pub use segment::segment;
pub use tokenize::tokenize;

/// The embedded models, decoded once per process.
static EMBEDDED: LazyLock<Option<Arc<Models>>> = LazyLock::new(|| Models::embedded().map(Arc::new));

/// The embedded models with the accurate (voting) parsers, decoded on first use.
static EMBEDDED_ACCURATE: LazyLock<Option<Arc<Models>>> =
    LazyLock::new(|| Models::embedded_accurate().map(Arc::new));

/// The language analyser. Cheap to clone and to share across threads
/// (`&self` only).
#[derive(Debug, Clone)]
pub struct Analyzer {
    models: Option<Arc<Models>>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new()
    }
}

impl Analyzer {
    /// Uses the models embedded in the binary (decoded on first use, then
    /// shared); falls back to rules when none were built in.
    pub fn new() -> Self {
        Analyzer {
            models: EMBEDDED.clone(),
        }
    }

    /// Like [`Analyzer::new`], with three parsers voting on every head (a
    /// beam-search parser, the same reading right to left, the greedy
    /// one): better trees (about +2 UAS/LAS) at about a tenth of the
    /// speed. `None` when the binary was built without
    /// `models/parser-accurate.bin`.
    pub fn accurate() -> Option<Self> {
        EMBEDDED_ACCURATE
            .clone()
            .map(|m| Analyzer { models: Some(m) })
    }

    /// An analyser that uses rules only (no tagger, parser or learned NER).
    pub fn rules_only() -> Self {
        Analyzer { models: None }
    }

    /// An analyser with the given models.
    pub fn with_models(models: Models) -> Self {
        Analyzer {
            models: Some(Arc::new(models)),
        }
    }

    /// Whether learned models are in use.
    pub fn has_models(&self) -> bool {
        self.models.is_some()
    }

    /// Pure per-article analysis: sets `article.sentences` and `article.mentions`.
    pub fn process(&self, article: &mut Article) {
        let (sentences, mentions) = self.analyze(&article.text);
        article.sentences = sentences;
        article.mentions = mentions;
    }

    /// Analyses raw text: sentences with annotated tokens, and entity
    /// mentions. The text is one document: a name keeps one type across it
    /// where the evidence agrees ([`Analyzer::annotate_document`]).
    pub fn analyze(&self, text: &str) -> (Vec<Sentence>, Vec<Mention>) {
        let spans = tokenize(text);
        let ranges: Vec<_> = segment(text, &spans)
            .into_iter()
            .filter(|r| !r.is_empty())
            .flat_map(|r| cut_long(text, &spans, r))
            .collect();
        let mut token_lists: Vec<Vec<Token>> = ranges
            .iter()
            .map(|r| {
                spans[r.clone()]
                    .iter()
                    .map(|s| Token {
                        span: *s,
                        text: s.slice(text).to_string(),
                        ..Token::default()
                    })
                    .collect()
            })
            .collect();
        let entities = self.annotate_document(&mut token_lists);
        let mut sentences = Vec::with_capacity(ranges.len());
        let mut mentions = Vec::new();
        for (index, ((r, tokens), ents)) in ranges
            .into_iter()
            .zip(token_lists)
            .zip(entities)
            .enumerate()
        {
            let tok_spans = &spans[r];
            for e in ents {
                if let Some(span) = rulener::to_span(tok_spans, &e) {
                    mentions.push(Mention {
                        span,
                        text: span.slice(text).to_string(),
                        kind: e.kind,
                        sentence: index,
                    });
                }
            }
            let (first, last) = (tok_spans[0], tok_spans[tok_spans.len() - 1]);
            sentences.push(Sentence {
                index,
                span: Span::new(first.start, last.end),
                tokens,
            });
        }
        (sentences, mentions)
    }

    /// Annotates every sentence of one document (an article) in place and
    /// returns each sentence's entities as token ranges. Unlike calling
    /// [`Analyzer::annotate`] per sentence, a name's mentions share their
    /// evidence for its type ("Coron" is a town in every sentence once one
    /// says "the town of Coron").
    pub fn annotate_document(&self, sentences: &mut [Vec<Token>]) -> Vec<Vec<TokenEntity>> {
        match &self.models {
            Some(m) => m.annotate_document(sentences),
            None => sentences.iter_mut().map(|t| self.annotate(t)).collect(),
        }
    }

    /// Annotates one sentence of tokens in place (lemma, tags, heads,
    /// relations) and returns its entities as token ranges.
    pub fn annotate(&self, tokens: &mut [Token]) -> Vec<rulener::TokenEntity> {
        match &self.models {
            Some(m) => m.annotate(tokens),
            None => {
                for t in tokens.iter_mut() {
                    t.lemma = rule_lemma(&t.text, "");
                }
                let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
                rulener::rule_entities(&words)
            }
        }
    }
}

pub use rulener::TokenEntity;

/// Maps a mention kind to the short label used in CoNLL-U MISC and reports.
pub fn kind_label(kind: MentionKind) -> &'static str {
    match kind {
        MentionKind::Person => "PER",
        MentionKind::Organization => "ORG",
        MentionKind::Place => "PLACE",
        MentionKind::Norp => "NORP",
        MentionKind::Date => "DATE",
        MentionKind::Other => "OTHER",
    }
}

/// Most tokens in one sentence: text with no sentence punctuation (a run-on
/// feed, a table flattened to one line) is cut into pieces of at most this
/// many tokens, after a comma, semicolon or colon where one falls in the
/// second half of a piece. The language layer's work and memory then stay
/// bounded per sentence (one 200,000-word line took 15.5 GB before).
pub const MAX_SENTENCE_TOKENS: usize = 400;

/// `r` cut into pieces of at most [`MAX_SENTENCE_TOKENS`] tokens.
fn cut_long(
    text: &str,
    spans: &[herald_core::Span],
    r: std::ops::Range<usize>,
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = r.start;
    while r.end - start > MAX_SENTENCE_TOKENS {
        let limit = start + MAX_SENTENCE_TOKENS;
        let end = (start + MAX_SENTENCE_TOKENS / 2..limit)
            .rev()
            .find(|&i| matches!(spans[i].slice(text), "," | ";" | ":"))
            .map_or(limit, |i| i + 1);
        out.push(start..end);
        start = end;
    }
    out.push(start..r.end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn any_text_analyses_without_panicking(text in "(\\PC|[ \n.’'\"—A-Z]){0,200}") {
            let (sents, mentions) = Analyzer::new().analyze(&text);
            for s in &sents {
                for t in &s.tokens {
                    proptest::prop_assert_eq!(t.span.slice(&text), t.text.as_str());
                    if let Some(h) = t.head {
                        proptest::prop_assert!(h < s.tokens.len());
                    }
                }
            }
            for m in &mentions {
                proptest::prop_assert_eq!(m.span.slice(&text), m.text.as_str());
                proptest::prop_assert!(m.sentence < sents.len());
            }
        }
    }

    #[test]
    fn rules_only_fills_sentences_and_mentions() {
        let mut a = Article {
            text: "BAMAKO, Mali (AP) — Rebels attacked a base.\nIraqi Foreign Minister Ibrahim Jafari said talks failed.".into(),
            ..Article::default()
        };
        Analyzer::rules_only().process(&mut a);
        assert_eq!(a.sentences.len(), 3);
        for s in &a.sentences {
            for t in &s.tokens {
                assert_eq!(t.span.slice(&a.text), t.text);
            }
        }
        assert!(a.mentions.iter().any(|m| m.text == "Ibrahim Jafari"
            && m.kind == MentionKind::Person
            && m.sentence == 2));
    }

    #[test]
    fn a_sentence_without_punctuation_is_cut_into_bounded_pieces() {
        let words = [
            "Mali",
            "China",
            "talks",
            "aid",
            "army",
            "rebels",
            "Bamako",
            "officials",
        ];
        let mut text: Vec<String> = (0..1_000)
            .map(|i| words[i % words.len()].to_string())
            .collect();
        text[700] = "rebels,".into();
        let text = text.join(" ");
        let (sents, _) = Analyzer::new().analyze(&text);
        assert!(sents.iter().all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
        let tokens: usize = sents.iter().map(|s| s.tokens.len()).sum();
        assert_eq!(tokens, 1_001, "every token kept (1,000 words and a comma)");
        // The second piece ends after the comma (token 701), not at 800.
        assert_eq!(sents[0].tokens.len(), 400);
        assert_eq!(sents[1].tokens.last().map(|t| t.text.as_str()), Some(","));
        // Short sentences are untouched.
        let (sents, _) = Analyzer::new().analyze("Mali talks. China aid.");
        assert_eq!(sents.len(), 2);
    }
}
