//! The QR code a printed certificate carries: its verification address, as an inline SVG.
//!
//! Drawn here from the code's modules as one `<path>` (a horizontal run of dark modules is one
//! rectangle), which is much smaller than one shape per module, with the four-module quiet zone
//! that scanners need. Error correction level M (15 % of the code may be damaged or smudged and it
//! still reads) suits a printed page.

use std::fmt::Write;

use qrcode::{Color, EcLevel, QrCode};

/// The accessible name of every QR code.
pub const ARIA_LABEL: &str = "QR code of the verification address";

/// Light modules around the code, on each side (the minimum the QR standard asks for).
const QUIET_ZONE: usize = 4;

/// The drawn size of one module, in CSS pixels, before any style resizes it (a 25-module code
/// with its quiet zone is 132 pixels, about 35 mm on paper).
const MODULE_PIXELS: usize = 4;

/// An SVG (no XML declaration, ready to inline in HTML) of the QR code of `text`.
pub fn qr_svg(text: &str) -> String {
    match QrCode::with_error_correction_level(text, EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(text, EcLevel::L))
    {
        Ok(code) => render(&code, text),
        // Only text far longer than any address does not fit: say so instead of drawing.
        Err(_) => format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="40" height="40" role="img" aria-label="{ARIA_LABEL} (too long to draw)"><rect width="10" height="10" fill="#fff"/></svg>"##
        ),
    }
}

fn render(code: &QrCode, text: &str) -> String {
    let width = code.width();
    let size = width + 2 * QUIET_ZONE;
    let pixels = size * MODULE_PIXELS;
    let path = dark_runs(&code.to_colors(), width);
    let description = escape(text);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{pixels}" height="{pixels}" role="img" aria-label="{ARIA_LABEL}" shape-rendering="crispEdges"><desc>{description}</desc><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>"##
    )
}

/// The path data of the dark modules (given row by row, `width` to a row): one rectangle per
/// horizontal run, shifted by the quiet zone.
fn dark_runs(colors: &[Color], width: usize) -> String {
    let mut path = String::new();
    if width == 0 {
        return path;
    }
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < row.len() {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < row.len() && row[x] == Color::Dark {
                x += 1;
            }
            let run = x - start;
            let _ = write!(
                path,
                "M{} {}h{run}v1h-{run}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE
            );
        }
    }
    path
}

/// `text` safe inside an SVG element or attribute.
fn escape(text: &str) -> String {
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
    use super::*;

    const ADDRESS: &str = "https://classroom.example/verify/0123456789abcdef0123456789abcdef";

    #[test]
    fn is_an_inline_svg_with_an_accessible_name() {
        let svg = qr_svg(ADDRESS);
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<?xml"));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(&format!(r#"aria-label="{ARIA_LABEL}""#)));
        assert!(svg.contains(&format!("<desc>{ADDRESS}</desc>")));
        assert_eq!(svg.matches("<path").count(), 1);
    }

    #[test]
    fn draws_every_dark_module_once_inside_the_quiet_zone() {
        let code = QrCode::with_error_correction_level(ADDRESS, EcLevel::M).unwrap();
        let colors = code.to_colors();
        let dark = colors.iter().filter(|c| **c == Color::Dark).count();
        let path = dark_runs(&colors, code.width());
        let drawn: usize = path
            .split('h')
            .skip(1)
            .step_by(2)
            .map(|run| run.split('v').next().unwrap().parse::<usize>().unwrap())
            .sum();
        assert_eq!(drawn, dark);
        // The top-left finder pattern starts right after the quiet zone.
        assert!(
            path.starts_with(&format!("M{QUIET_ZONE} {QUIET_ZONE}h7v1h-7z")),
            "{path}"
        );
        let svg = render(&code, ADDRESS);
        let size = code.width() + 2 * QUIET_ZONE;
        assert!(svg.contains(&format!(r#"viewBox="0 0 {size} {size}""#)));
    }

    #[test]
    fn escapes_the_text_it_carries() {
        let svg = qr_svg("https://x.example/verify/<&\"'>");
        assert!(!svg.contains("<&\""));
        assert!(svg.contains("&lt;&amp;&quot;&#39;&gt;"));
        assert_eq!(svg.matches('<').count(), svg.matches('>').count());
    }

    #[test]
    fn text_too_long_for_any_code_still_gives_an_svg() {
        let svg = qr_svg(&"x".repeat(8000));
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains(ARIA_LABEL));
    }
}
