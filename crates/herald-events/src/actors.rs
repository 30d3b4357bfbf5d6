//! Actor recognition on a token sequence: countries, demonyms, capitals,
//! organisations and groups from `data/`, roles from titles (`Foreign
//! Minister` → GOV), named officials linked to their title and recognised
//! again when named alone later in the article.

use std::collections::HashMap;

use crate::lexicon::{LEXICON, PhraseKind};
use crate::words::Word;

/// An actor mention: tokens `[start, end)` of one sentence and its code.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    /// `CHNGOV`, `IRQ`, `IGOUNO`, `---GOV`; empty for an unresolved pronoun.
    pub code: String,
    /// Preposition right before the mention (`to`, `with`, `in`, `by` …).
    pub prep: Option<String>,
    pub pronoun: bool,
    /// A bare place name (country, capital, region, no role): a place candidate.
    pub place: bool,
    /// Role-only and definite (`the government`): may take the country the
    /// article has been talking about.
    pub definite_role_only: bool,
    /// Further codes a plural pronoun stands for ("Obama and Putin said they …").
    pub extra: Vec<String>,
    /// Only a bare role word that can be an adjective ("military weapons").
    pub modifier_like: bool,
}

impl Mention {
    pub fn country(&self) -> Option<&str> {
        let c = self.code.get(..3)?;
        (c.chars().all(|ch| ch.is_ascii_uppercase()) && !matches!(c, "IGO" | "IMG" | "NGO"))
            .then_some(c)
    }
    pub fn role(&self) -> Option<&str> {
        let r = self.code.get(3..6)?;
        r.chars().all(|ch| ch.is_ascii_uppercase()).then_some(r)
    }
}

/// Names learned in an article: lower-case name → actor code.
pub(crate) type Aliases = HashMap<String, String>;

const PREPS: &[&str] = &[
    "of", "in", "at", "for", "from", "to", "with", "against", "by", "on", "into", "over", "near",
    "across", "under", "between", "among", "toward", "towards", "inside", "outside", "within",
    "via", "through",
];

const MODS: &[&str] = &[
    "the",
    "a",
    "an",
    "his",
    "her",
    "its",
    "their",
    "our",
    "'s",
    "senior",
    "top",
    "former",
    "interim",
    "acting",
    "deputy",
    "chief",
    "new",
    "national",
    "local",
    "several",
    "some",
    "many",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "hundreds",
    "dozens",
    "thousands",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "transitional",
    "unnamed",
    "unidentified",
    "exiled",
    "armed",
    "islamist",
    "rebel",
    "opposition",
    "elected",
    "outgoing",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
];

/// Words that may stand between a preposition and its mention.
const PREP_SKIP: &[&str] = &[
    "the", "a", "an", "-", "pro", "anti", "northern", "southern", "eastern", "western", "central",
    "north", "south", "east", "west", "its", "their", "his", "her",
];

const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "however",
    "meanwhile",
    "according",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "if",
    "as",
    "after",
    "before",
    "when",
    "while",
    "since",
    "with",
    "for",
    "of",
    "to",
    "by",
    "from",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan.",
    "feb.",
    "aug.",
    "sept.",
    "sep.",
    "oct.",
    "nov.",
    "dec.",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "picture",
    "photo",
    "read",
    "more",
    "like",
    "us",
    "also",
    "last",
    "next",
    "earlier",
    "later",
    "today",
    "yesterday",
    "what",
    "who",
    "which",
    "why",
    "how",
    "where",
    "no",
    "not",
    "all",
    "both",
    "one",
    "other",
    "such",
    "so",
    "than",
    "then",
    "here",
    "now",
    "said",
    "says",
    "islamic",
    "muslim",
    "western",
    "eastern",
    "northern",
    "southern",
    "middle",
    "east",
    "west",
    "north",
    "south",
    "reuters",
    "afp",
    "ap",
];

const PRONOUNS: &[&str] = &["he", "she", "it", "they"];

