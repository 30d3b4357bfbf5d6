//! Event filters as people type them — `herald events` flags and
//! `/api/events` query parameters — checked once, here, for both faces.
//! Every rejection says what is accepted.

use serde::Deserialize;

/// The PLOVER event types Herald codes (CAMEO root 01, statements, has none).
pub const PLOVER_TYPES: &[&str] = &[
    "ACCUSE",
    "AGREE",
    "AID",
    "ASSAULT",
    "COERCE",
    "CONCEDE",
    "CONSULT",
    "COOPERATE",
    "MOBILIZE",
    "PROTEST",
    "REJECT",
    "REQUEST",
    "RETREAT",
    "SANCTION",
    "SUPPORT",
    "THREATEN",
];

/// An invalid filter value: the message names the parameter, the value and
/// what would have been accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FilterError(pub String);

/// Event filters before validation. The API takes these names as query
/// parameters (with `code`, `from` and `to` as older spellings of `cameo`,
/// `since` and `until`); an unknown parameter is an error, not ignored.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    /// Source actor code prefix: `CHN`, `CHNGOV`, `IGOUNO`, `---REB`.
    pub source: Option<String>,
    /// Target actor code prefix.
    pub target: Option<String>,
    /// Source actor's country: an ISO 3166 alpha-3 code (or `IGO`).
    pub source_country: Option<String>,
    pub target_country: Option<String>,
    /// CAMEO root or code prefix: `03`, `0332`.
    #[serde(alias = "code")]
    pub cameo: Option<String>,
    /// PLOVER event type: `AGREE`, `ASSAULT`, ….
    pub plover: Option<String>,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal
    /// conflict, 4 material conflict.
    #[serde(alias = "quad_class")]
    pub quadclass: Option<String>,
    pub article: Option<String>,
    pub story: Option<String>,
    /// Site name, as in the articles' `site`.
    pub site: Option<String>,
    /// Full-text query (FTS5 syntax): events of the articles it finds.
    pub q: Option<String>,
    /// Inclusive date bounds: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(alias = "from")]
    pub since: Option<String>,
    #[serde(alias = "to")]
    pub until: Option<String>,
    /// Include negated actions.
    pub negated: Option<bool>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

impl EventQuery {
    /// The store filter (without limit), or what is wrong with the query.
    pub fn filter(&self) -> Result<herald_store::EventFilter, FilterError> {
        let since = iso_date("since", &self.since)?;
        let until = iso_date("until", &self.until)?;
        if let (Some(a), Some(b)) = (&since, &until)
            && a > b
        {
            return Err(FilterError(format!(
                "since {a} is after until {b}: no event can match"
            )));
        }
        let source = actor_code("source", &self.source)?;
        let target = actor_code("target", &self.target)?;
        let source_country = country("source_country", &self.source_country)?;
        let target_country = country("target_country", &self.target_country)?;
        Ok(herald_store::EventFilter {
            article: nonempty(&self.article),
            source: narrower("source", source, source_country)?,
            target: narrower("target", target, target_country)?,
            cameo: cameo_code(&self.cameo)?,
            plover: plover(&self.plover)?,
            quad_class: quad_class(&self.quadclass)?,
            story: nonempty(&self.story),
            site: nonempty(&self.site),
            text: nonempty(&self.q),
            since,
            until,
            include_negated: self.negated.unwrap_or(false),
            limit: None,
        })
    }
}

fn nonempty(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Actor code prefixes are letters, digits and `-` (`CHN`, `CHNGOV`,
/// `IGOUNO`, `---REB` for a rebel group of unknown country).
fn actor_code(name: &str, v: &Option<String>) -> Result<Option<String>, FilterError> {
    let Some(s) = nonempty(v) else {
        return Ok(None);
    };
    if s.len() > 24 || !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(FilterError(format!(
            "{name} {s:?} is not an actor code: give a code prefix of letters, digits and -, e.g. CHN, CHNGOV, IGOUNO or ---REB"
        )));
    }
    Ok(Some(s.to_ascii_uppercase()))
}

fn country(name: &str, v: &Option<String>) -> Result<Option<String>, FilterError> {
    let Some(s) = nonempty(v) else {
        return Ok(None);
    };
    if s.len() != 3 || !s.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(FilterError(format!(
            "{name} {s:?} is not a country: give an ISO 3166 alpha-3 code, e.g. CHN, MLI or USA (IGO for international organisations)"
        )));
    }
    Ok(Some(s.to_ascii_uppercase()))
}

/// The actor prefix when both an actor code and a country are given: they
/// must agree (the code starts with the country).
fn narrower(
    name: &str,
    code: Option<String>,
    country: Option<String>,
) -> Result<Option<String>, FilterError> {
    match (code, country) {
        (Some(c), Some(k)) if !c.starts_with(&k) && !k.starts_with(&c) => Err(FilterError(
            format!("{name} {c} and {name}_country {k} contradict each other: give one of them"),
        )),
        (Some(c), Some(k)) => Ok(Some(if c.len() >= k.len() { c } else { k })),
        (c, k) => Ok(c.or(k)),
    }
}

