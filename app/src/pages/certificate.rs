//! `/certificates/{code}`: a certificate of completion as one printable page (its learner, the
//! class's instructors and administrators may open it), with its QR code to the public
//! verification page, the Open Badges download, and for administrators the form that revokes it
//! (a plain post to `/certificates/{code}/revoke`, answered with a redirect back here). And
//! `/certificates`: the signed-in person's own certificates.

use domain::certificate::{
    is_code, Certificate, CertificateStatus, INDEPENDENCE, NOT_A_CREDENTIAL,
};
use domain::completion::hours_text;
use leptos::prelude::*;
use leptos_meta::Title;

use super::classes::access_view;
use super::route_param;
use crate::api::offerings::{get_certificate, get_my_certificates, CertificatePage};
use crate::components::loading::load_page;
use crate::components::local_time::{date_range, long_date};

/// The badge class of a certificate's status; the badge always says the status in words too.
pub fn status_class(status: &CertificateStatus) -> &'static str {
    match status {
        CertificateStatus::Valid => "status-badge status-valid",
        CertificateStatus::Revoked { .. } => "status-badge status-revoked",
    }
}

#[component]
pub fn CertificateRoute() -> impl IntoView {
    let code = route_param("code");
    load_page(
        code,
        |code: String| async move {
            // A code of the wrong shape names no certificate: no need to ask.
            if is_code(&code) {
                get_certificate(code).await
            } else {
                Ok(None)
            }
        },
        |access| access_view(access, |page| view! { <CertificateView page/> }),
    )
}

#[component]
fn CertificateView(page: CertificatePage) -> impl IntoView {
    let c = page.certificate;
    let code = c.code.clone();
    let dates = date_range(&c.starts_on, &c.ends_on);
    let hours = format!("{} CPE hours", hours_text(c.cpe_quarter_hours));
    let issued = long_date(&c.issued_at);
    let revoked = match &c.status {
        CertificateStatus::Valid => None,
        CertificateStatus::Revoked { at, reason } => {
            Some(format!("Revoked on {}. Reason: {reason}", long_date(at)))
        }
    };
    let banner = revoked.map(|text| {
        view! {
            <p class="certificate-revoked" role="note"><strong>"This certificate is revoked. "</strong>{text}</p>
        }
    });
    let revoke = (page.may_revoke && c.status == CertificateStatus::Valid).then(|| {
        view! { <RevokeForm code=code.clone()/> }
    });
    let verify_url = page.verify_url.clone();
    view! {
        <Title text=format!("Certificate: {}", c.course_title)/>
        <div class="page certificate-page">
            <p class="breadcrumb no-print"><a href="/certificates">"My certificates"</a>" · "<a href=format!("/classes/{}", c.class_id)>"The class"</a></p>
            <article class="certificate" aria-labelledby="certificate-heading">
                {banner}
                <p class="certificate-kicker">"RMM Classroom"</p>
                <h1 id="certificate-heading">"Certificate of completion"</h1>
                <p class="certificate-lead">"This certifies that"</p>
                <p class="certificate-name">{c.learner_name.clone()}</p>
                <p class="certificate-lead">"completed the training course"</p>
                <p class="certificate-course">{c.course_title.clone()}</p>
                <dl class="certificate-facts">
                    <div><dt>"Dates"</dt><dd>{dates}</dd></div>
                    <div><dt>"Delivery"</dt><dd>{c.delivery.clone()}</dd></div>
                    <div><dt>"Continuing education"</dt><dd>{hours}</dd></div>
                    <div><dt>"Issued"</dt><dd>{issued}</dd></div>
                    <div><dt>"Status"</dt><dd><span class=status_class(&c.status)>{c.status.label()}</span></dd></div>
                    <div><dt>"Certificate code"</dt><dd><code class="certificate-code">{code.clone()}</code></dd></div>
                </dl>
                <div class="certificate-verify">
                    <div class="certificate-qr" inner_html=page.qr_svg></div>
                    <p>"Check this certificate at"<br/><span class="certificate-url">{verify_url.clone()}</span></p>
                </div>
                <p class="certificate-fine">{NOT_A_CREDENTIAL}</p>
                <p class="certificate-fine">{INDEPENDENCE}</p>
            </article>
            <section class="no-print certificate-actions" aria-labelledby="certificate-actions-heading">
                <h2 id="certificate-actions-heading">"Print, share or verify"</h2>
                <p>"To print the certificate or save it as a PDF, use your browser's Print command: only the certificate is printed, on one page."</p>
                <p><a href=page.badge_url download="">"Download the Open Badges credential (JSON)"</a></p>
                <p><a href=verify_url>"Open the public verification page"</a>" (it shows only the name, course, dates, hours and status)"</p>
            </section>
            {revoke}
        </div>
    }
}

#[component]
fn RevokeForm(code: String) -> impl IntoView {
    view! {
        <section class="no-print revoke" aria-labelledby="revoke-heading">
            <h2 id="revoke-heading">"Revoke this certificate"</h2>
            <p>"A revoked certificate stays on record, and its verification page then reads “revoked”. This cannot be undone."</p>
            <form class="stacked-form" method="post" action=format!("/certificates/{code}/revoke")>
                <label for="revoke-reason">"Reason (shown on this page, not on the public verification page)"</label>
                <textarea id="revoke-reason" name="reason" rows="3" maxlength="300" required></textarea>
                <button class="button" type="submit">"Revoke the certificate"</button>
            </form>
        </section>
    }
}

#[component]
pub fn MyCertificatesPage() -> impl IntoView {
    load_page(
        || (),
        |_| async { get_my_certificates().await.map(Some) },
        |access| {
            access_view(
                access,
                |certificates| view! { <CertificateList certificates/> },
            )
        },
    )
}

#[component]
fn CertificateList(certificates: Vec<Certificate>) -> impl IntoView {
    let list = if certificates.is_empty() {
        view! { <p>"You have no certificates yet. When you complete a class, its instructor issues your certificate, and it is listed here."</p> }.into_any()
    } else {
        let items = certificates
            .into_iter()
            .map(|c| {
                let details = format!(
                    " · {} · {} CPE hours · issued {} · ",
                    date_range(&c.starts_on, &c.ends_on),
                    hours_text(c.cpe_quarter_hours),
                    long_date(&c.issued_at)
                );
                view! {
                    <li class="certificate-item">
                        <a href=format!("/certificates/{}", c.code)>{c.course_title.clone()}</a>
                        {details}
                        <span class=status_class(&c.status)>{c.status.label()}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="certificate-list">{items}</ul> }.into_any()
    };
    view! {
        <Title text="My certificates"/>
        <article class="page">
            <h1>"My certificates"</h1>
            {list}
            <p class="help">"Each certificate has a code and a public verification page that shows only your name, the course, the dates, the hours and whether it is valid. "<a href="/terms#certificates">"More about your records"</a>"."</p>
        </article>
    }
}
