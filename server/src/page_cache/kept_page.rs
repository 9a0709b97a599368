//! One kept page: its bytes in each encoding, its headers with a content-security policy that
//! holds for every reader, and its text around the slots for signed-in readers.

use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Response, StatusCode};
use sha2::{Digest, Sha256};

use crate::page_slots::SlottedPage;
use crate::personal_parts::anonymous_fills;
use crate::spliced_gzip::SplicedGzip;
use crate::static_files::{
    accepted_encodings, accepts, compress_brotli, compress_gzip, etag_of, matches_etag,
};

/// Brotli quality for a cached page: compressed once, so a good ratio is worth the time.
const BROTLI_QUALITY: u32 = 9;

/// One page in its three encodings, with the headers the render gave it.
pub(super) struct CachedPage {
    etag: HeaderValue,
    headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
    expires: Option<Instant>,
    /// Set by the one request that renders the page again once it has expired; the others keep
    /// getting this copy meanwhile, rather than all rendering it at once.
    pub(super) refreshing: std::sync::atomic::AtomicBool,
    /// The page around its account-menu slot, for signed-in readers (`None`: the page has no
    /// slot).
    pub(super) personal: Option<PersonalPage>,
}

/// A page kept for filling in each reader's own parts.
pub(super) struct PersonalPage {
    pub(super) slotted: SlottedPage,
    gzip: SplicedGzip,
}

impl CachedPage {
    /// Keeps `rendered_page`, a page as rendered with its slots empty.
    pub(super) fn new(
        rendered: &HeaderMap,
        rendered_page: Bytes,
        lifetime: Option<Duration>,
    ) -> CachedPage {
        let (identity, personal) = match SlottedPage::split(&rendered_page) {
            Some(slotted) => {
                let signed_out = slotted.joined(&anonymous_fills(&slotted.slots));
                let personal = PersonalPage {
                    gzip: SplicedGzip::new(&slotted.text_parts()),
                    slotted,
                };
                (Bytes::from(signed_out), Some(personal))
            }
            None => (rendered_page, None),
        };
        let kept = rendered
            .iter()
            .filter(|(name, _)| {
                !matches!(
                    *name,
                    &header::CONTENT_LENGTH
                        | &header::TRANSFER_ENCODING
                        | &header::CONTENT_ENCODING
                        | &header::DATE
                        | &header::ETAG
                        | &header::CACHE_CONTROL
                        | &header::VARY
                )
            })
            .map(|(name, value)| {
                let value = if name == header::CONTENT_SECURITY_POLICY {
                    hashed_policy(value, &identity)
                } else {
                    value.clone()
                };
                (name.clone(), value)
            })
            .collect();
        CachedPage {
            etag: etag_of(&identity),
            headers: kept,
            gzip: Bytes::from(compress_gzip(&identity, flate2::Compression::best())),
            brotli: Bytes::from(compress_brotli(&identity, BROTLI_QUALITY)),
            identity,
            expires: lifetime.map(|l| Instant::now() + l),
            refreshing: std::sync::atomic::AtomicBool::new(false),
            personal,
        }
    }

    pub(super) fn size(&self) -> usize {
        let personal = self
            .personal
            .as_ref()
            .map_or(0, |p| p.slotted.size() + p.gzip.size());
        self.identity.len() + self.gzip.len() + self.brotli.len() + personal
    }

    pub(super) fn fresh(&self, now: Instant) -> bool {
        self.expires.is_none_or(|at| now < at)
    }

    /// The page for a request with `headers`: 304 when its ETag matches, else the best encoding
    /// the request accepts.
    pub(super) fn respond(&self, headers: &HeaderMap) -> Response<Body> {
        // Browsers keep the page but ask again each time; the ETag makes that a cheap 304.
        self.answer(headers, self.etag.clone(), "no-cache", |accepted| {
            if accepts(accepted, "br") {
                (self.brotli.clone(), Some("br"))
            } else if accepts(accepted, "gzip") {
                (self.gzip.clone(), Some("gzip"))
            } else {
                (self.identity.clone(), None)
            }
        })
    }

    /// The page with `fills` in its slots, for a signed-in reader: gzip when the request
    /// accepts it (the one encoding that can be spliced), else as text. `None` when the page has
    /// no slot.
    pub(super) fn respond_personal<S: AsRef<str>>(
        &self,
        headers: &HeaderMap,
        fills: &[S],
    ) -> Option<Response<Body>> {
        let personal = self.personal.as_ref()?;
        // The validator names both the page and the reader's parts: either changing is a new
        // page.
        let mut parts_crc = crc32fast::Hasher::new();
        for fill in fills {
            parts_crc.update(fill.as_ref().as_bytes());
            parts_crc.update(&[0]);
        }
        let parts_crc = parts_crc.finalize();
        let page_tag = self.etag.to_str().unwrap_or("\"\"").trim_matches('"');
        let etag = HeaderValue::from_str(&format!("\"{page_tag}-{parts_crc:08x}\""))
            .expect("hex digits make a valid header");
        Some(self.answer(headers, etag, "private, no-cache", |accepted| {
            if accepts(accepted, "gzip") {
                let fills: Vec<&[u8]> = fills.iter().map(|f| f.as_ref().as_bytes()).collect();
                (Bytes::from(personal.gzip.with(&fills)), Some("gzip"))
            } else {
                (Bytes::from(personal.slotted.joined(fills)), None)
            }
        }))
    }