#[derive(Debug, Clone)]
enum Unit {
    Phrase {
        len: usize,
        code: String,
        kind: PhraseKind,
    },
    Agent {
        len: usize,
        role: String,
    },
    Alias {
        len: usize,
        code: String,
    },
    Mod,
    Name,
    Glue,
    Other,
}

impl Unit {
    fn len(&self) -> usize {
        match self {
            Unit::Phrase { len, .. } | Unit::Agent { len, .. } | Unit::Alias { len, .. } => *len,
            _ => 1,
        }
    }
    fn is_core(&self) -> bool {
        matches!(
            self,
            Unit::Phrase { .. } | Unit::Agent { .. } | Unit::Alias { .. }
        )
    }
}

fn key(ws: &[Word], i: usize, len: usize) -> Option<String> {
    let slice = ws.get(i..i + len)?;
    let mut k = String::new();
    for (n, w) in slice.iter().enumerate() {
        if n > 0 {
            k.push(' ');
        }
        k.push_str(&w.lower);
    }
    Some(k)
}

fn surface(ws: &[Word], i: usize, len: usize) -> String {
    ws[i..i + len]
        .iter()
        .map(|w| w.surface)
        .collect::<Vec<_>>()
        .join(" ")
}

fn singular_keys(k: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = k.strip_suffix("ies") {
        out.push(format!("{s}y"));
    }
    if let Some(s) = k.strip_suffix("es") {
        out.push(s.to_string());
    }
    if let Some(s) = k.strip_suffix('s') {
        out.push(s.to_string());
    }
    out
}

/// True when the word looks like a verb the coder cares about (so it is not
/// swallowed into a name: headline "US Urges China").
fn is_verbish(w: &Word) -> bool {
    let lex = &*LEXICON;
    lex.verbs.contains_key(&w.lemma)
        || matches!(
            w.lemma.as_str(),
            "say" | "tell" | "add" | "report" | "want" | "seek" | "plan" | "be" | "have" | "do"
        )
}

fn classify(ws: &[Word], aliases: &Aliases) -> Vec<Unit> {
    let lex = &*LEXICON;
    let mut units = Vec::with_capacity(ws.len());
    let mut i = 0;
    while i < ws.len() {
        let mut best: Option<Unit> = None;
        // Named phrases: grow the key word by word while it is a prefix of
        // some table entry, keeping the longest acceptable match.
        let mut k = String::new();
        for len in 1..=lex.max_phrase.min(ws.len() - i) {
            if len > 1 {
                k.push(' ');
            }
            k.push_str(&ws[i + len - 1].lower);
            if let Some(entries) = lex.phrases.get(&k) {
                let ok = entries.iter().find(|e| {
                    e.exact.as_ref().is_none_or(|x| *x == surface(ws, i, len))
                        && (!e.cap || ws[i].cap)
                });
                if let Some(e) = ok {
                    best = Some(Unit::Phrase {
                        len,
                        code: e.code.clone(),
                        kind: e.kind,
                    });
                }
            }
            if !lex.phrase_prefixes.contains(&k) {
                break;
            }
        }
        // Names learned earlier in the article (capitalised only).
        if ws[i].cap && !aliases.is_empty() {
            for len in (1..=3.min(ws.len() - i)).rev() {
                if best.as_ref().is_some_and(|b| b.len() >= len) {
                    break;
                }
                if let Some(code) = key(ws, i, len).and_then(|k| aliases.get(&k)) {
                    best = Some(Unit::Alias {
                        len,
                        code: code.clone(),
                    });
                    break;
                }
            }
        }
        // Roles and titles, the same way (a plural last word is matched too).
        let mut k = String::new();
        for len in 1..=lex.max_agent.min(ws.len() - i) {
            if len > 1 {
                k.push(' ');
            }
            k.push_str(&ws[i + len - 1].lower);
            if best.as_ref().is_none_or(|b| b.len() < len) {
                let entry = lex
                    .agents
                    .get(&k)
                    .or_else(|| singular_keys(&k).iter().find_map(|s| lex.agents.get(s)));
                if let Some(a) = entry.filter(|a| !a.cap || ws[i].cap) {
                    best = Some(Unit::Agent {
                        len,
                        role: a.role.clone(),
                    });
                }
            }
            if !lex.agent_prefixes.contains(&k) {
                break;
            }
        }
        // "pro-Russia rebels" are not Russia's.
        if matches!(best, Some(Unit::Phrase { .. }))
            && i >= 2
            && ws[i - 1].is("-")
            && ws[i - 2].is("pro")
        {
            best = Some(Unit::Mod);
        }
        let unit = best.unwrap_or_else(|| {
            let w = &ws[i];
            if w.is_any(MODS) || w.lower.chars().all(|c| c.is_ascii_digit()) {
                Unit::Mod
            } else if w.is_any(&["-", "'s"]) {
                Unit::Glue
            } else if w.cap
                && w.surface.chars().any(char::is_alphabetic)
                && !w.is_any(NOT_NAMES)
                && !is_verbish(w)
            {
                Unit::Name
            } else {
                Unit::Other
            }
        });
        i += unit.len();
        units.push(unit);
    }
    // A plain lower-case word right before a role is a modifier
    // ("security officials", "government forces").
    for k in 0..units.len().saturating_sub(1) {
        if matches!(units[k], Unit::Other) && matches!(units[k + 1], Unit::Agent { .. }) {
            let pos: usize = units[..k].iter().map(Unit::len).sum();
            let w = &ws[pos];
            let plain = w.lower.chars().all(|c| c.is_alphabetic() || c == '-')
                && !is_verbish(w)
                && !w.lower.ends_with("ing")
                && !w.lower.ends_with("ed")
                && !w.is_any(PREPS)
                && !w.is_any(&["and", "or", "but", "that", "which", "who", "not", "to"]);
            if plain {
                units[k] = Unit::Mod;
            }
        }
    }
    units
}

