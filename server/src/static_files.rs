//! The built site's static files (CSS, JavaScript, WebAssembly, icons), read into memory once at
//! start-up with brotli and gzip variants made ahead of time. Serving a file is then a hash-map
//! look-up and a copy of a reference-counted buffer: no disk access and no compression per request.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::Path;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Response, StatusCode};

/// One file in its three encodings.
#[derive(Clone)]
struct StaticFile {
    content_type: &'static str,
    etag: HeaderValue,
    identity: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
}

/// All static files, keyed by URL path (`/pkg/rmm-classroom.css`).
#[derive(Clone, Default)]
pub struct StaticFiles {
    files: HashMap<String, StaticFile>,
}

impl StaticFiles {
    /// Reads every file below `site_root`. A missing folder gives an empty set (the server still
    /// renders pages, as the integration tests do without a front-end build).
    pub fn load(site_root: &Path) -> std::io::Result<StaticFiles> {
        let mut files = HashMap::new();
        if site_root.is_dir() {
            collect(site_root, site_root, &mut files)?;
        }
        Ok(StaticFiles { files })
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Answers a GET for `path`, or `None` when there is no such file.
    pub fn respond(&self, path: &str, request_headers: &HeaderMap) -> Option<Response<Body>> {
        let file = self.files.get(path)?;
        let mut response = Response::builder()
            .header(header::CONTENT_TYPE, file.content_type)
            .header(header::ETAG, file.etag.clone())
            // The file names are not content-hashed, so browsers must revalidate; the ETag makes
            // that a cheap 304.
            .header(header::CACHE_CONTROL, "no-cache")
            .header(header::VARY, "accept-encoding");
        let not_modified = request_headers
            .get(header::IF_NONE_MATCH)
            .is_some_and(|tag| {
                tag.as_bytes()
                    .split(|b| *b == b',')
                    .any(|t| t.trim_ascii() == file.etag.as_bytes())
            });
        if not_modified {
            return response
                .status(StatusCode::NOT_MODIFIED)
                .body(Body::empty())
                .ok();
        }
        let accepted = request_headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let (body, encoding) = match (&file.brotli, &file.gzip) {
            (Some(br), _) if accepts(accepted, "br") => (br.clone(), Some("br")),
            (_, Some(gz)) if accepts(accepted, "gzip") => (gz.clone(), Some("gzip")),
            _ => (file.identity.clone(), None),
        };
        if let Some(encoding) = encoding {
            response = response.header(header::CONTENT_ENCODING, encoding);
        }
        response
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body))
            .ok()
    }
}

/// Whether an Accept-Encoding value allows `coding` (present and not `q=0`).
pub(crate) fn accepts(accept_encoding: &str, coding: &str) -> bool {
    accept_encoding.split(',').any(|part| {
        let mut pieces = part.split(';').map(str::trim);
        let name = pieces.next().unwrap_or("");
        let refused = pieces.any(|p| p.replace(' ', "") == "q=0" || p.replace(' ', "") == "q=0.0");
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

fn collect(
    root: &Path,
    dir: &Path,
    files: &mut HashMap<String, StaticFile>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, files)?;
            continue;
        }
        let relative = path.strip_prefix(root).expect("walked below root");
        let url = format!("/{}", relative.to_string_lossy().replace('\\', "/"));
        let bytes = std::fs::read(&path)?;
        files.insert(url, prepare(&path, bytes));
    }
    Ok(())
}

fn prepare(path: &Path, bytes: Vec<u8>) -> StaticFile {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let content_type = content_type(extension);
    let etag = etag_of(&bytes);
    let compressible = matches!(
        extension,
        "css" | "js" | "wasm" | "svg" | "html" | "json" | "txt" | "map"
    );
    let (gzip, brotli) = if compressible && bytes.len() > 256 {
        (
            Some(Bytes::from(compress_gzip(&bytes))),
            Some(Bytes::from(compress_brotli(
                &bytes,
                static_brotli_quality(&bytes),
            ))),
        )
    } else {
        (None, None)
    };
    StaticFile {
        content_type,
        etag,
        identity: Bytes::from(bytes),
        gzip,
        brotli,
    }
}

fn content_type(extension: &str) -> &'static str {
    match extension {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "html" => "text/html; charset=utf-8",
        "json" | "map" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// A strong validator for `bytes`: a 64-bit hash and the length.
pub(crate) fn etag_of(bytes: &[u8]) -> HeaderValue {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    HeaderValue::from_str(&format!("\"{:016x}-{:x}\"", hasher.finish(), bytes.len()))
        .expect("hex is a valid header")
}

pub(crate) fn compress_gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// Quality 11 is slow on the multi-megabyte debug WebAssembly; large files get a faster level
/// so that a debug server still starts in about a second.
fn static_brotli_quality(bytes: &[u8]) -> u32 {
    if bytes.len() > 1_000_000 {
        5
    } else {
        11
    }
}

pub(crate) fn compress_brotli(bytes: &[u8], quality: u32) -> Vec<u8> {
    let mut output = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: quality as i32,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut output, &params).expect("writing to memory");
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, StaticFiles) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
        std::fs::write(
            dir.path().join("pkg/app.css"),
            "body { color: black; }\n".repeat(50),
        )
        .unwrap();
        let files = StaticFiles::load(dir.path()).unwrap();
        (dir, files)
    }

    #[test]
    fn negotiates_encoding_and_revalidates() {
        let (_dir, files) = site();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br"),
        );
        let response = files.respond("/pkg/app.css", &headers).unwrap();
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
        let etag = response.headers()[header::ETAG].clone();

        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br;q=0"),
        );
        assert_eq!(
            files.respond("/pkg/app.css", &headers).unwrap().headers()[header::CONTENT_ENCODING],
            "gzip"
        );

        headers.insert(header::IF_NONE_MATCH, etag);
        assert_eq!(
            files.respond("/pkg/app.css", &headers).unwrap().status(),
            StatusCode::NOT_MODIFIED
        );
        assert!(files.respond("/pkg/missing.css", &headers).is_none());
    }

    #[test]
    fn identity_when_nothing_is_accepted() {
        let (_dir, files) = site();
        let response = files.respond("/pkg/app.css", &HeaderMap::new()).unwrap();
        assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/css; charset=utf-8"
        );
    }
}
