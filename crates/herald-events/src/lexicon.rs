//! Herald's own actor, agent, verb and CAMEO tables (`data/*.tsv`), embedded
//! in the binary and parsed once.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::text::word_spans;

const COUNTRIES: &str = include_str!("../data/countries.tsv");
const ORGS: &str = include_str!("../data/orgs.tsv");
const AGENTS: &str = include_str!("../data/agents.tsv");
const VERBS: &str = include_str!("../data/verbs.tsv");
const CAMEO: &str = include_str!("../data/cameo.tsv");

/// What a named phrase denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhraseKind {
    Country,
    Demonym,
    Capital,
    Igo,
    Group,
    Region,
    Person,
    Body,
}

#[derive(Debug, Clone)]
pub(crate) struct PhraseEntry {
    pub code: String,
    pub kind: PhraseKind,
    /// Surface that must match exactly (acronyms like `US`, `IS`).
    pub exact: Option<String>,
    /// First letter must be a capital in the text (`Turkey`, `Chad`).
    pub cap: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct AgentEntry {
    pub role: String,
    pub cap: bool,
}

/// One element of a verb pattern after the head.
#[derive(Debug, Clone)]
pub(crate) struct PatElem {
    pub alts: Vec<String>,
    /// Words allowed between the previous element and this one.
    pub max_gap: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct VerbPattern {
    pub text: String,
    pub head: String,
    pub rest: Vec<PatElem>,
    /// CAMEO code, or `None` for "recognised, but no event" (`decline to comment`).
    pub code: Option<String>,
    pub symmetric: bool,
    pub noun: bool,
    /// The target phrase names the source ("receive arms from Y").
    pub reverse: bool,
    /// The bare form is a verb only after to/will/not ("back").
    pub inflected: bool,
    /// Prepositions that introduce the target.
    pub target_preps: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct CameoInfo {
    pub goldstein: f64,
    pub plover: String,
}

#[derive(Debug)]
pub(crate) struct Lexicon {
    pub phrases: HashMap<String, Vec<PhraseEntry>>,
    /// Every proper word-prefix of a phrase key ("united", "united arab").
    pub phrase_prefixes: HashSet<String>,
    pub max_phrase: usize,
    pub agents: HashMap<String, AgentEntry>,
    pub agent_prefixes: HashSet<String>,
    pub max_agent: usize,
    pub verbs: HashMap<String, Vec<VerbPattern>>,
    pub cameo: HashMap<String, CameoInfo>,
    /// Lemmas the lemmatiser may return (everything the tables mention).
    pub known: HashSet<String>,
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// Lower-cased, tokenised key of a phrase, words joined by one space.
pub(crate) fn phrase_key(phrase: &str) -> String {
    let mut key = String::with_capacity(phrase.len());
    for (s, e) in word_spans(phrase) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&normalize_word(&phrase[s..e]));
    }
    key
}

/// Lower case with typographic apostrophes made plain.
pub(crate) fn normalize_word(w: &str) -> String {
    w.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

fn rows(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::trim).collect())
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut lex = Lexicon {
            phrases: HashMap::new(),
            phrase_prefixes: HashSet::new(),
            max_phrase: 1,
            agents: HashMap::new(),
            agent_prefixes: HashSet::new(),
            max_agent: 1,
            verbs: HashMap::new(),
            cameo: HashMap::new(),
            known: HashSet::new(),
        };
        for cols in rows(COUNTRIES) {
            let Some(code) = cols.first() else { continue };
            let kinds = [
                PhraseKind::Country,
                PhraseKind::Demonym,
                PhraseKind::Capital,
            ];
            for (col, kind) in kinds.into_iter().enumerate() {
                let Some(list) = cols.get(col + 1) else {
                    continue;
                };
                for name in list.split(';').map(str::trim).filter(|n| !n.is_empty()) {
                    lex.add_phrase(name, code, kind);
                }
            }
        }
        for cols in rows(ORGS) {
            let (Some(name), Some(code)) = (cols.first(), cols.get(1)) else {
                continue;
            };
            let kind = match cols.get(2).copied().unwrap_or("") {
                "igo" => PhraseKind::Igo,
                "region" => PhraseKind::Region,
                "person" => PhraseKind::Person,
                "body" => PhraseKind::Body,
                _ => PhraseKind::Group,
            };
            lex.add_phrase(name, code, kind);
        }
        for cols in rows(AGENTS) {
            let (Some(name), Some(role)) = (cols.first(), cols.get(1)) else {
                continue;
            };
            let (name, cap) = match name.strip_prefix('^') {
                Some(n) => (n, true),
                None => (*name, false),
            };
            let key = phrase_key(name);
            lex.max_agent = lex.max_agent.max(key.split(' ').count());
            for w in key.split(' ') {
                lex.known.insert(w.to_string());
            }
            lex.agents.insert(
                key,
                AgentEntry {
                    role: role.to_string(),
                    cap,
                },
            );
        }
        for cols in rows(VERBS) {
            let (Some(pattern), Some(code)) = (cols.first(), cols.get(1)) else {
                continue;
            };
            let flags = cols.get(2).copied().unwrap_or("");
            if let Some(p) = parse_pattern(pattern, code, flags) {
                // Only heads: pattern words match surface forms too, and an
                // inflected alternative ("pledges") must not block a head's lemma.
                lex.known.insert(p.head.clone());
                lex.verbs.entry(p.head.clone()).or_default().push(p);
            }
        }
        for list in lex.verbs.values_mut() {
            // Longest (most specific) first; stable keeps file order on ties.
            list.sort_by_key(|p| std::cmp::Reverse(p.rest.len()));
        }
        for cols in rows(CAMEO) {
            let (Some(code), Some(g)) = (cols.first(), cols.get(1)) else {
                continue;
            };
            let goldstein = g.parse().unwrap_or(0.0);
            let plover = cols.get(2).copied().unwrap_or("").to_string();
            lex.cameo
                .insert(code.to_string(), CameoInfo { goldstein, plover });
        }
        lex.phrase_prefixes = prefixes(lex.phrases.keys());
        lex.agent_prefixes = prefixes(lex.agents.keys());
        for w in [
            "be",
            "have",
            "do",
            "say",
            "tell",
            "add",
            "report",
            "reveal",
            "confirm",
            "note",
            "explain",
            "claim",
            "allege",
            "want",
            "plan",
            "intend",
            "seek",
            "hope",
            "agree",
            "decide",
            "refuse",
            "decline",
            "fail",
            "try",
            "expect",
            "continue",
            "urge",
            "ask",
            "prepare",
            "schedule",
            "interest",
            "willingness",
            "readiness",
        ] {
            lex.known.insert(w.to_string());
        }
        lex
    }

