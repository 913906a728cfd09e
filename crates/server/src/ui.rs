//! The analyst's web UI: `GET /` (the page) and `GET /assets/{path}` (its scripts, styles,
//! fonts and map layers), all embedded in the binary so the UI works with no network.
//!
//! Three folders are embedded: `ui/src` (marsad's own HTML, CSS and JavaScript), `ui/vendor`
//! (Leaflet, its marker clusters and the Arabic font, copied from npm by
//! `scripts/ui-assets.sh`; gitignored, so it may be missing in a fresh clone) and
//! `data/gazetteer/*.geojson` (the offline base layer). A missing vendor file is answered with a
//! 503 that says how to install it, so the crate builds without node.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "ui/src/"]
struct UiSource;

#[derive(RustEmbed)]
#[folder = "ui/vendor/"]
#[allow_missing = true]
struct UiVendor;

#[derive(RustEmbed)]
#[folder = "../../data/gazetteer/"]
#[include = "*.geojson"]
struct UiGeo;

/// Sent with every UI response: scripts, styles, fonts, images and requests from this origin
/// only, so a page can neither run injected script nor reach another host.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// What `/assets/vendor/...` answers when `scripts/ui-assets.sh` was not run before the build.
const VENDOR_MISSING: &str = "marsad: the web UI's third-party assets (Leaflet, the Arabic font) \
     were not built into this binary. Run `bash scripts/ui-assets.sh`, then rebuild \
     (`cargo build --release -p marsad-cli`). The JSON API under /api/ works without them.\n";

/// The content type of a served file, from its extension.
fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Whether `path` is a plain relative path inside the asset folders: no empty, `.` or `..`
/// segment, no backslash, no drive letter or NUL.
fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 200
        && !path.contains(['\\', ':', '\0'])
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

fn file_response(path: &str, data: std::borrow::Cow<'static, [u8]>) -> Response {
    let mut response = (StatusCode::OK, data.into_owned()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// `GET /`: the UI page.
pub(crate) async fn index() -> Response {
    match UiSource::get("index.html") {
        Some(file) => file_response("index.html", file.data),
        None => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "marsad: ui/src/index.html is missing from this build\n",
        ),
    }
}

/// `GET /assets/{path}`: `vendor/...` from the npm assets, `geo/...` from the gazetteer's
/// GeoJSON, anything else from marsad's own UI source.
pub(crate) async fn asset(Path(path): Path<String>) -> Response {
    if !safe_path(&path) {
        return plain(StatusCode::NOT_FOUND, "no such asset\n");
    }
    let found = if let Some(rest) = path.strip_prefix("vendor/") {
        match UiVendor::get(rest) {
            Some(file) => Some(file.data),
            None if UiVendor::iter().next().is_none() => {
                return plain(StatusCode::SERVICE_UNAVAILABLE, VENDOR_MISSING)
            }
            None => None,
        }
    } else if let Some(rest) = path.strip_prefix("geo/") {
        UiGeo::get(rest).map(|f| f.data)
    } else {
        UiSource::get(&path).map(|f| f.data)
    };
    match found {
        Some(data) => file_response(&path, data),
        None => plain(StatusCode::NOT_FOUND, "no such asset\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_could_leave_the_folders_are_refused() {
        for bad in [
            "",
            "../Cargo.toml",
            "vendor/../../Cargo.toml",
            "geo/..",
            "/etc/passwd",
            "a//b",
            "./app.js",
            "..\\lib.rs",
            "C:/x",
            "a\0b",
        ] {
            assert!(!safe_path(bad), "{bad:?}");
        }
        for good in [
            "app.js",
            "vendor/leaflet/leaflet.js",
            "geo/governorates.geojson",
        ] {
            assert!(safe_path(good), "{good:?}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("vendor/font/files/x.woff2"), "font/woff2");
        assert_eq!(
            content_type("geo/neighbours.geojson"),
            "application/geo+json"
        );
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
