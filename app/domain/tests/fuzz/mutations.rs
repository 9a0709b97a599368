//! What fuzz inputs are made of: text heavy in the characters that break parsers (separators,
//! control characters, white space of every kind, unusual Unicode, huge values), and mutations
//! of a valid form submission (fields dropped, repeated, truncated, renamed, swollen). Shared
//! with the content engine's fuzz tests, which include this file by path.

use proptest::prelude::*;
use proptest::sample::Index;

/// The characters that most often break parsers of addresses, form fields and codes.
const TRICKY: &[char] = &[
    '/', '\\', '\t', '\n', '\r', ':', '.', '%', '@', '?', '#', '&', '=', '+', ';', ',', ' ', '-',
    '_', '"', '\'', '<', '>', '\0', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}', '\u{ad}', '\u{200b}',
    '\u{2028}', '\u{202e}', '\u{3000}', '\u{feff}', '\u{ff0f}', '\u{301}', 'İ', 'ß', 'é', '😀',
];

/// One character: mostly tricky ASCII and lowercase letters, sometimes digits, capitals or any
/// Unicode scalar value at all.
pub fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::sample::select(TRICKY),
        4 => proptest::char::range('a', 'z'),
        2 => proptest::char::range('0', '9'),
        1 => proptest::char::range('A', 'Z'),
        1 => any::<char>(),
    ]
}

/// Text of up to `max_chars` tricky characters.
pub fn tricky_text(max_chars: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(tricky_char(), 0..=max_chars).prop_map(|c| c.into_iter().collect())
}

/// Text as a person or an attacker might post it: usually short and tricky, sometimes huge (a
/// short piece repeated to tens of thousands of characters), sometimes a plain number.
pub fn posted_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => tricky_text(24),
        2 => (0u32..20).prop_map(|n| n.to_string()),
        1 => (tricky_text(6), 1usize..30_000).prop_map(|(piece, times)| piece.repeat(times)),
        1 => Just(String::new()),
    ]
}

/// The most a repeated value may grow to, in bytes: far past every limit, within memory.
const MAX_REPEATED_BYTES: usize = 200_000;

/// One change to a submitted form's fields. Indexes pick a field (or a character) among those
/// present when the change is applied, so a change always lands somewhere.
#[derive(Clone, Debug)]
pub enum FieldMutation {
    Drop(Index),
    Duplicate(Index),
    Swap(Index, Index),
    TruncateValue(Index, Index),
    TruncateName(Index, Index),
    ReplaceValue(Index, String),
    ReplaceName(Index, String),
    AppendToValue(Index, String),
    AppendToName(Index, String),
    InsertIntoValue(Index, Index, char),
    RepeatValue(Index, usize),
    Add(String, String),
}

/// A random change to a form's fields.
pub fn field_mutation() -> impl Strategy<Value = FieldMutation> {
    use FieldMutation::*;
    prop_oneof![
        2 => any::<Index>().prop_map(Drop),
        2 => any::<Index>().prop_map(Duplicate),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Swap(a, b)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(f, at)| TruncateValue(f, at)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(f, at)| TruncateName(f, at)),
        3 => (any::<Index>(), posted_text()).prop_map(|(f, text)| ReplaceValue(f, text)),
        1 => (any::<Index>(), tricky_text(12)).prop_map(|(f, text)| ReplaceName(f, text)),
        2 => (any::<Index>(), tricky_text(8)).prop_map(|(f, text)| AppendToValue(f, text)),
        1 => (any::<Index>(), tricky_text(4)).prop_map(|(f, text)| AppendToName(f, text)),
        2 => (any::<Index>(), any::<Index>(), tricky_char())
            .prop_map(|(f, at, c)| InsertIntoValue(f, at, c)),
        1 => (any::<Index>(), 2usize..5_000).prop_map(|(f, times)| RepeatValue(f, times)),
        1 => (tricky_text(12), posted_text()).prop_map(|(name, value)| Add(name, value)),
    ]
}

/// Up to `max` changes to apply one after the other.
pub fn field_mutations(max: usize) -> impl Strategy<Value = Vec<FieldMutation>> {
    proptest::collection::vec(field_mutation(), 1..=max)
}

/// `text` cut after the character that `at` picks (possibly to nothing).
fn truncated(text: &str, at: &Index) -> String {
    let keep = at.index(text.chars().count() + 1);
    text.chars().take(keep).collect()
}

/// `text` with `c` inserted before the character that `at` picks.
fn inserted(text: &str, at: &Index, c: char) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    chars.insert(at.index(chars.len() + 1), c);
    chars.into_iter().collect()
}

/// Applies `mutations` to `fields` in order. A change that needs a field does nothing when none
/// is left.
pub fn mutate_fields(fields: &mut Vec<(String, String)>, mutations: &[FieldMutation]) {
    for mutation in mutations {
        if fields.is_empty() {
            if let FieldMutation::Add(name, value) = mutation {
                fields.push((name.clone(), value.clone()));
            }
            continue;
        }
        let len = fields.len();
        match mutation {
            FieldMutation::Drop(f) => {
                fields.remove(f.index(len));
            }
            FieldMutation::Duplicate(f) => {
                let copy = fields[f.index(len)].clone();
                fields.push(copy);
            }
            FieldMutation::Swap(a, b) => fields.swap(a.index(len), b.index(len)),
            FieldMutation::TruncateValue(f, at) => {
                let field = &mut fields[f.index(len)];
                field.1 = truncated(&field.1, at);
            }
            FieldMutation::TruncateName(f, at) => {
                let field = &mut fields[f.index(len)];
                field.0 = truncated(&field.0, at);
            }
            FieldMutation::ReplaceValue(f, text) => fields[f.index(len)].1 = text.clone(),
            FieldMutation::ReplaceName(f, text) => fields[f.index(len)].0 = text.clone(),
            FieldMutation::AppendToValue(f, text) => fields[f.index(len)].1.push_str(text),
            FieldMutation::AppendToName(f, text) => fields[f.index(len)].0.push_str(text),
            FieldMutation::InsertIntoValue(f, at, c) => {
                let field = &mut fields[f.index(len)];
                field.1 = inserted(&field.1, at, *c);
            }
            FieldMutation::RepeatValue(f, times) => {
                // Capped, so that repeating a value that is already huge stays a test of limits
                // rather than of the machine's memory.
                let field = &mut fields[f.index(len)];
                let times = (*times)
                    .min(MAX_REPEATED_BYTES / field.1.len().max(1))
                    .max(1);
                field.1 = field.1.repeat(times);
            }
            FieldMutation::Add(name, value) => fields.push((name.clone(), value.clone())),
        }
    }
}

/// A form of random fields: names mostly picked from `names` (the ones the reader looks for),
/// sometimes made up; values as posted.
pub fn random_fields(names: Vec<String>) -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        4 => proptest::sample::select(names),
        1 => tricky_text(16),
    ];
    proptest::collection::vec((name, posted_text()), 0..24)
}
