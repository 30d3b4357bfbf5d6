//! Who did what to whom when a noun names the event: "the rocket attack on
//! an Iraqi base by an Iran-backed militia", "Iran's threats against the
//! United States", "a U.S. airstrike", "new agreements with Morocco",
//! "the militia launched an attack on the base". The dependency tree says
//! it: a possessive, compound or adjectival actor before the noun, or a
//! `by`/`from` phrase, is the doer — except for nouns of what is done to
//! someone ("Assange's arrest"), whose possessor undergoes it; a phrase
//! with one of the pattern's target prepositions (else `on`, `against`,
//! `with`, `to` …) is the target; a light verb governing the noun ("launched
//! an attack", "signed an agreement") lends its subject as the doer, and a
//! verb of undergoing ("faces scrutiny from the SEC") its subject as the
//! target.

use crate::actors::Mention;
use crate::coder::Cand;
use crate::cues::GENERIC_TARGET_PREPS;
use crate::participants::{Tree, case_of, direct_mention, expand};
use crate::words::Word;

/// Verbs whose object noun is their subject's own action.
const LIGHT: &[&str] = &[
    "launch",
    "carry",
    "conduct",
    "make",
    "issue",
    "sign",
    "hold",
    "stage",
    "mount",
    "wage",
    "begin",
    "start",
    "open",
    "file",
    "deliver",
    "give",
    "offer",
    "extend",
    "express",
    "announce",
    "pledge",
    "resume",
    "continue",
    "intensify",
    "step",
    "lead",
    "order",
    "impose",
    "lodge",
    "reach",
    "seal",
    "strike",
    "broker",
    "propose",
    "unveil",
    "level",
];

/// Verbs whose subject undergoes what their object noun names.
const UNDERGO: &[&str] = &[
    "face", "receive", "suffer", "undergo", "survive", "endure", "escape", "fear",
];

/// Nouns of what is done to someone: the possessor is the one it is done to.
const DONE_TO: &[&str] = &[
    "arrest",
    "detention",
    "killing",
    "murder",
    "assassination",
    "release",
    "extradition",
    "expulsion",
    "deportation",
    "trial",
    "impeachment",
    "conviction",
    "execution",
    "prosecution",
    "capture",
    "kidnapping",
    "abduction",
    "sentencing",
    "indictment",
    "ouster",
    "removal",
    "dismissal",
    "imprisonment",
    "torture",
    "rescue",
    "evacuation",
    "election",
    "appointment",
    "nomination",
    "sacking",
    "firing",
    "exile",
    "jailing",
];

