//! PETRARCH2's CAMEO verb dictionary and discard list, compiled by
//! `scripts/build_verb_dict.py` into `data/cameo_verbs.tsv` (MIT, see
//! `data/PETRARCH2-NOTICE.txt`), parsed once and matched against the
//! dependency tree (word order when a sentence has no parse).
//!
//! A verb token gets its block's code; a pattern of the block refines it
//! when its post-verb nouns are in the verb's complements (the object's
//! head or words under it), its `(PREP NOUN)` matches an `obl`/`nmod` with
//! that `case` whose subtree holds the noun, and its pre-verb nouns are in
//! the subject. The most specific matching pattern wins. Transformations
//! rewrite a verb acting on a verb ("X said X attacked Y" → 015); discards
//! mark sports and entertainment sentences and stories as not codable.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::lexicon::VerbPattern;
use crate::words::{Word, parsed};

const DICT: &str = include_str!("../data/cameo_verbs.tsv");

/// One part of a noun element: a word or a synonym set (`&MILITARY`).
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Word(String),
    Syn(String),
}

/// A noun element: modifiers, then the head (`{FINANCIAL AID}`).
#[derive(Debug, Clone, PartialEq)]
struct Elem {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Prep {
    prep: String,
    nouns: Vec<Elem>,
}

#[derive(Debug)]
struct Pattern {
    pre: Vec<Elem>,
    post: Vec<Elem>,
    preps: Vec<Prep>,
    vp: VerbPattern,
}

#[derive(Debug)]
struct Verb {
    block: String,
    /// Words right before/after the verb (`wire tap`, `call off`).
    before: Vec<String>,
    after: Vec<String>,
    /// The isolated verb's code (`code: None` = no event).
    vp: VerbPattern,
    /// The code is the verb's own, not its block's.
    own: bool,
}

/// A transformation `~ a (b c V) W = x y C`.
#[derive(Debug, Clone)]
pub(crate) struct Transform {
    src: String,
    verb: (String, String),
    isrc: String,
    itgt: String,
    iverb: (String, String),
    osrc: String,
    otgt: String,
    ocode: String,
}

/// Where a discard applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Sentence,
    Story,
}

/// A synonym set's phrases, indexed by their last word: a phrase can end at
/// a token only if its last word is the token's form or lemma.
#[derive(Debug, Default)]
struct Synset {
    phrases: Vec<Vec<String>>,
    by_last: HashMap<String, Vec<usize>>,
}

#[derive(Debug, Default)]
pub(crate) struct Dict {
    synsets: HashMap<String, Synset>,
    verbs: Vec<Verb>,
    /// Surface form or lemma → verbs.
    forms: HashMap<String, Vec<usize>>,
    patterns: HashMap<String, Vec<Pattern>>,
    transforms: Vec<Transform>,
    /// (scope, " phrase", the last word must end at a boundary).
    discards: Vec<(Scope, String, bool)>,
    /// All discard phrases in one automaton: a sentence is scanned once,
    /// not once per phrase.
    discard_scan: Option<aho_corasick::AhoCorasick>,
    /// Lines that could not be read, with the reason.
    pub problems: Vec<String>,
}

pub(crate) static DICTIONARY: LazyLock<Dict> = LazyLock::new(|| Dict::parse(DICT));

/// A dictionary match at a verb token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Match {
    /// The last token of a multi-word verb (the verb itself otherwise).
    pub end: usize,
    pub pat: &'static VerbPattern,
    /// How much of a pattern matched (0 = the isolated verb).
    pub specificity: usize,
}

fn parse_elem(s: &str) -> Option<Elem> {
    let parts: Vec<Part> = s
        .split('_')
        .filter(|p| !p.is_empty())
        .map(|p| match p.strip_prefix('&') {
            Some(name) => Part::Syn(format!("&{name}")),
            None => Part::Word(p.to_string()),
        })
        .collect();
    (!parts.is_empty()).then_some(Elem { parts })
}

fn parse_elems(s: &str) -> Option<Vec<Elem>> {
    if s == "-" {
        return Some(Vec::new());
    }
    s.split(' ').map(parse_elem).collect()
}

