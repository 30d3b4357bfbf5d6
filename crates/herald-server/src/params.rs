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

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
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

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
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

/// `/api/events`: the shared event filters plus the page.
pub fn event_filter(
    q: &crate::filters::EventQuery,
) -> Result<(herald_store::EventFilter, usize, usize), ApiError> {
    let (limit, offset) = Page {
        limit: q.limit,
        offset: q.offset,
    }
    .resolve(50)?;
    let mut filter = q.filter()?;
    // One more than the page, to tell whether another follows.
    filter.limit = Some(offset + limit + 1);
    Ok((filter, limit, offset))
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
        use crate::filters::EventQuery;
        let ok = EventQuery {
            source: Some("chn".into()),
            cameo: Some("03".into()),
            since: Some("2014-12".into()),
            until: Some("2014-12-31".into()),
            ..Default::default()
        };
        let (f, limit, offset) = event_filter(&ok).unwrap();
        assert_eq!(f.source.as_deref(), Some("CHN"));
        assert_eq!(f.cameo.as_deref(), Some("03"));
        assert_eq!(f.limit, Some(51));
        assert_eq!((limit, offset), (50, 0));
        let bad = EventQuery {
            since: Some("12/10/2014".into()),
            ..Default::default()
        };
        assert!(matches!(event_filter(&bad), Err(ApiError::BadRequest(_))));
    }
}
