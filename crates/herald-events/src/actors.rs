//! Actor recognition on a token sequence: countries, demonyms, capitals,
//! organisations and groups from `data/`, roles from titles (`Foreign
//! Minister` → GOV), named officials linked to their title and recognised
//! again when named alone later in the article.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::actor_words::{MODS, NOT_NAMES, PREP_SKIP, PREPS, PRONOUNS};
use crate::dates;
use crate::dict::{DICT, Dated, DictKind};
use crate::lexicon::{LEXICON, PhraseKind};
use crate::words::{Word, longest};

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
    /// A dictionary person none of whose dated roles covers the article's
    /// date: the code is the nearest role.
    pub nearest_role: bool,
}

impl Mention {
    pub fn country(&self) -> Option<&str> {
        let c = self.code.get(..3)?;
        (c.chars().all(|ch| ch.is_ascii_uppercase()) && !matches!(c, "IGO" | "IMG" | "NGO" | "MNC"))
            .then_some(c)
    }
    pub fn role(&self) -> Option<&str> {
        let r = self.code.get(3..6)?;
        r.chars().all(|ch| ch.is_ascii_uppercase()).then_some(r)
    }
}

/// Names learned in an article: lower-case name → actor code.
pub(crate) type Aliases = HashMap<String, String>;

