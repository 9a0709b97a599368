//! Who teaches and who may come back: adding and removing co-instructors, and re-admitting a
//! learner removed from the class. Each is the class's instructors' (or an admin's) to do, and
//! each is written to the security log in the same transaction.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::ids::{ClassId, UserId};
use domain::notice::{with_error, with_notice, FormError, Notice};
use domain::people::Username;
use domain::security_log::SecurityEventKind;
use serde::Deserialize;

use crate::access::signed_in_manager;
use crate::accounts::Accounts;
use crate::http_error::HttpError;
use crate::storage::SecurityEvent;

fn class_page(class_id: ClassId) -> String {
    format!("/classes/{class_id}")
}

#[derive(Deserialize)]
pub struct CoInstructorForm {
    username: String,
}

/// `POST /classes/{class_id}/co-instructors`: makes the instructor account `username` an
/// instructor of the class (classes are often taught in pairs).
pub async fn add_co_instructor(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(form): Form<CoInstructorForm>,
) -> Result<Response, HttpError> {
    let user = signed_in_manager(&accounts, &headers, class_id).await?;
    let refused = || {
        Ok(Redirect::to(&with_error(
            &class_page(class_id),
            FormError::NotAnInstructor,
        ))
        .into_response())
    };
    let Ok(username) = Username::parse(&form.username) else {
        return refused();
    };
    let Some(account) = accounts
        .storage
        .account_by_username(username.as_str())
        .await?
    else {
        return refused();
    };
    let event = SecurityEvent::new(SecurityEventKind::CoInstructorAdded)
        .by(user.id)
        .about(account.user.id)
        .in_class(class_id);
    if !accounts
        .storage
        .add_co_instructor(class_id, account.user.id, &event)
        .await?
    {
        return refused();
    }
    Ok(Redirect::to(&with_notice(
        &class_page(class_id),
        Notice::CoInstructorAdded,
    ))
    .into_response())
}

/// `POST /classes/{class_id}/co-instructors/{user_id}/remove`: removes an instructor other than
/// the one who opened the class.
pub async fn remove_co_instructor(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Path((class_id, instructor_id)): Path<(ClassId, UserId)>,
) -> Result<Response, HttpError> {
    let user = signed_in_manager(&accounts, &headers, class_id).await?;
    let event = SecurityEvent::new(SecurityEventKind::CoInstructorRemoved)
        .by(user.id)
        .about(instructor_id)
        .in_class(class_id);
    if !accounts
        .storage
        .remove_co_instructor(class_id, instructor_id, &event)
        .await?
    {
        return Ok(Redirect::to(&with_error(
            &class_page(class_id),
            FormError::NotAnInstructor,
        ))
        .into_response());
    }
    Ok(Redirect::to(&with_notice(
        &class_page(class_id),
        Notice::CoInstructorRemoved,
    ))
    .into_response())
}

/// `POST /classes/{class_id}/learners/{learner_id}/readmit`: lets a removed learner join again
/// with the class's code.
pub async fn readmit_learner(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Path((class_id, learner_id)): Path<(ClassId, UserId)>,
) -> Result<Response, HttpError> {
    let user = signed_in_manager(&accounts, &headers, class_id).await?;
    let event = SecurityEvent::new(SecurityEventKind::LearnerReadmitted)
        .by(user.id)
        .about(learner_id)
        .in_class(class_id);
    if !accounts
        .storage
        .readmit_learner(class_id, learner_id, &event)
        .await?
    {
        return Ok(
            Redirect::to(&with_error(&class_page(class_id), FormError::NotALearner))
                .into_response(),
        );
    }
    Ok(Redirect::to(&with_notice(
        &class_page(class_id),
        Notice::LearnerReadmitted,
    ))
    .into_response())
}
