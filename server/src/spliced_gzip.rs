//! A gzip body made of a page compressed once and a small part written per request, without
//! compressing the page again.
//!
//! A course page is the same for every reader but for the account menu in its header. Deflate
//! lets a stream be cut at byte boundaries: the part before the menu is compressed once and
//! ended with a sync flush (an empty stored block, which aligns the stream to a byte), the menu
//! goes in as a stored (uncompressed) block, and the part after it is compressed once as the
//! stream's last blocks. Gzip's trailer needs the CRC-32 of the whole text, which is combined from
//! the three parts' CRCs. A personal page then costs a few copies, not a compression.

use axum::body::Bytes;
use crc32fast::Hasher as Crc;
use flate2::{Compress, Compression, FlushCompress, Status};

/// The ten bytes that open a gzip member: deflate, no name or time, "unknown" operating system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
/// The most data one stored deflate block holds.
const MAX_STORED_BLOCK: usize = 65_535;

/// A page cut around one slot, kept compressed on both sides of it.
pub struct SplicedGzip {
    /// The gzip header and the deflated text before the slot, ending on a byte boundary.
    head: Bytes,
    /// The deflated text after the slot, ending the deflate stream.
    tail: Bytes,
    before: Crc,
    after: Crc,
    length_before: u64,
    length_after: u64,
}

impl SplicedGzip {
    pub fn new(before: &[u8], after: &[u8]) -> SplicedGzip {
        let mut head = GZIP_HEADER.to_vec();
        deflate_into(before, FlushCompress::Sync, &mut head);
        let mut tail = Vec::new();
        deflate_into(after, FlushCompress::Finish, &mut tail);
        SplicedGzip {
            head: Bytes::from(head),
            tail: Bytes::from(tail),
            before: crc_of(before),
            after: crc_of(after),
            length_before: before.len() as u64,
            length_after: after.len() as u64,
        }
    }

    /// The whole gzip body with `middle` in the slot.
    pub fn with(&self, middle: &[u8]) -> Vec<u8> {
        let blocks = middle.len().div_ceil(MAX_STORED_BLOCK);
        let mut out =
            Vec::with_capacity(self.head.len() + middle.len() + 5 * blocks + self.tail.len() + 8);
        out.extend_from_slice(&self.head);
        for chunk in middle.chunks(MAX_STORED_BLOCK) {
            // A stored block that is not the last: the three header bits are zero, padded to the
            // byte boundary the sync flush left, then its length and the length's complement.
            let length = chunk.len() as u16;
            out.push(0);
            out.extend_from_slice(&length.to_le_bytes());
            out.extend_from_slice(&(!length).to_le_bytes());
            out.extend_from_slice(chunk);
        }
        out.extend_from_slice(&self.tail);
        let mut crc = self.before.clone();
        crc.combine(&crc_of(middle));
        crc.combine(&self.after);
        let length = self.length_before + middle.len() as u64 + self.length_after;
        out.extend_from_slice(&crc.finalize().to_le_bytes());
        // ISIZE: the text's length modulo 2^32.
        out.extend_from_slice(&(length as u32).to_le_bytes());
        out
    }

    /// The bytes kept (for the page cache's bound).
    pub fn size(&self) -> usize {
        self.head.len() + self.tail.len()
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
        let page = SplicedGzip::new(before.as_bytes(), after.as_bytes());
        for middle in ["", "<a href=\"/sign-in\">Sign in</a>", "Zoë · My classes ✓"] {
            let body = page.with(middle.as_bytes());
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
        let page = SplicedGzip::new(b"head", b"tail");
        let text = gunzip(&page.with(&middle));
        assert_eq!(&text[..4], b"head");
        assert_eq!(&text[4..text.len() - 4], &middle[..]);
        assert_eq!(&text[text.len() - 4..], b"tail");
    }

    #[test]
    fn empty_parts_around_the_slot_still_make_a_valid_body() {
        let page = SplicedGzip::new(b"", b"");
        assert_eq!(gunzip(&page.with(b"menu")), b"menu");
        assert_eq!(gunzip(&page.with(b"")), b"");
    }
}
