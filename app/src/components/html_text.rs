//! HTML written as text by the server for the parts of a page filled in per reader (the account
//! menu, the home page's progress panel), outside Leptos' views, which escape on their own.

/// `text` with the five characters that could end text or an attribute value in HTML written as
/// entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_and_quotes_become_entities() {
        assert_eq!(
            super::escape(r#"<a href="x">'Zoë' & co</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;Zoë&#39; &amp; co&lt;/a&gt;"
        );
    }
}
