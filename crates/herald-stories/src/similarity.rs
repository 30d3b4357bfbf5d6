//! Pairwise article similarity in [0, 1]: for `herald compare` and for the
//! Pearson evaluation against human same-story judgements.

use herald_core::{Article, Event};

use crate::features::{Features, featurize};
use crate::idf::IdfTable;
use crate::params::Params;
use crate::sparse::cosine;

/// Share of the smaller set found in the other (0 when either is empty:
/// missing events are no evidence either way).
pub fn overlap(a: &[String], b: &[String]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let hits = small
        .iter()
        .filter(|x| large.binary_search(x).is_ok())
        .count();
    hits as f32 / small.len() as f32
}

/// Exponent mapping a combined score onto the scale people judge stories
/// on: cosines of related-but-different reports bunch near 0 while people
/// rate them halfway, so the public score is `s^0.7` (monotone: every
/// decision made on the raw score, e.g. the clustering threshold, is the
/// same decision on the calibrated one).
pub const CALIBRATION: f32 = 0.7;

/// The public pairwise score of a combined score.
pub fn calibrate(s: f32) -> f32 {
    s.clamp(0.0, 1.0).powf(CALIBRATION)
}

/// Combines a text cosine with actor / event overlap and a time gap.
pub fn combine(text: f32, actors: f32, events: f32, gap_days: Option<f32>, p: &Params) -> f32 {
    let s = (text + p.actor_weight * actors + p.event_weight * events).clamp(0.0, 1.0);
    s * p.time_factor_given(gap_days, text)
}

/// Mixes an embedding cosine (when both sides have one) into a text score.
pub fn blend(text: f32, emb: Option<f32>, p: &Params) -> f32 {
    match emb {
        None => text,
        Some(e) => {
            let e = ((e - p.emb_floor) / (1.0 - p.emb_floor).max(1e-6)).clamp(0.0, 1.0);
            (1.0 - p.emb_weight) * text + p.emb_weight * e
        }
    }
}

/// Similarity of two featurised articles.
pub fn feature_similarity(a: &Features, b: &Features, p: &Params) -> f32 {
    let gap = match (a.day, b.day) {
        (Some(x), Some(y)) => Some((x - y) as f32),
        _ => None,
    };
    let emb = match (&a.emb, &b.emb) {
        (Some(x), Some(y)) if x.len() == y.len() => Some(crate::dense::cosine(x, y)),
        _ => None,
    };
    combine(
        blend(cosine(&a.terms, &b.terms), emb, p),
        overlap(&a.actors, &b.actors),
        overlap(&a.events, &b.events),
        gap,
        p,
    )
}

/// How likely two articles report the same story, in [0, 1]: cosine of
/// title-weighted TF-IDF vectors, plus shared event actors and events, times
/// a decay on the gap between publication dates (neutral when undated,
/// lifted by strong text evidence), calibrated by [`calibrate`].
/// `idf = None` weighs all content words alike; pass the store's table (see
/// [`crate::StoryClusterer::idf`]) for corpus-aware weights.
pub fn similarity(
    a: &Article,
    a_events: &[Event],
    b: &Article,
    b_events: &[Event],
    idf: Option<&IdfTable>,
) -> f64 {
    similarity_with(a, a_events, b, b_events, idf, &Params::default())
}

/// [`similarity`] with explicit parameters.
pub fn similarity_with(
    a: &Article,
    a_events: &[Event],
    b: &Article,
    b_events: &[Event],
    idf: Option<&IdfTable>,
    p: &Params,
) -> f64 {
    let fa = featurize(a, a_events, idf, p);
    let fb = featurize(b, b_events, idf, p);
    f64::from(calibrate(feature_similarity(&fa, &fb, p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(title: &str, text: &str, date: Option<&str>) -> Article {
        Article {
            id: title.into(),
            title: Some(title.into()),
            text: text.into(),
            published: date.map(Into::into),
            ..Article::default()
        }
    }

    #[test]
    fn same_story_scores_above_unrelated() {
        let a = art(
            "Earthquake shakes Lima",
            "A strong earthquake shook Lima on Monday, damaging buildings in the Peruvian capital.",
            Some("2020-03-02"),
        );
        let b = art(
            "Strong quake hits Peru capital",
            "Buildings were damaged in Lima after a strong earthquake struck the Peruvian capital.",
            Some("2020-03-02"),
        );
        let c = art(
            "Vikings beat Saints in overtime",
            "Minnesota won the wild-card playoff game in New Orleans after overtime.",
            Some("2020-03-02"),
        );
        let ab = similarity(&a, &[], &b, &[], None);
        let ac = similarity(&a, &[], &c, &[], None);
        assert!(ab > 0.3, "{ab}");
        assert!(ac < 0.05, "{ac}");
        assert!((similarity(&a, &[], &a, &[], None) - 1.0).abs() < 1e-5);
    }

    #[test]
    fn time_gap_lowers_the_score() {
        let a = art(
            "Flood in Dhaka",
            "Floods in Dhaka displaced thousands.",
            Some("2020-07-01"),
        );
        let near = art(
            "Flood in Dhaka",
            "Floods in Dhaka displaced thousands.",
            Some("2020-07-02"),
        );
        let far = art(
            "Flood in Dhaka",
            "Floods in Dhaka displaced thousands.",
            Some("2021-07-01"),
        );
        let undated = art(
            "Flood in Dhaka",
            "Floods in Dhaka displaced thousands.",
            None,
        );
        assert!(similarity(&a, &[], &near, &[], None) > 0.99);
        // The same report nine days later is still the same story …
        let later = art(
            "Flood in Dhaka",
            "Floods in Dhaka displaced thousands.",
            Some("2020-07-10"),
        );
        assert!(similarity(&a, &[], &later, &[], None) > 0.99);
        // … while weak text evidence still fades with the gap.
        let p = Params::default();
        assert!(combine(0.2, 0.0, 0.0, Some(9.0), &p) < 0.1);
        assert!(combine(0.2, 0.0, 0.0, Some(0.0), &p) > 0.19);
        assert!(similarity(&a, &[], &far, &[], None) < 0.01);
        assert!(similarity(&a, &[], &undated, &[], None) > 0.99);
    }

    #[test]
    fn empty_inputs_score_zero() {
        let e = Article::default();
        assert_eq!(similarity(&e, &[], &e, &[], None), 0.0);
    }

    #[test]
    fn overlap_is_symmetric_share() {
        let a = vec!["CHN".to_string(), "IRQ".to_string()];
        let b = vec!["IRQ".to_string()];
        assert_eq!(overlap(&a, &b), 1.0);
        assert_eq!(overlap(&a, &[]), 0.0);
    }
}
