//! A gzip body made of a page compressed once and small parts written per request, without
//! compressing the page again.
//!
//! A course page is the same for every reader but for the account menu in its header (and, on
//! the home page, the progress panel). Deflate lets a stream be cut at byte boundaries: the text
//! before each slot is compressed once and ended with a sync flush (an empty stored block, which
//! aligns the stream to a byte), each reader's part goes in as stored (uncompressed) blocks, and
//! the text after the last slot is compressed once as the stream's last blocks. Gzip's trailer
//! needs the CRC-32 of the whole text, which is combined from the parts' CRCs. A personal page
//! then costs a few copies, not a compression.

use axum::body::Bytes;
use crc32fast::Hasher as Crc;
use flate2::{Compress, Compression, FlushCompress, Status};

/// The ten bytes that open a gzip member: deflate, no name or time, "unknown" operating system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
/// The most data one stored deflate block holds.
const MAX_STORED_BLOCK: usize = 65_535;

/// A page cut at its slots, kept compressed between them.
pub struct SplicedGzip {
    /// The gzip header and the deflated text before the first slot, then the deflated text
    /// between each two slots, each ending on a byte boundary; the last ends the deflate stream.
    deflated: Vec<Bytes>,
    crcs: Vec<Crc>,
    length: u64,
}

impl SplicedGzip {
    /// `parts` are the page's text around its slots (one more part than slots).
    pub fn new(parts: &[&[u8]]) -> SplicedGzip {
        let last = parts.len().saturating_sub(1);
        let deflated = parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let mut out = if i == 0 {
                    GZIP_HEADER.to_vec()
                } else {
                    Vec::new()
                };
                let flush = if i == last {
                    FlushCompress::Finish
                } else {
                    FlushCompress::Sync
                };
                deflate_into(part, flush, &mut out);
                Bytes::from(out)
            })
            .collect();
        SplicedGzip {
            deflated,
            crcs: parts.iter().map(|part| crc_of(part)).collect(),
            length: parts.iter().map(|part| part.len() as u64).sum(),
        }
    }

    /// The whole gzip body with `fills[i]` in slot `i`.
    pub fn with<S: AsRef<[u8]>>(&self, fills: &[S]) -> Vec<u8> {
        let filled: usize = fills.iter().map(|f| f.as_ref().len()).sum();
        let blocks = filled.div_ceil(MAX_STORED_BLOCK) + fills.len();
        let mut out = Vec::with_capacity(self.size() + filled + 5 * blocks + 8);
        let mut crc = Crc::new();
        let mut length = self.length;
        for (i, deflated) in self.deflated.iter().enumerate() {
            out.extend_from_slice(deflated);
            crc.combine(&self.crcs[i]);
            if let Some(fill) = fills.get(i).filter(|_| i + 1 < self.deflated.len()) {
                let fill = fill.as_ref();
                stored_blocks(fill, &mut out);
                crc.combine(&crc_of(fill));
                length += fill.len() as u64;
            }
        }
        out.extend_from_slice(&crc.finalize().to_le_bytes());
        // ISIZE: the text's length modulo 2^32.
        out.extend_from_slice(&(length as u32).to_le_bytes());
        out
    }

    /// The bytes kept (for the page cache's bound).
    pub fn size(&self) -> usize {
        self.deflated.iter().map(Bytes::len).sum()
    }
}

/// Appends `text` as stored deflate blocks that are not the stream's last: for each, the three
/// header bits are zero, padded to the byte boundary the sync flush before it left, then its
/// length and the length's complement.
fn stored_blocks(text: &[u8], out: &mut Vec<u8>) {
    for chunk in text.chunks(MAX_STORED_BLOCK) {
        let length = chunk.len() as u16;
        out.push(0);
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&(!length).to_le_bytes());
        out.extend_from_slice(chunk);
    }
}

fn crc_of(bytes: &[u8]) -> Crc {
    let mut crc = Crc::new();
    crc.update(bytes);
    crc
}

/// Appends the raw deflate of `input` to `out`, ended by `flush` (`Sync`: more blocks follow;
/// `Finish`: the stream's last block).
fn deflate_into(input: &[u8], flush: FlushCompress, out: &mut Vec<u8>) {
    let mut compressor = Compress::new(Compression::best(), false);
    loop {
        out.reserve(input.len() / 2 + 1024);
        let consumed = compressor.total_in() as usize;
        let status = compressor
            .compress_vec(&input[consumed..], out, flush)
            .expect("deflating into memory cannot fail");
        let done = compressor.total_in() as usize == input.len();
        match (status, flush) {
            (Status::StreamEnd, _) => return,
            // A sync flush is complete once all input is in and the output was not cut short.
            (_, FlushCompress::Sync) if done && out.len() < out.capacity() => return,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut text)
            .expect("a valid gzip body");
        text
    }

    #[test]
    fn the_spliced_body_is_the_page_with_the_middle_in_its_slot() {
        let before = "<html><header>".repeat(500);
        let after = "</header><main>a lesson</main></html>".repeat(700);
        let page = SplicedGzip::new(&[before.as_bytes(), after.as_bytes()]);
        for middle in ["", "<a href=\"/sign-in\">Sign in</a>", "Zoë · My classes ✓"] {
            let body = page.with(&[middle]);
            assert_eq!(
                String::from_utf8(gunzip(&body)).unwrap(),
                format!("{before}{middle}{after}")
            );
        }
        // The page is kept compressed: far smaller than its text.
        assert!(page.size() * 10 < before.len() + after.len());
    }

    #[test]
    fn a_middle_longer_than_one_stored_block_is_cut_into_several() {
        let middle: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let page = SplicedGzip::new(&[b"head", b"tail"]);
        let text = gunzip(&page.with(&[&middle]));
        assert_eq!(&text[..4], b"head");
        assert_eq!(&text[4..text.len() - 4], &middle[..]);
        assert_eq!(&text[text.len() - 4..], b"tail");
    }

    #[test]
    fn empty_parts_around_the_slot_still_make_a_valid_body() {
        let page = SplicedGzip::new(&[b"", b""]);
        assert_eq!(gunzip(&page.with(&["menu"])), b"menu");
        assert_eq!(gunzip(&page.with(&[""])), b"");
    }

    #[test]
    fn several_slots_are_filled_in_order() {
        let parts: [&[u8]; 3] = [b"<header>", b"</header><main>", b"</main>"];
        let page = SplicedGzip::new(&parts);
        let text = gunzip(&page.with(&["<a>Ana</a>", "<p>75%</p>"]));
        assert_eq!(text, b"<header><a>Ana</a></header><main><p>75%</p></main>");
        assert_eq!(
            gunzip(&SplicedGzip::new(&[b"only text"]).with::<&str>(&[])),
            b"only text"
        );
    }
}
