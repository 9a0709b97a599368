//! Addresses inside the site: checking that one stays on it, and putting one into a query string.
//! Used wherever an address comes from outside (a form's `next`, a pushed live item).

/// Whether `url` is a path on this site: it cannot lead a browser to another site (open
/// redirect) however it is used.
pub fn is_local_path(url: &str) -> bool {
    url.starts_with('/')
        && !url.starts_with("//")
        && !url.contains('\\')
        && !url.contains("://")
        && url.len() <= 500
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
    fn only_paths_on_this_site_are_local() {
        assert!(is_local_path("/modules/welcome/lesson"));
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "lesson",
            "",
        ] {
            assert!(!is_local_path(bad), "{bad}");
        }
        assert!(!is_local_path(&format!("/{}", "a".repeat(600))));
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(urlencode("/join/AB CD?x=1&y"), "/join/AB%20CD%3Fx%3D1%26y");
    }
}
