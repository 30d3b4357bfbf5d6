//! Source and target of a coded action: from the dependency tree when the
//! sentence has one, else from word order.

use crate::actors::Mention;
use crate::coder::Cand;
use crate::cues::{GENERIC_TARGET_PREPS, TARGET_STOP};
use crate::lexicon::LEXICON;
use crate::words::Word;

/// Mentions coordinated with `k` ("Brazil and the United States", "the US,
/// Russia, and Switzerland").
pub(crate) fn group(ws: &[Word], ms: &[Mention], k: usize) -> Vec<usize> {
    let joined = |a: &Mention, b: &Mention| -> bool {
        if a.end > b.start || a.pronoun || b.pronoun {
            return false;
        }
        let gap: Vec<&str> = ws[a.end..b.start]
            .iter()
            .map(|w| w.lower.as_str())
            .collect();
        matches!(
            gap.as_slice(),
            ["and"] | [","] | [",", "and"] | ["or"] | ["and", "the"]
        )
    };
    let mut lo = k;
    while lo > 0 && joined(&ms[lo - 1], &ms[lo]) {
        lo -= 1;
    }
    let mut hi = k;
    while hi + 1 < ms.len() && joined(&ms[hi], &ms[hi + 1]) {
        hi += 1;
    }
    // Commas alone make an apposition ("the commander in Iraq, General X"),
    // not a list: a list ends with "and"/"or".
    let has_conj = (lo..hi).any(|x| {
        ws[ms[x].end..ms[x + 1].start]
            .iter()
            .any(|w| w.is_any(&["and", "or"]))
    });
    if !has_conj {
        return if ms[k].code.is_empty() {
            Vec::new()
        } else {
            vec![k]
        };
    }
    (lo..=hi).filter(|&x| !ms[x].code.is_empty()).collect()
}

pub(crate) fn participants(
    ws: &[Word],
    ms: &[Mention],
    zone: &[i32],
    c: &Cand,
    subject_at: usize,
    passive: bool,
    accusation: Option<(usize, usize, usize)>,
) -> (Vec<usize>, Vec<usize>) {
    let v = c.head;
    let sv = subject_at.min(v);
    let z = zone[v];
    let in_zone = |m: &Mention| zone.get(m.start).is_some_and(|&x| x == z);
    // Subject: the nearest mention before the verb, preferring one that is
    // not inside a prepositional phrase.
    let before: Vec<usize> = (0..ms.len())
        .filter(|&k| ms[k].end <= sv && in_zone(&ms[k]) && !ms[k].code.is_empty())
        .collect();
    let subject = before
        .iter()
        .rev()
        .find(|&&k| ms[k].prep.is_none())
        .or_else(|| before.last())
        .copied()
        .filter(|&k| {
            // "the militant group that has seized …": the relative clause's
            // subject is the noun before `that`, not an earlier actor.
            !(ms[k].end..sv).any(|j| ws[j].is_any(&["that", "which", "who"]) && j > ms[k].end)
        });
    // Object/target: after the pattern, up to a clause break.
    let new_clause = |j: usize| {
        ws.get(j + 1).is_some_and(|w| {
            w.is_any(&[
                "he", "she", "it", "they", "will", "would", "has", "have", "had", "is", "was",
                "are", "were", "also", "then",
            ]) || (LEXICON.verbs.contains_key(&w.lemma) && !w.cap && w.lower != w.lemma)
        })
    };
    let stop = (c.end + 1..ws.len())
        .find(|&j| ws[j].is_any(TARGET_STOP) && (!ws[j].is("and") || new_clause(j)))
        .unwrap_or(ws.len());
    let after: Vec<usize> = (0..ms.len())
        .filter(|&k| ms[k].start > v && ms[k].start < stop && !ms[k].code.is_empty())
        .filter(|&k| !(ms[k].start <= c.end && ms[k].end > c.end))
        .collect();
    let prep_ok =
        |k: usize, preps: &[&str]| ms[k].prep.as_deref().is_some_and(|p| preps.contains(&p));
    let target_preps: Vec<&str> = c.pat.target_preps.iter().map(String::as_str).collect();
    let (src, tgt) = if let Some((_, s, e)) = accusation {
        let t =
            (0..ms.len()).find(|&k| ms[k].start >= s && ms[k].start < e && !ms[k].code.is_empty());
        (subject, t)
    } else if passive {
        let agent = after
            .iter()
            .find(|&&k| prep_ok(k, &["by"]))
            .or_else(|| after.iter().find(|&&k| prep_ok(k, &["in", "from"])))
            .copied();
        let target = subject.or_else(|| {
            after
                .iter()
                .find(|&&k| Some(k) != agent && prep_ok(k, &target_preps))
                .copied()
        });
        (agent, target)
    } else {
        let t = if !target_preps.is_empty() {
            after
                .iter()
                .find(|&&k| prep_ok(k, &target_preps))
                .or_else(|| {
                    after.iter().find(|&&k| {
                        ms[k].prep.is_none() && (ms[k].start <= v + 3 || ms[k].start <= c.end + 2)
                    })
                })
                .copied()
        } else {
            after
                .iter()
                .find(|&&k| ms[k].prep.is_none() || prep_ok(k, GENERIC_TARGET_PREPS))
                .or_else(|| after.iter().find(|&&k| prep_ok(k, &["of"])))
                .copied()
        };
        (subject, t)
    };
    let srcs = src.map(|s| group(ws, ms, s)).unwrap_or_default();
    let tgts = tgt.map(|t| group(ws, ms, t)).unwrap_or_default();
    (srcs, tgts)
}

