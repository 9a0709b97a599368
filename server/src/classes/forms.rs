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
use serde::Deserialize;

use crate::access::{authorize, place_of, signed_in};
use crate::accounts::Accounts;
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
    let user = signed_in(&accounts, &headers).await?;
    authorize(&accounts.storage, &user, Scope::Alone, Action::CreateClass).await?;
    let back = |code: &str| Ok(Redirect::to(&format!("/classes?error={code}")).into_response());
    let Ok(name) = parse_class_name(&form.name) else {
        return back("class-name");
    };
    let (Ok(starts_on), Ok(ends_on)) = (
        parse_date(&form.starts_on, "start"),
        parse_date(&form.ends_on, "end"),
    ) else {
        return back("dates");
    };
    if ends_on < starts_on {
        return back("dates");
    }
    let Some(mode) = ClassMode::parse(&form.mode) else {
        return back("mode");
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
            tracing::info!(class = id, instructor = user.id, "class created");
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
        None => Ok(Redirect::to("/join?error=unknown-code").into_response()),
    }
}

pub async fn remove_learner(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Path((class_id, learner_id)): Path<(i64, i64)>,
) -> Result<Response, HttpError> {
    let user = signed_in(&accounts, &headers).await?;
    authorize(
        &accounts.storage,
        &user,
        Scope::Class(ClassId(class_id)),
        Action::ManageClass,
    )
    .await?;
    if !accounts
        .storage
        .remove_learner(class_id, learner_id)
        .await?
    {
        return Ok(
            Redirect::to(&format!("/classes/{class_id}?error=not-a-learner")).into_response(),
        );
    }
    tracing::info!(
        class = class_id,
        learner = learner_id,
        by = user.id,
        "learner removed"
    );
    Ok(Redirect::to(&format!("/classes/{class_id}")).into_response())
}

#[derive(Deserialize)]
pub struct JoinCodeForm {
    action: String,
}

pub async fn change_join_code(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Path(class_id): Path<i64>,
    Form(form): Form<JoinCodeForm>,
) -> Result<Response, HttpError> {
    let user = signed_in(&accounts, &headers).await?;
    authorize(
        &accounts.storage,
        &user,
        Scope::Class(ClassId(class_id)),
        Action::ManageClass,
    )
    .await?;
    if form.action == "revoke" {
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
    Path((class_id, learner_id)): Path<(i64, i64)>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, HttpError> {
    let user = signed_in(&accounts, &headers).await?;
    authorize(
        &accounts.storage,
        &user,
        Scope::Class(ClassId(class_id)),
        Action::ManageClass,
    )
    .await?;
    // An instructor resets only the passwords of the learners of their own class.
    if place_of(&accounts.storage, ClassId(class_id), UserId(learner_id)).await?
        != Some(Membership::Learner)
    {
        return Ok(
            Redirect::to(&format!("/classes/{class_id}?error=not-a-learner")).into_response(),
        );
    }
    if accounts
        .reset_password(learner_id, &form.password)
        .await?
        .is_err()
    {
        return Ok(Redirect::to(&format!("/classes/{class_id}?error=password")).into_response());
    }
    tracing::info!(
        class = class_id,
        learner = learner_id,
        by = user.id,
        "learner password reset"
    );
    Ok(Redirect::to(&format!("/classes/{class_id}?notice=password-reset")).into_response())
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn change_role(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Path(user_id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> Result<Response, HttpError> {
    let user = signed_in(&accounts, &headers).await?;
    authorize(
        &accounts.storage,
        &user,
        Scope::Alone,
        Action::ManageAccounts,
    )
    .await?;
    let Some(role) = Role::parse(&form.role) else {
        return Ok(Redirect::to("/admin/users?error=role").into_response());
    };
    if !accounts.storage.set_role(user_id, role).await? {
        return Err(HttpError::NotFound);
    }
    tracing::info!(
        user = user_id,
        role = role.as_str(),
        by = user.id,
        "role changed"
    );
    Ok(Redirect::to("/admin/users").into_response())
}

pub async fn reset_any_password(
    State(accounts): State<Accounts>,
    headers: HeaderMap,
    Path(user_id): Path<i64>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, HttpError> {
    let user = signed_in(&accounts, &headers).await?;
    authorize(
        &accounts.storage,
        &user,
        Scope::Alone,
        Action::ManageAccounts,
    )
    .await?;
    if accounts.storage.user_by_id(user_id).await?.is_none() {
        return Err(HttpError::NotFound);
    }
    if accounts
        .reset_password(user_id, &form.password)
        .await?
        .is_err()
    {
        return Ok(Redirect::to("/admin/users?error=password").into_response());
    }
    Ok(Redirect::to("/admin/users?notice=password-reset").into_response())
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
