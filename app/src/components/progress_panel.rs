//! The home page's "Your progress" panel: how far a signed-in person is through the course, and a
//! link to continue where they left off.
//!
//! It is the only personal part of the home page besides the account menu, and it is handled the
//! same way (see `account_menu`): the server renders the home page once with `PROGRESS_SLOT`
//! where the panel goes and writes each reader's panel into it as it answers, so that the home
//! page is kept and served like a lesson. A reader not signed in gets nothing in the slot.
//! Hydration leaves the server's panel as it is; when the home page is reached by an in-app
//! navigation instead, the panel is fetched (`get_my_progress`) and written by the same function.

use leptos::prelude::*;

use super::html_text::escape;
use domain::progress::ProgressSummary;

/// Marks where the progress panel goes in the rendered home page.
pub const PROGRESS_SLOT: &str = "<!--rmm:progress-->";

/// The panel's HTML for `summary` (`None`: not signed in, no panel). Titles and links are
/// escaped like any text, though they come from the course, not from people.
pub fn progress_panel_html(summary: Option<&ProgressSummary>) -> String {
    let Some(summary) = summary else {
        return String::new();
    };
    let overall = (summary.overall() * 100.0).round();
    let mut html = format!(
        r#"<section class="my-progress" aria-labelledby="my-progress-title"><h2 id="my-progress-title">Your progress</h2><p>{overall}% of the course done.</p>"#
    );
    if let Some(resume) = &summary.resume {
        html.push_str(&format!(
            r#"<p><a class="button" href="{}">Continue where you left off: {}</a></p>"#,
            escape(&resume.url),
            escape(&resume.label)
        ));
    }
    html.push_str(r#"<details><summary>Progress by module</summary><ul class="progress-list">"#);
    for module in &summary.modules {
        let percent = (module.fraction() * 100.0).round();
        let title = escape(&module.title);
        html.push_str(&format!(
            r#"<li><a href="/modules/{}">{title}</a><progress max="100" value="{percent}" aria-label="{title}: {percent}% done"></progress><span class="progress-detail">{}{} of {} slides</span></li>"#,
            escape(&module.module_id),
            if module.lesson_read { "lesson read · " } else { "" },
            module.furthest_slide.min(module.slides),
            module.slides
        ));
    }
    html.push_str("</ul></details></section>");
    html
}

#[component]
pub fn ProgressPanel() -> impl IntoView {
    let panel = RwSignal::new(PROGRESS_SLOT.to_string());
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        // Hydrating the server's page, the slot is already filled; only a page built here, by an
        // in-app navigation, still holds the marker and needs the panel.
        let Some(element) = node.get() else { return };
        if element.inner_html() == PROGRESS_SLOT {
            leptos::task::spawn_local(async move {
                if let Ok(summary) = crate::api::progress::get_my_progress().await {
                    panel.set(progress_panel_html(summary.as_ref()));
                }
            });
        }
    });
    view! { <div class="progress-slot" node_ref=node inner_html=move || panel.get()></div> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::progress::{ModuleProgress, Resume};

    fn summary(title: &str) -> ProgressSummary {
        ProgressSummary {
            modules: vec![ModuleProgress {
                module_id: "welcome".into(),
                title: title.into(),
                lesson_read: true,
                furthest_slide: 3,
                slides: 6,
            }],
            resume: Some(Resume {
                url: "/modules/welcome/slides/3".into(),
                label: "1. Welcome, slide 3".into(),
            }),
        }
    }

    #[test]
    fn a_reader_not_signed_in_gets_no_panel() {
        assert_eq!(progress_panel_html(None), "");
    }

    #[test]
    fn the_panel_shows_the_overall_share_the_resume_link_and_each_module() {
        let html = progress_panel_html(Some(&summary("1. Welcome")));
        assert!(html.contains("<p>75% of the course done.</p>"), "{html}");
        assert!(html.contains(
            r#"<a class="button" href="/modules/welcome/slides/3">Continue where you left off: 1. Welcome, slide 3</a>"#
        ));
        assert!(
            html.contains(r#"<progress max="100" value="75" aria-label="1. Welcome: 75% done">"#)
        );
        assert!(html.contains("lesson read · 3 of 6 slides"));
    }

    #[test]
    fn titles_are_text_never_markup() {
        let html = progress_panel_html(Some(&summary("<img src=x onerror=alert(1)>\"")));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;: 75% done"));
    }
}
