//! Views over filtered events: a download of the list (CSV or JSON lines)
//! and a timeline (counts and mean Goldstein per day or week, split by
//! QuadClass or PLOVER type). Both take the `/api/events` filters, so what
//! an analyst filters on screen is what they download or chart.

use std::collections::BTreeMap;

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::api::AppState;
use crate::error::ApiError;
use crate::filters::EventQuery;
use crate::groups::{EventGroup, group_stored};

/// Most events a download or a timeline covers.
pub const VIEW_SCAN: usize = 50_000;

/// Splits the view's own parameters (`names`) from the event filters.
fn split(
    raw: Option<String>,
    names: &[&str],
) -> Result<(BTreeMap<String, String>, herald_store::EventFilter), ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.as_deref().unwrap_or(""))
        .map_err(|e| ApiError::BadRequest(format!("bad query string: {e}")))?;
    let (own, rest): (Vec<_>, Vec<_>) = pairs
        .into_iter()
        .partition(|(k, _)| names.contains(&k.as_str()));
    let rest = serde_urlencoded::to_string(&rest)
        .map_err(|e| ApiError::BadRequest(format!("bad query string: {e}")))?;
    let q: EventQuery = serde_urlencoded::from_str(&rest)
        .map_err(|e| ApiError::BadRequest(format!("{e} (or one of {})", names.join(", "))))?;
    let mut filter = q.filter()?;
    filter.limit = Some(VIEW_SCAN + 1);
    Ok((own.into_iter().collect(), filter))
}

fn load(
    s: &herald_store::Store,
    filter: &herald_store::EventFilter,
) -> Result<(Vec<EventGroup>, bool), ApiError> {
    let mut events = s.events(filter)?;
    let truncated = events.len() > VIEW_SCAN;
    events.truncate(VIEW_SCAN);
    Ok((group_stored(s, events)?, truncated))
}

