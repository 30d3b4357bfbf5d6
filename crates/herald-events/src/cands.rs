//! Verb-pattern candidates of a sentence, and the word-order tests they use
//! (noun uses, passives, negation before a verb).

use crate::coder::{Cand, DETS, NOTS, is_quote};
use crate::lexicon::{LEXICON, VerbPattern};
use crate::words::Word;

pub(crate) fn is_title_case(ws: &[Word]) -> bool {
    let alpha: Vec<&Word> = ws
        .iter()
        .filter(|w| w.surface.chars().all(char::is_alphabetic) && w.lower.len() > 3)
        .collect();
    alpha.len() >= 3 && alpha.iter().filter(|w| w.cap).count() * 10 >= alpha.len() * 7
}

/// Noun use of a word that could be a verb ("the release of", "China's offer").
pub(crate) fn nounish(ws: &[Word], i: usize, in_mention: &[Option<usize>]) -> bool {
    let w = &ws[i];
    if !w.upos.is_empty() && !matches!(w.upos, "VERB" | "AUX") {
        return true;
    }
    if i == 0 {
        return false;
    }
    let prev = &ws[i - 1];
    if prev.is("to") {
        return false;
    }
    // "US-led", "Israeli-occupied": part of a compound adjective.
    if prev.is("-") {
        return true;
    }
    if prev.is_any(DETS) {
        return true;
    }
    // "tank shelling", "government bombing": a gerund after a noun.
    if w.lower.ends_with("ing")
        && in_mention[i - 1].is_some()
        && !ws[i - 1].is_any(&["he", "she", "it", "they"])
    {
        return true;
    }
    // "for helping", "by promoting", "In Fight": a word right after a
    // preposition is nominal — except "interest in helping", a wrapped action.
    if prev.is_any(&[
        "for", "of", "by", "after", "before", "without", "in", "on", "about", "against", "with",
        "from", "into", "over", "under", "during", "amid",
    ]) {
        let mut k = i - 1;
        while k > 0 && is_quote(ws[k - 1].surface) {
            k -= 1;
        }
        let wrapped = prev.is("in")
            && k >= 1
            && ws[k - 1].is_any(&["interest", "interested", "willingness", "readiness"]);
        return !wrapped;
    }
    // "the new offer": determiner, a plain modifier, the word.
    if i >= 2
        && ws[i - 2].is_any(DETS)
        && in_mention[i - 1].is_none()
        && !prev.cap
        && !w.lower.ends_with("ed")
        && prev.lower.chars().all(|c| c.is_alphabetic() || c == '-')
    {
        let verb_like = LEXICON.verbs.contains_key(&prev.lemma) || prev.lower.ends_with("ed");
        return !verb_like;
    }
    false
}

pub(crate) fn candidates(
    ws: &[Word],
    in_mention: &[Option<usize>],
    title_case: bool,
) -> Vec<Cand<'static>> {
    let lex = &*LEXICON;
    let mut out = Vec::new();
    for i in 0..ws.len() {
        if in_mention[i].is_some() {
            continue;
        }
        let w = &ws[i];
        let Some(pats) = lex.verbs.get(&w.lemma) else {
            continue;
        };
        if w.cap && i > 0 && !title_case {
            continue; // "Free Tibet" banners, a name
        }
        if nounish(ws, i, in_mention) {
            continue;
        }
        if out.iter().any(|c: &Cand| c.head < i && i <= c.end) {
            continue; // inside an earlier pattern ("advised against travel to")
        }
        // "The civilians imprisoned for …": a participle modifying the noun
        // before it, not the sentence's verb.
        let reduced_relative = w.lower.ends_with("ed")
            && i > 0
            && in_mention[i - 1].is_some()
            && !is_passive(ws, i)
            && ws.get(i + 1).is_some_and(|x| {
                x.is_any(&[
                    "for", "in", "by", "over", "since", "during", "after", "on", "at", "with",
                ])
            });
        if reduced_relative {
            continue;
        }
        let bare = w.lower == w.lemma;
        let after_modal = i > 0
            && ws[i - 1].is_any(&[
                "to", "will", "would", "not", "n't", "can", "could", "should", "may", "might",
                "must", "did", "does", "do", "he", "she", "they", "we", "i",
            ]);
        let found = pats
            .iter()
            .filter(|p| !(p.inflected && bare && !after_modal))
            .find_map(|p| match_rest(ws, i, p).map(|e| (p, e)));
        if let Some((pat, end)) = found {
            out.push(Cand { head: i, end, pat });
        }
    }
    out
}

fn match_rest(ws: &[Word], head: usize, p: &VerbPattern) -> Option<usize> {
    let mut pos = head;
    for e in &p.rest {
        let mut found = None;
        let last = (pos + 1 + e.max_gap).min(ws.len().saturating_sub(1));
        for (j, w) in ws.iter().enumerate().take(last + 1).skip(pos + 1) {
            if w.is_any(&[";", "."]) {
                break;
            }
            if e.alts.iter().any(|a| *a == w.lower || *a == w.lemma) {
                found = Some(j);
                break;
            }
        }
        pos = found?;
    }
    Some(pos)
}

pub(crate) fn negated_before(ws: &[Word], v: usize) -> bool {
    let lo = v.saturating_sub(3);
    (lo..v).any(|j| {
        ws[j].is_any(NOTS) || (ws[j].is("no") && ws.get(j + 1).is_some_and(|w| w.is("longer")))
    })
}

pub(crate) fn is_passive(ws: &[Word], v: usize) -> bool {
    let w = &ws[v];
    let participle = w.lower.ends_with("ed")
        || w.lower.ends_with("en")
        || matches!(
            w.lower.as_str(),
            "shot" | "struck" | "held" | "hit" | "fought" | "sent" | "sold" | "taken" | "blown"
        );
    if !participle || w.upos == "NOUN" {
        return false;
    }
    // "There were 10 Russian soldiers killed".
    if v >= 3
        && (v.saturating_sub(6)..v)
            .any(|j| ws[j].is("there") && ws.get(j + 1).is_some_and(|b| b.lemma == "be"))
    {
        return true;
    }
    let mut j = v;
    while j > 0 {
        j -= 1;
        let p = &ws[j];
        if p.lemma == "be" || p.lemma == "get" {
            return true;
        }
        if !(p.lower.ends_with("ly") || p.is_any(&["not", "n't", "reportedly", "also", "being"])) {
            return false;
        }
    }
    false
}
