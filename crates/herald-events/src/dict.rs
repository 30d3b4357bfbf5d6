//! The PETRARCH-2 / Phoenix actor and agent dictionaries (with NGEC's
//! country list and the multilingual names of `countrynames`), compiled by
//! `scripts/build_actor_dict.py` into `data/actors_dict.tsv.gz` and
//! `data/agents_dict.tsv`, embedded and parsed once.
//!
//! Actors: ~58,000 names of countries, cities, international bodies, NGOs,
//! companies, armed groups and people. A person's code depends on the date:
//! `[USAGOV >20090120]` holds from that day on, `[USAELI 19780101-20000101]`
//! between the two days (inclusive), a code without dates applies when no
//! dated role does. Agents: ~5,500 titles and agent nouns (every plural form
//! spelled out) with their CAMEO role.
//!
//! Lookup is longest-match over a sentence's tokens: a map from the phrase key
//! (lower-case tokens joined by spaces, as [`phrase_key`] builds it) to its
//! record, and the set of proper prefixes so the key grows only while some
//! entry can still match. Herald's own tables (`data/*.tsv`) are consulted
//! first by the caller and win on equal length.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};

use crate::lexicon::phrase_key;
use crate::words::{Word, longest};

const ACTORS_GZ: &[u8] = include_bytes!("../data/actors_dict.tsv.gz");
const AGENTS: &str = include_str!("../data/agents_dict.tsv");

/// What a dictionary name denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictKind {
    /// A country, its demonym or one of its cities: a place candidate.
    Place,
    /// An intergovernmental body (`IGOUNO`): takes a role ("UN envoy").
    Igo,
    /// An organisation, company or armed group.
    Org,
    /// A person, whose code may depend on the date.
    Person,
}

/// How the code of a record was chosen for a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// A dated role covers the date.
    InRange,
    /// The record's undated code (it has no dated roles, or none covers the date).
    Default,
    /// No role covers the date and there is no undated code: the nearest role.
    Nearest,
}

#[derive(Debug, Clone)]
struct Role {
    code: Box<str>,
    /// Inclusive bounds as YYYYMMDD; `None` is open.
    from: Option<u32>,
    to: Option<u32>,
}

impl Role {
    fn dated(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
    fn covers(&self, d: u32) -> bool {
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t)
    }
}

/// One dictionary record: its kind and its (possibly dated) codes.
#[derive(Debug, Clone)]
pub struct Record {
    pub kind: DictKind,
    roles: Vec<Role>,
}

/// Approximate day number of a YYYYMMDD date (for "nearest" only).
fn day_number(d: u32) -> i64 {
    let (y, m, dd) = (d / 10_000, d / 100 % 100, d % 100);
    i64::from(y) * 372 + i64::from(m) * 31 + i64::from(dd)
}

fn ymd(date: NaiveDate) -> u32 {
    let y = u32::try_from(date.year()).unwrap_or(0);
    y * 10_000 + date.month() * 100 + date.day()
}

impl Record {
    /// The code valid on `date`. Without a date, the most recent role: an
    /// open-ended one, else the undated code, else the role that ended last.
    pub fn code_at(&self, date: Option<NaiveDate>) -> Option<(&str, Dated)> {
        let default = self.roles.iter().find(|r| !r.dated());
        let dated = || self.roles.iter().filter(|r| r.dated());
        let Some(date) = date else {
            if let Some(r) = dated()
                .filter(|r| r.to.is_none())
                .max_by_key(|r| r.from.unwrap_or(0))
            {
                return Some((&r.code, Dated::InRange));
            }
            if let Some(r) = default {
                return Some((&r.code, Dated::Default));
            }
            let r = dated().max_by_key(|r| r.to.unwrap_or(0))?;
            return Some((&r.code, Dated::Nearest));
        };
        let d = ymd(date);
        if let Some(r) = dated()
            .filter(|r| r.covers(d))
            .max_by_key(|r| r.from.unwrap_or(0))
        {
            return Some((&r.code, Dated::InRange));
        }
        if let Some(r) = default {
            return Some((&r.code, Dated::Default));
        }
        let dist = |r: &Role| {
            let n = day_number(d);
            let a = r.from.map_or(i64::MIN / 2, day_number);
            let b = r.to.map_or(i64::MAX / 2, day_number);
            if n < a { a - n } else { n - b }
        };
        let r = dated().min_by_key(|r| dist(r))?;
        Some((&r.code, Dated::Nearest))
    }
}

#[derive(Debug, Clone, Copy)]
struct Name {
    record: u32,
    /// Written in capitals only (`UN`, `FDLR`).
    acronym: bool,
}

/// Both dictionaries, parsed.
#[derive(Debug, Default)]
pub struct Dict {
    records: Vec<Record>,
    names: HashMap<String, Name>,
    prefixes: HashSet<String>,
    max_len: usize,
    agents: HashMap<String, Box<str>>,
    agent_prefixes: HashSet<String>,
    max_agent: usize,
}

pub static DICT: LazyLock<Dict> = LazyLock::new(Dict::load);