fn parse_preps(s: &str) -> Option<Vec<Prep>> {
    if s == "-" {
        return Some(Vec::new());
    }
    s.split(' ')
        .map(|p| {
            let (prep, nouns) = p.split_once(':')?;
            if prep.is_empty() {
                return None;
            }
            let nouns = if nouns.is_empty() {
                Vec::new()
            } else {
                nouns
                    .split(',')
                    .map(parse_elem)
                    .collect::<Option<Vec<_>>>()?
            };
            Some(Prep {
                prep: prep.to_string(),
                nouns,
            })
        })
        .collect()
}

fn verb_pattern(
    text: String,
    head: &str,
    code: &str,
    reverse: bool,
    preps: &[Prep],
) -> VerbPattern {
    VerbPattern {
        text,
        head: head.to_string(),
        rest: Vec::new(),
        code: (code != "---").then(|| code.to_string()),
        symmetric: false,
        noun: false,
        reverse,
        inflected: false,
        // "(AGAINST)" with no noun: the actor is in that phrase.
        target_preps: preps
            .iter()
            .filter(|p| p.nouns.is_empty())
            .map(|p| p.prep.clone())
            .collect(),
    }
}

impl Dict {
    /// Reads the compiled file; a bad line is reported in `problems`, never a panic.
    pub(crate) fn parse(text: &str) -> Dict {
        let mut d = Dict::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if let Err(why) = d.add_row(&cols) {
                d.problems.push(format!("line {}: {why}", n + 1));
            }
        }
        match aho_corasick::AhoCorasick::new(d.discards.iter().map(|(_, p, _)| p)) {
            Ok(ac) => d.discard_scan = Some(ac),
            Err(e) => d.problems.push(format!("discard phrases: {e}")),
        }
        d
    }

    fn add_row(&mut self, cols: &[&str]) -> Result<(), &'static str> {
        match cols {
            ["S", name, phrases] if name.starts_with('&') => {
                let phrases: Vec<Vec<String>> = phrases
                    .split('|')
                    .filter(|p| !p.is_empty())
                    .map(|p| p.split('_').map(str::to_string).collect())
                    .collect();
                let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
                for (k, p) in phrases.iter().enumerate() {
                    if let Some(last) = p.last() {
                        by_last.entry(last.clone()).or_default().push(k);
                    }
                }
                self.synsets
                    .insert(name.to_string(), Synset { phrases, by_last });
            }
            ["V", lemma, block, code, own, forms, before, after] if !lemma.is_empty() => {
                let words = |s: &str| -> Vec<String> {
                    if s == "-" {
                        Vec::new()
                    } else {
                        s.split(' ').map(str::to_string).collect()
                    }
                };
                let id = self.verbs.len();
                let text = format!("petrarch:{lemma}");
                self.verbs.push(Verb {
                    block: block.to_string(),
                    before: words(before),
                    after: words(after),
                    vp: verb_pattern(text, lemma, code, false, &[]),
                    own: *own == "own",
                });
                for f in forms.split(' ').chain(std::iter::once(*lemma)) {
                    let ids = self.forms.entry(f.to_string()).or_default();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            ["P", block, code, flags, pre, post, preps] => {
                let (Some(pre), Some(post), Some(preps)) =
                    (parse_elems(pre), parse_elems(post), parse_preps(preps))
                else {
                    return Err("bad pattern element");
                };
                for e in pre
                    .iter()
                    .chain(&post)
                    .chain(preps.iter().flat_map(|p| &p.nouns))
                {
                    for p in &e.parts {
                        if let Part::Syn(s) = p
                            && !self.synsets.contains_key(s)
                        {
                            return Err("undefined synonym set");
                        }
                    }
                }
                let text = format!("petrarch:{block}:{}", cols[4..].join(" * "));
                let vp = verb_pattern(text, block, code, *flags == "rev", &preps);
                self.patterns
                    .entry(block.to_string())
                    .or_default()
                    .push(Pattern {
                        pre,
                        post,
                        preps,
                        vp,
                    });
            }
            ["T", src, verb, isrc, itgt, iverb, osrc, otgt, ocode] => {
                let split = |s: &str| -> Option<(String, String)> {
                    s.split_once('=')
                        .map(|(a, b)| (a.to_string(), b.to_string()))
                };
                let (Some(verb), Some(iverb)) = (split(verb), split(iverb)) else {
                    return Err("transformation verb without `=code`");
                };
                self.transforms.push(Transform {
                    src: src.to_string(),
                    verb,
                    isrc: isrc.to_string(),
                    itgt: itgt.to_string(),
                    iverb,
                    osrc: osrc.to_string(),
                    otgt: otgt.to_string(),
                    ocode: ocode.to_string(),
                });
            }
            ["D", scope, phrase] if !phrase.is_empty() => {
                let scope = match *scope {
                    "story" => Scope::Story,
                    "sentence" => Scope::Sentence,
                    _ => return Err("discard scope not sentence/story"),
                };
                let boundary = phrase.ends_with('_');
                let p = phrase.trim_end_matches('_').replace('_', " ");
                self.discards.push((scope, format!(" {p}"), boundary));
            }
            _ => return Err("unknown row type or wrong number of columns"),
        }
        Ok(())
    }

    #[cfg(test)]
    pub(crate) fn counts(&self) -> (usize, usize, usize, usize) {
        let patterns = self.patterns.values().map(Vec::len).sum();
        (
            self.verbs.len(),
            patterns,
            self.transforms.len(),
            self.discards.len(),
        )
    }

    /// The verbs a token may be: by surface form, else by lemma.
    fn verbs_of(&self, w: &Word) -> &[usize] {
        self.forms
            .get(&w.lower)
            .or_else(|| self.forms.get(&w.lemma))
            .map_or(&[], Vec::as_slice)
    }

    /// The dictionary lemma of a token, when it is a known verb form.
    pub(crate) fn knows(&self, w: &Word) -> bool {
        !self.verbs_of(w).is_empty()
    }

    /// Dictionary code of a token as an isolated verb.
    fn verb_code(&self, w: &Word) -> Option<&str> {
        self.verbs_of(w)
            .iter()
            .find(|&&id| self.verbs[id].before.is_empty() && self.verbs[id].after.is_empty())
            .and_then(|&id| self.verbs[id].vp.code.as_deref())
    }

    /// The best match at token `i`: a multi-word verb before a single one,
    /// then the block's most specific pattern, else the verb's own code.
    pub(crate) fn match_at(&'static self, ws: &[Word], i: usize) -> Option<Match> {
        let mut best: Option<Match> = None;
        for &id in self.verbs_of(&ws[i]) {
            let v = &self.verbs[id];
            let Some(end) = compound_fits(ws, i, v) else {
                continue;
            };
            let compound = !(v.before.is_empty() && v.after.is_empty());
            let slots = Slots::of(ws, i, end);
            let mut m = Match {
                end,
                pat: &v.vp,
                specificity: usize::from(compound),
            };
            for p in self.patterns.get(&v.block).map_or(&[][..], Vec::as_slice) {
                // A verb's own code yields only to a pattern naming a noun.
                if let Some(s) = self.pattern_matches(ws, &slots, p)
                    && (!v.own || s >= 2)
                    && s + usize::from(compound) > m.specificity
                {
                    m = Match {
                        end,
                        pat: &p.vp,
                        specificity: s + usize::from(compound),
                    };
                }
            }
            // An isolated verb without a code is no event: keep looking.
            if m.pat.code.is_none() && m.specificity == 0 {
                continue;
            }
            if best.is_none_or(|b| m.specificity > b.specificity) {
                best = Some(m);
            }
        }
        best
    }

    /// How specific the match is (two per noun word, one per preposition),
    /// when every element of the pattern is found.
    fn pattern_matches(&self, ws: &[Word], s: &Slots, p: &Pattern) -> Option<usize> {
        let mut score = 0;
        for e in &p.pre {
            score += self.elem_in(ws, e, &s.subject)?;
        }
        for e in &p.post {
            score += self.elem_in(ws, e, &s.complement)?;
        }
        for pr in &p.preps {
            let mut best = None;
            for &(case, phrase) in &s.preps {
                if !ws[case].is(&pr.prep) {
                    continue;
                }
                let words = s.region(ws, phrase);
                let got: Option<usize> = pr.nouns.iter().map(|e| self.elem_in(ws, e, &words)).sum();
                if let Some(g) = got {
                    best = best.max(Some(g + 1));
                }
            }
            score += best?;
        }
        Some(score)
    }

    /// Whether an element's head is among `words` and its modifiers near it.
    fn elem_in(&self, ws: &[Word], e: &Elem, words: &[usize]) -> Option<usize> {
        let (head, mods) = e.parts.split_last()?;
        for &h in words {
            if !self.part_at(ws, head, h, words) {
                continue;
            }
            let near: Vec<usize> = words
                .iter()
                .copied()
                .filter(|&t| t != h && (ws[t].head == Some(h) || (t < h && h - t <= 3)))
                .collect();
            if mods
                .iter()
                .all(|m| near.iter().any(|&t| self.part_at(ws, m, t, words)))
            {
                // A noun outweighs a bare preposition: two per word.
                return Some(2 * e.parts.len());
            }
        }
        None
    }

    /// Whether `part` ends at token `t` (a synonym phrase's other words
    /// directly before it).
    fn part_at(&self, ws: &[Word], part: &Part, t: usize, words: &[usize]) -> bool {
        let eq = |w: &Word, s: &str| w.lower == s || w.lemma == s;
        match part {
            Part::Word(s) => eq(&ws[t], s),
            Part::Syn(name) => self.synsets.get(name).is_some_and(|syn| {
                let w = &ws[t];
                let ends = |key: &str| {
                    syn.by_last.get(key).is_some_and(|ks| {
                        ks.iter().any(|&k| {
                            let p = &syn.phrases[k];
                            let n = p.len();
                            n <= t + 1
                                && p.iter().enumerate().all(|(k, s)| {
                                    let j = t + 1 + k - n;
                                    eq(&ws[j], s) && (j == t || words.contains(&j) || !parsed(ws))
                                })
                        })
                    })
                };
                ends(&w.lower) || (w.lemma != w.lower && ends(&w.lemma))
            }),
        }
    }

    /// Whether `text` matches a discard phrase: any phrase for a sentence,
    /// only story-level ones (`+` in the list) for a whole story.
    pub(crate) fn discarded(&self, text: &str, scope: Scope) -> bool {
        let Some(scan) = &self.discard_scan else {
            return false;
        };
        let lower: String = format!(" {}", text.to_lowercase());
        scan.find_overlapping_iter(&lower).any(|m| {
            let (sc, _, boundary) = &self.discards[m.pattern().as_usize()];
            (scope == Scope::Sentence || *sc == Scope::Story)
                && (!*boundary
                    || lower[m.end()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric()))
        })
    }

    /// A verb acting on a verb: the outer verb `outer` (its lemma), the
    /// inner event's code, and how the inner source relates to the outer
    /// one (`Some(true)` the same actor, `Some(false)` another, `None` no
    /// source of its own). Returns the new code and whether the target is
    /// the inner source (else the inner target).
    pub(crate) fn transform(
        &self,
        outer: &Word,
        inner_code: &str,
        same: Option<bool>,
    ) -> Option<(String, bool)> {
        let outer_code = self.verb_code(outer);
        for t in &self.transforms {
            let (lemma, code) = &t.verb;
            let outer_ok = outer.lemma == *lemma
                || self
                    .verbs_of(outer)
                    .iter()
                    .any(|&id| self.verbs[id].vp.head == *lemma)
                || (code != "---" && outer_code == Some(code.as_str()));
            let inner_ok = match t.iverb.1.as_str() {
                "Q" => true,
                "---" => false,
                c if c.ends_with('0') && c.len() == 3 => inner_code.starts_with(&c[..2]),
                c => inner_code.starts_with(c),
            };
            let src_ok = match (t.isrc.as_str(), same) {
                ("_", None) => true,
                ("_", Some(_)) | (_, None) => false,
                (s, Some(same)) if s == t.src => same,
                (_, Some(_)) => true,
            };
            if !(outer_ok && inner_ok && src_ok) {
                continue;
            }
            // The output target: the inner source or the inner target.
            let tgt_is_inner_src = t.otgt != t.itgt && t.otgt == t.isrc;
            if t.osrc != t.src {
                continue; // only rules whose source stays the outer actor
            }
            let code = if t.ocode == "Q" {
                inner_code.to_string()
            } else {
                t.ocode.clone()
            };
            return Some((code, tgt_is_inner_src));
        }
        None
    }
}

