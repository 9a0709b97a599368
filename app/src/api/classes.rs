//! Server functions about accounts and classes: the person's classes, one class (with its roster
//! for its instructors), every account (administrators), and what the page header shows.

use domain::ids::ClassId;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::Access;
use domain::people::{ClassDetail, ClassSummary, CurrentUser, SignUpMode};
use domain::security_log::SecurityEventView;

/// What these server functions need from the server. Every method decides access through the
/// server's `authorize` door.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait ClassesBackend: Send + Sync + 'static {
    /// The classes the person belongs to.
    async fn classes_of(&self, user: &CurrentUser) -> Result<Vec<ClassSummary>, Refusal>;
    /// One class as this person may see it.
    async fn class_detail(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<ClassDetail, Refusal>;
    /// Every account (administrators only).
    async fn all_users(&self, user: &CurrentUser) -> Result<Vec<CurrentUser>, Refusal>;
    /// The person's classes whose live session is on.
    async fn live_classes_of(&self, user: &CurrentUser) -> Result<Vec<LiveClass>, Refusal>;
    /// The security log, filtered (administrators only).
    async fn security_log(
        &self,
        user: &CurrentUser,
        query: &SecurityLogQuery,
    ) -> Result<Vec<SecurityEventView>, Refusal>;
    /// How a new person gets an account here.
    async fn sign_up_info(&self) -> Result<SignUpInfo, Refusal>;
}

/// How accounts are created on this site, and the self-paced classes that publish their join
/// codes, for the home and sign-up pages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignUpInfo {
    pub mode: SignUpMode,
    /// (class name, join code) of self-paced classes open to anyone with the code.
    pub published: Vec<(String, String)>,
}

/// The administrator's filter of the security log; empty fields match everything.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityLogQuery {
    pub kind: String,
    pub person: String,
    pub class: String,
}

/// The security log page's data: the filter as read, and the newest matching events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityLog {
    pub query: SecurityLogQuery,
    pub events: Vec<SecurityEventView>,
}

#[server]
pub async fn get_security_log(
    kind: String,
    person: String,
    class: String,
) -> Result<Access<SecurityLog>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let query = SecurityLogQuery {
        kind,
        person,
        class,
    };
    let events = backend()?.security_log(&user, &query).await;
    access(events.map(|events| SecurityLog { query, events }))
}

#[server]
pub async fn get_sign_up_info() -> Result<SignUpInfo, ServerFnError> {
    backend()?
        .sign_up_info()
        .await
        .map_err(super::ssr::unavailable)
}

#[cfg(feature = "ssr")]
use domain::policy::Refusal;

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn ClassesBackend>, ServerFnError> {
    super::ssr::provided::<dyn ClassesBackend>()
}

/// The signed-in person and their classes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyClasses {
    pub user: CurrentUser,
    pub classes: Vec<ClassSummary>,
}

#[server]
pub async fn get_my_classes() -> Result<Access<MyClasses>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let classes = backend()?.classes_of(&user).await;
    access(classes.map(|classes| MyClasses { user, classes }))
}

/// One class as the signed-in person may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassPage {
    pub user: CurrentUser,
    pub detail: ClassDetail,
}

#[server]
pub async fn get_class(id: ClassId) -> Result<Access<ClassPage>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let detail = backend()?.class_detail(&user, id).await;
    access(detail.map(|detail| ClassPage { user, detail }))
}

#[server]
pub async fn get_all_users() -> Result<Access<Vec<CurrentUser>>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(backend()?.all_users(&user).await)
}

/// A class of the person's whose live session is on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveClass {
    pub id: ClassId,
    pub name: String,
}

/// What the page header shows about the signed-in person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeaderAccount {
    pub user: CurrentUser,
    pub live_classes: Vec<LiveClass>,
}

#[server]
pub async fn get_header_account() -> Result<Option<HeaderAccount>, ServerFnError> {
    use super::ssr::{current_user, unavailable};
    let Some(user) = current_user().await? else {
        return Ok(None);
    };
    let live_classes = backend()?
        .live_classes_of(&user)
        .await
        .map_err(unavailable)?;
    Ok(Some(HeaderAccount { user, live_classes }))
}
