//! Class forms: create a class, join one with its code, remove a learner, issue, revoke or
//! publish the join code, reset a learner's password, and (for admins) change a role or any
//! password. Co-instructors and re-admission are in `members`. Every handler asks
//! `app::policy::decide` and nothing else whether the person may act.

use app::people::{normalize_join_code, parse_class_name, parse_date, ClassMode, Membership, Role};
use app::policy::{Action, Scope};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::ids::{ClassId, UserId};
use domain::notice::{with_error, with_notice, FormError, Notice};
use serde::Deserialize;

use crate::access::{authorize, may_reset_password_of, place_of, signed_in_for};
use crate::accounts::rate_limit::{WRONG_CODES_PER_NETWORK, WRONG_CODES_PER_PERSON};
use crate::accounts::Accounts;
use crate::client_address::ClientAddress;
use crate::form_fields::parse_choice;
use crate::http_error::HttpError;
use crate::storage::{JoinOutcome, NewClass, SecurityEvent};
use domain::security_log::SecurityEventKind;

/// Join codes use letters and digits that cannot be mistaken for each other when read aloud or
/// copied from a projector (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LENGTH: usize = 8;

/// A fresh join code: 8 symbols from 31, about 40 bits, drawn from the operating system's
/// random source.
pub fn new_join_code() -> String {
    (0..CODE_LENGTH)
        .map(|_| {
            // Rejection sampling keeps every symbol equally likely.
            loop {
                let byte = (OsRng.next_u32() & 0xff) as usize;
                if byte < 248 {
                    return CODE_ALPHABET[byte % CODE_ALPHABET.len()] as char;
                }
            }
        })
        .collect()
}

#[derive(Deserialize)]
pub struct NewClassForm {
    name: String,
    starts_on: String,
    ends_on: String,
    mode: String,
}

pub async fn create_class(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Form(form): Form<NewClassForm>,
) -> Result<Response, HttpError> {
    let user = signed_in_for(&accounts, &headers, Scope::Alone, Action::CreateClass).await?;
    let back = |error| Ok(Redirect::to(&with_error("/classes", error)).into_response());
    let Ok(name) = parse_class_name(&form.name) else {
        return back(FormError::ClassName);
    };
    let (Ok(starts_on), Ok(ends_on)) = (
        parse_date(&form.starts_on, "start"),
        parse_date(&form.ends_on, "end"),
    ) else {
        return back(FormError::Dates);
    };
    if ends_on < starts_on {
        return back(FormError::Dates);
    }
    let Some(mode) = ClassMode::parse(&form.mode) else {
        return back(FormError::Mode);
    };
    // A clash of random codes is astronomically rare; drawing again handles it anyway.
    for _ in 0..5 {
        let code = new_join_code();
        let class = NewClass {
            name: &name,
            starts_on: &starts_on,
            ends_on: &ends_on,
            mode,
            join_code: &code,
            instructor_id: user.id,
        };
        if let Some(id) = accounts.storage.create_class(class).await? {
            tracing::info!(class = %id, instructor = %user.id, "class created");
            return Ok(Redirect::to(&format!("/classes/{id}")).into_response());
        }
    }
    Err(HttpError::Storage(crate::storage::StorageError::Corrupt(
        "could not draw a free join code".into(),
    )))
}

#[derive(Deserialize)]
pub struct JoinForm {
    code: String,
}