/// The multi-word verb's extent at `i`, when its other words are there.
fn compound_fits(ws: &[Word], i: usize, v: &Verb) -> Option<usize> {
    let nb = v.before.len();
    if nb > i {
        return None;
    }
    let before_ok = v
        .before
        .iter()
        .enumerate()
        .all(|(k, w)| ws[i - nb + k].is(w));
    let after_ok = v
        .after
        .iter()
        .enumerate()
        .all(|(k, w)| ws.get(i + 1 + k).is_some_and(|x| x.is(w)));
    (before_ok && after_ok).then_some(i + v.after.len())
}

/// The words a pattern looks at around a verb.
struct Slots {
    subject: Vec<usize>,
    complement: Vec<usize>,
    /// (preposition token, head of its phrase).
    preps: Vec<(usize, usize)>,
    tree: bool,
}

const CLAUSE_END: &[&str] = &[
    ";", ",", ".", ":", "but", "while", "and", "because", "who", "which", "that", "after",
    "before", "when",
];

impl Slots {
    fn of(ws: &[Word], v: usize, end: usize) -> Slots {
        if parsed(ws) {
            Slots::from_tree(ws, v, end)
        } else {
            Slots::from_order(ws, v, end)
        }
    }

    fn from_tree(ws: &[Word], v: usize, end: usize) -> Slots {
        let children = |h: usize| (0..ws.len()).filter(move |&t| ws[t].head == Some(h));
        let case_of = |t: usize| children(t).find(|&x| matches!(ws[x].deprel, "case" | "mark"));
        let mut s = Slots {
            subject: Vec::new(),
            complement: Vec::new(),
            preps: Vec::new(),
            tree: true,
        };
        // The subject, inherited through xcomp/conj chains.
        let mut h = v;
        for _ in 0..3 {
            if let Some(t) = children(h).find(|&t| ws[t].deprel.starts_with("nsubj")) {
                s.subject = subtree(ws, t);
                break;
            }
            match ws[h].head {
                Some(p) if matches!(ws[h].deprel, "xcomp" | "conj") => h = p,
                _ => break,
            }
        }
        let mut stack: Vec<usize> = children(v).collect();
        while let Some(t) = stack.pop() {
            if t > v && t <= end {
                continue; // the multi-word verb's own words
            }
            let rel = ws[t].deprel;
            let base = rel.split(':').next().unwrap_or(rel);
            if (rel.starts_with("obl") || rel.starts_with("nmod") || base == "advcl")
                && let Some(c) = case_of(t)
            {
                s.preps.push((c, t));
                continue;
            }
            match base {
                "obj" | "dobj" | "iobj" | "xcomp" | "compound" | "advmod" | "acomp" | "obl"
                | "dep" | "ccomp" | "nmod" => {
                    let sub = subtree(ws, t);
                    // Prepositional phrases inside the object ("support to Israel").
                    for &x in &sub {
                        if x != t
                            && (ws[x].deprel.starts_with("nmod") || ws[x].deprel.starts_with("obl"))
                            && let Some(c) = case_of(x)
                        {
                            s.preps.push((c, x));
                        }
                    }
                    s.complement.extend(sub);
                }
                _ => {}
            }
        }
        s.complement.sort_unstable();
        s
    }

