//! `GET /api/openapi.json`: the API described from the handlers' own
//! annotations (utoipa), so the description cannot drift from the routes.

use utoipa::OpenApi;

/// Every error answer: `{"error": "what is wrong and what is accepted"}`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // a schema only: errors are built by `ApiError`
pub struct ErrorBody {
    pub error: String,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Herald API",
        description = "Read-only JSON API over a Herald store: articles, stories, threads and CAMEO/PLOVER events."
    ),
    paths(
        crate::api::index,
        crate::api::status,
        crate::api::search,
        crate::api::article,
        crate::api::stories,
        crate::api::story,
        crate::api::threads,
        crate::api::thread,
        crate::api::events,
        crate::api::event,
        crate::api::rejects,
        crate::views::download,
        crate::views::timeline,
        openapi_json
    ),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

/// This description.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    responses((status = 200, description = "the OpenAPI 3.1 description of this API", body = serde_json::Value))
)]
pub async fn openapi_json() -> axum::response::Response {
    use axum::response::IntoResponse;
    match ApiDoc::openapi().to_json() {
        Ok(json) => (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response(),
        Err(e) => {
            crate::error::ApiError::Internal(format!("describing the API: {e}")).into_response()
        }
    }
}
