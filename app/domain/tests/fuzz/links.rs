//! `next` addresses and pushed live items: whatever string `is_local_path` accepts, a browser
//! resolves to this site, even after dropping tabs and line breaks and reading `\` as `/` as
//! browsers do. And query values survive `urlencode`.

use domain::links::{is_local_path, urlencode, MAX_LOCAL_PATH_BYTES};
use proptest::prelude::*;
use url::Url;

use super::mutations::tricky_char;
use super::support::fuzz;

/// The host of the page the addresses are resolved on.
const THIS_SITE: &str = "rmm.invalid";

/// Characters of addresses, heavy in the ones that change where an address leads.
fn address_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => proptest::sample::select(vec!['/', '\\', '\t', '\n', '\r', ':', '.', '%', '@', '?', '#']),
        3 => proptest::char::range('a', 'z'),
        1 => proptest::sample::select(vec!['0', '2', '5', '9', 'F', 'C', ' ', '\u{0}', '\u{c}']),
        2 => tricky_char(),
    ]
}

/// Addresses: random characters, often after a leading `/` (the shape that passes the first
/// test), sometimes with a known trick in front.
fn address() -> impl Strategy<Value = String> {
    let body = proptest::collection::vec(address_char(), 0..24)
        .prop_map(|chars| chars.into_iter().collect::<String>());
    let prefix = proptest::sample::select(vec![
        "",
        "/",
        "/",
        "/",
        "//",
        "/\t/",
        "/\\",
        "\\\\",
        "https:",
        "https://",
        "/%2F",
        "/%09/",
        "javascript:",
        " /",
        "/./",
        "/../",
    ]);
    (prefix, body).prop_map(|(prefix, body)| format!("{prefix}{body}"))
}

/// The host a browser reaches when it resolves `address` on a page of this site.
fn resolved_host(address: &str) -> Option<String> {
    let page = Url::parse("https://rmm.invalid/x").expect("a valid base");
    page.join(address)
        .ok()
        .and_then(|url| url.host_str().map(str::to_string))
}

#[test]
fn local_paths_resolve_to_this_site_however_a_browser_reads_them() {
    fuzz("links::is_local_path", 1, address(), |address| {
        if !is_local_path(&address) {
            return Ok(());
        }
        prop_assert!(address.len() <= MAX_LOCAL_PATH_BYTES);
        prop_assert_eq!(resolved_host(&address), Some(THIS_SITE.to_string()));
        let as_browsers_read_it: String = address
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .map(|c| if c == '\\' { '/' } else { c })
            .collect();
        prop_assert_eq!(
            resolved_host(&as_browsers_read_it),
            Some(THIS_SITE.to_string())
        );
        // Independently of any URL parser: once read as a browser reads it, the address starts
        // with exactly one slash, the one shape that cannot name another host.
        prop_assert!(as_browsers_read_it.starts_with('/'));
        prop_assert!(!as_browsers_read_it.starts_with("//"));
        Ok(())
    });
}

#[test]
fn any_unicode_string_is_judged_without_panicking() {
    fuzz(
        "links::is_local_path (any text)",
        1,
        any::<String>(),
        |text| {
            if is_local_path(&text) {
                prop_assert_eq!(resolved_host(&text), Some(THIS_SITE.to_string()));
            }
            Ok(())
        },
    );
}

#[test]
fn urlencoded_values_decode_to_the_original() {
    fuzz("links::urlencode", 1, any::<String>(), |text| {
        let encoded = urlencode(&text);
        prop_assert!(encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~/%".contains(&b)));
        let query = format!("v={encoded}");
        let decoded: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        prop_assert_eq!(decoded, vec![("v".to_string(), text)]);
        Ok(())
    });
}
