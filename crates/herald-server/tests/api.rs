//! The API in-process: a store written through herald-store's batch API in a
//! temporary folder, requests through `tower::ServiceExt::oneshot`.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use herald_core::{
    Actor, Article, Event, Reject, Relation, RelationType, RemovedLine, Span, Story, Thread,
};
use herald_store::{Batch, Store, StoredArticle};
use serde_json::Value;
use tower::ServiceExt;

const TEXT_A: &str = "BEIJING — China’s government offered military aid to Iraq on Tuesday.\nThe offer followed talks in Baghdad.";
const TEXT_B: &str = "China has offered military assistance to Iraq, officials said.";
const TEXT_C: &str = "Mali rejected the proposal. Talks in Bamako will not resume.";

fn stored(id: &str, title: &str, text: &str, site: &str) -> StoredArticle {
    StoredArticle {
        article: Article {
            id: id.into(),
            input: format!("{id}.txt"),
            title: Some(title.into()),
            site: Some(site.into()),
            published: Some("2014-12-15".into()),
            text: text.into(),
            hash: herald_core::content_hash(text),
            ..Article::default()
        },
        raw_hash: format!("raw-{id}"),
    }
}

fn event(
    article: &str,
    text: &str,
    n: usize,
    words: &str,
    cameo: &str,
    src: &str,
    tgt: &str,
) -> Event {
    let start = text.find(words).unwrap_or(0);
    Event {
        id: format!("{article}:0:{n}"),
        article: article.into(),
        sentence: 0,
        span: Span::new(start, start + words.len()),
        date: Some("2014-12-09".into()),
        source: Actor {
            text: "China".into(),
            code: src.into(),
            ..Actor::default()
        },
        target: Actor {
            text: "Iraq".into(),
            code: tgt.into(),
            ..Actor::default()
        },
        cameo: cameo.into(),
        plover: "AID".into(),
        quad_class: 2,
        goldstein: 7.4,
        negated: false,
        place: Some("Baghdad".into()),
        pattern: "offer+aid".into(),
        confidence: 1.0,
    }
}

/// a1 (with a removed line and two events), a2 (a rewrite of a1), a3 (its own
/// story, one negated event); story s-old merged into s-1; one reject.
fn fixture() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    let mut store = Store::open(&db).unwrap();
    let mut b = Batch::default();
    let mut a1 = stored(
        "a1",
        "China offers Iraq military aid",
        TEXT_A,
        "example.com",
    );
    a1.article.removed.push(RemovedLine {
        text: "Share on Facebook".into(),
        reason: "social".into(),
        line: Some(2),
    });
    a1.article.story = Some("s-1".into());
    let mut a2 = stored("a2", "China offers help", TEXT_B, "example.org");
    a2.article.story = Some("s-1".into());
    a2.article.relations.push(Relation {
        kind: RelationType::Rewrite,
        article: "a1".into(),
        score: 0.61234,
        origin: Some("a1".into()),
        evidence: Vec::new(),
    });
    let mut a3 = stored("a3", "Mali rejects proposal", TEXT_C, "example.net");
    a3.article.story = Some("s-2".into());
    b.articles.extend([a1, a2, a3]);
    b.events.push(event(
        "a1",
        TEXT_A,
        0,
        "offered military aid",
        "0332",
        "CHNGOV",
        "IRQ",
    ));
    b.events
        .push(event("a1", TEXT_A, 1, "talks", "040", "CHN", "IRQ"));
    b.events.push(event(
        "a2",
        TEXT_B,
        0,
        "offered military assistance",
        "0332",
        "CHN",
        "IRQ",
    ));
    let mut neg = event("a3", TEXT_C, 0, "will not resume", "036", "MLI", "FRA");
    neg.negated = true;
    b.events.push(neg);
    b.stories.push(Story {
        id: "s-1".into(),
        title: "China offers Iraq military aid".into(),
        articles: vec!["a1".into(), "a2".into()],
        first_seen: Some("2014-12-15".into()),
        last_seen: Some("2014-12-15".into()),
        sources: vec!["example.com".into(), "example.org".into()],
        origin: Some("a1".into()),
        top_terms: vec!["China".into(), "Iraq".into()],
    });
    b.stories.push(Story {
        id: "s-2".into(),
        title: "Mali rejects proposal".into(),
        articles: vec!["a3".into()],
        first_seen: Some("2014-12-16".into()),
        last_seen: Some("2014-12-16".into()),
        ..Story::default()
    });
    b.stories.push(Story {
        id: "s-old".into(),
        title: "old".into(),
        ..Story::default()
    });
    b.threads = Some(vec![Thread {
        id: "t-1".into(),
        stories: vec!["s-1".into(), "s-2".into(), "s-gone".into()],
        first_seen: Some("2014-12-15".into()),
        last_seen: Some("2014-12-16".into()),
        article_count: 3,
        top_terms: vec!["China".into()],
        related: Vec::new(),
    }]);
    store.write_batch(&b).unwrap();
    let mut merge = Batch::default();
    merge.redirects.push(("s-old".into(), "s-1".into()));
    merge
        .rejects
        .push(Reject::new("bad.bin", "binary", "not text"));
    store.write_batch(&merge).unwrap();
    drop(store);
    let app = herald_server::app(&db, 2).unwrap();
    (dir, app)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .unwrap();
    assert!(
        ct.starts_with("application/json"),
        "{uri}: content-type {ct:?}"
    );
    (status, serde_json::from_slice(&bytes).unwrap())
}

