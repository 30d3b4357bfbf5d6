//! Event coding: an analysed [`Article`] yields CAMEO/PLOVER [`Event`]s —
//! who did what to whom, when and where.
//!
//! The coder reads the language layer's sentences and tokens (lemmas, tags
//! and the dependency tree when present); an article without sentences is
//! split and tokenised here, so the coder also works alone. Actors
//! (countries, demonyms, capitals, organisations, groups, titles and the
//! officials named with them), verb patterns (all 20 CAMEO roots) and the
//! CAMEO table (Goldstein, PLOVER) are Herald's own data files
//! (`data/*.tsv`), embedded in the binary; the PETRARCH-2 / Phoenix actor
//! and agent dictionaries ([`dict`]: ~58,000 names of places, bodies, groups
//! and people with dated roles, ~5,500 titles) add what those tables lack,
//! a person's code taken on the article's publication date.
//!
//! Per sentence: verb patterns fire; wrappers turn them into intents ("offered
//! to help" → 033), appeals ("urged China to support" → 022) or rejections
//! ("will not join" → 121, a negated attack is kept only as `negated`);
//! "declined to comment" and `whether`-clauses yield nothing; reported speech
//! is coded with the reported actors ("X said that Y attacked Z" is X's
//! accusation of Y); the source and target come from the dependency tree when
//! there is one, else from word order, with passives, coordinated actors and
//! pronouns resolved. Only dyadic events (source and target) are emitted.
//! Vocabulary at the scale of the field: PETRARCH2's CAMEO verb dictionary
//! (patterns matched on the dependency tree; a pattern or compound must
//! match, a verb block's bare code alone does not fire) and the Phoenix,
//! NGEC and countrynames actor dictionaries with date-limited roles. The
//! article's context gives countryless roles and unknown people the home
//! country, and passives their implied actor; verdicts in reported speech
//! are coded from the tone of the words said; a learned trigger model
//! proposes events where no pattern applies; a learned event scorer
//! ([`learned::scorer`]) judges every proposal in its sentence and article
//! and drops the unlikely ones. Every event carries the component that
//! coded it (`pattern`, [`explain_pattern`]) and a `confidence` (the
//! scorer's probability). [`eval`] scores the coder on PETRARCH-2's validation
//! records and on real news coded by hand (`eval/events/realnews-dev`).
//!
//! Where: [`resolve_place`] maps a place name to a gazetteer entry (GeoNames
//! populated places with population and alternate names, first- and
//! second-level divisions, countries, continents and world regions, embedded
//! from `data/gazetteer/`) with country codes and coordinates; an event's
//! `place` is kept as its label ("Bamako, Mali"). [`eval::eval_geo`] scores
//! resolution on GeoWebNews. Tone: [`tone`] is GDELT-style document tone from
//! the VADER lexicon.
//!
//! ```
//! use herald_core::Article;
//! use herald_events::Coder;
//!
//! let article = Article {
//!     id: "a1".into(),
//!     published: Some("2012-09-26".into()),
//!     text: "China offered military aid to Mali on Tuesday.".into(),
//!     ..Default::default()
//! };
//! let events = Coder::new().process(&article);
//! let e = &events[0];
//! assert_eq!((e.source.code.as_str(), e.target.code.as_str(), e.cameo.as_str()), ("CHN", "MLI", "0332"));
//! assert_eq!(e.date.as_deref(), Some("2012-09-25"));
//! assert_eq!(e.id, "a1:0:0");
//! ```

mod actor_eval;
mod actor_words;
mod actors;
mod cands;
mod coder;
mod codes;
mod context;
mod cues;
mod dates;
pub mod dict;
pub mod eval;
mod eval_real;
mod first_person;
pub mod geo;
mod geo_eval;
pub mod learned;
mod lemma;
mod lexicon;
mod nominal;
mod participants;
mod patients;
mod petrarch;
mod references;
mod speech;
mod text;
mod tone;
mod words;

use herald_core::{Article, Event};

pub use geo::{Place, PlaceKind, resolve_place, resolve_place_in_text};
pub use tone::{ToneScores, tone, tone_scores};