fn parse_role(s: &str) -> Option<Role> {
    let (code, when) = match s.split_once('@') {
        Some((c, w)) => (c, Some(w)),
        None => (s, None),
    };
    if code.is_empty() {
        return None;
    }
    let date = |x: &str| -> Result<Option<u32>, ()> {
        if x.is_empty() {
            Ok(None)
        } else {
            x.parse().map(Some).map_err(|_| ())
        }
    };
    let (from, to) = match when {
        None => (None, None),
        Some(w) => {
            let (a, b) = w.split_once('-')?;
            (date(a).ok()?, date(b).ok()?)
        }
    };
    Some(Role {
        code: code.into(),
        from,
        to,
    })
}

fn kind_of(k: &str) -> Option<DictKind> {
    Some(match k {
        "C" => DictKind::Place,
        "I" => DictKind::Igo,
        "O" => DictKind::Org,
        "P" => DictKind::Person,
        _ => return None,
    })
}

/// Every proper word-prefix of each key ("united", "united arab").
fn add_prefixes(set: &mut HashSet<String>, key: &str) {
    for (i, c) in key.char_indices() {
        if c == ' ' && !set.contains(&key[..i]) {
            set.insert(key[..i].to_string());
        }
    }
}

/// Keys of a lower-case dictionary name. The tokeniser splits a hyphenated
/// word only when it has a capital ("Ki-moon" → ki - moon), as names in text
/// do, so a hyphenated name is keyed as if capitalised, and as written.
fn name_keys(name: &str) -> Vec<String> {
    let plain = phrase_key(name);
    if !name.contains('-') {
        return vec![plain];
    }
    let titled: String = name
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let split = phrase_key(&titled);
    if split == plain {
        vec![plain]
    } else {
        vec![split, plain]
    }
}

impl Dict {
    fn load() -> Dict {
        let mut text = String::new();
        if flate2::read::GzDecoder::new(ACTORS_GZ)
            .read_to_string(&mut text)
            .is_err()
        {
            text.clear();
        }
        Dict::from_tables(&text, AGENTS)
    }

    /// Parses the two tables (the formats `build_actor_dict.py` writes);
    /// malformed lines are skipped.
    pub(crate) fn from_tables(actors: &str, agents: &str) -> Dict {
        let mut d = Dict::default();
        for line in actors.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(kind), Some(codes), Some(names)) =
                (cols.next().and_then(kind_of), cols.next(), cols.next())
            else {
                continue;
            };
            let roles: Vec<Role> = codes.split(' ').filter_map(parse_role).collect();
            if roles.is_empty() {
                continue;
            }
            let record = u32::try_from(d.records.len()).unwrap_or(u32::MAX);
            d.records.push(Record { kind, roles });
            for name in names.split('|') {
                let (name, acronym) = match name.strip_prefix('=') {
                    Some(n) => (n, true),
                    None => (name, false),
                };
                // "the United Nations": the article is a modifier in Herald.
                let name = name.strip_prefix("the ").unwrap_or(name);
                for key in name_keys(name) {
                    if key.is_empty() || d.names.contains_key(&key) {
                        continue;
                    }
                    d.max_len = d.max_len.max(key.split(' ').count());
                    add_prefixes(&mut d.prefixes, &key);
                    d.names.insert(key, Name { record, acronym });
                }
            }
        }
        for line in agents.lines().filter(|l| !l.starts_with('#')) {
            let Some((phrase, role)) = line.split_once('\t') else {
                continue;
            };
            let key = phrase_key(phrase);
            if key.is_empty() || role.len() != 3 {
                continue;
            }
            d.max_agent = d.max_agent.max(key.split(' ').count());
            add_prefixes(&mut d.agent_prefixes, &key);
            d.agents.entry(key).or_insert_with(|| role.into());
        }
        d
    }

    /// Number of actor names and agent phrases.
    pub fn len(&self) -> (usize, usize) {
        (self.names.len(), self.agents.len())
    }

    /// The record of an exact phrase key ("barack obama").
    pub fn record(&self, key: &str) -> Option<&Record> {
        self.names
            .get(key)
            .and_then(|n| self.records.get(n.record as usize))
    }

    /// The role of an exact agent key ("defence ministers" → GOV).
    pub fn agent(&self, key: &str) -> Option<&str> {
        self.agents.get(key).map(|r| &**r)
    }

    /// Longest actor name starting at token `i`: its length in tokens and
    /// its record. The first word must not be written in lower case;
    /// acronyms must be written in capitals.
    pub(crate) fn longest_actor(&self, ws: &[Word], i: usize) -> Option<(usize, &Record)> {
        let first = ws.get(i)?;
        if first.surface.chars().next().is_none_or(char::is_lowercase) {
            return None;
        }
        let caps = |len: usize| {
            ws[i..i + len]
                .iter()
                .all(|w| !w.surface.chars().any(char::is_lowercase))
        };
        longest(
            ws,
            i,
            self.max_len,
            |k| self.prefixes.contains(k),
            |k, len| {
                let n = self.names.get(k).filter(|n| !n.acronym || caps(len))?;
                self.records.get(n.record as usize).map(|r| (len, r))
            },
        )
    }

    /// Longest agent phrase starting at token `i`: its length and role.
    pub(crate) fn longest_agent(&self, ws: &[Word], i: usize) -> Option<(usize, &str)> {
        longest(
            ws,
            i,
            self.max_agent,
            |k| self.agent_prefixes.contains(k),
            |k, len| self.agents.get(k).map(|r| (len, &**r)),
        )
    }
}

