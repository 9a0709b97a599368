//! Class forms: create a class, join one with its code, remove a learner, issue or revoke the
//! join code, reset a learner's password, and (for admins) change a role. Every handler asks
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

use crate::access::{authorize, place_of, signed_in_for};
use crate::accounts::Accounts;
use crate::form_fields::parse_choice;
use crate::http_error::HttpError;
use crate::storage::NewClass;

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

pub async fn join_class(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Form(form): Form<JoinForm>,
) -> Result<Response, HttpError> {
    let Some(user) = accounts.current_user(&headers).await? else {
        let next = app::links::urlencode(&format!("/join/{}", normalize_join_code(&form.code)));
        return Ok(Redirect::to(&format!("/sign-in?next={next}")).into_response());
    };
    authorize(&accounts.storage, &user, Scope::Alone, Action::JoinClass).await?;
    match accounts
        .storage
        .join_by_code(&normalize_join_code(&form.code), user.id)
        .await?
    {
        Some(class_id) => Ok(Redirect::to(&format!("/classes/{class_id}")).into_response()),
        None => Ok(Redirect::to(&with_error("/join", FormError::UnknownCode)).into_response()),
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
    if !accounts
        .storage
        .remove_learner(class_id, learner_id)
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
}

/// `POST /classes/{class_id}/join-code`: `action=new` or `action=revoke`; any other action is
/// refused (400).
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
    if action == JoinCodeAction::Revoke {
        accounts.storage.set_join_code(class_id, None).await?;
    } else {
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
    Ok(Redirect::to(&format!("/classes/{class_id}")).into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
}

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
    // An instructor resets only the passwords of the learners of their own class.
    if place_of(&accounts.storage, class_id, learner_id).await? != Some(Membership::Learner) {
        return Ok(not_a_learner(class_id));
    }
    if accounts
        .reset_password(learner_id, &form.password)
        .await?
        .is_err()
    {
        let class = format!("/classes/{class_id}");
        return Ok(Redirect::to(&with_error(&class, FormError::Password)).into_response());
    }
    tracing::info!(
        class = %class_id,
        learner = %learner_id,
        by = %user.id,
        "learner password reset"
    );
    let class = format!("/classes/{class_id}");
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
    if !accounts.storage.set_role(user_id, role).await? {
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
    signed_in_for(&accounts, &headers, Scope::Alone, Action::ManageAccounts).await?;
    if accounts.storage.user_by_id(user_id).await?.is_none() {
        return Err(HttpError::NotFound);
    }
    if accounts
        .reset_password(user_id, &form.password)
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