async fn get_text(app: &Router, uri: &str) -> (StatusCode, String, String) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .unwrap();
    (status, ct, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn status_counts_what_the_store_holds() {
    let (_d, app) = fixture();
    let (s, v) = get(&app, "/api/status").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["articles"], 3);
    assert_eq!(v["stories"], 2);
    assert_eq!(v["events"], 3, "negated events are not counted");
    assert_eq!(v["relations"], 1);
    assert_eq!(v["rejects"], 1);
    assert_eq!(v["threads"], 1);
}

#[tokio::test]
async fn search_finds_words_and_rejects_empty_queries() {
    let (_d, app) = fixture();
    let (s, v) = get(&app, "/api/search?q=baghdad").await;
    assert_eq!(s, StatusCode::OK);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], "a1");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[Baghdad]"));
    let (_, v) = get(&app, "/api/search?q=china&limit=1").await;
    assert_eq!(v["hits"].as_array().unwrap().len(), 1);
    // Not valid FTS5: a 400 that says why, never a 500 or another search.
    let (s, v) = get(&app, "/api/search?q=%22unbalanced%20AND").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        v["error"].as_str().unwrap().contains("bad search query"),
        "{v}"
    );
    let (s, v) = get(&app, "/api/search?q=").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().contains("query"));
    let (s, v) = get(&app, "/api/search?q=x&limit=lots").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().contains("limit"), "{v}");
}

#[tokio::test]
async fn search_pages_with_offset() {
    let (_d, app) = fixture();
    let (_, all) = get(&app, "/api/search?q=china").await;
    let all: Vec<Value> = all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].clone())
        .collect();
    assert!(all.len() >= 2, "{all:?}");
    let (_, first) = get(&app, "/api/search?q=china&limit=1").await;
    let (s, second) = get(&app, "/api/search?q=china&limit=1&offset=1").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(first["hits"][0]["id"], all[0]);
    assert_eq!(second["hits"][0]["id"], all[1]);
    assert_eq!(first["more"], true);
    assert_eq!(second["offset"], 1);
    let (s, _) = get(&app, "/api/search?q=china&offset=999999").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn on_loopback_only_loopback_hosts_are_answered() {
    let (_d, app) = fixture();
    let app = herald_server::loopback_only(app);
    let ask = |host: &'static str| {
        let app = app.clone();
        async move {
            app.oneshot(
                Request::get("/api/status")
                    .header("host", host)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap()
            .status()
        }
    };
    assert_eq!(ask("localhost:8080").await, StatusCode::OK);
    assert_eq!(ask("127.0.0.1:8080").await, StatusCode::OK);
    assert_eq!(
        ask("evil.example:8080").await,
        StatusCode::MISDIRECTED_REQUEST
    );
}

