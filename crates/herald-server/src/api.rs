//! The JSON API handlers. Each one takes a pooled connection on a blocking
//! thread, builds the public records and serialises them there, so the async
//! workers only move bytes.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use herald_core::Article;
use herald_store::{Counts, EventFilter, Store};
use serde::Serialize;

use crate::error::ApiError;
use crate::filters::EventQuery;
use crate::groups::group_stored;
use crate::params::{Page, SearchParams, event_filter};
use crate::pool::StorePool;
use crate::records::{
    ArticlePage, ArticleRecord, EventPage, EventRecord, MemberRecord, Provenance, StoryPage,
    StoryRecord, ThreadMember, ThreadPage, ThreadRecord, context_with_span,
};

/// What every handler shares: the connections, and the last counts (they
/// scan whole tables, so a status poller must not rescan them each time).
#[derive(Clone)]
pub struct AppState {
    pub pool: Arc<StorePool>,
    counts: Arc<Mutex<Option<(Instant, Counts)>>>,
}

impl AppState {
    pub fn new(pool: Arc<StorePool>) -> Self {
        AppState {
            pool,
            counts: Arc::new(Mutex::new(None)),
        }
    }
}

/// How long `/api/status` may serve remembered counts.
const COUNTS_TTL: Duration = Duration::from_secs(2);

/// Story pages detail at most this many members (the story record still
/// lists every id) and events: each member costs an article load.
const STORY_EVENT_CAP: usize = 300;
const STORY_MEMBER_CAP: usize = 100;

/// `/api/events` groups at most this many matching mentions (`truncated`
/// says when more matched: narrow the filter).
const GROUP_SCAN: usize = 20_000;

/// A response already serialised on the blocking thread.
pub struct JsonBody(Vec<u8>);

impl IntoResponse for JsonBody {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, "application/json")], self.0).into_response()
    }
}

fn body<T: Serialize>(v: &T) -> Result<JsonBody, ApiError> {
    serde_json::to_vec(v)
        .map(JsonBody)
        .map_err(|e| ApiError::Internal(format!("serialising a response: {e}")))
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(v)| v)
        .map_err(|e| ApiError::BadRequest(e.body_text()))
}

#[utoipa::path(
    get,
    path = "/api/status",
    responses(
        (status = 200, description = "what the store holds: counts and the version", body = serde_json::Value)
    )
)]
pub async fn status(State(app): State<AppState>) -> Result<JsonBody, ApiError> {
    #[derive(Serialize)]
    struct Status {
        #[serde(flatten)]
        counts: Counts,
        version: &'static str,
    }
    let remembered = app
        .counts
        .lock()
        .ok()
        .and_then(|c| *c)
        .filter(|(at, _)| at.elapsed() < COUNTS_TTL);
    let counts = match remembered {
        Some((_, c)) => c,
        None => {
            let c = app.pool.with(|s| Ok(s.counts()?)).await?;
            if let Ok(mut slot) = app.counts.lock() {
                *slot = Some((Instant::now(), c));
            }
            c
        }
    };
    body(&Status {
        counts,
        version: env!("CARGO_PKG_VERSION"),
    })
}

#[utoipa::path(
    get,
    path = "/api/search",
    params(crate::params::SearchParams),
    responses(
        (status = 200, description = "full-text hits (FTS5 syntax)", body = serde_json::Value),
        (status = 400, description = "a bad or unknown parameter", body = crate::openapi::ErrorBody)
    )
)]
pub async fn search(
    State(AppState { pool, .. }): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<JsonBody, ApiError> {
    let (q, limit, offset) = query(q)?.resolve()?;
    pool.with(move |s| {
        let mut hits = s.search_page(&q, offset, limit + 1)?;
        let more = hits.len() > limit;
        hits.truncate(limit);
        body(&serde_json::json!({
            "query": q, "limit": limit, "offset": offset, "more": more, "hits": hits
        }))
    })
    .await
}

#[utoipa::path(
    get,
    path = "/api/articles/{id}",
    params(("id" = String, Path, description = "article id")),
    responses(
        (status = 200, description = "the article record and its events", body = serde_json::Value),
        (status = 404, description = "no such id", body = crate::openapi::ErrorBody)
    )
)]
pub async fn article(
    State(AppState { pool, .. }): State<AppState>,
    Path(id): Path<String>,
) -> Result<JsonBody, ApiError> {
    pool.with(move |s| {
        let a = s
            .article(&id)?
            .ok_or_else(|| ApiError::NotFound(format!("no article with id {id:?}")))?;
        let events = s.events(&EventFilter {
            article: Some(a.id.clone()),
            include_negated: true,
            ..Default::default()
        })?;
        body(&ArticlePage {
            article: ArticleRecord::new(&a),
            events: events
                .iter()
                .map(|e| EventRecord::new(e, &a.text))
                .collect(),
        })
    })
    .await
}

