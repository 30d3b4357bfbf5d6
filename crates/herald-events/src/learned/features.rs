//! Features of a candidate trigger token, hashed to 32 bits.

use crate::actors::Mention;
use crate::lexicon::LEXICON;
use crate::words::Word;

use super::TriggerModel;

const MODALS: &[&str] = &[
    "will", "would", "may", "might", "could", "can", "should", "must", "shall", "'ll",
];
const NOTS: &[&str] = &["not", "n't", "never", "no"];

/// FNV-1a over a feature name and its value.
fn hash(name: &str, value: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes().chain([0u8]).chain(value.bytes()) {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// A verb, or a noun the lexicon or the training labels know as an event.
pub(crate) fn is_candidate(ws: &[Word], i: usize, model: &TriggerModel) -> bool {
    let w = &ws[i];
    match w.upos {
        "VERB" => w.lemma.chars().all(|c| c.is_alphabetic() || c == '-'),
        "NOUN" => {
            model.is_event_noun(&w.lemma)
                || LEXICON
                    .verbs
                    .get(&w.lemma)
                    .is_some_and(|ps| ps.iter().any(|p| p.noun))
        }
        _ => false,
    }
}

fn mention_at(ws: &[Word], ms: &[Mention], t: usize) -> Option<usize> {
    let direct = |x: usize| {
        ms.iter()
            .position(|m| (m.start..m.end).contains(&x) && !m.code.is_empty())
    };
    direct(t).or_else(|| {
        (0..ws.len())
            .filter(|&x| {
                ws[x].head == Some(t)
                    && matches!(
                        ws[x].deprel,
                        "compound" | "amod" | "nmod:poss" | "nmod" | "flat" | "appos"
                    )
            })
            .find_map(direct)
    })
}

/// WordNet class of an argument's head noun (`name` for a proper noun).
fn arg_class(w: &Word) -> &'static str {
    match w.upos {
        "PROPN" => "name",
        "PRON" => "pronoun",
        _ => crate::patients::noun_class(&w.lemma).unwrap_or("-"),
    }
}

fn role(m: &Mention) -> &str {
    m.code.get(3..6).unwrap_or("")
}

/// Hashed features of token `i` as an event trigger.
pub(crate) fn features(ws: &[Word], i: usize, ms: &[Mention]) -> Vec<u32> {
    let w = &ws[i];
    let lemma = w.lemma.as_str();
    let mut f = Vec::with_capacity(48);
    let mut add = |name: &str, value: &str| f.push(hash(name, value));
    add("bias", "");
    add("lemma", lemma);
    add("lower", &w.lower);
    add("upos+lemma", &format!("{}|{lemma}", w.upos));
    add("deprel", w.deprel);
    add("deprel+lemma", &format!("{}|{lemma}", w.deprel));
    // WordNet's class of the word: what is learned of one verb carries to
    // its kin ("assail" → "lambast").
    let class = match w.upos {
        "VERB" => crate::patients::verb_class(lemma),
        _ => crate::patients::noun_class(lemma),
    }
    .unwrap_or("-");
    add("class", &format!("{}|{class}", w.upos));
    // The lexicon's own view of the word: which roots its patterns code.
    match LEXICON.verbs.get(lemma) {
        Some(ps) => {
            for p in ps {
                let root = p.code.as_deref().and_then(|c| c.get(..2)).unwrap_or("none");
                add("lexroot", root);
            }
        }
        None => add("lexroot", "absent"),
    }
    // PETRARCH2's dictionary: the root its verb block (or a pattern) codes.
    if crate::petrarch::DICTIONARY.knows(w) {
        match crate::petrarch::DICTIONARY.match_at(ws, i) {
            Some(m) => {
                let root = m
                    .pat
                    .code
                    .as_deref()
                    .and_then(|c| c.get(..2))
                    .unwrap_or("none");
                add("dictroot", root);
                add(
                    "dictroot+specific",
                    &format!("{root}|{}", m.specificity > 0),
                );
            }
            None => add("dictroot", "nomatch"),
        }
    }
    if let Some(h) = w.head.filter(|&h| h < ws.len()) {
        add("head", &ws[h].lemma);
        add("head+rel", &format!("{}|{}", ws[h].lemma, w.deprel));
    } else {
        add("head", "ROOT");
    }
    let mut has_subj = false;
    let mut has_obj = false;
    for (t, c) in ws.iter().enumerate() {
        if c.head != Some(i) {
            continue;
        }
        let rel = c.deprel;
        let m = mention_at(ws, ms, t).map(|k| &ms[k]);
        if rel.starts_with("nsubj") {
            has_subj = true;
            add("subj", &c.lemma);
            add("subjrel", rel);
            add("subj+lemma", &format!("{}|{lemma}", c.lemma));
            if let Some(m) = m {
                add("subj-actor", role(m));
                add("subj-actor+lemma", lemma);
            }
            add("subj-class+class", &format!("{}|{class}", arg_class(c)));
        } else if matches!(rel, "obj" | "iobj" | "dobj") {
            has_obj = true;
            add("obj", &c.lemma);
            add("obj+lemma", &format!("{}|{lemma}", c.lemma));
            if let Some(m) = m {
                add("obj-actor", role(m));
                add("obj-actor+lemma", lemma);
            }
            add("obj-class", arg_class(c));
            add("obj-class+class", &format!("{}|{class}", arg_class(c)));
        } else if rel.starts_with("obl") || rel.starts_with("nmod") {
            let prep = ws
                .iter()
                .enumerate()
                .find(|(_, x)| x.head == Some(t) && x.deprel == "case")
                .map_or("", |(_, x)| x.lower.as_str());
            add("obl", &format!("{prep}|{}", c.lemma));
            add("prep+lemma", &format!("{prep}|{lemma}"));
            if m.is_some() {
                add("obl-actor", prep);
                add("obl-actor+lemma", &format!("{prep}|{lemma}"));
            }
        } else if rel == "aux" || rel == "aux:pass" || rel == "advmod" {
            if c.is_any(MODALS) {
                add("modal", &c.lower);
            } else if c.is_any(NOTS) {
                add("neg", "");
            } else if rel == "aux:pass" {
                add("passive", "");
            }
        } else if rel == "xcomp" || rel == "ccomp" {
            add("comp", &c.lemma);
        }
    }
    add("args", &format!("{has_subj}|{has_obj}"));
    for d in [-2i32, -1, 1, 2] {
        let j = i as i32 + d;
        let v = if j < 0 || j as usize >= ws.len() {
            "<s>"
        } else {
            ws[j as usize].lemma.as_str()
        };
        add(&format!("w{d}"), v);
    }
    if i > 0 {
        add("prev+lemma", &format!("{}|{lemma}", ws[i - 1].lower));
    }
    f
}