#[tokio::test]
async fn article_has_removed_lines_relations_and_events_with_char_spans() {
    let (_d, app) = fixture();
    let (s, v) = get(&app, "/api/articles/a1").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["title"], "China offers Iraq military aid");
    assert_eq!(v["story"], "s-1");
    assert_eq!(v["removed"][0]["reason"], "social");
    assert_eq!(v["relations"][0]["type"], "rewrite");
    assert_eq!(v["relations"][0]["article"], "a2");
    assert_eq!(v["relations"][0]["score"], 0.612);
    let events = v["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    // Character offsets: "’" and "—" are one character each, three bytes each.
    let span = &events[0]["span"];
    let (a, b) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    let chars: Vec<char> = TEXT_A.chars().collect();
    assert_eq!(
        chars[a..b].iter().collect::<String>(),
        "offered military aid"
    );
    assert_eq!(events[0]["text"], "offered military aid");
    let (s, v) = get(&app, "/api/articles/nope").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(v["error"].as_str().unwrap().contains("nope"));
}

#[tokio::test]
async fn stories_page_largest_first() {
    let (_d, app) = fixture();
    let (s, v) = get(&app, "/api/stories").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["more"], false);
    let ids: Vec<&str> = v["stories"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(ids, ["s-1", "s-2"]);
    assert_eq!(v["stories"][0]["size"], 2);
    assert_eq!(v["stories"][0]["thread"], "t-1");
    let (_, v) = get(&app, "/api/stories?limit=1").await;
    assert_eq!(v["more"], true);
    let (_, v) = get(&app, "/api/stories?limit=1&offset=1").await;
    assert_eq!(v["more"], false);
    assert_eq!(v["stories"].as_array().unwrap().len(), 1);
    assert_eq!(v["stories"][0]["id"], "s-2");
    let (_, v) = get(&app, "/api/stories?limit=100000").await;
    assert_eq!(v["limit"], herald_server::MAX_LIMIT);
    let (s, _) = get(&app, "/api/stories?offset=-1").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = get(&app, "/api/stories?offset=99999999").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn story_lists_members_and_events_and_follows_redirects() {
    let (_d, app) = fixture();
    let (s, v) = get(&app, "/api/stories/s-1").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["size"], 2);
    assert_eq!(v["members"][1]["title"], "China offers help");
    assert_eq!(v["events"].as_array().unwrap().len(), 3);
    assert!(v.get("redirected_from").is_none());
    assert_eq!(v["members_truncated"], false);
    let (s, v) = get(&app, "/api/stories/s-old").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["id"], "s-1");
    assert_eq!(v["redirected_from"], "s-old");
    let (s, _) = get(&app, "/api/stories/s-none").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn threads_list_and_show_their_stories() {
    let (_d, app) = fixture();
    let (s, v) = get(&app, "/api/threads").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["threads"][0]["id"], "t-1");
    assert_eq!(v["threads"][0]["size"], 3);
    assert_eq!(v["more"], false);
    let (s, v) = get(&app, "/api/threads/t-1").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["article_count"], 3);
    let members = v["members"].as_array().unwrap();
    assert_eq!(members[0]["title"], "China offers Iraq military aid");
    assert_eq!(members[1]["size"], 1);
    assert_eq!(
        members[2]["found"], false,
        "a story the store lost is listed, marked"
    );
    let (_, v) = get(&app, "/api/stories/s-2").await;
    assert_eq!(v["thread"], "t-1");
    let (s, _) = get(&app, "/api/threads/t-none").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn events_filter_by_actor_code_and_dates() {
    let (_d, app) = fixture();
    let (s, v) = get(&app, "/api/events").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["events"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["articles"]["a1"]["title"],
        "China offers Iraq military aid"
    );
    let (s, v) = get(&app, "/api/events?source=---REB").await;
    assert_eq!(
        (s, v["events"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(0))
    );
    let (_, v) = get(&app, "/api/events?source=chngov").await;
    assert_eq!(v["events"].as_array().unwrap().len(), 1);
    let (_, v) = get(&app, "/api/events?code=03&target=IRQ").await;
    assert_eq!(v["events"].as_array().unwrap().len(), 2);
    let (_, v) = get(&app, "/api/events?from=2014-12-10").await;
    assert_eq!(v["events"].as_array().unwrap().len(), 0);
    let (_, v) = get(&app, "/api/events?from=2014-12&to=2014-12-09").await;
    assert_eq!(v["events"].as_array().unwrap().len(), 3);
    let (_, v) = get(&app, "/api/events?negated=true&source=MLI").await;
    assert_eq!(v["events"][0]["negated"], true);
    let (_, v) = get(&app, "/api/events?limit=1&offset=1").await;
    assert_eq!(v["events"].as_array().unwrap().len(), 1);
    assert_eq!(v["more"], true);
    assert_eq!(v["events"][0]["id"], "a1:0:1");
    for bad in [
        "/api/events?code=abc",
        "/api/events?from=yesterday",
        "/api/events?source=C%25",
        "/api/events?negated=perhaps",
        "/api/events?limit=-3",
    ] {
        let (s, v) = get(&app, bad).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}");
        assert!(v["error"].is_string(), "{bad}");
    }
}