#[utoipa::path(
    get,
    path = "/api/stories",
    params(crate::params::Page),
    responses(
        (status = 200, description = "stories, largest and most recent first", body = serde_json::Value),
        (status = 400, description = "a bad or unknown parameter", body = crate::openapi::ErrorBody)
    )
)]
pub async fn stories(
    State(AppState { pool, .. }): State<AppState>,
    q: Result<Query<Page>, QueryRejection>,
) -> Result<JsonBody, ApiError> {
    let (limit, offset) = query(q)?.resolve(20)?;
    pool.with(move |s| {
        // One more than the page, to know whether another page follows.
        let all = s.stories_page(offset, Some(limit + 1))?;
        let more = all.len() > limit;
        let page = all
            .iter()
            .take(limit)
            .map(|st| Ok(StoryRecord::new(st).with_thread(s.thread_of_story(&st.id)?)))
            .collect::<Result<Vec<_>, ApiError>>()?;
        body(&serde_json::json!({
            "limit": limit, "offset": offset, "more": more, "stories": page
        }))
    })
    .await
}

#[utoipa::path(
    get,
    path = "/api/stories/{id}",
    params(("id" = String, Path, description = "story id")),
    responses(
        (status = 200, description = "a story, its members and events (a merged id answers with the survivor)", body = serde_json::Value),
        (status = 404, description = "no such id", body = crate::openapi::ErrorBody)
    )
)]
pub async fn story(
    State(AppState { pool, .. }): State<AppState>,
    Path(id): Path<String>,
) -> Result<JsonBody, ApiError> {
    pool.with(move |s| {
        let story = s
            .story(&id)?
            .ok_or_else(|| ApiError::NotFound(format!("no story with id {id:?}")))?;
        let mut articles: Vec<Article> = Vec::new();
        let mut members = Vec::new();
        for aid in story.articles.iter().take(STORY_MEMBER_CAP) {
            match s.article_without_relations(aid)? {
                Some(a) => {
                    members.push(MemberRecord {
                        id: a.id.clone(),
                        title: a.title.clone(),
                        label: crate::records::label(a.title.as_deref(), &a.text),
                        published: a.published.clone(),
                        site: a.site.clone(),
                        url: a.url.clone(),
                        found: true,
                    });
                    articles.push(a);
                }
                None => members.push(MemberRecord {
                    id: aid.clone(),
                    title: None,
                    label: format!("{aid} (deleted)"),
                    published: None,
                    site: None,
                    url: None,
                    found: false,
                }),
            }
        }
        let mut events = Vec::new();
        let mut truncated = false;
        for a in &articles {
            let left = STORY_EVENT_CAP - events.len();
            let found = s.events(&EventFilter {
                article: Some(a.id.clone()),
                include_negated: true,
                limit: Some(left + 1),
                ..Default::default()
            })?;
            if found.len() > left {
                truncated = true;
            }
            events.extend(found.into_iter().take(left).map(|e| (e, a.text.as_str())));
            if truncated {
                break;
            }
        }
        let redirected_from = (story.id != id).then_some(id.as_str());
        body(&StoryPage {
            story: StoryRecord::new(&story).with_thread(s.thread_of_story(&story.id)?),
            redirected_from,
            members,
            events: events.iter().map(|(e, t)| EventRecord::new(e, t)).collect(),
            members_truncated: story.articles.len() > STORY_MEMBER_CAP,
            events_truncated: truncated,
        })
    })
    .await
}

