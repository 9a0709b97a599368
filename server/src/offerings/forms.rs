//! The offerings' forms and downloads: every change of issue 16 is a plain form post that
//! answers with a redirect, so that it works without JavaScript. Each checks the person through
//! the one door first, then reads the form through the pure rules of `domain`.

use std::collections::BTreeMap;

use app::policy::{Action, Refusal, Scope};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::certificate::{Certificate, CertificateStatus};
use domain::completion::CompletionRule;
use domain::ids::{ClassId, UserId};
use domain::offering::read_details;
use serde::Deserialize;

use super::backend::today;
use super::calendar::calendar;
use super::schedule::{day_times, known_zone};
use crate::access::{signed_in, signed_in_for, signed_in_manager};
use crate::http_error::HttpError;
use crate::state::AppState;
use crate::storage::clock::{now, now_millis};
use crate::storage::offerings::Registered;

fn invalid(message: impl Into<String>) -> HttpError {
    HttpError::from(Refusal::Invalid(message.into()))
}

/// `POST /classes/{class_id}/offering/details`: the class's offering details (its instructors).
pub async fn save_offering(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Result<Response, HttpError> {
    let user = signed_in_manager(&state.accounts, &headers, class_id).await?;
    let class = state
        .storage()
        .class_detail(class_id, Some(user.id), false)
        .await?
        .ok_or(HttpError::NotFound)?;
    let details = read_details(
        |name| fields.get(name).cloned(),
        &class.summary.starts_on,
        known_zone,
    )
    .map_err(invalid)?;
    let now_ms = now_millis();
    let began = super::admission::class_began(state.storage(), class_id, now_ms).await?;
    state
        .storage()
        .save_offering(class_id, &details, now_ms, began)
        .await?;
    Ok(Redirect::to(&format!("/classes/{class_id}/offering")).into_response())
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    accept_terms: Option<String>,
}

/// `POST /offerings/{class_id}/register`: a seat or a place on the waitlist for the signed-in
/// learner, once they accepted the terms.
pub async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(form): Form<RegisterForm>,
) -> Result<Response, HttpError> {
    let user = signed_in(&state.accounts, &headers).await?;
    let storage = state.storage();
    let offering = storage
        .offering(class_id)
        .await?
        .ok_or(HttpError::NotFound)?;
    if !offering.details.published {
        return Err(HttpError::NotFound);
    }
    signed_in_for(
        &state.accounts,
        &headers,
        Scope::Class(class_id),
        Action::RegisterForOffering,
    )
    .await
    .map_err(|error| match error {
        HttpError::Forbidden => HttpError::Refused(
            axum::http::StatusCode::FORBIDDEN,
            "Registration is for learner accounts. Instructors and administrators join a class as its staff."
                .into(),
        ),
        other => other,
    })?;
    if form.accept_terms.as_deref() != Some("on") {
        return Err(invalid(
            "Please read and accept the registration terms to register (tick the box).",
        ));
    }
    if !offering.open_on(&today()) {
        return Err(HttpError::from(Refusal::Closed(format!(
            "Registration for this offering closed on {}.",
            offering.details.registration_deadline
        ))));
    }
    let now_ms = now_millis();
    let began = super::admission::first_day_reached(&offering, now_ms);
    match storage.register(class_id, user.id, now_ms, began).await? {
        None => Err(HttpError::NotFound),
        Some(Registered::Removed) => Err(HttpError::Refused(
            axum::http::StatusCode::FORBIDDEN,
            "You were removed from this class by its instructors; ask them to re-admit you.".into(),
        )),
        Some(_) => Ok(Redirect::to(&format!("/offerings/{class_id}")).into_response()),
    }
}

/// `POST /offerings/{class_id}/cancel`: the signed-in person cancels their registration; the
/// first on the waitlist takes a freed seat.
pub async fn cancel(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
) -> Result<Response, HttpError> {
    let user = signed_in(&state.accounts, &headers).await?;
    let now_ms = now_millis();
    let began = super::admission::class_began(state.storage(), class_id, now_ms).await?;
    let (cancelled, _) = state
        .storage()
        .cancel_registration(class_id, user.id, now_ms, began)
        .await?;
    if !cancelled {
        return Err(HttpError::from(Refusal::Closed(
            "You have no registration for this offering to cancel.".into(),
        )));
    }
    Ok(Redirect::to(&format!("/offerings/{class_id}")).into_response())
}