/// Finds the actor mentions of one sentence, learning names into `aliases`.
pub(crate) fn find(ws: &[Word], aliases: &mut Aliases) -> Vec<Mention> {
    let units = classify(ws, aliases);
    // Token start of each unit.
    let mut starts = Vec::with_capacity(units.len());
    let mut p = 0;
    for u in &units {
        starts.push(p);
        p += u.len();
    }
    let mut mentions: Vec<Mention> = Vec::new();
    let mut name_runs: Vec<(usize, usize)> = Vec::new();
    let mut u = 0;
    while u < units.len() {
        let in_run = |x: &Unit| !matches!(x, Unit::Other);
        if !in_run(&units[u]) || matches!(units[u], Unit::Glue) {
            u += 1;
            continue;
        }
        let mut v = u;
        while v < units.len() && in_run(&units[v]) {
            v += 1;
        }
        // Trailing glue does not belong to the run.
        while v > u && matches!(units[v - 1], Unit::Glue) {
            v -= 1;
        }
        let run = &units[u..v];
        if run.iter().any(Unit::is_core) {
            if let Some(m) = build(ws, run, starts[u], aliases) {
                mentions.push(m);
            }
        } else if run.iter().any(|x| matches!(x, Unit::Name)) {
            let first = run
                .iter()
                .position(|x| matches!(x, Unit::Name))
                .unwrap_or(0);
            name_runs.push((
                starts[u + first],
                starts[u] + run.iter().map(Unit::len).sum::<usize>(),
            ));
        }
        u = v.max(u + 1);
    }
    for (i, w) in ws.iter().enumerate() {
        if w.is_any(PRONOUNS) {
            mentions.push(Mention {
                start: i,
                end: i + 1,
                code: String::new(),
                prep: None,
                pronoun: true,
                place: false,
                definite_role_only: false,
                extra: Vec::new(),
                modifier_like: false,
            });
        }
    }
    mentions.sort_by_key(|m| m.start);
    merge_role_of(ws, &mut mentions);
    appositives(ws, &mut mentions, &name_runs, aliases);
    for m in &mut mentions {
        m.prep = prep_before(ws, m.start);
    }
    // "in Iraq and Syria": a coordinated mention shares the preposition.
    for k in 1..mentions.len() {
        let (a, b) = (&mentions[k - 1], &mentions[k]);
        if b.prep.is_none() && a.end <= b.start {
            let gap: Vec<&str> = ws[a.end..b.start]
                .iter()
                .map(|w| w.lower.as_str())
                .collect();
            if matches!(gap.as_slice(), ["and"] | [","] | [",", "and"] | ["or"]) {
                mentions[k].prep = mentions[k - 1].prep.clone();
            }
        }
    }
    mentions.retain(|m| {
        let adjective = m.modifier_like && modifies_next(ws, m.end);
        !(adjective || anti(ws, m.start))
    });
    mentions
}