/// PLOVER event type of a CAMEO code (`"0332"` → `"AGREE"`); `""` for root 01
/// statements, which PLOVER does not model; `None` for an unknown code.
pub fn plover_type(cameo: &str) -> Option<&'static str> {
    lexicon::LEXICON
        .cameo_info(cameo)
        .map(|i| i.plover.as_str())
}

/// Goldstein score of a CAMEO code (standard CAMEO values).
pub fn goldstein(cameo: &str) -> Option<f64> {
    lexicon::LEXICON.cameo_info(cameo).map(|i| i.goldstein)
}

/// QuadClass of a CAMEO code: 1 verbal cooperation (01–05), 2 material
/// cooperation (06–08), 3 verbal conflict (09–13), 4 material conflict (14–20).
pub fn quad_class(cameo: &str) -> u8 {
    codes::quad_class(cameo)
}

/// Decodes every table the coder reads (dictionaries, lexicons,
/// gazetteer, PETRARCH dictionary), which otherwise load on the first
/// article that needs each. A long-running pipeline calls it once at start,
/// as it loads the language models, so that no article's coding time
/// includes a load (and no worker thread waits on another's).
pub fn preload() {
    std::sync::LazyLock::force(&dict::DICT);
    std::sync::LazyLock::force(&lexicon::LEXICON);
    std::sync::LazyLock::force(&petrarch::DICTIONARY);
    geo::preload();
    patients::preload();
    tone::preload();
    coder::preload();
}

impl Default for Coder {
    fn default() -> Self {
        Coder::new()
    }
}

static LEARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Whether coders made by [`Coder::new`] from now on use the learned trigger
/// model (on by default; off for a patterns-only comparison).
pub fn use_learned(on: bool) {
    LEARNED.store(on, std::sync::atomic::Ordering::Relaxed);
}

static MIN_CONFIDENCE: std::sync::Mutex<Option<f32>> = std::sync::Mutex::new(None);

/// The confidence coders made by [`Coder::new`] from now on require of an
/// event, instead of the event scorer's own threshold (`None` restores it):
/// higher for precision, lower for recall.
pub fn set_min_confidence(p: Option<f32>) {
    if let Ok(mut m) = MIN_CONFIDENCE.lock() {
        *m = p;
    }
}

