//! The built site's static files (CSS, JavaScript, WebAssembly, icons), read into memory once at
//! start-up with their brotli and gzip variants. Serving a file is then a hash-map look-up and a
//! copy of a reference-counted buffer: no disk access and no compression per request.
//!
//! A release build compresses the files itself (`cargo leptos build --release --precompress`
//! writes `x.br` and `x.gz` beside `x`), so start-up only reads them; a file without them (a debug
//! build) is compressed here. A build with content-hashed names (`hash-files` in `Cargo.toml`,
//! `hash.txt` beside the server binary) has every file under `/pkg/` named by its content, so
//! those are sent as immutable: a browser keeps them for a year without asking again, and a new
//! build is new names.

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
    /// Named by its content: never changes under this name.
    immutable: bool,
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
    /// Reads every file below `site_root`; `hashed_names` says that the build named the files
    /// under `/pkg/` by their content. A missing folder gives an empty set (the server still
    /// renders pages, as the integration tests do without a front-end build).
    pub fn load(site_root: &Path, hashed_names: bool) -> std::io::Result<StaticFiles> {
        let mut files = HashMap::new();
        if site_root.is_dir() {
            collect(site_root, site_root, &mut files)?;
        }
        if hashed_names {
            for (url, file) in files.iter_mut() {
                file.immutable = url.starts_with("/pkg/");
            }
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
            // A file not named by its content may change under its name: browsers revalidate,
            // and the ETag makes that a cheap 304.
            .header(
                header::CACHE_CONTROL,
                if file.immutable {
                    "public, max-age=31536000, immutable"
                } else {
                    "no-cache"
                },
            )
            .header(header::VARY, "accept-encoding");
        if matches_etag(request_headers, &file.etag) {
            return response
                .status(StatusCode::NOT_MODIFIED)
                .body(Body::empty())
                .ok();
        }
        let accepted = accepted_encodings(request_headers);
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

/// Whether the request's If-None-Match names `etag`.
pub(crate) fn matches_etag(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    headers.get(header::IF_NONE_MATCH).is_some_and(|tags| {
        tags.as_bytes()
            .split(|b| *b == b',')
            .any(|tag| tag.trim_ascii() == etag.as_bytes())
    })
}

/// The request's Accept-Encoding value ("" without one).
pub(crate) fn accepted_encodings(headers: &HeaderMap) -> &str {
    headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
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
        if is_precompressed_variant(&path) {
            continue;
        }
        let relative = path.strip_prefix(root).expect("walked below root");
        let url = format!("/{}", relative.to_string_lossy().replace('\\', "/"));
        let bytes = std::fs::read(&path)?;
        files.insert(url, prepare(&path, bytes)?);
    }
    Ok(())
}

/// Whether `path` is the build's brotli or gzip copy of the file beside it (`x.br` for `x`).
fn is_precompressed_variant(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz"))
        && path.with_extension("").is_file()
}

/// The build's compressed copy of `path` with `suffix` (`br`, `gz`), if it made one.
fn precompressed(path: &Path, suffix: &str) -> std::io::Result<Option<Bytes>> {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    match std::fs::read(Path::new(&name)) {
        Ok(bytes) => Ok(Some(Bytes::from(bytes))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

fn prepare(path: &Path, bytes: Vec<u8>) -> std::io::Result<StaticFile> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let content_type = content_type(extension);
    let etag = etag_of(&bytes);
    let compressible = matches!(
        extension,
        "css" | "js" | "wasm" | "svg" | "html" | "json" | "txt" | "map"
    );
    let (gzip, brotli) = if compressible && bytes.len() > 256 {
        let gzip = match precompressed(path, "gz")? {
            Some(built) => built,
            None => Bytes::from(compress_gzip(&bytes, flate2::Compression::default())),
        };
        let brotli = match precompressed(path, "br")? {
            Some(built) => built,
            None => Bytes::from(compress_brotli(&bytes, STARTUP_BROTLI_QUALITY)),
        };
        (Some(gzip), Some(brotli))
    } else {
        (None, None)
    };
    Ok(StaticFile {
        content_type,
        etag,
        immutable: false,
        identity: Bytes::from(bytes),
        gzip,
        brotli,
    })
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

pub(crate) fn compress_gzip(bytes: &[u8], level: flate2::Compression) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// The brotli quality (gzip: its default level) for a file the build did not compress (a debug build, whose split WebAssembly is
/// hundreds of files and over ten megabytes): a fast one, so that the server starts in seconds.
/// Quality 11 ran at about half a megabyte a second and held a debug start-up for over a minute.
/// A release build's files come compressed at the best quality (`--precompress`).
const STARTUP_BROTLI_QUALITY: u32 = 5;

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
        let files = StaticFiles::load(dir.path(), false).unwrap();
        (dir, files)
    }

    #[test]
    fn the_builds_compressed_copies_are_used_and_hashed_names_are_immutable() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
        let css = "body { color: black; }\n".repeat(50);
        std::fs::write(dir.path().join("pkg/app.abc123.css"), &css).unwrap();
        std::fs::write(dir.path().join("pkg/app.abc123.css.br"), b"built brotli").unwrap();
        std::fs::write(dir.path().join("favicon.svg"), "<svg/>".repeat(100)).unwrap();
        let files = StaticFiles::load(dir.path(), true).unwrap();
        assert!(
            files
                .respond("/pkg/app.abc123.css.br", &HeaderMap::new())
                .is_none(),
            "a compressed copy is a variant, not a file of its own"
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("br, gzip"),
        );
        let response = files.respond("/pkg/app.abc123.css", &headers).unwrap();
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            response.headers()[header::CONTENT_LENGTH],
            "12",
            "the built copy"
        );
        let icon = files.respond("/favicon.svg", &headers).unwrap();
        assert_eq!(icon.headers()[header::CACHE_CONTROL], "no-cache");
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