#[tokio::test]
async fn event_filters_reject_unknown_and_invalid_parameters_and_say_what_is_accepted() {
    let (_d, app) = fixture();
    for (bad, needle) in [
        ("/api/events?cameo_code=03", "unknown field"),
        ("/api/events?country=IRQ", "target_country"),
        ("/api/events?since=2025-13-45", "YYYY-MM-DD"),
        ("/api/events?cameo=AGREE", "plover"),
        ("/api/events?plover=HUG", "ASSAULT"),
        ("/api/events?quadclass=9", "material conflict"),
        ("/api/stories?sort=size", "unknown field"),
        ("/api/search?q=mali&page=2", "unknown field"),
    ] {
        let (s, v) = get(&app, bad).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {v}");
        assert!(v["error"].as_str().unwrap().contains(needle), "{bad}: {v}");
    }
    // The names users expect: cameo, since/until, plover, quadclass,
    // countries, story, site.
    let n = |v: &Value| v["events"].as_array().map(Vec::len);
    let (_, v) = get(&app, "/api/events?cameo=03&target_country=irq").await;
    assert_eq!(n(&v), Some(2));
    let (_, v) = get(
        &app,
        "/api/events?since=2014-12&until=2014-12-09&plover=aid",
    )
    .await;
    assert_eq!(n(&v), Some(3));
    let (_, v) = get(&app, "/api/events?quadclass=1").await;
    assert_eq!(n(&v), Some(0));
    let (_, v) = get(
        &app,
        "/api/events?source_country=CHN&quadclass=material-cooperation",
    )
    .await;
    assert_eq!(n(&v), Some(3));
    let (_, v) = get(&app, "/api/events?site=nowhere.example").await;
    assert_eq!(n(&v), Some(0));
    let (_, v) = get(&app, "/api/events?site=example.org").await;
    assert_eq!(n(&v), Some(1));
    // A merged story's id is followed.
    let (_, v) = get(&app, "/api/events?story=s-old").await;
    assert_eq!(n(&v), Some(3));
    // The API lists every route, threads too.
    let (_, v) = get(&app, "/api").await;
    let routes = v["routes"].to_string();
    for r in [
        "/api/threads",
        "/api/threads/{id}",
        "plover=",
        "story=",
        "site=",
    ] {
        assert!(routes.contains(r), "{r} missing from {routes}");
    }
}

