//! What in HTML could run script: a script, frame, object or style element, an event-handler or
//! style attribute, or an address attribute whose value is a `javascript:` (or similar) address,
//! also when written the ways browsers still accept: any case, `/` or a quote instead of a space
//! between attributes, `>` inside a quoted value, character references and tabs inside the
//! scheme. An oracle for the properties of the renderers: a small reading of tags after the HTML
//! tokenizer's rules, independent of the renderers' own checks.

/// Attributes whose value is an address a browser may follow or load.
const ADDRESS_ATTRIBUTES: &[&str] = &[
    "href",
    "xlink:href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
];
const ACTIVE_ELEMENTS: &[&str] = &["script", "iframe", "frame", "object", "embed", "style"];
const ACTIVE_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:text/html"];

/// The first active thing in `html`, described; `None` when there is none. Comments are inert,
/// whatever they hold.
pub fn active_part(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let (name, attributes, after) = read_tag(rest);
        if ACTIVE_ELEMENTS.contains(&name.as_str()) {
            return Some(format!("a <{name}> element"));
        }
        for (attribute, value) in attributes {
            // Without a value, a handler or a style does nothing.
            let empty = value.trim().is_empty();
            if (attribute.starts_with("on") || attribute == "style") && !empty {
                return Some(format!("the attribute {attribute} of <{name}>"));
            }
            let address: String = decoded(&value)
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                .collect();
            if ADDRESS_ATTRIBUTES.contains(&attribute.as_str())
                && ACTIVE_SCHEMES.iter().any(|s| address.starts_with(s))
            {
                return Some(format!("{attribute}={value:?} on <{name}>"));
            }
        }
        rest = after;
    }
    None
}

/// Reads a start tag from just after its `<`: its name, its attributes (names and raw values),
/// and the text after the tag.
fn read_tag(text: &str) -> (String, Vec<(String, String)>, &str) {
    let is_space = |c: char| c.is_ascii_whitespace();
    let end_of_name = text
        .find(|c: char| is_space(c) || c == '/' || c == '>')
        .unwrap_or(text.len());
    let name = text[..end_of_name].to_string();
    let mut rest = &text[end_of_name..];
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| is_space(c) || c == '/');
        if rest.is_empty() || rest.starts_with('>') {
            return (name, attributes, rest.get(1..).unwrap_or(""));
        }
        // A name runs to a space, `/`, `>` or `=` (an `=` first is part of the name).
        let first = rest.chars().next().map_or(0, char::len_utf8);
        let end = rest[first..]
            .find(|c: char| is_space(c) || matches!(c, '/' | '>' | '='))
            .map_or(rest.len(), |i| i + first);
        let attribute = rest[..end].to_string();
        rest = rest[end..].trim_start_matches(is_space);
        let mut value = String::new();
        if let Some(after_equals) = rest.strip_prefix('=') {
            let after_equals = after_equals.trim_start_matches(is_space);
            let (read, after) = read_value(after_equals);
            value = read.to_string();
            rest = after;
        }
        attributes.push((attribute, value));
    }
}

/// An attribute value (quoted, or up to a space or `>`) and the text after it.
fn read_value(text: &str) -> (&str, &str) {
    match text.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let inside = &text[1..];
            match inside.find(quote) {
                Some(end) => (&inside[..end], &inside[end + 1..]),
                None => (inside, ""),
            }
        }
        _ => {
            let end = text
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(text.len());
            (&text[..end], &text[end..])
        }
    }
}

/// `text` with numeric character references and the named ones that hide a scheme decoded.
fn decoded(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|end| *end <= 12);
        match end.and_then(|end| character(&rest[1..end])) {
            Some(c) => {
                out.push(c);
                rest = &rest[end.unwrap_or(0) + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference such as `#106`, `#x6a` or `colon` stands for.
fn character(reference: &str) -> Option<char> {
    let number = match reference.strip_prefix('#') {
        Some(hex) if hex.starts_with('x') => u32::from_str_radix(&hex[1..], 16).ok(),
        Some(decimal) => decimal.parse().ok(),
        None => match reference {
            "colon" => Some(u32::from(':')),
            "tab" => Some(9),
            "newline" => Some(10),
            _ => None,
        },
    };
    number.and_then(char::from_u32)
}

#[test]
fn the_oracle_finds_what_browsers_would_run() {
    for active in [
        "<script>x</script>",
        "<svg/onload=alert(1)>",
        "<a title=\"x\"onclick=\"y\">",
        "<a title=\">\" onclick=y>",
        "<a href=\"jav&#x61;script:alert(1)\">",
        "<a href=\" java\tscript:alert(1)\">",
        "<a href=JavaScript:x>",
        "<p STYLE=\"x\">",
    ] {
        assert!(active_part(active).is_some(), "{active}");
    }
    for inert in [
        "<code class=\"language-=javascript:\">",
        "<!-- <script> -->",
        "<!--java\tscript:",
        "<p>on=off</p>",
        "<a href=\"/online\">",
        "<svg onload>",
        "<svg font-style=\"x\">",
        "&lt;script&gt;",
        "a < b",
    ] {
        assert_eq!(active_part(inert), None, "{inert}");
    }
}
