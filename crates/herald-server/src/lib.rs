//! Herald's server: a read-only JSON API and an embedded web UI over a Herald
//! store, so `herald serve` is the third face of the one binary (beside the
//! CLI and the files it writes).
//!
//! [`app`] builds the whole service as an axum [`Router`]; [`run`] serves it
//! until Ctrl-C on a runtime of its own, so callers need no async code.
//!
//! ```
//! use axum::body::Body;
//! use axum::http::Request;
//! use tower::ServiceExt;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let db = dir.path().join("herald.db");
//! herald_store::Store::open(&db).unwrap(); // an empty store
//! let app = herald_server::app(&db, 4).unwrap();
//! let rt = tokio::runtime::Runtime::new().unwrap();
//! let res = rt
//!     .block_on(app.oneshot(Request::get("/api/status").body(Body::empty()).unwrap()))
//!     .unwrap();
//! assert_eq!(res.status(), 200);
//! ```
//!
//! Routes: `GET /api/status`, `/api/search?q=&limit=&offset=`, `/api/articles/{id}`,
//! `/api/stories?limit=&offset=`, `/api/stories/{id}`,
//! `/api/threads?limit=&offset=`, `/api/threads/{id}`,
//! `/api/events?source=&target=&source_country=&target_country=&cameo=&plover=&quadclass=&article=&story=&site=&since=&until=&negated=&limit=&offset=`,
//! `/api/events/{id}`, `/api/events/download?format=csv|jsonl&<event filters>`,
//! `/api/timeline?interval=day|week&by=quadclass|plover&<event filters>`,
//! `/api/rejects?limit=&offset=`; the UI at `/`.
//! Errors are `{"error": "…"}` with 400 (bad parameter), 404 (unknown id or
//! route) or 500.

mod api;
mod error;
pub mod filters;
pub mod groups;
mod idle;
mod openapi;
mod params;
mod pool;
pub mod records;
mod ui;
mod views;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use error::{ApiError, ServeError};
pub use idle::IDLE_TIMEOUT;
pub use params::{MAX_LIMIT, MAX_OFFSET, MAX_SEARCH};

/// What `herald serve` needs.
#[derive(Debug, Clone)]
pub struct Config {
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// Most database connections (and blocking request threads) at once.
    pub connections: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db: PathBuf::from("herald.db"),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            connections: 8,
        }
    }
}

/// The service: API under `/api`, UI at `/`. Fails when `db` is not an
/// existing Herald database.
pub fn app(db: &Path, connections: usize) -> Result<Router, ServeError> {
    let pool = pool::StorePool::open(db, connections)?;
    let api = Router::new()
        .route("/", get(api::index))
        .route("/status", get(api::status))
        .route("/search", get(api::search))
        .route("/articles/{id}", get(api::article))
        .route("/stories", get(api::stories))
        .route("/stories/{id}", get(api::story))
        .route("/threads", get(api::threads))
        .route("/threads/{id}", get(api::thread))
        .route("/events", get(api::events))
        .route("/events/download", get(views::download))
        .route("/events/{id}", get(api::event))
        .route("/timeline", get(views::timeline))
        .route("/openapi.json", get(openapi::openapi_json))
        .route("/rejects", get(api::rejects))
        .fallback(api::not_found)
        .with_state(api::AppState::new(pool))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    Ok(Router::new()
        .route("/", get(ui::index))
        .route("/app.js", get(ui::app_js))
        .route("/style.css", get(ui::style_css))
        .nest("/api", api)
        .fallback(ui::not_found)
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(TraceLayer::new_for_http()))
}

/// Serves `app` on `listener` until Ctrl-C (or SIGTERM). On a loopback
/// address only requests for a loopback host are answered
/// ([`loopback_only`]); connections idle for [`IDLE_TIMEOUT`] are closed.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> Result<(), ServeError> {
    serve_with_idle(listener, app, IDLE_TIMEOUT).await
}

/// [`serve`] with connections closed after `idle` without a byte in or out.
pub async fn serve_with_idle(
    listener: tokio::net::TcpListener,
    app: Router,
    idle: std::time::Duration,
) -> Result<(), ServeError> {
    let app = if listener.local_addr()?.ip().is_loopback() {
        loopback_only(app)
    } else {
        app
    };
    axum::serve(idle::IdleListener::new(listener, idle), app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

/// Blocking entry point for the CLI: builds a runtime, binds `config.addr`,
/// calls `on_ready` with the bound address, and serves until Ctrl-C.
pub fn run(config: &Config, on_ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let connections = config.connections.max(1);
    let app = app(&config.db, connections)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Each request holds one connection on one blocking thread.
        .max_blocking_threads(connections)
        .build()?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| ServeError::Bind {
                addr: config.addr.to_string(),
                source,
            })?;
        on_ready(listener.local_addr()?);
        serve(listener, app).await
    })
}

/// Answers only requests whose `Host` is a loopback name or address
/// (`localhost`, `127.0.0.1`, `[::1]`, with any port): a web page elsewhere
/// that points its own domain at 127.0.0.1 (DNS rebinding) gets 421
/// Misdirected Request instead of the store's content.
pub fn loopback_only(app: Router) -> Router {
    app.layer(axum::middleware::from_fn(check_host))
}

async fn check_host(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or(""));
    match host {
        Some(h) if !is_loopback_host(h) => (
            axum::http::StatusCode::MISDIRECTED_REQUEST,
            axum::Json(serde_json::json!({
                "error": format!("this server answers only for localhost, not for host {h:?}")
            })),
        )
            .into_response(),
        _ => next.run(req).await,
    }
}

/// `localhost`, `*.localhost` or a loopback IP, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(n, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                n
            } else {
                host
            }
        }),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn loopback_hosts() {
        for h in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:8080",
            "127.0.0.2",
            "[::1]:80",
            "[::1]",
            "app.localhost",
            "LOCALHOST.",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "evil.example",
            "evil.example:8080",
            "10.0.0.1",
            "localhost.evil.example",
            "",
            "[::2]:80",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }
}