    /// The answer to a request with `headers`: a 304 when it has `etag`, else the page's headers
    /// and the body `choose` picks (bytes and their encoding) for the request's Accept-Encoding.
    fn answer(
        &self,
        headers: &HeaderMap,
        etag: HeaderValue,
        cache_control: &'static str,
        choose: impl FnOnce(&str) -> (Bytes, Option<&'static str>),
    ) -> Response<Body> {
        let mut response = Response::builder()
            .header(header::ETAG, etag.clone())
            .header(header::CACHE_CONTROL, cache_control)
            .header(header::VARY, "accept-encoding, cookie");
        let not_modified = matches_etag(headers, &etag);
        // A 304 carries the page's own policy (and no other of its headers): the browser
        // replaces the kept page's headers with the 304's, and the page must keep its policy.
        for (name, value) in &self.headers {
            if !not_modified || name == header::CONTENT_SECURITY_POLICY {
                response = response.header(name, value);
            }
        }
        if not_modified {
            return response
                .status(StatusCode::NOT_MODIFIED)
                .body(Body::empty())
                .expect("a valid response");
        }
        let (body, encoding) = choose(accepted_encodings(headers));
        if let Some(encoding) = encoding {
            response = response.header(header::CONTENT_ENCODING, encoding);
        }
        response
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body))
            .expect("a valid response")
    }
}

/// `policy` with its `'nonce-…'` source replaced by a `'sha256-…'` source per inline script of
/// `html` (a `<script>` without `src`), so that the policy holds for every reader of the kept
/// page. A policy without a nonce is kept as it is.
fn hashed_policy(policy: &HeaderValue, html: &[u8]) -> HeaderValue {
    let Ok(text) = policy.to_str() else {
        return policy.clone();
    };
    let Some(start) = text.find("'nonce-") else {
        return policy.clone();
    };
    let end = text[start + 1..]
        .find('\'')
        .map_or(text.len(), |i| start + i + 2);
    let hashes: Vec<String> = inline_scripts(&String::from_utf8_lossy(html))
        .into_iter()
        .map(|script| format!("'sha256-{}'", base64(&Sha256::digest(script.as_bytes()))))
        .collect();
    let rewritten = format!("{}{}{}", &text[..start], hashes.join(" "), &text[end..]);
    HeaderValue::from_str(&rewritten.replace("  ", " ")).unwrap_or_else(|_| policy.clone())
}

/// The text of every inline `<script>` (one without a `src` attribute) in `html`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        rest = &rest[open..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body = &rest[tag_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            scripts.push(&body[..close]);
        }
        rest = &body[close..];
    }
    scripts
}

/// Standard base64 with padding, as CSP hash sources are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::sync::Arc;

    pub(in crate::page_cache) fn page(body: &str, lifetime: Option<Duration>) -> Arc<CachedPage> {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("1"));
        Arc::new(CachedPage::new(
            &headers,
            Bytes::from(body.to_string()),
            lifetime,
        ))
    }

    #[test]
    fn a_cached_page_negotiates_its_encoding_and_answers_304_to_its_etag() {
        let page = page(&"<p>lesson</p>".repeat(200), None);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br"),
        );
        let response = page.respond(&headers);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html");
        // The rendered length is dropped: the length sent is the encoding's.
        assert_eq!(
            response.headers()[header::CONTENT_LENGTH],
            page.brotli.len().to_string()
        );
        headers.insert(header::IF_NONE_MATCH, page.etag.clone());
        assert_eq!(page.respond(&headers).status(), StatusCode::NOT_MODIFIED);
        let plain = page.respond(&HeaderMap::new());
        assert!(!plain.headers().contains_key(header::CONTENT_ENCODING));
    }

    #[test]
    fn the_policy_of_a_kept_page_names_its_inline_scripts_by_hash() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        let html = b"<script nonce=\"n1\">go()</script><script src=\"/pkg/a.js\"></script>";
        let policy = HeaderValue::from_static(
            "default-src 'self'; script-src 'self' 'nonce-n1' 'wasm-unsafe-eval'; style-src 'self'",
        );
        let hashed = hashed_policy(&policy, html);
        let expected = format!("'sha256-{}'", base64(&Sha256::digest(b"go()")));
        assert_eq!(
            hashed.to_str().unwrap(),
            format!("default-src 'self'; script-src 'self' {expected} 'wasm-unsafe-eval'; style-src 'self'")
        );
        let plain = HeaderValue::from_static("default-src 'self'");
        assert_eq!(hashed_policy(&plain, html), plain);
    }
}