#[derive(Debug, Clone)]
enum Unit {
    Phrase {
        len: usize,
        code: String,
        kind: PhraseKind,
        /// From the dictionaries (not Herald's tables).
        dict: bool,
        /// From the dictionaries, with the nearest (not a covering) role.
        nearest: bool,
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

/// A word that starts a sentence or a date rather than a name.
fn not_name(w: &Word) -> bool {
    w.is_any(NOT_NAMES) || dates::month(&w.lower).is_some() || dates::weekday(&w.lower).is_some()
}

/// A capitalised word that is no title, country or function word: part of
/// a name.
fn name_like(w: &Word) -> bool {
    w.cap
        && w.surface.chars().all(|c| c.is_alphabetic() || c == '.')
        && !not_name(w)
        && !LEXICON.agents.contains_key(&w.lower)
        && DICT.agent(&w.lower).is_none()
        && !LEXICON.phrases.contains_key(&w.lower)
        && !is_verbish(w)
}

/// A one-word dictionary match that is part of a longer unknown name:
/// "Mohammed Hussein Roble", "Al-Sabah" (a person or place of that name
/// elsewhere in the dictionary).
fn inside_name(ws: &[Word], i: usize, person: bool) -> bool {
    let prev = i.checked_sub(1).map(|p| &ws[p]);
    let hyphened = i >= 2 && ws[i - 1].is("-") && ws[i - 2].cap;
    prev.is_some_and(name_like) || hyphened || (person && ws.get(i + 1).is_some_and(name_like))
}

/// The longest dictionary actor at `i` as a unit, its code taken on `date`,
/// and how the date chose it.
fn dict_phrase(ws: &[Word], i: usize, date: Option<NaiveDate>) -> Option<(Unit, Dated)> {
    let (len, rec) = DICT.longest_actor(ws, i)?;
    if len == 1 && inside_name(ws, i, rec.kind == DictKind::Person) {
        return None;
    }
    let (code, how) = rec.code_at(date)?;
    let kind = match rec.kind {
        DictKind::Place => PhraseKind::Country,
        DictKind::Igo => PhraseKind::Igo,
        DictKind::Org => PhraseKind::Group,
        DictKind::Person => PhraseKind::Person,
    };
    let unit = Unit::Phrase {
        len,
        code: code.to_string(),
        kind,
        dict: true,
        nearest: how == Dated::Nearest,
    };
    Some((unit, how))
}

fn classify(ws: &[Word], aliases: &Aliases, date: Option<NaiveDate>) -> Vec<Unit> {
    let lex = &*LEXICON;
    let mut units = Vec::with_capacity(ws.len());
    let mut i = 0;
    while i < ws.len() {
        // Named phrases: the longest acceptable match.
        let mut best = longest(
            ws,
            i,
            lex.max_phrase,
            |k| lex.phrase_prefixes.contains(k),
            |k, len| {
                let e = lex.phrases.get(k)?.iter().find(|e| {
                    e.exact.as_ref().is_none_or(|x| *x == surface(ws, i, len))
                        && (!e.cap || ws[i].cap)
                })?;
                Some(Unit::Phrase {
                    len,
                    code: e.code.clone(),
                    kind: e.kind,
                    dict: false,
                    nearest: false,
                })
            },
        );
        // The dictionaries add what Herald's tables lack (they win on ties),
        // except that a dated role covering the article's date beats
        // Herald's undated entry for the same person.
        let mut dict_len = 0;
        if let Some((d, how)) = dict_phrase(ws, i, date) {
            let dated_person = how == Dated::InRange
                && matches!(&best, Some(Unit::Phrase { kind: PhraseKind::Person, len, .. }) if *len == d.len());
            let longer = best.as_ref().is_none_or(|b| b.len() < d.len())
                && !(matches!(
                    d,
                    Unit::Phrase {
                        kind: PhraseKind::Person,
                        ..
                    }
                ) && herald_person_inside(ws, i, d.len()));
            if dated_person || longer {
                dict_len = d.len();
                best = Some(d);
            }
        }
        // Names learned earlier in the article (capitalised only); they beat
        // a dictionary entry of the same length ("Hussein" after "Saddam Hussein").
        if ws[i].cap && !aliases.is_empty() {
            for len in (1..=3.min(ws.len() - i)).rev() {
                if best.as_ref().is_some_and(|b| b.len() >= len) && dict_len != len {
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
        let shorter = best.as_ref().map_or(0, Unit::len);
        let agent = longest(
            ws,
            i,
            lex.max_agent,
            |k| lex.agent_prefixes.contains(k),
            |k, len| {
                let a = lex
                    .agents
                    .get(k)
                    .or_else(|| singular_keys(k).iter().find_map(|s| lex.agents.get(s)))
                    .filter(|a| len > shorter && (!a.cap || ws[i].cap))?;
                Some(Unit::Agent {
                    len,
                    role: a.role.clone(),
                })
            },
        );
        if agent.is_some() {
            best = agent;
        }
        if let Some((len, role)) = DICT
            .longest_agent(ws, i)
            .filter(|(len, _)| best.as_ref().is_none_or(|b| b.len() < *len))
        {
            best = Some(Unit::Agent {
                len,
                role: role.to_string(),
            });
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
            if is_person_noun(w) {
                // "the attacker", "five passengers": people no table names
                // are civilians (the article's, when it has a country).
                Unit::Agent {
                    len: 1,
                    role: "CVL".to_string(),
                }
            } else if w.is_any(MODS) || w.lower.chars().all(|c| c.is_ascii_digit()) {
                Unit::Mod
            } else if w.is_any(&["-", "'s"]) {
                Unit::Glue
            } else if w.cap
                && w.surface.chars().any(char::is_alphabetic)
                && !not_name(w)
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

/// A common noun WordNet files under people first ("attacker", "passengers").
fn is_person_noun(w: &Word) -> bool {
    w.upos == "NOUN"
        && w.lower.chars().all(|c| c.is_ascii_lowercase())
        && crate::patients::noun_class(&w.lemma) == Some("person")
}

/// Finds the actor mentions of one sentence, learning names into `aliases`.
pub(crate) fn find(ws: &[Word], aliases: &mut Aliases, date: Option<NaiveDate>) -> Vec<Mention> {
    let units = classify(ws, aliases, date);
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
                nearest_role: false,
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
    // The parse says otherwise: "the government distributed masks" (a verb
    // follows), or the role word is itself a subject or object.
    if matches!(w.upos, "VERB" | "AUX")
        || end
            .checked_sub(1)
            .is_some_and(|l| is_argument(ws[l].deprel))
    {
        return false;
    }
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

/// A dependency relation of a clause's own participant (not a modifier).
fn is_argument(deprel: &str) -> bool {
    matches!(
        deprel,
        "nsubj" | "nsubj:pass" | "obj" | "iobj" | "obl" | "obl:agent" | "root"
    )
}

/// "anti-ISIL coalition", "non-Muslims": the name is what something is
/// against or is not.
fn anti(ws: &[Word], start: usize) -> bool {
    start >= 2 && ws[start - 1].is("-") && ws[start - 2].is_any(&["anti", "non"])
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
    let mut nearest_role = false;
    let mut dict_org = false;
    let mut people: Vec<(usize, usize, &str)> = Vec::new();
    for unit in run {
        match unit {
            Unit::Phrase {
                code,
                kind,
                nearest,
                len,
                dict,
            } => {
                match kind {
                    PhraseKind::Group | PhraseKind::Person | PhraseKind::Body => {
                        if strong.is_none() {
                            strong = Some(code.clone());
                            nearest_role = *nearest;
                            dict_org = *dict && *kind == PhraseKind::Group;
                        }
                        if *kind == PhraseKind::Person {
                            people.push((pos, *len, code));
                        }
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
    let from_text = match (&base, role) {
        (Some((b, kind)), Some(r)) if !b.ends_with(r) && *kind != PhraseKind::Group => {
            Some(format!("{b}{r}"))
        }
        (Some((b, _)), _) => Some(b.clone()),
        (None, Some(r)) => Some(format!("---{r}")),
        (None, None) => None,
    };
    let code = match strong.clone() {
        // A dictionary person out of the dated range, with a country and
        // title in the text: the text is better evidence.
        Some(_) if nearest_role && base.is_some() && role.is_some() => {
            nearest_role = false;
            from_text?
        }
        Some(s) if dict_org => rebase(base.as_ref().and_then(|(b, _)| b.get(..3)), s),
        Some(s) => s,
        None => from_text?,
    };
    for &(p, len, person) in &people {
        learn_person(ws, p, len, person, aliases);
    }
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
        nearest_role,
    })
}

/// "Chile's Defense Department", "the Malaysia Airlines Boeing": a
/// dictionary body named with another country is that country's (Phoenix
/// lists the US one); a company, that country's business.
fn rebase(country: Option<&str>, code: String) -> String {
    let is_country = |c: &str| {
        c.chars().all(|x| x.is_ascii_uppercase()) && !matches!(c, "IGO" | "IMG" | "NGO" | "MNC")
    };
    let (Some(c), Some(own)) = (country.filter(|c| is_country(c)), code.get(..3)) else {
        return code;
    };
    if own == "MNC" {
        format!("{c}BUS")
    } else if own != c && is_country(own) {
        format!("{c}{}", &code[3..])
    } else {
        code
    }
}

/// "President Bush": Herald's own person inside a longer dictionary phrase
/// wins (the dictionary's "President Bush" is the father).
fn herald_person_inside(ws: &[Word], i: usize, len: usize) -> bool {
    (i + 1..i + len).any(|j| {
        key(ws, j, i + len - j)
            .and_then(|k| LEXICON.phrases.get(&k))
            .is_some_and(|es| es.iter().any(|e| e.kind == PhraseKind::Person))
    })
}

/// A known person named in full ("President Barack Obama"): the full name
/// and the surname are learnt for the rest of the article ("Obama said").
/// Titles, country names and short words are not surnames.
fn learn_person(ws: &[Word], start: usize, len: usize, code: &str, aliases: &mut Aliases) {
    if len < 2 {
        return;
    }
    let Some(last) = ws.get(start + len - 1) else {
        return;
    };
    if let Some(k) = key(ws, start, len) {
        aliases.entry(k).or_insert_with(|| code.to_string());
    }
    let k = &last.lower;
    let title = LEXICON.agents.contains_key(k)
        || DICT.agent(k).is_some()
        || LEXICON
            .phrases
            .get(k)
            .is_some_and(|es| es.iter().any(|e| e.kind != PhraseKind::Person));
    if last.cap && k.chars().count() >= 3 && !title {
        aliases.entry(k.clone()).or_insert_with(|| code.to_string());
    }
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
mod tests;
