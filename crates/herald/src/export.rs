//! Exports: JSONL (the public records), Parquet (flat columns for Spark,
//! DuckDB, pandas) and GDELT 2.0 event TSV (61 columns in GDELT's order).

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use anyhow::{Context, Result};
use arrow::array::{ArrayRef, BooleanArray, Float64Array, StringArray, UInt32Array, UInt64Array};
use arrow::datatypes::{DataType, Field, Schema};
use arrow::record_batch::RecordBatch;
use herald_core::{Article, Event};
use herald_store::{EventFilter, Store};

use crate::records::{ArticleRecord, EventRecord, StoryRecord, ThreadRecord};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Parquet,
    Gdelt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    Articles,
    Events,
    Stories,
    /// Threads of two or more stories.
    Threads,
}

/// Article texts by id, loaded once each (events need them for spans and URLs).
pub struct ArticleCache<'s> {
    store: &'s Store,
    cache: HashMap<String, Option<Article>>,
}

impl<'s> ArticleCache<'s> {
    pub fn new(store: &'s Store) -> Self {
        ArticleCache {
            store,
            cache: HashMap::new(),
        }
    }

    pub fn get(&mut self, id: &str) -> Result<Option<&Article>> {
        if !self.cache.contains_key(id) {
            let a = self.store.article(id)?;
            self.cache.insert(id.to_string(), a);
        }
        Ok(self.cache.get(id).and_then(|a| a.as_ref()))
    }
}

pub fn all_events(store: &Store) -> Result<Vec<Event>> {
    Ok(store.events(&EventFilter::default())?)
}

pub fn write_jsonl(store: &Store, what: What, out: &mut dyn Write) -> Result<usize> {
    let mut n = 0;
    match what {
        What::Articles => {
            let mut err = None;
            store.for_each_article(|a| {
                if err.is_none() {
                    err = serde_json::to_writer(&mut *out, &ArticleRecord::new(&a))
                        .map_err(anyhow::Error::from)
                        .and_then(|_| out.write_all(b"\n").map_err(Into::into))
                        .err();
                    n += 1;
                }
            })?;
            if let Some(e) = err {
                return Err(e);
            }
        }
        What::Events => {
            let mut cache = ArticleCache::new(store);
            for e in all_events(store)? {
                let text = cache
                    .get(&e.article)?
                    .map(|a| a.text.as_str())
                    .unwrap_or("");
                serde_json::to_writer(&mut *out, &EventRecord::new(&e, text))?;
                out.write_all(b"\n")?;
                n += 1;
            }
        }
        What::Stories => {
            for s in store.stories(None)? {
                let thread = store.thread_of_story(&s.id)?;
                serde_json::to_writer(&mut *out, &StoryRecord::new(&s).with_thread(thread))?;
                out.write_all(b"\n")?;
                n += 1;
            }
        }
        What::Threads => {
            for t in store.threads_page(2, 0, None)? {
                serde_json::to_writer(&mut *out, &ThreadRecord::new(&t))?;
                out.write_all(b"\n")?;
                n += 1;
            }
        }
    }
    Ok(n)
}

fn strings(v: Vec<Option<String>>) -> ArrayRef {
    Arc::new(StringArray::from(v))
}