/// The dictionary code of a name (any case, e.g. "Barack Obama") on `date`
/// (`None`: the most recent role), with how it was chosen.
pub fn lookup(name: &str, date: Option<NaiveDate>) -> Option<(String, Dated)> {
    let key = phrase_key(name);
    let key = key.strip_prefix("the ").unwrap_or(&key);
    let (code, how) = DICT.record(key)?.code_at(date)?;
    Some((code.to_string(), how))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    const FIXTURE: &str = "# kind\tcodes\tnames\n\
        P\tUSAELI@19780101-20000101 USAGOV@20090120-\tbarack obama|president obama|obama\n\
        P\tIGOUNO@19970101-20061231 ---ELI\tkofi annan\n\
        P\tAFGGOV@20011222-20041207\thamid karzai\n\
        I\tIGOUNO\tthe united nations|=un\n\
        C\tDEU\tdeutschland|allemagne\n\
        bad line\n\
        P\t\tnobody\n";
    const AGENTS_FIXTURE: &str =
        "defence minister\tGOV\ndefence ministers\tGOV\nfarmers\tAGR\nX\tTOOLONG\n";

    #[test]
    fn dated_roles() {
        let d = Dict::from_tables(FIXTURE, AGENTS_FIXTURE);
        assert_eq!(d.len(), (9, 3));
        let obama = d.record("barack obama").unwrap();
        assert_eq!(obama.kind, DictKind::Person);
        assert_eq!(
            obama.code_at(day("2012-06-01")),
            Some(("USAGOV", Dated::InRange))
        );
        assert_eq!(
            obama.code_at(day("1990-06-01")),
            Some(("USAELI", Dated::InRange))
        );
        // Between the two roles: the nearer one, marked as such.
        assert_eq!(
            obama.code_at(day("2008-06-01")),
            Some(("USAGOV", Dated::Nearest))
        );
        assert_eq!(
            obama.code_at(day("2001-01-01")),
            Some(("USAELI", Dated::Nearest))
        );
        assert_eq!(obama.code_at(None), Some(("USAGOV", Dated::InRange)));
        let annan = d.record("kofi annan").unwrap();
        assert_eq!(
            annan.code_at(day("2000-01-01")),
            Some(("IGOUNO", Dated::InRange))
        );
        assert_eq!(
            annan.code_at(day("2010-01-01")),
            Some(("---ELI", Dated::Default))
        );
        assert_eq!(annan.code_at(None), Some(("---ELI", Dated::Default)));
        let karzai = d.record("hamid karzai").unwrap();
        assert_eq!(karzai.code_at(None), Some(("AFGGOV", Dated::Nearest)));
        assert!(d.record("united nations").is_some());
        assert!(d.record("nobody").is_none());
        assert_eq!(d.agent("defence ministers"), Some("GOV"));
        assert_eq!(d.agent("x"), None);
    }

    #[test]
    fn longest_match_and_case() {
        use crate::text::sentences;
        use crate::words::words;
        let d = Dict::from_tables(FIXTURE, AGENTS_FIXTURE);
        let s = sentences("President Obama met un staff, the UN and Deutschland farmers.");
        let ws = words(&s[0]);
        let at = |i: usize| d.longest_actor(&ws, i).map(|(n, r)| (n, r.kind));
        assert_eq!(at(0), Some((2, DictKind::Person)));
        assert_eq!(at(1), Some((1, DictKind::Person)));
        assert_eq!(at(3), None, "lower-case 'un' is not the UN");
        assert_eq!(at(7), Some((1, DictKind::Igo)));
        assert_eq!(at(9), Some((1, DictKind::Place)));
        assert_eq!(d.longest_agent(&ws, 10), Some((1, "AGR")));
        assert!(d.longest_actor(&ws, 99).is_none());
    }

    #[test]
    fn embedded_dictionaries_load() {
        let (names, agents) = DICT.len();
        assert!(names > 50_000 && agents > 5_000, "{names} {agents}");
        let ban = lookup("Ban Ki-moon", day("2012-03-01"));
        assert_eq!(ban, Some(("IGOUNO".into(), Dated::InRange)));
        let obama = lookup("Barack Obama", day("2012-03-01"));
        assert_eq!(obama, Some(("USAGOV".into(), Dated::InRange)));
        assert_eq!(
            lookup("Allemagne", None).map(|x| x.0).as_deref(),
            Some("DEU")
        );
        assert_eq!(DICT.agent("defence ministries"), Some("GOV"));
    }
}
