//! Reading the start and end tags of the course's rendered HTML as browsers read them, so that
//! `links` sees the same names and attribute values a browser would act on (a value the reader
//! missed could load something from outside the page).

/// A start or end tag as written.
pub(super) struct Tag<'a> {
    pub(super) closing: bool,
    pub(super) name: &'a str,
    pub(super) attributes: Vec<Attribute<'a>>,
    pub(super) self_closing: bool,
}

/// An attribute as written: its value without the quotes, entities left as they are.
pub(super) struct Attribute<'a> {
    pub(super) name: &'a str,
    pub(super) value: Option<&'a str>,
}

impl Attribute<'_> {
    /// The attribute written again, its value between double quotes.
    pub(super) fn written(&self) -> String {
        match self.value {
            Some(value) => format!(" {}=\"{}\"", self.name, value.replace('"', "&quot;")),
            None => format!(" {}", self.name),
        }
    }
}

/// The tag at the start of `text` (which starts with `<`) and its length in bytes, read as
/// browsers read tags; `None` when `text` does not start with a tag or the tag never ends.
pub(super) fn parse_tag(text: &str) -> Option<(Tag<'_>, usize)> {
    let bytes = text.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let start = if closing { 2 } else { 1 };
    if !bytes.get(start)?.is_ascii_alphabetic() {
        return None;
    }
    let mut at = start;
    while at < bytes.len() && !ends_name(bytes[at]) {
        at += 1;
    }
    let mut tag = Tag {
        closing,
        name: &text[start..at],
        attributes: Vec::new(),
        self_closing: false,
    };
    loop {
        while let Some(&byte) = bytes.get(at) {
            if byte == b'/' && bytes.get(at + 1) == Some(&b'>') {
                tag.self_closing = true;
            } else if !byte.is_ascii_whitespace() && byte != b'/' {
                break;
            }
            at += 1;
        }
        if *bytes.get(at)? == b'>' {
            return Some((tag, at + 1));
        }
        let (attribute, next) = parse_attribute(text, at)?;
        tag.attributes.push(attribute);
        at = next;
    }
}

/// The attribute starting at byte `start` of `text` and the byte after it.
fn parse_attribute(text: &str, start: usize) -> Option<(Attribute<'_>, usize)> {
    let bytes = text.as_bytes();
    // The first character belongs to the name whatever it is (even `=`), as browsers read it.
    let mut at = start + text[start..].chars().next()?.len_utf8();
    while at < bytes.len() && !ends_name(bytes[at]) && bytes[at] != b'=' {
        at += 1;
    }
    let name = &text[start..at];
    let mut next = at;
    while next < bytes.len() && bytes[next].is_ascii_whitespace() {
        next += 1;
    }
    if bytes.get(next) != Some(&b'=') {
        return Some((Attribute { name, value: None }, at));
    }
    next += 1;
    while next < bytes.len() && bytes[next].is_ascii_whitespace() {
        next += 1;
    }
    match *bytes.get(next)? {
        quote @ (b'"' | b'\'') => {
            let value_start = next + 1;
            let length = text[value_start..].find(char::from(quote))?;
            let value = &text[value_start..value_start + length];
            Some((
                Attribute {
                    name,
                    value: Some(value),
                },
                value_start + length + 1,
            ))
        }
        _ => {
            let mut end = next;
            while end < bytes.len() && !bytes[end].is_ascii_whitespace() && bytes[end] != b'>' {
                end += 1;
            }
            Some((
                Attribute {
                    name,
                    value: Some(&text[next..end]),
                },
                end,
            ))
        }
    }
}

fn ends_name(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == b'/' || byte == b'>'
}