pub fn write_parquet(store: &Store, what: What, out: std::fs::File) -> Result<usize> {
    let batch = match what {
        What::Articles => {
            let mut cols: [Vec<Option<String>>; 9] = Default::default();
            store.for_each_article(|a| {
                cols[0].push(Some(a.id));
                cols[1].push(Some(a.input));
                cols[2].push(a.url);
                cols[3].push(a.site);
                cols[4].push(a.title);
                cols[5].push(a.published);
                cols[6].push(Some(a.authors.join("; ")));
                cols[7].push(a.story);
                cols[8].push(Some(a.text));
            })?;
            let names = [
                "id",
                "input",
                "url",
                "site",
                "title",
                "published",
                "authors",
                "story",
                "text",
            ];
            let fields: Vec<Field> = names
                .iter()
                .map(|n| Field::new(*n, DataType::Utf8, true))
                .collect();
            let arrays: Vec<ArrayRef> = cols.into_iter().map(strings).collect();
            RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?
        }
        What::Events => {
            let events = all_events(store)?;
            let mut cache = ArticleCache::new(store);
            let mut spans = Vec::with_capacity(events.len());
            for e in &events {
                let text = cache
                    .get(&e.article)?
                    .map(|a| a.text.as_str())
                    .unwrap_or("");
                spans.push(e.span.to_chars(text));
            }
            let s = |f: &dyn Fn(&Event) -> Option<String>| strings(events.iter().map(f).collect());
            let schema = Schema::new(vec![
                Field::new("id", DataType::Utf8, true),
                Field::new("article", DataType::Utf8, true),
                Field::new("sentence", DataType::UInt32, false),
                Field::new("span_start", DataType::UInt64, false),
                Field::new("span_end", DataType::UInt64, false),
                Field::new("date", DataType::Utf8, true),
                Field::new("source_text", DataType::Utf8, true),
                Field::new("source_code", DataType::Utf8, true),
                Field::new("target_text", DataType::Utf8, true),
                Field::new("target_code", DataType::Utf8, true),
                Field::new("cameo", DataType::Utf8, true),
                Field::new("plover", DataType::Utf8, true),
                Field::new("quad_class", DataType::UInt32, false),
                Field::new("goldstein", DataType::Float64, false),
                Field::new("negated", DataType::Boolean, false),
                Field::new("place", DataType::Utf8, true),
            ]);
            let arrays: Vec<ArrayRef> = vec![
                s(&|e| Some(e.id.clone())),
                s(&|e| Some(e.article.clone())),
                Arc::new(UInt32Array::from_iter_values(
                    events.iter().map(|e| e.sentence as u32),
                )),
                Arc::new(UInt64Array::from_iter_values(
                    spans.iter().map(|s| s.start as u64),
                )),
                Arc::new(UInt64Array::from_iter_values(
                    spans.iter().map(|s| s.end as u64),
                )),
                s(&|e| e.date.clone()),
                s(&|e| Some(e.source.text.clone())),
                s(&|e| Some(e.source.code.clone())),
                s(&|e| Some(e.target.text.clone())),
                s(&|e| Some(e.target.code.clone())),
                s(&|e| Some(e.cameo.clone())),
                s(&|e| Some(e.plover.clone())),
                Arc::new(UInt32Array::from_iter_values(
                    events.iter().map(|e| e.quad_class as u32),
                )),
                Arc::new(Float64Array::from_iter_values(
                    events.iter().map(|e| e.goldstein),
                )),
                Arc::new(BooleanArray::from(
                    events.iter().map(|e| e.negated).collect::<Vec<_>>(),
                )),
                s(&|e| e.place.clone()),
            ];
            RecordBatch::try_new(Arc::new(schema), arrays)?
        }
        What::Stories => {
            let stories = store.stories(None)?;
            let s = |f: &dyn Fn(&herald_core::Story) -> Option<String>| {
                strings(stories.iter().map(f).collect())
            };
            let schema = Schema::new(vec![
                Field::new("id", DataType::Utf8, true),
                Field::new("title", DataType::Utf8, true),
                Field::new("size", DataType::UInt64, false),
                Field::new("first_seen", DataType::Utf8, true),
                Field::new("last_seen", DataType::Utf8, true),
                Field::new("articles", DataType::Utf8, true),
                Field::new("sources", DataType::Utf8, true),
            ]);
            let arrays: Vec<ArrayRef> = vec![
                s(&|x| Some(x.id.clone())),
                s(&|x| Some(x.title.clone())),
                Arc::new(UInt64Array::from_iter_values(
                    stories.iter().map(|x| x.articles.len() as u64),
                )),
                s(&|x| x.first_seen.clone()),
                s(&|x| x.last_seen.clone()),
                s(&|x| Some(x.articles.join(" "))),
                s(&|x| Some(x.sources.join("; "))),
            ];
            RecordBatch::try_new(Arc::new(schema), arrays)?
        }
        What::Threads => {
            let threads = store.threads_page(2, 0, None)?;
            let s = |f: &dyn Fn(&herald_core::Thread) -> Option<String>| {
                strings(threads.iter().map(f).collect())
            };
            let schema = Schema::new(vec![
                Field::new("id", DataType::Utf8, true),
                Field::new("size", DataType::UInt64, false),
                Field::new("article_count", DataType::UInt64, false),
                Field::new("first_seen", DataType::Utf8, true),
                Field::new("last_seen", DataType::Utf8, true),
                Field::new("stories", DataType::Utf8, true),
                Field::new("top_terms", DataType::Utf8, true),
            ]);
            let arrays: Vec<ArrayRef> = vec![
                s(&|x| Some(x.id.clone())),
                Arc::new(UInt64Array::from_iter_values(
                    threads.iter().map(|x| x.stories.len() as u64),
                )),
                Arc::new(UInt64Array::from_iter_values(
                    threads.iter().map(|x| x.article_count as u64),
                )),
                s(&|x| x.first_seen.clone()),
                s(&|x| x.last_seen.clone()),
                s(&|x| Some(x.stories.join(" "))),
                s(&|x| Some(x.top_terms.join("; "))),
            ];
            RecordBatch::try_new(Arc::new(schema), arrays)?
        }
    };
    let n = batch.num_rows();
    let mut w = parquet::arrow::ArrowWriter::try_new(out, batch.schema(), None)?;
    w.write(&batch)?;
    w.close().context("finishing the Parquet file")?;
    Ok(n)
}

