//! The slots of a rendered page: the places where each reader's own parts go.
//!
//! Pages are rendered once for everyone with a marker where a personal part goes (the header's
//! account menu, the home page's progress panel; see `app::components`). This module finds the
//! markers in a page's bytes, keeps the page as the text between them, and joins it again with
//! whatever goes in each slot. It knows nothing of whose parts they are (`personal_parts` does).

use axum::body::{to_bytes, Body, Bytes};
use axum::http::{header, HeaderMap, Response};

use app::components::account_menu::ACCOUNT_MENU_SLOT;
use app::components::progress_panel::PROGRESS_SLOT;

/// The largest page read (to fill its slots, or to keep it): the notebook, the whole course on
/// one page, is about 1 MB.
const MAX_PAGE_BYTES: usize = 8 << 20;

/// What goes in a slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    AccountMenu,
    Progress,
}

impl Slot {
    const ALL: [Slot; 2] = [Slot::AccountMenu, Slot::Progress];

    fn marker(self) -> &'static [u8] {
        match self {
            Slot::AccountMenu => ACCOUNT_MENU_SLOT.as_bytes(),
            Slot::Progress => PROGRESS_SLOT.as_bytes(),
        }
    }
}

/// A page cut at its slots: `text[0]`, slot 0, `text[1]`, slot 1, …, the last text.
#[derive(Clone, Debug)]
pub struct SlottedPage {
    pub text: Vec<Bytes>,
    pub slots: Vec<Slot>,
}

impl SlottedPage {
    /// `page` cut at the first marker of each kind of slot, or `None` when it has none. (A
    /// second marker of a kind would be a reader's text quoting it, so it is left as text.)
    pub fn split(page: &Bytes) -> Option<SlottedPage> {
        let mut found: Vec<(usize, Slot)> = Slot::ALL
            .iter()
            .filter_map(|&slot| find(page, slot.marker()).map(|at| (at, slot)))
            .collect();
        if found.is_empty() {
            return None;
        }
        found.sort_by_key(|(at, _)| *at);
        let mut text = Vec::with_capacity(found.len() + 1);
        let mut from = 0;
        for &(at, slot) in &found {
            text.push(page.slice(from..at));
            from = at + slot.marker().len();
        }
        text.push(page.slice(from..));
        let slots = found.into_iter().map(|(_, slot)| slot).collect();
        Some(SlottedPage { text, slots })
    }

    /// The page with `fills[i]` in slot `i`.
    pub fn joined<S: AsRef<str>>(&self, fills: &[S]) -> Vec<u8> {
        debug_assert_eq!(fills.len(), self.slots.len());
        let length = self.text.iter().map(Bytes::len).sum::<usize>()
            + fills.iter().map(|f| f.as_ref().len()).sum::<usize>();
        let mut out = Vec::with_capacity(length);
        for (i, text) in self.text.iter().enumerate() {
            out.extend_from_slice(text);
            if let Some(fill) = fills.get(i) {
                out.extend_from_slice(fill.as_ref().as_bytes());
            }
        }
        out
    }

    /// The text parts, borrowed (for compressing around the slots).
    pub fn text_parts(&self) -> Vec<&[u8]> {
        self.text.iter().map(|t| &t[..]).collect()
    }

    /// The bytes kept.
    pub fn size(&self) -> usize {
        self.text.iter().map(Bytes::len).sum()
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether a response is an HTML page as rendered (not compressed yet).
pub fn is_uncompressed_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"))
        && !headers.contains_key(header::CONTENT_ENCODING)
}

/// A rendered page's bytes, or the 500 to send when they cannot be read (over
/// `MAX_PAGE_BYTES`, or the render failed half-way).
pub async fn read_page(body: Body) -> Result<Bytes, Response<Body>> {
    to_bytes(body, MAX_PAGE_BYTES).await.map_err(|_| {
        Response::builder()
            .status(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
            .body(Body::from("The page could not be read; please reload."))
            .expect("a valid response")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_cut_at_the_first_marker_of_each_slot_in_page_order() {
        let page = Bytes::from(format!(
            "<header>{ACCOUNT_MENU_SLOT}</header><main>{PROGRESS_SLOT}<p>{ACCOUNT_MENU_SLOT}</p></main>"
        ));
        let slotted = SlottedPage::split(&page).unwrap();
        assert_eq!(slotted.slots, vec![Slot::AccountMenu, Slot::Progress]);
        let out =
            String::from_utf8(slotted.joined(&["<a>Ana</a>", "<section>75%</section>"])).unwrap();
        assert_eq!(
            out,
            format!("<header><a>Ana</a></header><main><section>75%</section><p>{ACCOUNT_MENU_SLOT}</p></main>")
        );
        assert_eq!(
            slotted.size(),
            page.len() - ACCOUNT_MENU_SLOT.len() - PROGRESS_SLOT.len()
        );
    }

    #[test]
    fn a_page_without_a_slot_is_not_cut() {
        assert!(SlottedPage::split(&Bytes::from_static(b"<p>no header</p>")).is_none());
    }

    #[test]
    fn a_page_with_only_one_kind_of_slot_has_one_slot() {
        let page = Bytes::from(format!("a{PROGRESS_SLOT}b"));
        let slotted = SlottedPage::split(&page).unwrap();
        assert_eq!(slotted.slots, vec![Slot::Progress]);
        assert_eq!(slotted.joined(&[""]), b"ab");
    }
}
