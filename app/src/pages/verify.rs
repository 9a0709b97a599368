//! `/verify/{code}`: the public verification of a certificate, for anyone with its code (the QR
//! code on the certificate leads here), without signing in. It shows only the learner's name, the
//! course, the dates, the CPE hours and the status, and answers 404 for a code that names none.

use domain::certificate::{is_code, Verification, INDEPENDENCE};
use domain::completion::hours_text;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::route_param;
use crate::api::offerings::verify_certificate;
use crate::api::set_response_status;
use crate::components::loading::load_page;
use crate::components::local_time::date_range;

/// What a code finds. (Not an `Option`: the page's data crosses to the browser as JSON, where
/// `Some(None)` and `None` would both read as `null`.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Lookup {
    Found(Verification),
    Missing,
}

#[component]
pub fn VerifyRoute() -> impl IntoView {
    let code = route_param("code");
    load_page(
        code,
        |code: String| async move {
            // A code of the wrong shape names no certificate: no need to ask.
            if is_code(&code) {
                verify_certificate(code)
                    .await
                    .map(|found| Some(found.map_or(Lookup::Missing, Lookup::Found)))
            } else {
                Ok(Some(Lookup::Missing))
            }
        },
        |lookup: Lookup| match lookup {
            Lookup::Found(verification) => view! { <Verified verification/> }.into_any(),
            Lookup::Missing => view! { <NoSuchCertificate/> }.into_any(),
        },
    )
}

/// The status in words, as the page states it; never colour alone.
fn status_sentence(status: &str) -> (&'static str, &'static str) {
    match status {
        "valid" => (
            "Valid: this certificate was issued by RMM Classroom and has not been revoked.",
            "verify-status status-valid",
        ),
        "revoked" => (
            "Revoked: this certificate was withdrawn and no longer stands.",
            "verify-status status-revoked",
        ),
        _ => (
            "Unknown: the status of this certificate could not be read.",
            "verify-status status-revoked",
        ),
    }
}

#[component]
fn Verified(verification: Verification) -> impl IntoView {
    let (sentence, class) = status_sentence(&verification.status);
    let dates = date_range(&verification.starts_on, &verification.ends_on);
    let hours = format!("{} CPE hours", hours_text(verification.cpe_quarter_hours));
    view! {
        <Title text="Certificate verification"/>
        <article class="page narrow verify">
            <h1>"Certificate verification"</h1>
            <p class=class><strong>{sentence}</strong></p>
            <dl class="verify-facts">
                <div><dt>"Learner"</dt><dd>{verification.learner_name.clone()}</dd></div>
                <div><dt>"Course"</dt><dd>{verification.course_title.clone()}</dd></div>
                <div><dt>"Dates"</dt><dd>{dates}</dd></div>
                <div><dt>"Continuing education"</dt><dd>{hours}</dd></div>
                <div><dt>"Status"</dt><dd><strong>{verification.status.clone()}</strong></dd></div>
            </dl>
            <p class="help">{INDEPENDENCE}</p>
        </article>
    }
}

#[component]
fn NoSuchCertificate() -> impl IntoView {
    set_response_status(404);
    view! {
        <Title text="Certificate not found"/>
        <article class="page narrow verify">
            <h1>"Certificate not found"</h1>
            <p class="verify-status status-revoked"><strong>"No certificate has this code."</strong></p>
            <p>"Check that the address was copied whole: the code is a long string of digits and the letters a to f. Scanning the QR code on the certificate gives the exact address."</p>
            <p class="help">{INDEPENDENCE}</p>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_in_words() {
        assert!(status_sentence("valid").0.starts_with("Valid"));
        assert!(status_sentence("revoked").0.starts_with("Revoked"));
        assert!(status_sentence("odd").0.starts_with("Unknown"));
    }
}