/// GDELT 2.0 event table: 61 tab-separated columns, no header (as GDELT ships it).
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

const IGO_PREFIXES: [&str; 4] = ["IGO", "NGO", "IMG", "MNC"];

fn actor_cols(a: &herald_core::Actor) -> [String; 10] {
    let code = a.code.clone();
    let country = a.country.clone().unwrap_or_default();
    let group = if IGO_PREFIXES.iter().any(|p| code.starts_with(p)) {
        code.get(3..6).unwrap_or("").to_string()
    } else {
        String::new()
    };
    let role = a.role.clone().unwrap_or_default();
    let name = if code.is_empty() {
        String::new()
    } else {
        a.text.to_uppercase()
    };
    [
        code,
        clean(&name),
        country,
        group,
        String::new(),
        String::new(),
        String::new(),
        role,
        String::new(),
        String::new(),
    ]
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// `YYYY-MM-DD…`, `YYYY-MM` or `YYYY` → (YYYYMMDD, YYYYMM, YYYY, fraction
/// date); a partial date stands for its first day.
fn gdelt_day(iso: &str) -> Option<(String, String, String, String)> {
    let full = match iso.len() {
        4 => format!("{iso}-01-01"),
        7 => format!("{iso}-01"),
        _ => iso.get(..10)?.to_string(),
    };
    let d = chrono::NaiveDate::parse_from_str(&full, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    let frac = d.year() as f64 + (d.ordinal() as f64) / 365.0;
    Some((
        d.format("%Y%m%d").to_string(),
        d.format("%Y%m").to_string(),
        d.format("%Y").to_string(),
        format!("{frac:.4}"),
    ))
}

/// A positive integer id for GDELT's numeric GlobalEventID (53 bits, safe in
/// float-based readers), derived from Herald's stable event id.
pub fn global_event_id(id: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in id.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    (h & ((1u64 << 53) - 1)).max(1)
}

/// GDELT's eight geography columns for a resolved place; type 0 and empty
/// fields when there is none.
fn geo_columns(place: Option<&herald_events::Place>) -> [String; 8] {
    match place {
        Some(p) if p.gdelt_type() > 0 => [
            p.gdelt_type().to_string(),
            clean(&p.full_name()),
            p.country_fips.clone(),
            String::new(),
            String::new(),
            format!("{:.4}", p.lat),
            format!("{:.4}", p.lon),
            p.id.clone(),
        ],
        _ => std::array::from_fn(|i| {
            if i == 0 {
                "0".to_string()
            } else {
                String::new()
            }
        }),
    }
}

/// An actor's geography: the action's place when it lies in the actor's
/// country (Iraq's government acting in Baghdad), else the actor's country;
/// nothing for an actor without a country (an IGO, an unnamed group).
fn actor_place(
    actor: &herald_core::Actor,
    action: Option<&herald_events::Place>,
) -> Option<herald_events::Place> {
    let country = actor.country.as_deref().filter(|c| !c.is_empty())?;
    match action {
        Some(p) if p.country.eq_ignore_ascii_case(country) => Some(p.clone()),
        _ => herald_events::geo::country_place(country),
    }
}

/// Writes the GDELT event table; returns the rows written and the events
/// left out because neither they nor their article carry a date (GDELT rows
/// need a day, and the day Herald read them is not when they happened).
pub fn write_gdelt(store: &Store, out: &mut dyn Write) -> Result<(usize, usize)> {
    let mut cache = ArticleCache::new(store);
    let added = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string();
    let mut n = 0;
    let mut undated = 0;
    let mut tones: HashMap<String, f64> = HashMap::new();
    for g in herald_server::groups::group_stored(store, all_events(store)?)? {
        // The mentioning articles' tone, one term per mention.
        let mut tone_sum = 0.0;
        for (_, article) in &g.mentions {
            if !tones.contains_key(article) {
                let t = cache
                    .get(article)?
                    .map_or(0.0, |a| herald_events::tone(&a.text));
                tones.insert(article.clone(), t);
            }
            tone_sum += tones[article];
        }
        let tone = tone_sum / g.mentions.len().max(1) as f64;
        let e = &g.first;
        let (published, url) = match cache.get(&e.article)? {
            Some(a) => (
                a.published.clone(),
                a.url.clone().unwrap_or_else(|| a.input.clone()),
            ),
            None => (None, String::new()),
        };
        // A month- or year-precision event date ("2024-05") is the
        // publication day when that lies inside it, else its first day.
        let when = match (e.date.clone(), published) {
            (Some(d), Some(p)) if d.len() < 10 && p.starts_with(&d) => Some(p),
            (Some(d), _) => Some(d),
            (None, p) => p,
        };
        let Some((day, month, year, frac)) = when.as_deref().and_then(gdelt_day) else {
            undated += 1;
            continue;
        };
        let mut cols: Vec<String> = Vec::with_capacity(61);
        cols.push(global_event_id(&e.id).to_string());
        cols.extend([day, month, year, frac]);
        cols.extend(actor_cols(&e.source));
        cols.extend(actor_cols(&e.target));
        let code = e.cameo.clone();
        cols.push(if e.sentence == 0 { "1" } else { "0" }.into());
        cols.push(code.clone());
        cols.push(code.get(..3).unwrap_or(&code).to_string());
        cols.push(e.root().to_string());
        cols.push(e.quad_class.to_string());
        cols.push(format!("{:.1}", e.goldstein));
        cols.extend([
            g.mentions.len().to_string(),
            g.sources.len().to_string(),
            g.articles.len().to_string(),
            format!("{tone:.4}"),
        ]);
        let action = e
            .place
            .as_deref()
            .and_then(|label| herald_events::resolve_place(label, None));
        cols.extend(geo_columns(
            actor_place(&e.source, action.as_ref()).as_ref(),
        ));
        cols.extend(geo_columns(
            actor_place(&e.target, action.as_ref()).as_ref(),
        ));
        cols.extend(geo_columns(action.as_ref()));
        cols.push(added.clone());
        cols.push(clean(&url));
        debug_assert_eq!(cols.len(), GDELT_COLUMNS.len());
        out.write_all(cols.join("\t").as_bytes())?;
        out.write_all(b"\n")?;
        n += 1;
    }
    Ok((n, undated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gdelt_day_formats() {
        let (d, m, y, f) = gdelt_day("2014-12-15T10:00:00Z").unwrap();
        assert_eq!(
            (d.as_str(), m.as_str(), y.as_str()),
            ("20141215", "201412", "2014")
        );
        assert!(f.starts_with("2014.95"));
        assert!(gdelt_day("yesterday").is_none());
        assert_eq!(gdelt_day("2024-05").unwrap().0, "20240501");
        assert_eq!(gdelt_day("2012").unwrap().0, "20120101");
        assert!(gdelt_day("2024-13").is_none());
    }

    #[test]
    fn event_ids_are_stable_and_positive() {
        assert_eq!(global_event_id("a:0:0"), global_event_id("a:0:0"));
        assert_ne!(global_event_id("a:0:0"), global_event_id("a:0:1"));
        assert!(global_event_id("") > 0);
    }

    #[test]
    fn actor_geography_prefers_the_action_place_in_the_actors_country() {
        let actor = |country: Option<&str>| herald_core::Actor {
            text: "x".into(),
            code: country.unwrap_or("IGOUNO").into(),
            country: country.map(str::to_string),
            role: None,
        };
        let baghdad = herald_events::resolve_place("Baghdad", None);
        let iraq = actor_place(&actor(Some("IRQ")), baghdad.as_ref()).unwrap();
        assert_eq!((iraq.name.as_str(), iraq.gdelt_type()), ("Baghdad", 4));
        let china = actor_place(&actor(Some("CHN")), baghdad.as_ref()).unwrap();
        assert_eq!((china.country.as_str(), china.gdelt_type()), ("CHN", 1));
        assert!(actor_place(&actor(None), baghdad.as_ref()).is_none());
        let cols = geo_columns(Some(&china));
        assert_eq!((cols[0].as_str(), cols[2].as_str()), ("1", "CH"));
        assert_eq!(geo_columns(None)[0], "0");
    }
}
