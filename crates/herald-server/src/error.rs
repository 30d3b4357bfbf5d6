//! Errors: what a request can fail with (as JSON `{"error": …}` with a status)
//! and what starting the server can fail with.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use herald_store::StoreError;

/// A failed API request. Internal details are logged, not sent.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::BadQuery { .. } => ApiError::BadRequest(e.to_string()),
            e => ApiError::Internal(e.to_string()),
        }
    }
}

impl From<crate::filters::FilterError> for ApiError {
    fn from(e: crate::filters::FilterError) -> Self {
        ApiError::BadRequest(e.0)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let body = serde_json::json!({ "error": self.to_string() });
        (self.status(), Json(body)).into_response()
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("no database at {0}: create one with `herald ingest` (or `herald run`) first")]
    NoDatabase(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    // The io::Error is the source, not part of the message: error chains
    // (anyhow's `{:#}`) print it once.
    #[error("cannot listen on {addr}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("server error")]
    Io(#[from] std::io::Error),
}