    fn from_order(ws: &[Word], v: usize, end: usize) -> Slots {
        let n = ws.len();
        let stop = (end + 1..n)
            .find(|&j| ws[j].is_any(CLAUSE_END))
            .unwrap_or(n)
            .min(end + 10);
        let start = (0..v)
            .rev()
            .find(|&j| ws[j].is_any(CLAUSE_END))
            .map_or(0, |j| j + 1);
        let complement: Vec<usize> = (end + 1..stop).collect();
        let preps = complement
            .iter()
            .filter(|&&j| j + 1 < stop)
            .map(|&j| (j, j + 1))
            .collect();
        Slots {
            subject: (start.max(v.saturating_sub(8))..v).collect(),
            complement,
            preps,
            tree: false,
        }
    }

    /// The words of a prepositional phrase headed at `h`.
    fn region(&self, ws: &[Word], h: usize) -> Vec<usize> {
        if self.tree {
            subtree(ws, h)
        } else {
            let e = self.complement.last().map_or(h, |&l| l + 1);
            (h..e.min(h + 5))
                .take_while(|&j| !ws[j].is_any(CLAUSE_END))
                .collect()
        }
    }
}

/// A token and every token below it (depth-limited; cycles cannot loop).
fn subtree(ws: &[Word], t: usize) -> Vec<usize> {
    let mut out = vec![t];
    let mut frontier = vec![t];
    for _ in 0..6 {
        let next: Vec<usize> = (0..ws.len())
            .filter(|&x| ws[x].head.is_some_and(|h| frontier.contains(&h)) && !out.contains(&x))
            .collect();
        if next.is_empty() {
            break;
        }
        out.extend(&next);
        frontier = next;
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
#[path = "petrarch_tests.rs"]
pub(crate) mod tests;
