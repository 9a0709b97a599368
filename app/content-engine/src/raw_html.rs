//! The raw HTML that course Markdown may carry: inline SVG and simple markup, but nothing that
//! runs script or needs inline styles (the Content-Security-Policy forbids both, and this check
//! tells the author at start-up rather than leaving a broken page).
//!
//! Browsers read HTML more loosely than it is usually written, so the check reads it the same
//! loose way: any letter case; `/` or a quote instead of a space before an attribute (`<svg/onload=…>`);
//! spaces around `=`; and, inside an address, tabs, line breaks and character references such as
//! `&#106;` or `&colon;` that still spell `javascript:` once the browser has decoded them.

/// Says what is wrong with a piece of raw HTML, if anything.
pub fn unsafe_html(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let address_text: String = decode_references(&lower)
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let hidden_scheme = ["javascript:", "vbscript:", "data:text/html"]
        .iter()
        .any(|scheme| address_text.contains(scheme));
    if lower.contains("<script") || hidden_scheme {
        return Some("raw HTML may not contain scripts".into());
    }
    if ["<iframe", "<frame", "<object", "<embed"]
        .iter()
        .any(|tag| lower.contains(tag))
    {
        return Some("raw HTML may not embed frames or objects".into());
    }
    let tight = without_spaces_before_equals(&lower);
    if attribute_names(&tight).any(|name| name == "style") || lower.contains("<style") {
        return Some(
            "raw HTML may not carry inline styles: use SVG presentation attributes".into(),
        );
    }
    if attribute_names(&tight).any(|name| name.starts_with("on") && name.len() > 2) {
        return Some("raw HTML may not carry event-handler attributes (on…=)".into());
    }
    None
}

/// The names of the attributes given a value in `html`: each word before an `=`, where words are
/// separated as browsers separate attributes (white space, `/`, quotes, `<`). A line start is a
/// boundary too, as pulldown-cmark hands over an HTML block line by line. `font-style=` is not
/// `style=`.
fn attribute_names(html: &str) -> impl Iterator<Item = &str> {
    html.split(|c: char| c.is_whitespace() || matches!(c, '/' | '"' | '\'' | '`' | '<'))
        .filter_map(|word| word.split_once('=').map(|(name, _)| name))
}

/// `html` without the white space before each `=`, so that `onclick = x` reads as `onclick=x`.
fn without_spaces_before_equals(html: &str) -> String {
    let mut tight = String::with_capacity(html.len());
    let mut spaces = String::new();
    for c in html.chars() {
        if c.is_whitespace() {
            spaces.push(c);
            continue;
        }
        if c != '=' {
            tight.push_str(&spaces);
        }
        spaces.clear();
        tight.push(c);
    }
    tight.push_str(&spaces);
    tight
}

/// `text` (lowercased) with the character references that can spell a scheme decoded as a
/// browser decodes them in an attribute value: numeric ones (`&#106;`, `&#x6a;`, the `;` being
/// optional) and `&colon;`, `&tab;` and `&newline;`.
fn decode_references(text: &str) -> String {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        decoded.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        match reference(rest) {
            Some((c, length)) => {
                decoded.push(c);
                rest = &rest[length..];
            }
            None => decoded.push('&'),
        }
    }
    decoded.push_str(rest);
    decoded
}

/// The character the reference at the start of `text` (just after its `&`) stands for, and how
/// many bytes the reference takes.
fn reference(text: &str) -> Option<(char, usize)> {
    for (name, c) in [("colon;", ':'), ("tab;", '\t'), ("newline;", '\n')] {
        if text.starts_with(name) {
            return Some((c, name.len()));
        }
    }
    let number = text.strip_prefix('#')?;
    let (radix, digits_at) = if number.starts_with('x') {
        (16, 2)
    } else {
        (10, 1)
    };
    let digits = text[digits_at..]
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(text.len() - digits_at);
    let value = u32::from_str_radix(&text[digits_at..digits_at + digits], radix).ok()?;
    let semicolon = usize::from(text[digits_at + digits..].starts_with(';'));
    Some((char::from_u32(value)?, digits_at + digits + semicolon))
}

#[cfg(test)]
mod tests {
    use super::unsafe_html;

    #[test]
    fn scripts_handlers_styles_and_frames_are_refused_however_written() {
        for bad in [
            "<script>alert(1)</script>",
            "<SCRIPT>",
            "<svg onload=\"x()\">",
            "<svg/onload=alert(1)>",
            "<a title=\"x\"onclick=\"y\">",
            "<img src=x onerror =alert(1)>",
            "<p style=\"color:red\">",
            "<p/style=\"color:red\">",
            "style = \"color:red\">",
            "<a href=\"javascript:alert(1)\">",
            "<a href=\"java\tscript:alert(1)\">",
            "<a href=\"jav&#x61;script:alert(1)\">",
            "<a href=\"&#106avascript:alert(1)\">",
            "<a href=\"javascript&colon;alert(1)\">",
            "<a href=\"data:text/html,x\">",
            "<iframe src=x>",
            "<object data=x>",
        ] {
            assert!(unsafe_html(bad).is_some(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn svg_and_plain_markup_pass() {
        for good in [
            "<svg viewBox=\"0 0 10 10\" role=\"img\" aria-labelledby=\"t\">",
            "<text font-style=\"italic\" x=\"1\">on top</text>",
            "<rect width=\"10\" fill=\"#036\"/>",
            "<a href=\"https://example.org/a&amp;b\">",
            "<p>Rock &amp; roll &#8212; on = off</p>",
            "<svg onload>",
        ] {
            assert_eq!(unsafe_html(good), None, "{good:?} should pass");
        }
    }
}
