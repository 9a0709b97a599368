//! Addresses inside the site: checking that one stays on it, and putting one into a query string.
//! Used wherever an address comes from outside (a form's `next`, a pushed live item).

use url::Url;

/// The longest address [`is_local_path`] accepts, in bytes: longer ones are never ours.
pub const MAX_LOCAL_PATH_BYTES: usize = 500;

/// A stand-in for this site's own origin. Which host it names does not matter: a path that
/// resolves against it to the same origin resolves against the real one to the real one.
const THIS_SITE: &str = "https://rmm.invalid/";

/// Whether `url` is a path on this site: it cannot lead a browser to another site (open
/// redirect) however it is used, as a `Location` header or as a link.
///
/// The path is parsed, not pattern-matched. Browsers resolve an address with the WHATWG URL
/// parser, which forgives a great deal: it drops tabs and line breaks anywhere in the address,
/// reads `\` as `/`, and trims spaces and control characters at either end. So `/\t/evil.example`
/// reaches the browser as `//evil.example`, another site, though it starts with a single slash.
/// Rather than list every such trick, the check refuses every character the parser would drop
/// or reinterpret (control characters, white space, backslashes), then resolves what is left with
/// the same parser (the `url` crate, which the WebAssembly already links through the router) and
/// accepts it only when it lands on this site's scheme, host and port.
///
/// A percent-encoded form such as `/%09/evil.example` or `/%2F%2Fevil.example` is accepted: the
/// parser keeps it as a path on this site, and browsers do not decode it before resolving.
pub fn is_local_path(url: &str) -> bool {
    let plain = url.len() <= MAX_LOCAL_PATH_BYTES
        && url.starts_with('/')
        && !url.starts_with("//")
        && !url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    plain && resolves_to_this_site(url)
}

/// Whether the WHATWG URL parser resolves `path` against this site to an address on this site.
fn resolves_to_this_site(path: &str) -> bool {
    let Ok(site) = Url::parse(THIS_SITE) else {
        return false;
    };
    site.join(path)
        .is_ok_and(|resolved| resolved.origin() == site.origin())
}

/// Percent-encodes `text` for a query-string value, keeping the path characters readable.
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_are_local() {
        for good in [
            "/",
            "/modules/welcome/lesson",
            "/classes?tab=roster#top",
            "/join/ABCD-EFGH",
            "/a/../b",
            "/glossary/café",
            "/@evil.example",
            "/evil.example:443/x",
        ] {
            assert!(is_local_path(good), "{good:?} should be local");
        }
    }

    #[test]
    fn addresses_that_reach_another_site_are_refused() {
        for bad in [
            "https://evil.example",
            "http:evil.example",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "lesson",
            "",
        ] {
            assert!(!is_local_path(bad), "{bad:?} should be refused");
        }
        assert!(!is_local_path(&format!("/{}", "a".repeat(600))));
    }

    /// Browsers drop tabs and line breaks anywhere in an address and trim spaces and control
    /// characters at its ends, so each of these would become `//evil…` (another site) after the
    /// first slash passed a pattern check. The form reader has already percent-decoded them.
    #[test]
    fn control_characters_white_space_and_backslashes_are_refused() {
        for bad in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil",
            "/\r\n/evil",
            "/ /evil",
            "\t//evil",
            " /evil",
            "/evil ",
            "/\u{0}/evil",
            "/\u{1b}/evil",
            "/\u{7f}/evil",
            "/\u{85}/evil",
            "/\u{a0}/evil",
            "/\u{2028}/evil",
            "/\u{3000}/evil",
            "/\\evil",
            "/a\\b",
        ] {
            assert!(!is_local_path(bad), "{bad:?} should be refused");
        }
    }

    /// Percent-encoded forms stay paths on this site (the parser does not decode them), but the
    /// same address once decoded by a form reader is refused.
    #[test]
    fn percent_encoded_tricks_stay_local_and_their_decoded_forms_are_refused() {
        for (encoded, decoded) in [
            ("/%09/evil.example", "/\t/evil.example"),
            ("/%0A/evil.example", "/\n/evil.example"),
            ("/%5Cevil.example", "/\\evil.example"),
            ("/%2F%2Fevil.example", "///evil.example"),
            ("/%2F/evil.example", "///evil.example"),
        ] {
            assert!(is_local_path(encoded), "{encoded:?} is a path on this site");
            let resolved = Url::parse(THIS_SITE).unwrap().join(encoded).unwrap();
            assert_eq!(resolved.host_str(), Some("rmm.invalid"), "{encoded:?}");
            assert!(!is_local_path(decoded), "{decoded:?} should be refused");
        }
    }

    #[test]
    fn the_length_limit_counts_bytes() {
        let longest = format!("/{}", "a".repeat(MAX_LOCAL_PATH_BYTES - 1));
        assert!(is_local_path(&longest));
        assert!(!is_local_path(&format!("{longest}a")));
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(urlencode("/join/AB CD?x=1&y"), "/join/AB%20CD%3Fx%3D1%26y");
    }
}