/// Source and target of a noun trigger, when the tree names a source.
pub(crate) fn participants(
    ws: &[Word],
    tree: &Tree,
    ms: &[Mention],
    c: &Cand,
) -> Option<(Vec<usize>, Vec<usize>)> {
    let v = c.head;
    let target_preps: Vec<&str> = c.pat.target_preps.iter().map(String::as_str).collect();
    let done_to = DONE_TO.contains(&ws[v].lemma.as_str());
    let mut src: Vec<usize> = Vec::new();
    let mut tgt: Vec<usize> = Vec::new();
    for &t in tree.children(v) {
        let rel = ws[t].deprel;
        if matches!(rel, "nmod:poss" | "compound" | "amod") {
            let Some(m) = direct_mention(ms, t) else {
                continue;
            };
            if done_to && rel == "nmod:poss" {
                if tgt.is_empty() {
                    tgt = vec![m];
                }
            } else if src.is_empty() {
                src = vec![m];
            }
        } else if rel.starts_with("nmod") || rel.starts_with("obl") {
            let p = case_of(ws, tree, t).unwrap_or_default();
            let p = p.as_str();
            if matches!(p, "by" | "from") {
                if src.is_empty() {
                    src = expand(ws, tree, ms, t);
                }
            } else if (target_preps.contains(&p)
                || (target_preps.is_empty() && GENERIC_TARGET_PREPS.contains(&p))
                || (done_to && p == "of"))
                && tgt.is_empty()
            {
                tgt = expand(ws, tree, ms, t);
            }
        }
    }
    // The verb the noun is the object of.
    if let Some(h) = tree
        .head(v)
        .filter(|_| matches!(ws[v].deprel, "obj" | "dobj"))
        && ws[h].upos == "VERB"
    {
        let subject = tree
            .children(h)
            .iter()
            .copied()
            .find(|&t| ws[t].deprel == "nsubj")
            .map(|t| expand(ws, tree, ms, t))
            .unwrap_or_default();
        let lemma = ws[h].lemma.as_str();
        if src.is_empty() && LIGHT.contains(&lemma) {
            src = subject;
        } else if tgt.is_empty() && UNDERGO.contains(&lemma) {
            tgt = subject;
        }
    }
    (!src.is_empty()).then_some((src, tgt))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::{Aliases, find};
    use crate::lexicon::VerbPattern;
    use crate::petrarch::tests::tree;
    use crate::words::words;

    /// Source and target codes the tree gives the noun at `head`, for rows
    /// as in [`tree`] joined by `;`.
    fn roles(rows: &str, head: usize) -> Option<(Vec<String>, Vec<String>)> {
        let rows: Vec<&str> = rows.split(';').map(str::trim).collect();
        let a = tree(&rows);
        let ws = words(&a.sentences[0]);
        let t = Tree::new(&ws, 0);
        let ms = find(&ws, &mut Aliases::new(), None);
        let pat = VerbPattern {
            text: String::new(),
            head: ws[head].lemma.clone(),
            rest: Vec::new(),
            code: Some("190".into()),
            symmetric: false,
            noun: true,
            reverse: false,
            inflected: false,
            target_preps: Vec::new(),
        };
        let c = Cand {
            head,
            end: head,
            pat: &pat,
        };
        let codes = |ks: Vec<usize>| ks.into_iter().map(|k| ms[k].code.clone()).collect();
        participants(&ws, &t, &ms, &c).map(|(s, t)| (codes(s), codes(t)))
    }

    fn pair(s: &str, t: &str) -> Option<(Vec<String>, Vec<String>)> {
        let v = |x: &str| {
            if x.is_empty() {
                vec![]
            } else {
                vec![x.to_string()]
            }
        };
        Some((v(s), v(t)))
    }

    #[test]
    fn a_possessor_does_what_the_noun_names_and_on_marks_its_target() {
        let rows = "Syria Syria PROPN 2 nsubj; criticised criticise VERB 0 root; Iran Iran PROPN 5 nmod:poss; 's 's PART 3 case; attack attack NOUN 2 obj; on on ADP 7 case; Iraq Iraq PROPN 5 nmod; . . PUNCT 2 punct";
        assert_eq!(roles(rows, 4), pair("IRN", "IRQ"));
        // "an attack on Iraq by Iran"
        let rows = "an a DET 2 det; attack attack NOUN 0 root; on on ADP 4 case; Iraq Iraq PROPN 2 nmod; by by ADP 6 case; Iran Iran PROPN 2 nmod";
        assert_eq!(roles(rows, 1), pair("IRN", "IRQ"));
        // No doer named: the tree has no answer (word order decides).
        assert_eq!(
            roles(
                "an a DET 2 det; attack attack NOUN 0 root; on on ADP 4 case; Iraq Iraq PROPN 2 nmod",
                1
            ),
            None
        );
    }

    #[test]
    fn a_light_verb_lends_its_subject_and_a_possessor_can_undergo() {
        let rows = "Iran Iran PROPN 2 nsubj; launched launch VERB 0 root; an a DET 4 det; attack attack NOUN 2 obj; on on ADP 6 case; Iraq Iraq PROPN 4 nmod";
        assert_eq!(roles(rows, 3), pair("IRN", "IRQ"));
        // The subject of a verb that is no light verb did not attack.
        let other = rows.replace("launched launch", "condemned condemn");
        assert_eq!(roles(&other, 3), None);
        // "Turkey 's arrest by Iran": Turkey is arrested.
        let rows = "Turkey Turkey PROPN 3 nmod:poss; 's 's PART 1 case; arrest arrest NOUN 0 root; by by ADP 5 case; Iran Iran PROPN 3 nmod";
        assert_eq!(roles(rows, 2), pair("IRN", "TUR"));
        // "Iraq faces scrutiny from Iran": Iraq undergoes it.
        let rows = "Iraq Iraq PROPN 2 nsubj; faces face VERB 0 root; scrutiny scrutiny NOUN 2 obj; from from ADP 5 case; Iran Iran PROPN 3 nmod";
        assert_eq!(roles(rows, 2), pair("IRN", "IRQ"));
    }
}