/// "Chinese contribution", "military weapons": the mention is an adjective
/// of the plain word that follows.
fn modifies_next(ws: &[Word], end: usize) -> bool {
    let Some(w) = ws.get(end) else { return false };
    w.lower.chars().all(char::is_alphabetic)
        && !w.cap
        && !w.is_any(PREPS)
        && !w.lower.ends_with("ly")
        && !w.is_any(&[
            "and",
            "or",
            "but",
            "who",
            "which",
            "that",
            "to",
            "not",
            "have",
            "has",
            "had",
            "is",
            "are",
            "was",
            "were",
            "will",
            "would",
            "can",
            "could",
            "may",
            "might",
            "must",
            "should",
            "did",
            "does",
            "do",
            "also",
            "said",
            "says",
            "told",
            "itself",
            "earlier",
            "later",
            "now",
            "then",
            "still",
            "already",
            "soon",
            "again",
            "yet",
            "today",
            "yesterday",
            "tonight",
            "here",
            "there",
        ])
        && !is_verbish(w)
}

/// "anti-ISIL coalition": the name is what something is against.
fn anti(ws: &[Word], start: usize) -> bool {
    start >= 2 && ws[start - 1].is("-") && ws[start - 2].is("anti")
}

/// The preposition governing a mention that starts at `start`, looking back
/// over articles and direction words ("in east Ukraine", "by pro-Russia rebels").
fn prep_before(ws: &[Word], start: usize) -> Option<String> {
    let mut p = start;
    for _ in 0..3 {
        p = p.checked_sub(1)?;
        let w = &ws[p];
        if w.is_any(PREPS) {
            // "over 150 prisoners" is a quantity, not a place.
            let quantity = w.is_any(&["over", "about"])
                && ws
                    .get(p + 1)
                    .is_some_and(|x| x.lower.chars().all(|c| c.is_ascii_digit()));
            return (!quantity).then(|| w.lower.clone());
        }
        if !w.is_any(PREP_SKIP) {
            return None;
        }
    }
    None
}