/// Joins a class with its code. Only learner accounts join this way; wrong codes are limited
/// per person and per network, so that codes cannot be guessed; a learner removed from the class
/// waits for the instructor to re-admit them.
pub async fn join_class(
    State(accounts): State<Accounts>,
    client: ClientAddress,
    headers: HeaderMap,
    Form(form): Form<JoinForm>,
) -> Result<Response, HttpError> {
    let code = normalize_join_code(&form.code);
    let Some(user) = accounts.current_user(&headers).await? else {
        let next = app::links::urlencode(&format!("/join/{code}"));
        return Ok(Redirect::to(&format!("/sign-in?next={next}")).into_response());
    };
    let refused = |error| Ok(Redirect::to(&with_error("/join", error)).into_response());
    match user.role {
        Role::Admin => return refused(FormError::AdminsDoNotJoin),
        Role::Instructor => return refused(FormError::InstructorsAreAdded),
        Role::Learner => {}
    }
    authorize(&accounts.storage, &user, Scope::Alone, Action::JoinClass).await?;
    let keys = [
        (format!("join-code:{}", user.id), WRONG_CODES_PER_PERSON),
        (
            format!("join-code-network:{}", client.network),
            WRONG_CODES_PER_NETWORK,
        ),
    ];
    let reservation = match accounts.limiter.reserve(&keys, &[]).await? {
        Ok(reservation) => reservation,
        Err(seconds) => {
            let event = SecurityEvent::new(SecurityEventKind::JoinCodeLimited)
                .by(user.id)
                .from_address(client.address);
            accounts.storage.record_security_event(&event).await?;
            return Ok(crate::http_error::too_many(
                format!("Too many wrong join codes were tried. Check the code with your instructor and try again in {seconds} seconds."),
                seconds,
            ));
        }
    };
    match accounts.storage.join_by_code(&code, user.id).await? {
        JoinOutcome::Joined(class_id) => {
            accounts.limiter.succeeded(reservation, None).await?;
            Ok(Redirect::to(&format!("/classes/{class_id}")).into_response())
        }
        JoinOutcome::Removed(_) => {
            accounts.limiter.succeeded(reservation, None).await?;
            refused(FormError::Removed)
        }
        JoinOutcome::UnknownCode => {
            accounts.limiter.counted(reservation, None).await?;
            refused(FormError::UnknownCode)
        }
    }
}

pub async fn remove_learner(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Path((class_id, learner_id)): Path<(ClassId, UserId)>,
) -> Result<Response, HttpError> {
    let user = signed_in_for(
        &accounts,
        &headers,
        Scope::Class(class_id),
        Action::ManageClass,
    )
    .await?;
    let event = SecurityEvent::new(SecurityEventKind::LearnerRemoved)
        .by(user.id)
        .about(learner_id)
        .in_class(class_id);
    if !accounts
        .storage
        .remove_learner(class_id, learner_id, &event)
        .await?
    {
        return Ok(not_a_learner(class_id));
    }
    tracing::info!(
        class = %class_id,
        learner = %learner_id,
        by = %user.id,
        "learner removed"
    );
    Ok(Redirect::to(&format!("/classes/{class_id}")).into_response())
}

/// The class page's answer to an action on someone who is not a learner of the class.
fn not_a_learner(class_id: ClassId) -> Response {
    Redirect::to(&with_error(
        &format!("/classes/{class_id}"),
        FormError::NotALearner,
    ))
    .into_response()
}

#[derive(Deserialize)]
pub struct JoinCodeForm {
    action: String,
}

/// What the join code form asks for: the `action` of the button pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum JoinCodeAction {
    /// Issue a new code in place of the current one (or of none).
    New,
    /// Remove the code, so nobody joins until a new one is issued.
    Revoke,
    /// Show a self-paced class's code on the home page, so that people can sign up with it.
    Publish,
    /// Stop showing it there.
    Unpublish,
}