    fn add_phrase(&mut self, name: &str, code: &str, kind: PhraseKind) {
        let (name, cap) = match name.strip_prefix('^') {
            Some(n) => (n, true),
            None => (name, false),
        };
        let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
        let acronym = letters.len() <= 5 && letters.iter().all(|c| c.is_uppercase());
        let key = phrase_key(name);
        self.max_phrase = self.max_phrase.max(key.split(' ').count());
        let exact = acronym.then(|| surface_key(name));
        let entry = PhraseEntry {
            code: code.to_string(),
            kind,
            exact,
            cap,
        };
        let list = self.phrases.entry(key).or_default();
        // Organisations and people override a capital of the same name
        // (`White House` is USAGOV, not just USA).
        if matches!(
            kind,
            PhraseKind::Body | PhraseKind::Igo | PhraseKind::Group | PhraseKind::Person
        ) {
            list.retain(|e| e.kind != PhraseKind::Capital);
        }
        list.push(entry);
    }

    /// Goldstein score and PLOVER type of a CAMEO code (falls back to the
    /// nearest listed parent code).
    pub fn cameo_info(&self, code: &str) -> Option<&CameoInfo> {
        let mut c = code;
        loop {
            if let Some(i) = self.cameo.get(c) {
                return Some(i);
            }
            if c.len() <= 3 {
                let root0 = format!("{}0", c.get(..2)?);
                return self.cameo.get(&root0);
            }
            // By character: a code from outside may not be ASCII.
            let mut cs = c.chars();
            cs.next_back();
            c = cs.as_str();
        }
    }
}

fn prefixes<'a>(keys: impl Iterator<Item = &'a String>) -> HashSet<String> {
    let mut out = HashSet::new();
    for k in keys {
        for (i, c) in k.char_indices() {
            if c == ' ' {
                out.insert(k[..i].to_string());
            }
        }
    }
    out
}

/// Exact-surface key: tokens joined by a space, case kept.
pub(crate) fn surface_key(phrase: &str) -> String {
    let mut key = String::new();
    for (s, e) in word_spans(phrase) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&phrase[s..e]);
    }
    key
}

fn parse_pattern(pattern: &str, code: &str, flags: &str) -> Option<VerbPattern> {
    let mut words = pattern.split_whitespace();
    let head = words.next()?.to_lowercase();
    let mut rest = Vec::new();
    let mut gap = 0;
    for w in words {
        if w == "*" {
            gap = 6;
            continue;
        }
        rest.push(PatElem {
            alts: w.split('|').map(str::to_lowercase).collect(),
            max_gap: gap,
        });
        gap = 0;
    }
    let code = (code != "NONE").then(|| code.to_string());
    let mut p = VerbPattern {
        text: pattern.to_string(),
        head,
        rest,
        code,
        symmetric: false,
        noun: false,
        reverse: false,
        inflected: false,
        target_preps: Vec::new(),
    };
    for f in flags.split(',').map(str::trim) {
        match f {
            "sym" => p.symmetric = true,
            "noun" => p.noun = true,
            "rev" => p.reverse = true,
            "inflected" => p.inflected = true,
            _ => {
                if let Some(preps) = f.strip_prefix("tgt:") {
                    p.target_preps = preps.split('|').map(str::to_string).collect();
                }
            }
        }
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load() {
        let lex = &*LEXICON;
        assert!(
            lex.phrases["china"]
                .iter()
                .any(|e| e.code == "CHN" && e.cap)
        );
        assert!(
            lex.phrases["us"]
                .iter()
                .any(|e| e.exact.as_deref() == Some("US"))
        );
        assert_eq!(lex.phrases["white house"][0].code, "USAGOV");
        assert_eq!(lex.agents["foreign minister"].role, "GOV");
        assert!(
            lex.verbs["offer"]
                .iter()
                .any(|p| p.code.as_deref() == Some("0332"))
        );
        assert_eq!(
            lex.cameo_info("0332").map(|c| c.plover.as_str()),
            Some("AGREE")
        );
        assert_eq!(lex.cameo_info("1953").map(|c| c.goldstein), Some(-10.0));
    }

    #[test]
    fn every_lexicon_code_is_in_the_cameo_table() {
        let lex = &*LEXICON;
        for list in lex.verbs.values() {
            for p in list {
                if let Some(c) = &p.code {
                    assert!(lex.cameo.contains_key(c), "{} -> {c} missing", p.text);
                }
            }
        }
    }
}