fn build(ws: &[Word], run: &[Unit], start: usize, aliases: &mut Aliases) -> Option<Mention> {
    let mut base: Option<(String, PhraseKind)> = None;
    let mut strong: Option<String> = None; // group, person, body or alias code
    let mut role: Option<&str> = None;
    let mut pos = start;
    let mut last_core_end = start;
    let mut names: Vec<usize> = Vec::new();
    let mut only_place = true;
    for unit in run {
        match unit {
            Unit::Phrase { code, kind, .. } => {
                match kind {
                    PhraseKind::Group | PhraseKind::Person | PhraseKind::Body => {
                        strong.get_or_insert_with(|| code.clone());
                        only_place = false;
                    }
                    PhraseKind::Igo => {
                        only_place = false;
                        if base.is_none() {
                            base = Some((code.clone(), *kind));
                        }
                    }
                    _ => {
                        if *kind == PhraseKind::Demonym {
                            only_place = false;
                        }
                        if base.is_none() {
                            base = Some((code.clone(), *kind));
                        }
                    }
                }
                last_core_end = pos + unit.len();
            }
            Unit::Alias { code, .. } => {
                strong.get_or_insert_with(|| code.clone());
                only_place = false;
                last_core_end = pos + unit.len();
            }
            Unit::Agent { role: r, .. } => {
                role = Some(r);
                only_place = false;
                last_core_end = pos + unit.len();
            }
            Unit::Name => names.push(pos),
            _ => {}
        }
        pos += unit.len();
    }
    let end = pos;
    let code = if let Some(s) = &strong {
        s.clone()
    } else if let Some((b, kind)) = &base {
        match role {
            Some(r) if !b.ends_with(r) && *kind != PhraseKind::Group => format!("{b}{r}"),
            _ => b.clone(),
        }
    } else {
        format!("---{}", role?)
    };
    // Title + name: learn the name ("Foreign Minister Ibrahim Jafari").
    let after: Vec<usize> = names
        .iter()
        .copied()
        .filter(|&n| n >= last_core_end)
        .collect();
    if !after.is_empty() && role.is_some() {
        learn(ws, &after, &code, aliases);
    }
    let cores = run.iter().filter(|u| u.is_core()).count();
    // Only role words that double as adjectives: "military weapons". (A
    // demonym before a noun still names the country: "the Russian building".)
    let modifier_like = cores == 1
        && (base.is_none()
            && strong.is_none()
            && role.is_some()
            && ws[end - 1].is_any(&[
                "military",
                "government",
                "police",
                "security",
                "opposition",
                "rebel",
                "army",
                "intelligence",
                "court",
                "union",
                "company",
                "state",
                "militia",
                "navy",
            ]));
    let definite =
        ws[start].is("the") && base.is_none() && !code.is_empty() && code.starts_with("---");
    Some(Mention {
        start,
        end,
        code,
        prep: None,
        pronoun: false,
        place: only_place && base.is_some() && role.is_none(),
        definite_role_only: definite,
        extra: Vec::new(),
        modifier_like,
    })
}

fn learn(ws: &[Word], tokens: &[usize], code: &str, aliases: &mut Aliases) {
    let full: Vec<&str> = tokens.iter().map(|&t| ws[t].lower.as_str()).collect();
    aliases
        .entry(full.join(" "))
        .or_insert_with(|| code.to_string());
    for &t in tokens {
        if ws[t].lower.chars().count() >= 3 {
            aliases
                .entry(ws[t].lower.clone())
                .or_insert_with(|| code.to_string());
        }
    }
}

/// "a spokesman for the Foreign Ministry", "a court in Guyana", "officers in
/// the Russian military": a role without a country takes the one that follows.
fn merge_role_of(ws: &[Word], mentions: &mut Vec<Mention>) {
    let mut k = 0;
    while k + 1 < mentions.len() {
        let (a, b) = (&mentions[k], &mentions[k + 1]);
        let gap_ok = b.start == a.end + 1
            || (b.start == a.end + 2
                && ws[a.end + 1]
                    .lower
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-')
                && !ws[a.end + 1].cap);
        let linked = gap_ok
            && ws[a.end].is_any(&["of", "for", "at", "in", "from", "with"])
            && !a.pronoun
            && !b.pronoun;
        if linked && a.code.starts_with("---") {
            let role = a.role().unwrap_or("").to_string();
            let new_code = if b.code.starts_with("---") {
                a.code.clone()
            } else if b.role().is_some() {
                b.code.clone()
            } else if let Some(c) = b.country() {
                format!("{c}{role}")
            } else if b.code.starts_with("IGO") && !b.code.ends_with(&role) {
                format!("{}{role}", b.code)
            } else {
                b.code.clone()
            };
            let end = b.end;
            let m = &mut mentions[k];
            m.code = new_code;
            m.end = end;
            m.place = false;
            m.definite_role_only = m.code.starts_with("---") && m.definite_role_only;
            mentions.remove(k + 1);
            continue;
        }
        k += 1;
    }
}

fn is_dash(w: &Word) -> bool {
    w.is_any(&[",", "-", "–", "—"])
}

