//! Limits on what one request may ask, beyond the body limit ([`crate::MAX_BODY_BYTES`]): the
//! query string's length. Also marks every answer `X-Content-Type-Options: nosniff`, so a
//! browser never reads article text served as JSON as a page or a script.

use axum::extract::Request;
use axum::http::header::X_CONTENT_TYPE_OPTIONS;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// Longest query string accepted (the part after `?`), in bytes: 8 KB, far beyond any filter
/// or search the UI sends. A longer one is refused with 414 before any handler parses it.
pub const MAX_QUERY_BYTES: usize = 8 * 1024;

/// The middleware: refuses over-long query strings, adds `nosniff` to every answer.
pub(crate) async fn guard(request: Request, next: Next) -> Response {
    if request
        .uri()
        .query()
        .is_some_and(|q| q.len() > MAX_QUERY_BYTES)
    {
        return ApiError {
            status: StatusCode::URI_TOO_LONG,
            message: format!("the query string is over {MAX_QUERY_BYTES} bytes"),
        }
        .into_response();
    }
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .entry(X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    response
}