/// `POST /classes/{class_id}/join-code`: `action=new`, `revoke`, `publish` or `unpublish`; any
/// other action is refused (400).
pub async fn change_join_code(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
    Form(form): Form<JoinCodeForm>,
) -> Result<Response, HttpError> {
    signed_in_for(
        &accounts,
        &headers,
        Scope::Class(class_id),
        Action::ManageClass,
    )
    .await?;
    let action: JoinCodeAction = parse_choice(&form.action)?;
    match action {
        JoinCodeAction::Revoke => {
            accounts.storage.set_join_code(class_id, None).await?;
        }
        JoinCodeAction::New => {
            for _ in 0..5 {
                if accounts
                    .storage
                    .set_join_code(class_id, Some(&new_join_code()))
                    .await?
                {
                    break;
                }
            }
        }
        JoinCodeAction::Publish | JoinCodeAction::Unpublish => {
            accounts
                .storage
                .set_code_published(class_id, action == JoinCodeAction::Publish)
                .await?;
        }
    }
    Ok(Redirect::to(&format!("/classes/{class_id}")).into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
}

/// An instructor sets a new password for a learner of their class: only for an account whose
/// own role is learner and who is in no class taught by someone else (`may_reset_password`).
pub async fn reset_learner_password(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Path((class_id, learner_id)): Path<(ClassId, UserId)>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, HttpError> {
    let user = signed_in_for(
        &accounts,
        &headers,
        Scope::Class(class_id),
        Action::ManageClass,
    )
    .await?;
    let class = format!("/classes/{class_id}");
    if place_of(&accounts.storage, class_id, learner_id).await? != Some(Membership::Learner) {
        return Ok(not_a_learner(class_id));
    }
    let Some((learner, allowed)) =
        may_reset_password_of(&accounts.storage, &user, learner_id).await?
    else {
        return Ok(not_a_learner(class_id));
    };
    if !allowed {
        tracing::warn!(class = %class_id, target = %learner_id, by = %user.id, "password reset refused");
        return Ok(
            Redirect::to(&with_error(&class, FormError::NotOnlyYourLearner)).into_response(),
        );
    }
    let event = SecurityEvent::new(SecurityEventKind::PasswordReset)
        .by(user.id)
        .about(learner_id)
        .in_class(class_id);
    if accounts
        .reset_password(&learner, &form.password, event)
        .await?
        .is_err()
    {
        return Ok(Redirect::to(&with_error(&class, FormError::Password)).into_response());
    }
    tracing::info!(
        class = %class_id,
        learner = %learner_id,
        by = %user.id,
        "learner password reset"
    );
    Ok(Redirect::to(&with_notice(&class, Notice::LearnerPasswordReset)).into_response())
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn change_role(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Path(user_id): Path<UserId>,
    Form(form): Form<RoleForm>,
) -> Result<Response, HttpError> {
    let user = signed_in_for(&accounts, &headers, Scope::Alone, Action::ManageAccounts).await?;
    let Some(role) = Role::parse(&form.role) else {
        return Ok(Redirect::to(&with_error("/admin/users", FormError::Role)).into_response());
    };
    let event = SecurityEvent::new(SecurityEventKind::RoleChanged)
        .by(user.id)
        .about(user_id)
        .detail(format!("to {}", role.as_str()));
    if !accounts.storage.set_role(user_id, role, &event).await? {
        return Err(HttpError::NotFound);
    }
    tracing::info!(
        user = %user_id,
        role = role.as_str(),
        by = %user.id,
        "role changed"
    );
    Ok(Redirect::to("/admin/users").into_response())
}

pub async fn reset_any_password(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Path(user_id): Path<UserId>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, HttpError> {
    let admin = signed_in_for(&accounts, &headers, Scope::Alone, Action::ManageAccounts).await?;
    let Some((account, true)) = may_reset_password_of(&accounts.storage, &admin, user_id).await?
    else {
        return Err(HttpError::NotFound);
    };
    let event = SecurityEvent::new(SecurityEventKind::PasswordReset)
        .by(admin.id)
        .about(user_id);
    if accounts
        .reset_password(&account, &form.password, event)
        .await?
        .is_err()
    {
        return Ok(Redirect::to(&with_error("/admin/users", FormError::Password)).into_response());
    }
    Ok(Redirect::to(&with_notice("/admin/users", Notice::AccountPasswordReset)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_codes_are_eight_unambiguous_symbols() {
        let code = new_join_code();
        assert_eq!(code.len(), 8);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert_ne!(code, new_join_code());
        assert_eq!(
            normalize_join_code(&app::people::display_join_code(&code).to_lowercase()),
            code
        );
    }
}