#[tokio::test]
async fn event_has_provenance() {
    let (_d, app) = fixture();
    let (s, v) = get(&app, "/api/events/a1:0:0").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["cameo"], "0332");
    let p = &v["provenance"];
    assert_eq!(p["article"], "a1");
    assert_eq!(p["title"], "China offers Iraq military aid");
    assert_eq!(p["story"], "s-1");
    assert_eq!(p["pattern"], "offer+aid");
    assert_eq!(p["span"], v["span"]);
    assert_eq!(
        p["context"],
        "BEIJING — China’s government offered military aid to Iraq on Tuesday."
    );
    let [a, b] =
        [&p["context_span"][0], &p["context_span"][1]].map(|v| v.as_u64().unwrap_or(0) as usize);
    let ctx: Vec<char> = p["context"].as_str().unwrap().chars().collect();
    assert_eq!(ctx[a..b].iter().collect::<String>(), "offered military aid");
    let (s, _) = get(&app, "/api/events/a1:9:9").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rejects_and_unknown_routes() {
    let (_d, app) = fixture();
    let (s, v) = get(&app, "/api/rejects").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 1);
    assert_eq!(v["rejects"][0]["reason"], "binary");
    let (s, v) = get(&app, "/api/nothing/here").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(v["error"].is_string());
    let (s, v) = get(&app, "/api").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["routes"].as_array().unwrap().len() >= 8);
}