/// CAMEO codes are 2–4 digits under roots 01–20; any prefix is a filter.
fn cameo_code(v: &Option<String>) -> Result<Option<String>, FilterError> {
    let Some(s) = nonempty(v) else {
        return Ok(None);
    };
    let accepted =
        "give a CAMEO root or code prefix of up to 4 digits, e.g. 03 (intent to cooperate) or 0332";
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        let hint = if PLOVER_TYPES.contains(&s.to_ascii_uppercase().as_str()) {
            format!(
                "; {} is a PLOVER type: filter with plover",
                s.to_ascii_uppercase()
            )
        } else {
            String::new()
        };
        return Err(FilterError(format!(
            "cameo {s:?} is not a CAMEO code: {accepted}{hint}"
        )));
    }
    if s.len() > 4 {
        return Err(FilterError(format!(
            "cameo {s:?} is longer than a CAMEO code: {accepted}"
        )));
    }
    if s.len() >= 2 {
        let root: u32 = s[..2].parse().unwrap_or(0);
        if !(1..=20).contains(&root) {
            return Err(FilterError(format!(
                "cameo {s:?}: CAMEO roots are 01 to 20; {accepted}"
            )));
        }
    } else if !matches!(s.as_str(), "0" | "1" | "2") {
        return Err(FilterError(format!(
            "cameo {s:?}: CAMEO roots are 01 to 20; {accepted}"
        )));
    }
    Ok(Some(s))
}

fn plover(v: &Option<String>) -> Result<Option<String>, FilterError> {
    let Some(s) = nonempty(v) else {
        return Ok(None);
    };
    let up = s.to_ascii_uppercase();
    if PLOVER_TYPES.contains(&up.as_str()) {
        Ok(Some(up))
    } else {
        Err(FilterError(format!(
            "plover {s:?} is not a PLOVER event type: give one of {}",
            PLOVER_TYPES.join(", ")
        )))
    }
}

fn quad_class(v: &Option<String>) -> Result<Option<u8>, FilterError> {
    let Some(s) = nonempty(v) else {
        return Ok(None);
    };
    let named = match s.to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
        "1" | "verbalcooperation" => Some(1),
        "2" | "materialcooperation" => Some(2),
        "3" | "verbalconflict" => Some(3),
        "4" | "materialconflict" => Some(4),
        _ => None,
    };
    named.map(Some).ok_or_else(|| {
        FilterError(format!(
            "quadclass {s:?} is not a QuadClass: give 1 (verbal cooperation), 2 (material cooperation), 3 (verbal conflict) or 4 (material conflict)"
        ))
    })
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real date (compared as text against
/// ISO dates).
fn iso_date(name: &str, v: &Option<String>) -> Result<Option<String>, FilterError> {
    let Some(s) = nonempty(v) else {
        return Ok(None);
    };
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let ok = match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7) && (1..=12).contains(&num(5..7)),
        10 => {
            digits(0..4)
                && b[4] == b'-'
                && digits(5..7)
                && b[7] == b'-'
                && digits(8..10)
                && chrono::NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10))
                    .is_some()
        }
        _ => false,
    };
    if !ok {
        return Err(FilterError(format!(
            "{name} {s:?} is not a date: give YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-03-01"
        )));
    }
    Ok(Some(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(f: impl FnOnce(&mut EventQuery)) -> EventQuery {
        let mut q = EventQuery::default();
        f(&mut q);
        q
    }

    #[test]
    fn valid_filters_become_store_filters() {
        let f = q(|q| {
            q.source = Some("chn".into());
            q.cameo = Some("03".into());
            q.plover = Some("agree".into());
            q.quadclass = Some("verbal-conflict".into());
            q.target_country = Some("mli".into());
            q.since = Some("2014-12".into());
            q.until = Some("2014-12-31".into());
        })
        .filter()
        .unwrap();
        assert_eq!(f.source.as_deref(), Some("CHN"));
        assert_eq!(f.target.as_deref(), Some("MLI"));
        assert_eq!(f.cameo.as_deref(), Some("03"));
        assert_eq!(f.plover.as_deref(), Some("AGREE"));
        assert_eq!(f.quad_class, Some(3));
    }

    #[test]
    fn invalid_filters_say_what_is_accepted() {
        let cases: Vec<(EventQuery, &str)> = vec![
            (q(|q| q.since = Some("yesterday".into())), "YYYY-MM-DD"),
            (q(|q| q.since = Some("2025-13-45".into())), "YYYY-MM-DD"),
            (q(|q| q.until = Some("2024-02-30".into())), "YYYY-MM-DD"),
            (q(|q| q.since = Some("2024-13".into())), "YYYY-MM-DD"),
            (
                q(|q| q.cameo = Some("AGREE".into())),
                "PLOVER type: filter with plover",
            ),
            (q(|q| q.cameo = Some("21".into())), "01 to 20"),
            (q(|q| q.cameo = Some("03321".into())), "up to 4 digits"),
            (q(|q| q.plover = Some("HUG".into())), "ACCUSE, AGREE"),
            (q(|q| q.quadclass = Some("5".into())), "material conflict"),
            (q(|q| q.source = Some("CH%".into())), "CHNGOV"),
            (q(|q| q.source_country = Some("CHNGOV".into())), "alpha-3"),
            (
                q(|q| {
                    q.since = Some("2025".into());
                    q.until = Some("2024".into());
                }),
                "after until",
            ),
            (
                q(|q| {
                    q.source = Some("USA".into());
                    q.source_country = Some("CHN".into());
                }),
                "contradict",
            ),
        ];
        for (query, needle) in cases {
            let e = query.filter().unwrap_err();
            assert!(e.0.contains(needle), "{query:?}: {e}");
        }
    }
}
