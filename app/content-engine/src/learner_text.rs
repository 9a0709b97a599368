//! Text that learners write (essays, short answers, comments) shown back as HTML: Markdown first,
//! then cleaned by ammonia with its default allow-list, so that script tags, event-handler
//! attributes, `javascript:` links and inline styles cannot survive, whatever was typed.

use pulldown_cmark::{html, Options, Parser};

/// Renders learner text as safe HTML.
pub fn render_learner_text(text: &str) -> String {
    let mut unsafe_html = String::new();
    html::push_html(
        &mut unsafe_html,
        Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH),
    );
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render_learner_text;

    #[test]
    fn markdown_is_kept_and_anything_active_is_removed() {
        let html = render_learner_text("**Bold** and [a link](https://example.org)");
        assert!(html.contains("<strong>Bold</strong>"), "{html}");
        assert!(html.contains("href=\"https://example.org\""), "{html}");
        for attack in [
            "<script>alert(1)</script>",
            "<img src=x onerror=\"alert(1)\">",
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<p style=\"background:url(x)\" onclick=\"alert(1)\">x</p>",
            "<iframe src=\"https://evil.example\"></iframe>",
        ] {
            let html = render_learner_text(attack);
            let lower = html.to_lowercase();
            assert!(
                !lower.contains("<script")
                    && !lower.contains("onerror")
                    && !lower.contains("onclick")
                    && !lower.contains("javascript:")
                    && !lower.contains("style=")
                    && !lower.contains("<iframe"),
                "{attack} became {html}"
            );
        }
    }
}