#[tokio::test]
async fn ui_is_embedded() {
    let (_d, app) = fixture();
    let (s, ct, body) = get_text(&app, "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("text/html"));
    assert!(body.contains("<script src=\"/app.js\""));
    for (path, kind, needle) in [
        ("/app.js", "text/javascript", "function route"),
        ("/style.css", "text/css", "mark"),
    ] {
        let (s, ct, body) = get_text(&app, path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(ct.starts_with(kind), "{path}: {ct}");
        assert!(body.contains(needle), "{path}");
    }
    // Article URLs are links only when http(s): a `javascript:` URL from an
    // input would otherwise run in the page when clicked.
    let (_, _, js) = get_text(&app, "/app.js").await;
    assert!(
        js.contains("/^https?:\\/\\//i.test(url.trim())"),
        "sourceLink checks the scheme"
    );
    assert!(!js.contains("href: a.url"), "no raw article URL as href");
    let (s, _, _) = get_text(&app, "/no-such-page").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[test]
fn a_missing_database_is_an_error_not_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.db");
    assert!(matches!(
        herald_server::app(&db, 2),
        Err(herald_server::ServeError::NoDatabase(_))
    ));
    assert!(!db.exists());
}

/// A client that connects and sends nothing is disconnected after the idle
/// time (axum alone kept it forever); a prompt client is served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_are_closed() {
    use std::io::{Read, Write};
    use std::time::Duration;
    let (_d, app) = fixture();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(herald_server::serve_with_idle(
        listener,
        app,
        Duration::from_millis(300),
    ));
    let (reply, silent) = tokio::task::spawn_blocking(move || {
        let mut ok = std::net::TcpStream::connect(addr).unwrap();
        ok.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        ok.write_all(b"GET /api/status HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut reply = String::new();
        ok.read_to_string(&mut reply).unwrap();

        let mut silent = std::net::TcpStream::connect(addr).unwrap();
        silent
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut buf = [0u8; 64];
        // 0 bytes: closed by the server; a WouldBlock/TimedOut error would
        // mean it was still open after 10 s.
        let silent = silent.read(&mut buf).map_err(|e| e.kind());
        (reply, silent)
    })
    .await
    .unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(
        matches!(silent, Ok(0) | Err(std::io::ErrorKind::ConnectionReset)),
        "the server closes an idle connection: {silent:?}"
    );
}

#[tokio::test]
async fn copies_of_an_event_are_one_row_with_mention_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    let mut store = Store::open(&db).unwrap();
    let mut b = Batch::default();
    for (id, site) in [("w1", "wire.example"), ("copy", "paper.example")] {
        let mut a = stored(id, "China offers Iraq military aid", TEXT_A, site);
        a.article.story = Some("s-1".into());
        b.articles.push(a);
        b.events.push(event(
            id,
            TEXT_A,
            0,
            "offered military aid",
            "0332",
            "CHNGOV",
            "IRQ",
        ));
    }
    store.write_batch(&b).unwrap();
    drop(store);
    let app = herald_server::app(&db, 2).unwrap();
    let (s, v) = get(&app, "/api/events").await;
    assert_eq!(s, StatusCode::OK);
    let events = v["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{v}");
    let e = &events[0];
    assert_eq!(e["id"], "copy:0:0");
    assert_eq!(e["num_mentions"], 2);
    assert_eq!(e["num_sources"], 2);
    assert_eq!(e["num_articles"], 2);
    assert_eq!(e["also"], serde_json::json!(["w1:0:0"]));
}

#[tokio::test]
async fn filtered_events_download_as_csv_and_jsonl_and_chart_as_a_timeline() {
    let (_d, app) = fixture();
    let (s, ctype, csv) = get_text(&app, "/api/events/download?format=csv&target=IRQ").await;
    assert_eq!(s, StatusCode::OK, "{csv}");
    assert!(ctype.starts_with("text/csv"), "{ctype}");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("id,date,source,"), "{csv}");
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[1].starts_with("a1:0:0,2014-12-09,CHNGOV,"), "{csv}");
    let (s, ctype, jsonl) = get_text(&app, "/api/events/download?format=jsonl&cameo=0332").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ctype, "application/x-ndjson");
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["num_mentions"], 1);
    for bad in [
        "/api/events/download?format=xls",
        "/api/events/download?cameo=AGREE",
        "/api/timeline?interval=month",
        "/api/timeline?by=actor",
        "/api/timeline?colour=red",
    ] {
        let (s, v) = get(&app, bad).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {v}");
        assert!(v["error"].is_string());
    }
    let (s, v) = get(
        &app,
        "/api/timeline?interval=week&by=plover&source_country=CHN",
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["events"], 3);
    let b = v["buckets"].as_array().unwrap();
    // 2014-12-09 is a Tuesday: its week starts on Monday the 8th.
    assert_eq!(b.len(), 1, "{v}");
    assert_eq!(b[0]["period"], "2014-12-08");
    assert_eq!(b[0]["key"], "AID");
    assert_eq!(b[0]["count"], 3);
    assert_eq!(b[0]["mean_goldstein"], 7.4);
    let (_, v) = get(&app, "/api/timeline?q=baghdad").await;
    assert_eq!(v["events"], 2, "{v}");
    assert_eq!(v["buckets"][0]["key"], "2");
    let (s, v) = get(&app, "/api/timeline?q=%22unbalanced").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
}

#[tokio::test]
async fn the_openapi_description_covers_every_route() {
    let (_d, app) = fixture();
    let (s, spec) = get(&app, "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        spec["openapi"].as_str().unwrap().starts_with("3."),
        "{spec}"
    );
    let paths = spec["paths"].as_object().unwrap();
    let (_, index) = get(&app, "/api").await;
    for r in index["routes"].as_array().unwrap() {
        let route = r.as_str().unwrap().trim_start_matches("GET ");
        let path = route.split('?').next().unwrap();
        assert!(paths.contains_key(path), "{path} is not described");
        assert!(paths[path]["get"].is_object(), "{path}");
    }
    // The event filters are described as parameters, with what they accept.
    let params = paths["/api/events"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let names: Vec<&str> = params.iter().map(|p| p["name"].as_str().unwrap()).collect();
    for n in [
        "source",
        "cameo",
        "plover",
        "quadclass",
        "since",
        "until",
        "story",
        "site",
        "q",
        "limit",
    ] {
        assert!(names.contains(&n), "{n} missing from {names:?}");
    }
}
