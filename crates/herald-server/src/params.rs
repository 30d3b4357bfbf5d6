//! Query parameters: parsing, validation and pagination caps. Everything a
//! client sends is checked here, so handlers only see sane values.

use serde::Deserialize;

use crate::error::ApiError;

/// Largest page any list endpoint returns.
pub const MAX_LIMIT: usize = 200;
/// Deepest page: lists are cut from the front, so paging costs grow with it.
pub const MAX_OFFSET: usize = 10_000;
/// Search hits per query, at most.
pub const MAX_SEARCH: usize = 100;

#[derive(Debug, Default, Deserialize)]
pub struct Page {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

impl Page {
    /// `(limit, offset)` with the default and caps applied.
    pub fn resolve(&self, default: usize) -> Result<(usize, usize), ApiError> {
        let limit = self.limit.unwrap_or(default).min(MAX_LIMIT);
        Ok((limit, offset(self.offset)?))
    }
}

/// The offset asked for (0 when none), within [`MAX_OFFSET`].
fn offset(offset: Option<usize>) -> Result<usize, ApiError> {
    let offset = offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(ApiError::BadRequest(format!(
            "offset {offset} is beyond the last page ({MAX_OFFSET}); narrow the query"
        )));
    }
    Ok(offset)
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

impl SearchParams {
    /// `(query, limit, offset)`.
    pub fn resolve(&self) -> Result<(String, usize, usize), ApiError> {
        let q = self.q.as_deref().map(str::trim).unwrap_or("");
        if q.is_empty() {
            return Err(ApiError::BadRequest("missing query: ?q=words".into()));
        }
        if q.len() > 1000 {
            return Err(ApiError::BadRequest("query longer than 1000 bytes".into()));
        }
        Ok((
            q.to_string(),
            self.limit.unwrap_or(20).min(MAX_SEARCH),
            offset(self.offset)?,
        ))
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct EventParams {
    pub source: Option<String>,
    pub target: Option<String>,
    /// CAMEO code prefix.
    pub code: Option<String>,
    pub article: Option<String>,
    /// Inclusive ISO date bounds on the event date.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Include negated actions.
    pub negated: Option<bool>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

impl EventParams {
    pub fn filter(&self) -> Result<(herald_store::EventFilter, usize, usize), ApiError> {
        let (limit, offset) = Page {
            limit: self.limit,
            offset: self.offset,
        }
        .resolve(50)?;
        let filter = herald_store::EventFilter {
            article: nonempty(&self.article),
            source: actor_code("source", &self.source)?,
            target: actor_code("target", &self.target)?,
            cameo: cameo_code(&self.code)?,
            since: iso_date("from", &self.from)?,
            until: iso_date("to", &self.to)?,
            include_negated: self.negated.unwrap_or(false),
            // One more than the page, to tell whether another follows.
            limit: Some(offset + limit + 1),
        };
        Ok((filter, limit, offset))
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
fn actor_code(name: &str, v: &Option<String>) -> Result<Option<String>, ApiError> {
    let Some(s) = nonempty(v) else {
        return Ok(None);
    };
    if s.len() > 24 || !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(ApiError::BadRequest(format!(
            "{name} must be an actor code prefix of letters, digits and -, e.g. CHN or CHNGOV"
        )));
    }
    Ok(Some(s.to_ascii_uppercase()))
}

/// CAMEO codes are 2–4 digits; any prefix (`0`, `03`, `0332`) is a filter.
fn cameo_code(v: &Option<String>) -> Result<Option<String>, ApiError> {
    let Some(s) = nonempty(v) else {
        return Ok(None);
    };
    if s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::BadRequest(
            "code must be a CAMEO code prefix of up to 4 digits, e.g. 03 or 0332".into(),
        ));
    }
    Ok(Some(s))
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (compared as text against ISO dates).
fn iso_date(name: &str, v: &Option<String>) -> Result<Option<String>, ApiError> {
    let Some(s) = nonempty(v) else {
        return Ok(None);
    };
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    };
    if !ok {
        return Err(ApiError::BadRequest(format!(
            "{name} must be an ISO date: YYYY, YYYY-MM or YYYY-MM-DD"
        )));
    }
    Ok(Some(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_capped_and_defaulted() {
        let p = Page {
            limit: Some(1_000_000),
            offset: None,
        };
        assert_eq!(p.resolve(20).ok(), Some((MAX_LIMIT, 0)));
        assert_eq!(Page::default().resolve(20).ok(), Some((20, 0)));
        let deep = Page {
            limit: None,
            offset: Some(MAX_OFFSET + 1),
        };
        assert!(deep.resolve(20).is_err());
    }

    #[test]
    fn search_needs_words() {
        let p = SearchParams {
            q: Some("  ".into()),
            ..SearchParams::default()
        };
        assert!(p.resolve().is_err());
        let p = SearchParams {
            q: Some(" mali ".into()),
            limit: Some(9999),
            offset: Some(40),
        };
        assert_eq!(p.resolve().ok(), Some(("mali".to_string(), MAX_SEARCH, 40)));
        let p = SearchParams {
            q: Some("mali".into()),
            offset: Some(MAX_OFFSET + 1),
            ..SearchParams::default()
        };
        assert!(p.resolve().is_err());
    }

    #[test]
    fn event_filters_are_validated() {
        let ok = EventParams {
            source: Some("chn".into()),
            code: Some("03".into()),
            from: Some("2014-12".into()),
            to: Some("2014-12-31".into()),
            ..Default::default()
        };
        let (f, limit, offset) = ok.filter().unwrap();
        assert_eq!(f.source.as_deref(), Some("CHN"));
        assert_eq!(f.cameo.as_deref(), Some("03"));
        assert_eq!((limit, offset), (50, 0));
        for bad in [
            EventParams {
                source: Some("CH%".into()),
                ..Default::default()
            },
            EventParams {
                code: Some("3a".into()),
                ..Default::default()
            },
            EventParams {
                from: Some("12/10/2014".into()),
                ..Default::default()
            },
            EventParams {
                to: Some("2014-1-1".into()),
                ..Default::default()
            },
        ] {
            assert!(
                matches!(bad.filter(), Err(ApiError::BadRequest(_))),
                "{bad:?}"
            );
        }
    }
}
