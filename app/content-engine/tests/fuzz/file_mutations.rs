//! Mutations of a content file's bytes: what an editor slip, a bad merge, a half-written save or
//! a damaged disk does to a file. Positions are `Index`es, picked among the bytes or lines there
//! are when the mutation is applied, so every mutation lands somewhere.

use proptest::prelude::*;
use proptest::sample::Index;

use super::mutations::tricky_text;

/// The most bytes a huge line may have: far past anything the loader expects, within memory.
const MAX_HUGE_LINE_BYTES: usize = 300_000;

/// Snippets that make TOML values wrong in type or range, or Markdown link to nowhere.
const WRONG_VALUES: &[&str] = &[
    "",
    "\"\"",
    "-1",
    "0",
    "99999999999999999999",
    "1e999",
    "nan",
    "[]",
    "{}",
    "[[]]",
    "true",
    "\"x\"",
    "'''",
    "\"\"\"",
    "[x](glossary:nope)",
    "[x](model:ZZZ:SG9.SP9)",
    "+++",
    "---",
    "Notes:",
    "```",
    "<script>",
    "\u{feff}",
    "id = \"welcome\"",
    "[[items]]",
    "kind = \"essay\"",
];

#[derive(Clone, Debug)]
pub enum FileMutation {
    FlipBit(Index, u8),
    DeleteBytes(Index, usize),
    InsertText(Index, String),
    InsertInvalidUtf8(Index, Vec<u8>),
    Truncate(Index),
    DeleteLine(Index),
    /// Deletes one of the first lines, where front matter and a TOML file's main keys are.
    DeleteEarlyLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    InsertHugeLine(Index, String, usize),
    /// Puts a wrong value after the `=` of a line that has one (or a snippet into a line).
    ReplaceValue(Index, &'static str),
}

/// A random change to a file.
pub fn file_mutation() -> impl Strategy<Value = FileMutation> {
    use FileMutation::*;
    let invalid_utf8 = proptest::sample::select(vec![
        vec![0xff],
        vec![0xc3],
        vec![0x80, 0x80],
        vec![0xed, 0xa0, 0x80],
        vec![0xf4, 0x90, 0x80, 0x80],
    ]);
    prop_oneof![
        2 => (any::<Index>(), 0u8..8).prop_map(|(at, bit)| FlipBit(at, bit)),
        2 => (any::<Index>(), 1usize..200).prop_map(|(at, len)| DeleteBytes(at, len)),
        2 => (any::<Index>(), tricky_text(12)).prop_map(|(at, text)| InsertText(at, text)),
        1 => (any::<Index>(), invalid_utf8).prop_map(|(at, bytes)| InsertInvalidUtf8(at, bytes)),
        1 => any::<Index>().prop_map(Truncate),
        2 => any::<Index>().prop_map(DeleteLine),
        2 => any::<Index>().prop_map(DeleteEarlyLine),
        2 => any::<Index>().prop_map(DuplicateLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| SwapLines(a, b)),
        1 => (any::<Index>(), tricky_text(4), 1usize..MAX_HUGE_LINE_BYTES)
            .prop_map(|(at, piece, len)| InsertHugeLine(at, piece, len)),
        3 => (any::<Index>(), proptest::sample::select(WRONG_VALUES))
            .prop_map(|(at, value)| ReplaceValue(at, value)),
    ]
}

/// One to `max` changes, applied in order.
pub fn file_mutations(max: usize) -> impl Strategy<Value = Vec<FileMutation>> {
    proptest::collection::vec(file_mutation(), 1..=max)
}

/// `bytes` with every mutation applied in order.
pub fn mutate(bytes: &[u8], mutations: &[FileMutation]) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    for mutation in mutations {
        apply(&mut bytes, mutation);
    }
    bytes
}

fn apply(bytes: &mut Vec<u8>, mutation: &FileMutation) {
    let len = bytes.len();
    match mutation {
        FileMutation::FlipBit(at, bit) if len > 0 => bytes[at.index(len)] ^= 1 << bit,
        FileMutation::DeleteBytes(at, count) if len > 0 => {
            let start = at.index(len);
            bytes.drain(start..(start + count).min(len));
        }
        FileMutation::InsertText(at, text) => splice(bytes, at.index(len + 1), text.as_bytes()),
        FileMutation::InsertInvalidUtf8(at, bad) => splice(bytes, at.index(len + 1), bad),
        FileMutation::Truncate(at) => bytes.truncate(at.index(len + 1)),
        FileMutation::InsertHugeLine(at, piece, huge) => {
            let piece = if piece.is_empty() {
                "x"
            } else {
                piece.as_str()
            };
            let times = (huge / piece.len()).max(1);
            let line = format!("{}\n", piece.repeat(times));
            let mut lines = split_lines(bytes);
            lines.insert(at.index(lines.len() + 1), line.into_bytes());
            *bytes = lines.concat();
        }
        _ => apply_to_lines(bytes, mutation),
    }
}

/// The mutations that work on whole lines.
fn apply_to_lines(bytes: &mut Vec<u8>, mutation: &FileMutation) {
    let mut lines = split_lines(bytes);
    if lines.is_empty() {
        return;
    }
    let count = lines.len();
    match mutation {
        FileMutation::DeleteLine(at) => {
            lines.remove(at.index(count));
        }
        FileMutation::DeleteEarlyLine(at) => {
            lines.remove(at.index(count.min(12)));
        }
        FileMutation::DuplicateLine(at) => {
            let line = lines[at.index(count)].clone();
            lines.insert(at.index(count), line);
        }
        FileMutation::SwapLines(a, b) => lines.swap(a.index(count), b.index(count)),
        FileMutation::ReplaceValue(at, value) => {
            let line = &mut lines[at.index(count)];
            match line.iter().position(|b| *b == b'=') {
                Some(equals) => {
                    line.truncate(equals + 1);
                    line.extend_from_slice(format!(" {value}\n").as_bytes());
                }
                None => line.extend_from_slice(format!(" {value}\n").as_bytes()),
            }
        }
        _ => {}
    }
    *bytes = lines.concat();
}

/// The lines of `bytes`, each with its line break.
fn split_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn splice(bytes: &mut Vec<u8>, at: usize, insert: &[u8]) {
    bytes.splice(at..at, insert.iter().copied());
}