/// "his Chinese counterpart, Wang Yi," and "Guo Xueli, chargé d'affaires at
/// the Chinese Embassy": the name takes the code of its appositive.
fn appositives(
    ws: &[Word],
    mentions: &mut [Mention],
    runs: &[(usize, usize)],
    aliases: &mut Aliases,
) {
    // "The US commander in Iraq, General David Petraeus,": a role-only
    // mention after a comma takes the code of the mention it renames.
    for k in 1..mentions.len() {
        let b = &mentions[k];
        if !b.code.starts_with("---") || b.start < 2 || !ws[b.start - 1].is(",") {
            continue;
        }
        let mut a = k - 1;
        if mentions[a].end != b.start - 1 || mentions[a].pronoun {
            continue;
        }
        let in_pp = mentions[a].prep.is_some() || prep_before(ws, mentions[a].start).is_some();
        if in_pp && a > 0 && mentions[a - 1].end + 1 == mentions[a].start {
            a -= 1;
        }
        if mentions[a].role().is_some() && !mentions[a].code.starts_with("---") {
            let code = mentions[a].code.clone();
            let names: Vec<usize> = (b.start..b.end)
                .filter(|&t| ws[t].cap && !LEXICON.agents.contains_key(&ws[t].lower))
                .collect();
            let m = &mut mentions[k];
            m.code = code;
            m.definite_role_only = false;
            if !names.is_empty() {
                learn(ws, &names, &m.code, aliases);
            }
        }
    }
    for &(rs, re) in runs {
        // Mention , Name [,]
        if rs >= 2
            && is_dash(&ws[rs - 1])
            && let Some(m) = mentions
                .iter_mut()
                .find(|m| m.end == rs - 1 && !m.pronoun && m.role().is_some())
        {
            let toks: Vec<usize> = (rs..re).collect();
            learn(ws, &toks, &m.code, aliases);
            m.end = re;
            continue;
        }
        // Name , mention-with-role
        if re < ws.len()
            && is_dash(&ws[re])
            && let Some(idx) = mentions
                .iter()
                .position(|m| m.start == re + 1 && !m.pronoun && m.role().is_some())
        {
            let code = mentions[idx].code.clone();
            let toks: Vec<usize> = (rs..re).collect();
            learn(ws, &toks, &code, aliases);
            let m = &mut mentions[idx];
            m.start = rs;
            m.definite_role_only = false;
            m.place = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::sentences;
    use crate::words::words;

    fn codes(text: &str, aliases: &mut Aliases) -> Vec<String> {
        let s = sentences(text);
        let ws = words(&s[0]);
        find(&ws, aliases)
            .into_iter()
            .filter(|m| !m.pronoun)
            .map(|m| m.code)
            .collect()
    }

    #[test]
    fn countries_roles_and_names() {
        let mut al = Aliases::new();
        assert_eq!(
            codes(
                "Iraqi Foreign Minister Ibrahim Jafari met his Chinese counterpart, Wang Yi, in Beijing.",
                &mut al
            ),
            ["IRQGOV", "CHNGOV", "CHN"]
        );
        assert_eq!(al.get("jafari").map(String::as_str), Some("IRQGOV"));
        assert_eq!(al.get("wang").map(String::as_str), Some("CHNGOV"));
        assert_eq!(
            codes("Later Jafari thanked Wang.", &mut al),
            ["IRQGOV", "CHNGOV"]
        );
    }

    #[test]
    fn organisations_groups_and_role_of() {
        let mut al = Aliases::new();
        assert_eq!(
            codes(
                "A court in Guyana jailed ISIS fighters and the UN Security Council met.",
                &mut al
            ),
            ["GUYJUD", "IMGMUSISI", "IGOUNOSEC"]
        );
        assert_eq!(
            codes(
                "Hong Lei – a spokesman for the Chinese Foreign Ministry – spoke.",
                &mut al
            ),
            ["CHNGOV"]
        );
        assert_eq!(al.get("hong lei").map(String::as_str), Some("CHNGOV"));
        assert_eq!(codes("us and them, the US-led coalition", &mut al), ["USA"]);
    }
}
