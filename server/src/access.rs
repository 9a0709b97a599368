//! The one door to a class or an account. Every route and server function that acts on a class or
//! an account comes through [`authorize`]: it looks up whether the class exists and the person's
//! place in it (the only membership look-up for a person acting), asks the pure policy
//! (`domain::policy::decide`) and answers a [`Grant`] carrying what it found, so that nobody
//! looks it up again. What a person may *see* once in (keys, teammates' ratings, results) is
//! decided by the pure rules of `domain::policy` from that grant.

use app::people::{CurrentUser, Membership, Role};
use axum::http::HeaderMap;
use domain::ids::{ClassId, UserId};
use domain::policy::{decide, may_reset_password, Action, Actor, Decision, Grant, Refusal, Scope};

use crate::accounts::Accounts;
use crate::http_error::HttpError;
use crate::storage::{Storage, StorageError};

/// Lets `person` do `action` in `scope`, or says why not. A class that does not exist is "not
/// found" for everyone, before any decision, so that refusals do not reveal which classes exist.
pub async fn authorize(
    storage: &Storage,
    person: &CurrentUser,
    scope: Scope,
    action: Action,
) -> Result<Grant, Refusal> {
    let membership = match scope {
        Scope::Alone => None,
        Scope::Class(class_id) => {
            if !storage.class_exists(class_id).await.map_err(unavailable)? {
                return Err(Refusal::NotFound);
            }
            storage
                .membership(class_id, person.id)
                .await
                .map_err(unavailable)?
        }
    };
    match decide(Some(actor(person)), membership, action) {
        Decision::Allow => Ok(Grant { scope, membership }),
        Decision::SignInRequired => Err(Refusal::SignInRequired),
        Decision::Forbidden => Err(Refusal::Forbidden),
    }
}

/// The door for a class given by its number, as routes and server functions carry it.
pub async fn authorize_in_class(
    storage: &Storage,
    person: &CurrentUser,
    class_id: ClassId,
    action: Action,
) -> Result<Grant, Refusal> {
    authorize(storage, person, Scope::Class(class_id), action).await
}

/// Whether a person already let in with `grant` may also do `action` there (for example, whether
/// a class's viewer may see its roster). Asks the policy with what the door found; no look-up.
pub fn also_may(person: &CurrentUser, grant: &Grant, action: Action) -> bool {
    decide(Some(actor(person)), grant.membership, action) == Decision::Allow
}

/// Another person's place in a class (the learner an instructor acts on), after the acting
/// person was let in. Kept beside the door so that every membership look-up is in this file.
pub async fn place_of(
    storage: &Storage,
    class_id: ClassId,
    other: UserId,
) -> Result<Option<Membership>, StorageError> {
    storage.membership(class_id, other).await
}

/// Whether `actor` may set the password of the account `target` (the pure rule is
/// `domain::policy::may_reset_password`; this looks up the account's role and classes). `None`
/// when there is no such account.
pub async fn may_reset_password_of(
    storage: &Storage,
    actor: &CurrentUser,
    target: UserId,
) -> Result<Option<(CurrentUser, bool)>, StorageError> {
    let Some(account) = storage.user_by_id(target).await? else {
        return Ok(None);
    };
    let elsewhere =
        actor.role != Role::Admin && storage.classes_not_taught_by(target, actor.id).await? > 0;
    let allowed = may_reset_password(actor.role, account.role, elsewhere);
    Ok(Some((account, allowed)))
}

/// The signed-in person, or "sign in first".
pub async fn signed_in(accounts: &Accounts, headers: &HeaderMap) -> Result<CurrentUser, HttpError> {
    accounts
        .current_user(headers)
        .await?
        .ok_or(HttpError::SignInRequired)
}

/// The signed-in person, if they may do `action` in `scope`: the first check of every form.
pub async fn signed_in_for(
    accounts: &Accounts,
    headers: &HeaderMap,
    scope: Scope,
    action: Action,
) -> Result<CurrentUser, HttpError> {
    let user = signed_in(accounts, headers).await?;
    authorize(&accounts.storage, &user, scope, action).await?;
    Ok(user)
}

/// The signed-in person, if they may manage the class (its instructors and admins): the check
/// every instructor-only form makes first.
pub async fn signed_in_manager(
    accounts: &Accounts,
    headers: &HeaderMap,
    class_id: ClassId,
) -> Result<CurrentUser, HttpError> {
    signed_in_for(
        accounts,
        headers,
        Scope::Class(class_id),
        Action::ManageClass,
    )
    .await
}

fn actor(user: &CurrentUser) -> Actor {
    Actor {
        user_id: user.id,
        role: user.role,
    }
}

/// A storage failure as a refusal: the detail is for the log, the person gets "try again".
pub fn unavailable(error: StorageError) -> Refusal {
    Refusal::Unavailable(error.to_string())
}