#[utoipa::path(
    get,
    path = "/api/threads",
    params(crate::params::Page),
    responses(
        (status = 200, description = "threads of two or more stories, most articles first", body = serde_json::Value),
        (status = 400, description = "a bad or unknown parameter", body = crate::openapi::ErrorBody)
    )
)]
pub async fn threads(
    State(AppState { pool, .. }): State<AppState>,
    q: Result<Query<Page>, QueryRejection>,
) -> Result<JsonBody, ApiError> {
    let (limit, offset) = query(q)?.resolve(20)?;
    pool.with(move |s| {
        let all = s.threads_page(2, offset, Some(limit + 1))?;
        let more = all.len() > limit;
        let page: Vec<ThreadRecord> = all.iter().take(limit).map(ThreadRecord::new).collect();
        body(&serde_json::json!({
            "limit": limit, "offset": offset, "more": more, "threads": page
        }))
    })
    .await
}

#[utoipa::path(
    get,
    path = "/api/threads/{id}",
    params(("id" = String, Path, description = "thread id")),
    responses(
        (status = 200, description = "a thread, its stories and related threads", body = serde_json::Value),
        (status = 404, description = "no such id", body = crate::openapi::ErrorBody)
    )
)]
pub async fn thread(
    State(AppState { pool, .. }): State<AppState>,
    Path(id): Path<String>,
) -> Result<JsonBody, ApiError> {
    pool.with(move |s| {
        let t = s
            .thread(&id)?
            .ok_or_else(|| ApiError::NotFound(format!("no thread with id {id:?}")))?;
        let members = t
            .stories
            .iter()
            .map(|sid| {
                Ok(match s.story(sid)? {
                    Some(st) => ThreadMember {
                        id: st.id.clone(),
                        title: Some(st.title.clone()),
                        first_seen: st.first_seen.clone(),
                        last_seen: st.last_seen.clone(),
                        size: st.articles.len(),
                        found: true,
                    },
                    None => ThreadMember {
                        id: sid.clone(),
                        title: None,
                        first_seen: None,
                        last_seen: None,
                        size: 0,
                        found: false,
                    },
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        body(&ThreadPage {
            thread: ThreadRecord::new(&t),
            members,
        })
    })
    .await
}

#[utoipa::path(
    get,
    path = "/api/events",
    params(crate::filters::EventQuery),
    responses(
        (status = 200, description = "events, one row per event with its mention counts (`events`: GroupedEventRecord)", body = serde_json::Value),
        (status = 400, description = "a bad or unknown parameter", body = crate::openapi::ErrorBody)
    )
)]
pub async fn events(
    State(AppState { pool, .. }): State<AppState>,
    q: Result<Query<EventQuery>, QueryRejection>,
) -> Result<JsonBody, ApiError> {
    let (mut filter, limit, offset) = event_filter(&query(q)?)?;
    // Mentions of one event are one row: group what matches, then page.
    filter.limit = Some(GROUP_SCAN + 1);
    pool.with(move |s| {
        let mut events = s.events(&filter)?;
        let truncated = events.len() > GROUP_SCAN;
        events.truncate(GROUP_SCAN);
        let groups = group_stored(s, events)?;
        let more = groups.len() > offset + limit;
        let page: Vec<_> = groups.iter().skip(offset).take(limit).collect();
        let texts = ArticleTexts::load(s, page.iter().map(|g| g.first.article.as_str()))?;
        let records: Vec<_> = page
            .iter()
            .map(|g| g.record(texts.text(&g.first.article)))
            .collect();
        body(&serde_json::json!({
            "limit": limit, "offset": offset, "more": more, "events": records,
            "articles": texts.titles(), "truncated": truncated
        }))
    })
    .await
}

#[utoipa::path(
    get,
    path = "/api/events/{id}",
    params(("id" = String, Path, description = "event id: article:sentence:n")),
    responses(
        (status = 200, description = "one event with its provenance", body = serde_json::Value),
        (status = 404, description = "no such id", body = crate::openapi::ErrorBody)
    )
)]
pub async fn event(
    State(AppState { pool, .. }): State<AppState>,
    Path(id): Path<String>,
) -> Result<JsonBody, ApiError> {
    pool.with(move |s| {
        let e = s
            .event(&id)?
            .ok_or_else(|| ApiError::NotFound(format!("no event with id {id:?}")))?;
        let a = s.article_without_relations(&e.article)?;
        let text = a.as_ref().map_or("", |a| a.text.as_str());
        let record = EventRecord::new(&e, text);
        let (ctx, context_span) = context_with_span(text, e.span.start, e.span.end, 400);
        let provenance = Provenance {
            article: &e.article,
            title: a.as_ref().and_then(|a| a.title.as_deref()),
            url: a.as_ref().and_then(|a| a.url.as_deref()),
            site: a.as_ref().and_then(|a| a.site.as_deref()),
            published: a.as_ref().and_then(|a| a.published.as_deref()),
            story: a.as_ref().and_then(|a| a.story.as_deref()),
            sentence: e.sentence,
            span: record.span,
            pattern: &e.pattern,
            context: ctx,
            context_span,
        };
        body(&EventPage {
            event: record,
            provenance,
        })
    })
    .await
}