/// `GET /offerings/{class_id}/calendar.ics`: a published offering's days for a calendar.
pub async fn calendar_file(
    State(state): State<AppState>,
    Path(class_id): Path<ClassId>,
) -> Result<Response, HttpError> {
    let offering = state
        .storage()
        .offering(class_id)
        .await?
        .filter(|o| o.details.published)
        .ok_or(HttpError::NotFound)?;
    let url = format!("{}/offerings/{class_id}", state.public_url);
    let host = state
        .public_url
        .split("://")
        .nth(1)
        .unwrap_or("rmm-classroom");
    let stamp = format!("{}Z", &now()[..19]);
    let body = calendar(&offering, &day_times(&offering), &url, host, &stamp);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"rmm-offering-{class_id}.ics\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// `GET /classes/{class_id}/registrations.csv`: the offering's registrations (its instructors).
pub async fn registrations_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
) -> Result<Response, HttpError> {
    let user = signed_in_manager(&state.accounts, &headers, class_id).await?;
    let registrations = state.storage().registrations(class_id).await?;
    let rows: Vec<[String; 7]> = registrations
        .into_iter()
        .map(|r| {
            [
                r.display_name,
                r.username,
                r.status.as_str().to_string(),
                r.waitlist_place.map(|p| p.to_string()).unwrap_or_default(),
                r.registered_at,
                r.terms_accepted_at,
                r.cancelled_at.unwrap_or_default(),
            ]
        })
        .collect();
    crate::exercises::export::logged_csv(
        state.storage(),
        user.id,
        Some(class_id),
        &format!("class-{class_id}-registrations.csv"),
        &[
            "name",
            "username",
            "status",
            "waitlist place",
            "registered (UTC)",
            "terms accepted (UTC)",
            "cancelled (UTC)",
        ],
        move |mut csv| async move {
            for row in rows {
                csv.push(&row).await?;
            }
            Ok(csv)
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct MarkForm {
    user_id: i64,
    day: String,
    #[serde(default)]
    mark: String,
    #[serde(default)]
    note: String,
}

/// `POST /classes/{class_id}/attendance/marks`: an instructor's mark and note for a learner's day
/// (an empty mark clears it, so the day counts from presence again).
pub async fn mark_attendance(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(form): Form<MarkForm>,
) -> Result<Response, HttpError> {
    let user = signed_in_manager(&state.accounts, &headers, class_id).await?;
    let storage = state.storage();
    let learner = UserId(form.user_id);
    if crate::access::place_of(storage, class_id, learner).await?
        != Some(app::people::Membership::Learner)
    {
        return Err(invalid("That person is not a learner of this class."));
    }
    let class = storage
        .class_detail(class_id, Some(user.id), false)
        .await?
        .ok_or(HttpError::NotFound)?;
    let dates = super::schedule::class_dates(&class.summary.starts_on, &class.summary.ends_on);
    if !dates.contains(&form.day) {
        return Err(invalid(format!(
            "{} is not a day of this class.",
            form.day.chars().take(20).collect::<String>()
        )));
    }
    if form.note.chars().count() > 500 {
        return Err(invalid("Keep the note to 500 characters."));
    }
    match form.mark.as_str() {
        "" => {
            storage
                .clear_attendance_mark(class_id, learner, &form.day)
                .await?
        }
        "present" | "absent" | "partial" => {
            let mark = crate::storage::attendance::StoredMark {
                user_id: learner,
                day: form.day,
                mark: form.mark,
                note: form.note.trim().to_string(),
            };
            storage
                .mark_attendance(class_id, &mark, user.id, now_millis())
                .await?
        }
        _ => return Err(invalid("Mark a day present, absent or partial.")),
    }
    Ok(Redirect::to(&format!("/classes/{class_id}/attendance")).into_response())
}

/// Reads a percentage field: blank is none, else a whole number from 0 to 100.
fn percent(
    fields: &BTreeMap<String, String>,
    name: &str,
    what: &str,
) -> Result<Option<u8>, HttpError> {
    let text = fields.get(name).map(|t| t.trim()).unwrap_or("");
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u8>()
        .ok()
        .filter(|p| *p <= 100)
        .map(Some)
        .ok_or_else(|| {
            invalid(format!(
                "Give the {what} as a whole number from 0 to 100, or leave it blank."
            ))
        })
}

/// `POST /classes/{class_id}/completion/rule`: the class's completion rule (its instructors).
pub async fn save_rule(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Result<Response, HttpError> {
    signed_in_manager(&state.accounts, &headers, class_id).await?;
    let checked = |name: &str| fields.get(name).is_some_and(|v| v == "on");
    let rule = CompletionRule {
        min_attendance_percent: percent(&fields, "min_attendance_percent", "minimum attendance")?,
        all_exercises_submitted: checked("all_exercises_submitted"),
        appraisal_submitted: checked("appraisal_submitted"),
        min_knowledge_check_percent: percent(
            &fields,
            "min_knowledge_check_percent",
            "minimum knowledge-check score",
        )?,
    };
    state.storage().set_completion_rule(class_id, &rule).await?;
    Ok(Redirect::to(&format!("/classes/{class_id}/completion")).into_response())
}

/// A verification code: 128 random bits in hexadecimal.
fn new_code() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `POST /classes/{class_id}/certificates`: certificates for every learner who meets the rule and
/// has none yet (its instructors).
pub async fn issue_certificates(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
) -> Result<Response, HttpError> {
    let user = signed_in_manager(&state.accounts, &headers, class_id).await?;
    let (class, learners) = state.class_with_learners(&user, class_id, true).await?;
    let (view, offering) = state.completions(&class, &learners).await?;
    let delivery = offering
        .as_ref()
        .map_or(class.mode.label(), |o| o.details.delivery.label())
        .to_string();
    let issued_at = now();
    let new: Vec<(UserId, Certificate)> = view
        .learners
        .into_iter()
        .filter(|l| l.shortfalls.is_empty() && l.certificate.is_none())
        .map(|l| {
            (
                l.user_id,
                Certificate {
                    code: new_code(),
                    class_id,
                    learner_name: l.display_name,
                    course_title: state.course.overview.title.clone(),
                    starts_on: class.starts_on.clone(),
                    ends_on: class.ends_on.clone(),
                    delivery: delivery.clone(),
                    cpe_quarter_hours: l.cpe_quarter_hours,
                    issued_at: issued_at.clone(),
                    status: CertificateStatus::Valid,
                },
            )
        })
        .collect();
    state.storage().issue_certificates(&new, user.id).await?;
    Ok(Redirect::to(&format!("/classes/{class_id}/completion")).into_response())
}

#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    reason: String,
}

/// `POST /certificates/{code}/revoke`: an administrator revokes a certificate with a reason.
pub async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(form): Form<RevokeForm>,
) -> Result<Response, HttpError> {
    let user = signed_in_for(
        &state.accounts,
        &headers,
        Scope::Alone,
        Action::ManageAccounts,
    )
    .await?;
    if !domain::certificate::is_code(&code) {
        return Err(HttpError::NotFound);
    }
    let reason = form.reason.trim();
    if reason.is_empty() || reason.chars().count() > 300 {
        return Err(invalid(
            "Give the reason for revoking, in 1 to 300 characters.",
        ));
    }
    let storage = state.storage();
    if storage.certificate_by_code(&code).await?.is_none() {
        return Err(HttpError::NotFound);
    }
    if !storage
        .revoke_certificate(&code, reason, user.id, &now())
        .await?
    {
        return Err(HttpError::from(Refusal::Closed(
            "This certificate was already revoked.".into(),
        )));
    }
    Ok(Redirect::to(&format!("/certificates/{code}")).into_response())
}
