//! One article → what clustering compares: a sparse TF-IDF vector (title
//! weighted up, proper nouns and entities boosted), actor and event keys, a
//! day, display labels and a summary candidate.

use herald_core::{Article, Event, MentionKind};

use crate::date::parse_day;
use crate::idf::IdfTable;
use crate::params::Params;
use crate::sparse::{SparseVec, normalize, top_k};
use crate::text::{IdMap, NS_ENTITY, NS_WORD, for_each_word, term_id};

/// Raw term counts of one article, before IDF weighting.
#[derive(Debug, Default)]
pub struct Counts {
    /// term → (weighted tf, proper-noun votes, occurrences)
    terms: IdMap<u32, (f32, u16, u16)>,
    /// term → tf in the title only
    title: IdMap<u32, f32>,
    /// Surface forms of proper nouns / entities, for display.
    surfaces: IdMap<u32, String>,
}

impl Counts {
    /// Distinct term ids (what document frequencies count).
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.terms.keys().copied()
    }
}

/// Counts the words of an article's title and text plus its entity mentions.
pub fn count(article: &Article, params: &Params) -> Counts {
    let mut c = Counts::default();
    let mut buf = String::new();
    if let Some(title) = &article.title {
        for_each_word(title, &mut buf, |w| {
            let id = term_id(NS_WORD, w.norm);
            let e = c.terms.entry(id).or_insert((0.0, 0, 0));
            e.0 += params.title_weight;
            *c.title.entry(id).or_insert(0.0) += 1.0;
        });
    }
    for_each_word(&article.text, &mut buf, |w| {
        let id = term_id(NS_WORD, w.norm);
        let e = c.terms.entry(id).or_insert((0.0, 0, 0));
        e.0 += 1.0;
        e.2 = e.2.saturating_add(1);
        if w.proper {
            e.1 = e.1.saturating_add(1);
            c.surfaces
                .entry(id)
                .or_insert_with(|| w.surface.to_string());
        }
    });
    for m in &article.mentions {
        if !matches!(
            m.kind,
            MentionKind::Person
                | MentionKind::Organization
                | MentionKind::Place
                | MentionKind::Norp
        ) {
            continue;
        }
        let key = m.text.trim().to_lowercase();
        if key.chars().count() < 2 {
            continue;
        }
        let id = term_id(NS_ENTITY, &key);
        let e = c.terms.entry(id).or_insert((0.0, 0, 0));
        e.0 += 1.0;
        e.1 = e.1.saturating_add(1);
        e.2 = e.2.saturating_add(1);
        c.surfaces
            .entry(id)
            .or_insert_with(|| m.text.trim().to_string());
    }
    c
}

/// What the clusterer keeps of one article.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Top-K TF-IDF terms, sorted by id, unit length.
    pub terms: SparseVec,
    /// Title terms only, unit length (headline choice).
    pub title: SparseVec,
    /// Distinct actor codes of the article's positive events.
    pub actors: Vec<String>,
    /// Distinct `source|root|target` keys of its positive events.
    pub events: Vec<String>,
    /// CAMEO codes of its positive events (with repeats, for counting).
    pub cameos: Vec<String>,
    pub day: Option<i32>,
    /// Display names of its heaviest proper nouns / entities.
    pub labels: Vec<(String, f32)>,
    /// Sentence embedding of title + lead (unit length), when the caller
    /// has one.
    pub emb: Option<Vec<f32>>,
}

/// Weighs counts into features. `idf = None` weighs every term 1 (stopwords
/// already gone), for pairwise comparisons without a corpus.
pub fn weigh(
    article: &Article,
    events: &[Event],
    counts: &Counts,
    idf: Option<&IdfTable>,
    params: &Params,
) -> Features {
    let idf_of = |t: u32| idf.map_or(1.0, |i| i.idf(t));
    let mut terms: SparseVec = counts
        .terms
        .iter()
        .map(|(&t, &(tf, proper, occ))| {
            let mut w = (1.0 + tf.ln()) * idf_of(t);
            // Mostly capitalised mid-sentence → a name: names identify stories.
            if proper > 0 && u32::from(proper) * 2 >= u32::from(occ.max(1)) {
                w *= params.proper_boost;
            }
            (t, w)
        })
        .collect();
    top_k(&mut terms, params.top_k);
    let mut labels: Vec<(String, f32)> = terms
        .iter()
        .filter_map(|&(t, w)| counts.surfaces.get(&t).map(|s| (s.clone(), w)))
        .collect();
    labels.sort_by(|a, b| b.1.total_cmp(&a.1));
    labels.truncate(8);
    normalize(&mut terms);
    let mut title: SparseVec = counts
        .title
        .iter()
        .map(|(&t, &tf)| (t, (1.0 + tf.ln()) * idf_of(t)))
        .collect();
    top_k(&mut title, 16);
    normalize(&mut title);

    let mut actors = Vec::new();
    let mut keys = Vec::new();
    let mut cameos = Vec::new();
    for e in events.iter().filter(|e| !e.negated) {
        for a in [&e.source.code, &e.target.code] {
            if !a.is_empty() {
                actors.push(a.clone());
            }
        }
        if !e.cameo.is_empty() {
            keys.push(format!("{}|{}|{}", e.source.code, e.root(), e.target.code));
            cameos.push(e.cameo.clone());
        }
    }
    actors.sort();
    actors.dedup();
    keys.sort();
    keys.dedup();
    Features {
        terms,
        title,
        actors,
        events: keys,
        cameos,
        day: article.published.as_deref().and_then(parse_day),
        labels,
        emb: None,
    }
}

/// Features of one article without touching any IDF table.
pub fn featurize(
    article: &Article,
    events: &[Event],
    idf: Option<&IdfTable>,
    params: &Params,
) -> Features {
    let counts = count(article, params);
    weigh(article, events, &counts, idf, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(title: &str, text: &str) -> Article {
        Article {
            id: "a".into(),
            title: Some(title.into()),
            text: text.into(),
            published: Some("2014-12-15".into()),
            ..Article::default()
        }
    }

    #[test]
    fn title_words_outweigh_body_words() {
        let p = Params::default();
        let f = featurize(
            &art(
                "Flood hits town",
                "The river rose. Rain fell on farms all night.",
            ),
            &[],
            None,
            &p,
        );
        let w = |word: &str| {
            let id = term_id(NS_WORD, word);
            f.terms.iter().find(|(t, _)| *t == id).map_or(0.0, |x| x.1)
        };
        assert!(w("flood") > w("river"));
        assert!(w("river") > 0.0);
        assert_eq!(f.day, parse_day("2014-12-15"));
        assert!(!f.title.is_empty());
    }

    #[test]
    fn empty_article_has_empty_vector() {
        let f = featurize(&Article::default(), &[], None, &Params::default());
        assert!(f.terms.is_empty());
        assert!(f.day.is_none());
    }

    #[test]
    fn proper_nouns_become_labels() {
        let f = featurize(
            &art(
                "",
                "Officials said that Jafari met Wang in New York on Monday.",
            ),
            &[],
            None,
            &Params::default(),
        );
        let names: Vec<&str> = f.labels.iter().map(|(s, _)| s.as_str()).collect();
        assert!(names.contains(&"Jafari"), "{names:?}");
    }
}
