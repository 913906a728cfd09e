//! API errors: `{"error": "..."}` with a status; internal causes are logged, never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An error answer: a status and a message safe to show a client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {message}")]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What the client did wrong, or `internal error`.
    pub message: String,
}

impl ApiError {
    /// 400 with a message naming the bad parameter.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// 404 for an unknown id.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// 401: the write needs a valid bearer token.
    pub fn unauthorized() -> ApiError {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: "a valid bearer token is required (marsad token create NAME)".into(),
        }
    }

    /// 409: the event changed since the timestamp the client sent.
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::CONFLICT,
            message: message.into(),
        }
    }

    /// 500, logging the cause to stderr; the client sees only `internal error`.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        eprintln!("marsad serve: internal error: {cause}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "internal error".into(),
        }
    }
}

impl From<marsad_store::Error> for ApiError {
    fn from(err: marsad_store::Error) -> ApiError {
        match err {
            marsad_store::Error::UnknownEvent(id) => ApiError::not_found(format!("no event {id}")),
            e if e.is_bad_input() => ApiError::bad_request(e.to_string()),
            e => ApiError::internal(e),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

/// The API's result type.
pub type ApiResult<T> = Result<T, ApiError>;