/// Which part of the coder produced an event, read from its `pattern`, in
/// words for `herald show`: the wrapper (intent, appeal, refusal) and the
/// component (Herald's verb table, the PETRARCH2 dictionary, the learned
/// trigger model, a verdict in reported speech).
///
/// ```
/// let s = herald_events::explain_pattern("intent+petrarch:provide:- * aid");
/// assert!(s.contains("intent") && s.contains("PETRARCH2"));
/// assert!(herald_events::explain_pattern("model:storm").contains("learned"));
/// ```
pub fn explain_pattern(pattern: &str) -> String {
    let mut rest = pattern;
    let mut wraps = Vec::new();
    loop {
        let (name, tail) = match rest.split_once('+') {
            Some(("intent", t)) => ("an intent to act (03x/13x)", t),
            Some(("appeal", t)) => ("an appeal for the action (10x)", t),
            Some(("not", t)) => ("a refused or negated action", t),
            Some(("speech", t)) => {
                wraps.push(format!(
                    "a verdict in reported speech (\"{t}\"), coded from the tone of the words said"
                ));
                rest = "";
                break;
            }
            _ => break,
        };
        wraps.push(name.to_string());
        rest = tail;
    }
    let component = if rest.is_empty() {
        String::new()
    } else if let Some(lemma) = rest.strip_prefix("model:") {
        format!("the learned trigger model on \"{lemma}\" (no pattern applied)")
    } else if let Some(p) = rest.strip_prefix("petrarch:") {
        format!("the PETRARCH2 CAMEO dictionary, pattern {p}")
    } else {
        format!("Herald's verb table, pattern \"{rest}\"")
    };
    wraps
        .into_iter()
        .chain((!component.is_empty()).then_some(component))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Sentences a text needs to be judged as an article. The event scorer and
/// the relevance model learned from whole articles (their features count
/// events per article, the article's words, actors without a country where
/// the article names none); a sentence or two on its own — an API call, the
/// PETR-2 validation items — is coded by the patterns and the trigger model
/// at its own threshold, as PETRARCH codes sentences.
pub const ARTICLE_MIN_SENTENCES: usize = 3;

/// Whether a text of these sentences is judged as an article ([`ARTICLE_MIN_SENTENCES`]).
pub fn is_article(sentences: &[herald_core::Sentence]) -> bool {
    sentences.len() >= ARTICLE_MIN_SENTENCES
}

/// The event coder. Cheap to create; holds no per-article state.
#[derive(Debug, Clone)]
pub struct Coder {
    /// The learned trigger model, asked about words no pattern covers.
    trigger: Option<std::sync::Arc<learned::TriggerModel>>,
    /// The learned judge of every proposed event ([`learned::scorer`]).
    scorer: Option<std::sync::Arc<learned::scorer::EventScorer>>,
    /// Whether a coder would code the article at all, for the scorer.
    relevance: Option<std::sync::Arc<learned::relevance::Relevance>>,
    /// Trigger probability from which the model proposes events: the
    /// scorer's training floor, else the trigger model's own threshold.
    propose: Option<f32>,
}

impl Coder {
    /// Verb patterns, the learned trigger model ([`learned`]) on parsed
    /// sentences where no pattern applies, and the event scorer — unless
    /// [`use_learned`] turned the learned layer off for the process.
    pub fn new() -> Self {
        if LEARNED.load(std::sync::atomic::Ordering::Relaxed) {
            let min = MIN_CONFIDENCE.lock().ok().and_then(|m| *m);
            let scorer = learned::scorer::EventScorer::shipped().map(|s| match min {
                Some(t) => std::sync::Arc::new(learned::scorer::EventScorer::with_threshold(&s, t)),
                None => s,
            });
            Coder::with_models(learned::TriggerModel::shipped_arc(), scorer)
        } else {
            Coder::rules_only()
        }
    }

    /// Verb patterns only.
    pub fn rules_only() -> Self {
        Coder::with_models(None, None)
    }

    /// A coder with these learned components (training codes held-out
    /// folds with models fitted without them).
    pub fn with_models(
        trigger: Option<std::sync::Arc<learned::TriggerModel>>,
        scorer: Option<std::sync::Arc<learned::scorer::EventScorer>>,
    ) -> Self {
        let propose = scorer.as_ref().and_then(|s| s.propose);
        let relevance = scorer
            .as_ref()
            .and_then(|_| learned::relevance::Relevance::shipped());
        Coder {
            trigger,
            scorer,
            relevance,
            propose,
        }
    }

    /// The same coder with the trigger model proposing from probability
    /// `floor` (training codes folds at the floor the scorer will judge).
    pub fn proposing_at(mut self, floor: Option<f32>) -> Self {
        self.propose = floor;
        self
    }

    /// Pure per-article coding. Uses `article.sentences` when the language
    /// layer filled them, else splits and tokenises `article.text` itself.
    pub fn process(&self, article: &Article) -> Vec<Event> {
        // The dictionaries, models and patterns are English: text detected
        // as another language is not coded (no event beats a wrong one).
        if !codes_language(article) {
            return Vec::new();
        }
        let sentences = sentences_of(article);
        let sentences = &sentences[..];
        let mut out = self.propose(article, sentences);
        if let Some(scorer) = self.scorer.as_ref().filter(|_| is_article(sentences)) {
            let relevance = self.relevance.as_ref().map(|r| r.article(article));
            scorer.apply(&article.text, sentences, &mut out, relevance);
        }
        // An event with no date of its own happened, as far as the article
        // tells, when it was reported.
        if let Some(p) = published(article) {
            for e in out.iter_mut().filter(|e| e.date.is_none()) {
                e.date = Some(p.to_string());
            }
        }
        out
    }

    /// Why the coder kept or dropped an event it proposes in `article` (an
    /// event of [`Coder::process`], or one dropped by the scorer): found by
    /// its span and pattern among the proposals; `None` when the coder does
    /// not propose it.
    pub fn explain_event(
        &self,
        article: &Article,
        span: herald_core::Span,
        pattern: &str,
    ) -> Option<Explanation> {
        let sentences = sentences_of(article);
        let sentences = &sentences[..];
        let events = self.propose(article, sentences);
        let i = events
            .iter()
            .position(|e| e.span == span && e.pattern == pattern)?;
        let sentence = sentences
            .iter()
            .find(|s| s.index == events[i].sentence)
            .map(|s| s.span.slice(&article.text).to_string())
            .unwrap_or_default();
        let mut x = Explanation {
            sentence,
            component: explain_pattern(pattern),
            judged: false,
            relevance: None,
            probability: None,
            threshold: None,
            weights: Vec::new(),
        };
        if let Some(scorer) = self.scorer.as_ref().filter(|_| is_article(sentences)) {
            let relevance = self.relevance.as_ref().map(|r| r.article(article));
            x.judged = learned::stack::counted(&events[i]);
            x.relevance = relevance;
            x.threshold = Some(scorer.threshold_for(pattern));
            if x.judged {
                let feats = learned::scorer::event_features(
                    &article.text,
                    sentences,
                    &events,
                    i,
                    relevance,
                );
                x.probability = Some(scorer.prob(&feats));
                x.weights = scorer.explain(&article.text, sentences, &events, i, relevance);
            }
        }
        Some(x)
    }
    /// Every event the patterns and the trigger model propose, before the
    /// scorer judges them.
    fn propose(&self, article: &Article, sentences: &[herald_core::Sentence]) -> Vec<Event> {
        let mut ctx = coder::Ctx {
            article: &article.id,
            text: &article.text,
            published: published(article),
            model: self.trigger.as_deref(),
            propose: self
                .propose
                .filter(|_| is_article(sentences))
                .or_else(|| self.trigger.as_deref().map(|m| m.threshold))
                .unwrap_or(1.0),
            context: context::ArticleContext::new(article),
        };
        let mut out = Vec::new();
        // A story PETRARCH2's discard list marks as sport or entertainment.
        if petrarch::DICTIONARY.discarded(&article.text, petrarch::Scope::Story) {
            return out;
        }
        let mut state = coder::State::default();
        let words: Vec<Vec<words::Word>> = sentences.iter().map(words::words).collect();
        // One actor per name across the article: what titles and
        // appositives say anywhere ("North Korea's leader, Kim Jong-un") is
        // known before the first bare mention ("a present from Kim Jong-un").
        let mut named = context::ActorVotes::default();
        for (k, ws) in words.iter().enumerate() {
            for piece in ws.chunks(coder::MAX_TOKENS) {
                let ms = actors::find(piece, &mut state.aliases, ctx.published);
                named.add(k, &ms);
            }
        }
        // No place settles the story's country: the actors it names do.
        if ctx.context.home.is_none() {
            ctx.context.home = named.home();
        }
        for (s, ws) in sentences.iter().zip(&words) {
            coder::code_sentence(&ctx, s.index, ws, &mut state, &mut out);
        }
        out
    }
}

/// Whether the coder reads the article's language: English, or not detected.
pub fn codes_language(article: &Article) -> bool {
    article.language.as_deref().is_none_or(|l| l == "en")
}

/// The language layer's sentences, or the coder's own split of the text.
fn sentences_of(article: &Article) -> std::borrow::Cow<'_, [herald_core::Sentence]> {
    if article.sentences.is_empty() {
        std::borrow::Cow::Owned(text::sentences(&article.text))
    } else {
        std::borrow::Cow::Borrowed(&article.sentences)
    }
}

/// The article's publication date (or its URL's).
fn published(article: &Article) -> Option<chrono::NaiveDate> {
    dates::published_date(article.published.as_deref())
        .or_else(|| article.url.as_deref().and_then(dates::url_date))
}

/// What [`Coder::explain_event`] tells about one proposed event.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Explanation {
    /// The sentence it was coded from.
    pub sentence: String,
    /// Which component proposed it ([`explain_pattern`]).
    pub component: String,
    /// Whether the event scorer judged it (not for negated events, root-01
    /// statements, or texts too short to be an article).
    pub judged: bool,
    /// The article relevance the scorer saw.
    pub relevance: Option<f32>,
    /// The scorer's probability and the threshold it must reach.
    pub probability: Option<f32>,
    pub threshold: Option<f32>,
    /// The scorer's weights behind the probability, largest effect first.
    pub weights: Vec<(String, f32)>,
}