/// The dependency tree of one coded piece of a sentence. Heads are remapped
/// into the piece: a head outside it (a long sentence is coded in pieces,
/// its heads count from the sentence start), out of range or pointing at
/// the word itself makes the word a root. Children are indexed once, so a
/// walk costs its own length, not a scan of the piece per step.
#[derive(Debug)]
pub(crate) struct Tree {
    heads: Vec<Option<usize>>,
    /// Children of word `h` are `kids[first[h]..first[h + 1]]`, in word order.
    first: Vec<usize>,
    kids: Vec<usize>,
}

impl Tree {
    /// The tree of `ws`, the words of a sentence from token `offset` on.
    pub fn new(ws: &[Word], offset: usize) -> Tree {
        let n = ws.len();
        let heads: Vec<Option<usize>> = ws
            .iter()
            .enumerate()
            .map(|(t, w)| {
                w.head
                    .and_then(|h| h.checked_sub(offset))
                    .filter(|&h| h < n && h != t)
            })
            .collect();
        let mut first = vec![0usize; n + 1];
        for &h in heads.iter().flatten() {
            first[h + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut next = first.clone();
        let mut kids = vec![0usize; first[n]];
        for (t, h) in heads.iter().enumerate() {
            if let Some(h) = *h {
                kids[next[h]] = t;
                next[h] += 1;
            }
        }
        Tree { heads, first, kids }
    }

    /// The head of word `t` inside the piece (`None` for a root).
    pub fn head(&self, t: usize) -> Option<usize> {
        self.heads.get(t).copied().flatten()
    }

    /// The words whose head is `h`, in word order.
    pub fn children(&self, h: usize) -> &[usize] {
        match self.first.get(h..).and_then(|f| f.get(..2)) {
            Some(&[a, b]) => &self.kids[a..b],
            _ => &[],
        }
    }
}

/// The mention covering word `t`, if it names an actor.
pub(crate) fn direct_mention(ms: &[Mention], t: usize) -> Option<usize> {
    ms.iter()
        .position(|m| (m.start..m.end).contains(&t) && !m.code.is_empty())
}

/// The mention of the phrase headed by `t`: its head word's, else the
/// nearest one among its modifiers ("an Islamic State target", "China's
/// assistance").
pub(crate) fn mention_of(ws: &[Word], tree: &Tree, ms: &[Mention], t: usize) -> Option<usize> {
    let mut frontier = vec![t];
    for _ in 0..3 {
        if let Some(m) = frontier.iter().find_map(|&x| direct_mention(ms, x)) {
            return Some(m);
        }
        frontier = frontier
            .iter()
            .flat_map(|&x| tree.children(x).iter().copied())
            .filter(|&x| {
                matches!(
                    ws[x].deprel,
                    "compound" | "amod" | "nmod:poss" | "nmod" | "flat" | "appos" | "name"
                )
            })
            .collect();
    }
    None
}

/// The preposition (`case` child) of the phrase headed by `t`.
pub(crate) fn case_of(ws: &[Word], tree: &Tree, t: usize) -> Option<String> {
    tree.children(t)
        .iter()
        .find(|&&x| ws[x].deprel == "case")
        .map(|&x| ws[x].lower.clone())
}

/// The mentions of the phrase headed by `t` and of the phrases coordinated
/// with it.
pub(crate) fn expand(ws: &[Word], tree: &Tree, ms: &[Mention], t: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if let Some(m) = mention_of(ws, tree, ms, t) {
        out.push(m);
    }
    for &x in tree.children(t).iter().filter(|&&x| ws[x].deprel == "conj") {
        if let Some(m) = mention_of(ws, tree, ms, x)
            && !out.contains(&m)
        {
            out.push(m);
        }
    }
    out
}

/// Source and target from the dependency tree, when it names them.
pub(crate) fn participants_dep(
    ws: &[Word],
    tree: &Tree,
    ms: &[Mention],
    c: &Cand,
    passive: bool,
) -> Option<(Vec<usize>, Vec<usize>)> {
    let v = c.head;
    let children = |h: usize| tree.children(h).iter().copied();
    let direct = |t: usize| direct_mention(ms, t);
    let case_of = |t: usize| case_of(ws, tree, t);
    let expand = |t: usize| expand(ws, tree, ms, t);
    // A noun names the event ("the rocket attack on a base by a militia"):
    // its modifiers and prepositions say who did it to whom.
    if ws[v].upos == "NOUN"
        && let Some(found) = crate::nominal::participants(ws, tree, ms, c)
    {
        return Some(found);
    }
    // Subject, inherited through xcomp/conj chains.
    let mut h = v;
    let mut subj: Vec<usize> = Vec::new();
    let mut subj_pass = false;
    let mut event_subject = false;
    for _ in 0..3 {
        if let Some(t) = children(h).find(|&t| ws[t].deprel.starts_with("nsubj")) {
            subj_pass = ws[t].deprel == "nsubj:pass" || ws[t].deprel == "nsubjpass";
            // "A bombing in Diyala killed 15 people": the subject is what
            // happened, not who did it; the place is no attacker.
            event_subject = !subj_pass && direct(t).is_none() && ws[t].is_any(EVENT_NOUNS);
            subj = expand(t);
            break;
        }
        match tree.head(h) {
            Some(p) if matches!(ws[h].deprel, "xcomp" | "conj" | "advcl") => h = p,
            _ => break,
        }
    }
    let target_preps: Vec<&str> = c.pat.target_preps.iter().map(String::as_str).collect();
    let mut obj: Vec<usize> = Vec::new();
    let mut agent: Vec<usize> = Vec::new();
    let mut obl: Vec<usize> = Vec::new();
    // The pattern's head, its last word, and the verbs that carry it in
    // between ("offered to provide logistical support to Mali": the target
    // hangs off "provide").
    let mut heads = vec![v, c.end];
    heads.extend((v + 1..c.end).filter(|&t| ws[t].upos == "VERB" && tree.head(t) == Some(v)));
    for &hd in heads.iter() {
        for t in children(hd) {
            let rel = ws[t].deprel;
            if matches!(rel, "obj" | "dobj" | "iobj") && obj.is_empty() {
                obj = expand(t);
                // "provide support to Israel": the target hangs off the object.
                if obj.is_empty() {
                    for x in children(t) {
                        if case_of(x).is_some_and(|p| {
                            target_preps.contains(&p.as_str())
                                || GENERIC_TARGET_PREPS.contains(&p.as_str())
                        }) {
                            obl = expand(x);
                        }
                    }
                }
            } else if rel.starts_with("obl") || rel.starts_with("nmod") {
                let p = case_of(t).unwrap_or_default();
                if p == "by" || rel == "obl:agent" {
                    agent = expand(t);
                } else if obl.is_empty()
                    && (target_preps.contains(&p.as_str())
                        || (target_preps.is_empty() && GENERIC_TARGET_PREPS.contains(&p.as_str())))
                {
                    obl = expand(t);
                }
            }
        }
    }
    let passive = passive || subj_pass;
    let (src, tgt) = if passive {
        (agent, subj)
    } else {
        let prefer_obl = !obl.is_empty() && !target_preps.is_empty();
        let t = if prefer_obl || obj.is_empty() {
            obl
        } else {
            obj
        };
        (subj, t)
    };
    if event_subject {
        // No one named acted: no source, and no word-order guess either.
        return Some((Vec::new(), tgt));
    }
    (!src.is_empty()).then_some((src, tgt))
}

/// Nouns of what happened, which can be a clause's subject without anyone
/// acting ("a bombing killed …", "the blast wounded …", "fighting displaced …").
const EVENT_NOUNS: &[&str] = &[
    "attack",
    "attacks",
    "bombing",
    "bombings",
    "bomb",
    "bombs",
    "blast",
    "blasts",
    "explosion",
    "explosions",
    "strike",
    "strikes",
    "airstrike",
    "airstrikes",
    "fire",
    "fighting",
    "clash",
    "clashes",
    "violence",
    "shooting",
    "shootings",
    "crash",
    "storm",
    "earthquake",
    "flood",
    "floods",
    "flooding",
    "fires",
    "raid",
    "raids",
    "shelling",
    "unrest",
    "riot",
    "riots",
    "war",
    "conflict",
    "operation",
    "offensive",
    "incident",
    "accident",
];

#[cfg(test)]
mod tests {
    use super::*;
    use herald_core::Span;

    fn word(head: Option<usize>) -> Word<'static> {
        Word {
            surface: "w",
            lower: "w".into(),
            lemma: "w".into(),
            span: Span::default(),
            cap: false,
            upos: "",
            head,
            deprel: "dep",
        }
    }

    #[test]
    fn tree_heads_are_remapped_into_the_piece() {
        // A piece from sentence token 10 on: heads 10..14 fall inside it.
        let heads = [
            Some(12),
            None,
            Some(10),
            Some(3),
            Some(13),
            Some(99),
            Some(12),
        ];
        let ws: Vec<Word> = heads.iter().map(|&h| word(h)).collect();
        let t = Tree::new(&ws, 10);
        let remapped: Vec<Option<usize>> = (0..ws.len()).map(|i| t.head(i)).collect();
        // Heads before the piece, after it, or at the word itself make roots.
        assert_eq!(
            remapped,
            [Some(2), None, Some(0), None, Some(3), None, Some(2)]
        );
        assert_eq!(t.children(2), [0, 6]);
        assert_eq!(t.children(0), [2]);
        assert_eq!(t.children(3), [4]);
        assert!(t.children(1).is_empty());
        assert!(t.children(7).is_empty() && t.children(usize::MAX).is_empty());
        assert_eq!(t.head(7), None);
    }
}