#[utoipa::path(
    get,
    path = "/api/rejects",
    params(crate::params::Page),
    responses(
        (status = 200, description = "rejected inputs and warnings", body = serde_json::Value),
        (status = 400, description = "a bad or unknown parameter", body = crate::openapi::ErrorBody)
    )
)]
pub async fn rejects(
    State(AppState { pool, .. }): State<AppState>,
    q: Result<Query<Page>, QueryRejection>,
) -> Result<JsonBody, ApiError> {
    let (limit, offset) = query(q)?.resolve(100)?;
    pool.with(move |s| {
        let all = s.rejects()?;
        let page: Vec<_> = all.iter().skip(offset).take(limit).collect();
        body(&serde_json::json!({
            "total": all.len(), "limit": limit, "offset": offset,
            "more": offset + page.len() < all.len(), "rejects": page
        }))
    })
    .await
}

pub async fn not_found() -> ApiError {
    ApiError::NotFound("no such API route; see GET /api".into())
}

/// `GET /api`: the route list, so the API explains itself.
#[utoipa::path(
    get,
    path = "/api",
    responses(
        (status = 200, description = "the routes", body = serde_json::Value)
    )
)]
pub async fn index() -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "routes": [
            "GET /api/status",
            "GET /api/search?q=&limit=&offset=",
            "GET /api/articles/{id}",
            "GET /api/stories?limit=&offset=",
            "GET /api/stories/{id}",
            "GET /api/threads?limit=&offset=",
            "GET /api/threads/{id}",
            "GET /api/events?source=&target=&source_country=&target_country=&cameo=&plover=&quadclass=&article=&story=&site=&q=&since=&until=&negated=&limit=&offset=",
            "GET /api/events/download?format=csv|jsonl&<the /api/events filters>",
            "GET /api/events/{id}",
            "GET /api/timeline?interval=day|week&by=quadclass|plover&<the /api/events filters>",
            "GET /api/rejects?limit=&offset=",
            "GET /api/openapi.json",
        ]
    }))
}

/// Clean texts (and titles) of the articles a list of events points into,
/// each loaded once.
struct ArticleTexts {
    by_id: HashMap<String, Option<Article>>,
}

impl ArticleTexts {
    fn load<'a>(
        store: &Store,
        ids: impl Iterator<Item = &'a str>,
    ) -> Result<ArticleTexts, ApiError> {
        let mut by_id = HashMap::new();
        for id in ids {
            if !by_id.contains_key(id) {
                by_id.insert(id.to_string(), store.article_without_relations(id)?);
            }
        }
        Ok(ArticleTexts { by_id })
    }

    fn text(&self, id: &str) -> &str {
        self.by_id
            .get(id)
            .and_then(|a| a.as_ref())
            .map_or("", |a| a.text.as_str())
    }

    /// `{article id: {title, published, site}}` for labelling event rows.
    fn titles(&self) -> BTreeMap<&str, serde_json::Value> {
        self.by_id
            .iter()
            .filter_map(|(id, a)| {
                let a = a.as_ref()?;
                Some((
                    id.as_str(),
                    serde_json::json!({
                        "title": a.title, "published": a.published, "site": a.site, "story": a.story
                    }),
                ))
            })
            .collect()
    }
}
