//! Canonical article URLs: one spelling per page, so a page is fetched once.

use url::Url;

/// Query parameters that only track where a reader came from.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga", "ref_src",
];

/// The canonical form of an article URL, resolved against `base` when relative: http(s) only,
/// host lower-cased, default port dropped, fragment dropped, `utm_*` and click-id parameters
/// dropped (the others kept in order), an empty query removed. `None` for anything that is not
/// an http(s) URL (`mailto:`, `javascript:`, garbage).
///
/// ```
/// use marsad_watch::canonical_url;
/// assert_eq!(
///     canonical_url("HTTPS://Example.ORG:443/a/1?utm_source=rss&id=7#top", None).as_deref(),
///     Some("https://example.org/a/1?id=7")
/// );
/// assert_eq!(canonical_url("javascript:alert(1)", None), None);
/// ```
pub fn canonical_url(raw: &str, base: Option<&Url>) -> Option<String> {
    let raw = raw.trim();
    let parsed = match base {
        Some(base) => base.join(raw).ok()?,
        None => Url::parse(raw).ok()?,
    };
    canonical(parsed).map(String::from)
}

/// [`canonical_url`] of a parsed URL.
pub(crate) fn canonical(mut url: Url) -> Option<Url> {
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    url.set_fragment(None);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| {
                let k = k.to_ascii_lowercase();
                !k.starts_with("utm_") && !TRACKING_PARAMS.contains(&k.as_str())
            })
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_spelling_per_page() {
        let same = [
            "https://example.org/news/1",
            "https://EXAMPLE.org/news/1#comments",
            "https://example.org:443/news/1?utm_source=rss&utm_medium=feed",
            "https://example.org/news/1?fbclid=abc",
        ];
        for raw in same {
            assert_eq!(
                canonical_url(raw, None).as_deref(),
                Some("https://example.org/news/1"),
                "{raw}"
            );
        }
        assert_eq!(
            canonical_url("https://example.org/news?id=2&utm_campaign=x&p=1", None).as_deref(),
            Some("https://example.org/news?id=2&p=1")
        );
        let base = Url::parse("http://example.org/section/").unwrap();
        assert_eq!(
            canonical_url("../news/3", Some(&base)).as_deref(),
            Some("http://example.org/news/3")
        );
        assert_eq!(
            canonical_url("/ar/خبر", Some(&base)).as_deref(),
            Some("http://example.org/ar/%D8%AE%D8%A8%D8%B1")
        );
        for bad in [
            "mailto:a@b.org",
            "ftp://example.org/x",
            "file:///etc/passwd",
            "",
            "::",
        ] {
            assert_eq!(canonical_url(bad, None), None, "{bad}");
        }
    }
}