/// `GET /api/events/download?format=csv|jsonl&<event filters>`: every
/// matching event (one row per event, with its mention counts) as a file.
#[utoipa::path(
    get,
    path = "/api/events/download",
    params(
        ("format" = Option<String>, Query, description = "csv (default) or jsonl"),
        EventQuery
    ),
    responses(
        (status = 200, description = "the matching events as CSV or JSON lines (one GroupedEventRecord a line)", body = String, content_type = "text/csv"),
        (status = 400, description = "a bad or unknown parameter", body = crate::openapi::ErrorBody)
    )
)]
pub async fn download(
    State(app): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (own, filter) = split(raw, &["format"])?;
    let format = own.get("format").map_or("csv", String::as_str).to_string();
    if !matches!(format.as_str(), "csv" | "jsonl") {
        return Err(ApiError::BadRequest(format!(
            "format {format:?}: give csv or jsonl"
        )));
    }
    let csv = format == "csv";
    let (bytes, truncated) = app
        .pool
        .with(move |s| {
            let (groups, truncated) = load(s, &filter)?;
            let mut out = Vec::new();
            if format == "csv" {
                out.extend_from_slice(CSV_HEADER.as_bytes());
                out.push(b'\n');
            }
            let mut texts: BTreeMap<String, String> = BTreeMap::new();
            for g in &groups {
                let a = &g.first.article;
                if !texts.contains_key(a) {
                    let t = s
                        .article_without_relations(a)?
                        .map(|x| x.text)
                        .unwrap_or_default();
                    texts.insert(a.clone(), t);
                }
                let rec = g.record(&texts[a]);
                if format == "csv" {
                    out.extend_from_slice(csv_row(g, rec.event.text).as_bytes());
                } else {
                    serde_json::to_writer(&mut out, &rec)
                        .map_err(|e| ApiError::Internal(e.to_string()))?;
                }
                out.push(b'\n');
            }
            Ok((out, truncated))
        })
        .await?;
    let (ctype, name) = if csv {
        ("text/csv; charset=utf-8", "events.csv")
    } else {
        ("application/x-ndjson", "events.jsonl")
    };
    let mut res = (
        [
            (header::CONTENT_TYPE, ctype.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response();
    if truncated {
        res.headers_mut().insert(
            "x-herald-truncated",
            axum::http::HeaderValue::from_static("true"),
        );
    }
    Ok(res)
}

const CSV_HEADER: &str = "id,date,source,source_text,target,target_text,cameo,plover,quad_class,goldstein,negated,place,article,sentence,text,num_mentions,num_sources,num_articles";

/// One CSV field, quoted when it holds a comma, quote or line break.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_row(g: &EventGroup, text: &str) -> String {
    let e = &g.first;
    [
        field(&e.id),
        field(e.date.as_deref().unwrap_or("")),
        field(&e.source.code),
        field(&e.source.text),
        field(&e.target.code),
        field(&e.target.text),
        field(&e.cameo),
        field(&e.plover),
        e.quad_class.to_string(),
        format!("{:.1}", e.goldstein),
        e.negated.to_string(),
        field(e.place.as_deref().unwrap_or("")),
        field(&e.article),
        e.sentence.to_string(),
        field(text),
        g.mentions.len().to_string(),
        g.sources.len().to_string(),
        g.articles.len().to_string(),
    ]
    .join(",")
}

#[derive(Debug, Serialize)]
struct Bucket {
    /// The day, or the Monday of the ISO week.
    period: String,
    /// The QuadClass (`1`–`4`) or PLOVER type.
    key: String,
    count: usize,
    mean_goldstein: f64,
}

/// `GET /api/timeline?interval=day|week&by=quadclass|plover&<event
/// filters>`: events (one per event, however many mentions) per period and
/// class, with their mean Goldstein score. Undated events are counted apart.
#[utoipa::path(
    get,
    path = "/api/timeline",
    params(
        ("interval" = Option<String>, Query, description = "day (default) or week"),
        ("by" = Option<String>, Query, description = "quadclass (default) or plover"),
        EventQuery
    ),
    responses(
        (status = 200, description = "events per period and class with their mean Goldstein score", body = serde_json::Value),
        (status = 400, description = "a bad or unknown parameter", body = crate::openapi::ErrorBody)
    )
)]
pub async fn timeline(
    State(app): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (own, filter) = split(raw, &["interval", "by"])?;
    let interval = own
        .get("interval")
        .map_or("day", String::as_str)
        .to_string();
    let by = own
        .get("by")
        .map_or("quadclass", String::as_str)
        .to_string();
    if !matches!(interval.as_str(), "day" | "week") {
        return Err(ApiError::BadRequest(format!(
            "interval {interval:?}: give day or week"
        )));
    }
    if !matches!(by.as_str(), "quadclass" | "plover") {
        return Err(ApiError::BadRequest(format!(
            "by {by:?}: give quadclass or plover"
        )));
    }
    let body = app
        .pool
        .with(move |s| {
            let (groups, truncated) = load(s, &filter)?;
            let mut sums: BTreeMap<(String, String), (usize, f64)> = BTreeMap::new();
            let mut undated = 0;
            for g in &groups {
                let e = &g.first;
                let Some(day) = e
                    .date
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
                else {
                    undated += 1;
                    continue;
                };
                let period = if interval == "week" {
                    day - chrono::Duration::days(day.weekday().num_days_from_monday() as i64)
                } else {
                    day
                };
                let key = if by == "plover" {
                    if e.plover.is_empty() {
                        "STATEMENT".to_string()
                    } else {
                        e.plover.clone()
                    }
                } else {
                    e.quad_class.to_string()
                };
                let slot = sums.entry((period.to_string(), key)).or_insert((0, 0.0));
                slot.0 += 1;
                slot.1 += e.goldstein;
            }
            let buckets: Vec<Bucket> = sums
                .into_iter()
                .map(|((period, key), (count, sum))| Bucket {
                    period,
                    key,
                    count,
                    mean_goldstein: (sum / count as f64 * 100.0).round() / 100.0,
                })
                .collect();
            serde_json::to_vec(&serde_json::json!({
                "interval": interval, "by": by, "events": groups.len(),
                "undated": undated, "truncated": truncated, "buckets": buckets
            }))
            .map_err(|e| ApiError::Internal(e.to_string()))
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
