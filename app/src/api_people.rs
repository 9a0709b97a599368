//! Server functions about people and classes. Thin, as all server functions here: they find the
//! backend and the request headers in the context and ask the backend, which applies
//! `crate::authz`.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::people::{ClassDetail, ClassSummary, CurrentUser};

/// The answer about something that needs an account: it, or why not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Access<T> {
    Granted(T),
    SignInRequired,
    Forbidden,
    NotFound,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use std::sync::Arc;

    use leptos::prelude::*;

    use super::Access;
    use crate::backend::{Backend, Refusal};
    use crate::people::CurrentUser;

    pub fn backend() -> Result<Arc<dyn Backend>, ServerFnError> {
        use_context::<Arc<dyn Backend>>().ok_or_else(|| {
            ServerFnError::new("the backend is not available (server misconfiguration)")
        })
    }

    pub fn headers() -> http::HeaderMap {
        use_context::<http::request::Parts>()
            .map(|parts| parts.headers)
            .unwrap_or_default()
    }

    pub async fn current_user() -> Result<Option<CurrentUser>, ServerFnError> {
        backend()?
            .current_user(&headers())
            .await
            .map_err(unavailable)
    }

    /// An error for the person, with the status that fits: 400 for an impossible request, 503
    /// when the database is down.
    pub fn unavailable(refusal: Refusal) -> ServerFnError {
        match refusal {
            Refusal::Unavailable(detail) => {
                tracing::error!(%detail, "backend unavailable");
                crate::components::layout::set_response_status(503);
                ServerFnError::new(
                    "The server could not reach its database. Please try again in a moment.",
                )
            }
            Refusal::Invalid(message) => {
                crate::components::layout::set_response_status(400);
                ServerFnError::new(message)
            }
            other => ServerFnError::new(format!("{other:?}")),
        }
    }

    /// Turns a refusal into the matching `Access`, and a failure into an error.
    pub fn access<T>(result: Result<T, Refusal>) -> Result<Access<T>, ServerFnError> {
        match result {
            Ok(value) => Ok(Access::Granted(value)),
            Err(Refusal::SignInRequired) => Ok(Access::SignInRequired),
            Err(Refusal::Forbidden) => Ok(Access::Forbidden),
            Err(Refusal::NotFound) => Ok(Access::NotFound),
            Err(refusal) => Err(unavailable(refusal)),
        }
    }
}

#[server]
pub async fn get_current_user() -> Result<Option<CurrentUser>, ServerFnError> {
    ssr::current_user().await
}

#[server]
pub async fn get_my_classes() -> Result<Access<(CurrentUser, Vec<ClassSummary>)>, ServerFnError> {
    let Some(user) = ssr::current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let classes = ssr::backend()?.classes_of(&user).await;
    ssr::access(classes.map(|classes| (user, classes)))
}

#[server]
pub async fn get_class(id: i64) -> Result<Access<(CurrentUser, ClassDetail)>, ServerFnError> {
    let Some(user) = ssr::current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let detail = ssr::backend()?.class_detail(&user, id).await;
    ssr::access(detail.map(|detail| (user, detail)))
}

#[server]
pub async fn get_all_users() -> Result<Access<Vec<CurrentUser>>, ServerFnError> {
    let Some(user) = ssr::current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    ssr::access(ssr::backend()?.all_users(&user).await)
}

/// What the live page needs: the class, its live state, and whether this person drives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveView {
    pub user: CurrentUser,
    pub class: ClassSummary,
    pub state: crate::live::LiveState,
    pub may_drive: bool,
    /// The deck of the module the session shows now. Sent with the state so that the page needs
    /// no second resource (the browser fetches another deck only when the module changes).
    pub deck: Option<crate::course::DeckPage>,
    /// The course's modules, for the instructor's module picker.
    pub modules: Vec<crate::course::ModuleLink>,
    /// The class exercises, for the instructor's "open for everyone" picker.
    pub exercises: Vec<crate::course::ModuleLink>,
}

#[server]
pub async fn get_live(class_id: i64) -> Result<Access<LiveView>, ServerFnError> {
    let Some(user) = ssr::current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    let backend = ssr::backend()?;
    let class = match ssr::access(backend.class_detail(&user, class_id).await)? {
        Access::Granted(detail) => detail.summary,
        Access::SignInRequired => return Ok(Access::SignInRequired),
        Access::Forbidden => return Ok(Access::Forbidden),
        Access::NotFound => return Ok(Access::NotFound),
    };
    let live = backend.live_state(&user, class_id).await;
    let course = crate::api::ssr::course()?;
    let modules = course
        .modules
        .iter()
        .map(|m| crate::course::ModuleLink {
            id: m.summary.id.clone(),
            title: format!("{}. {}", m.summary.order, m.summary.title),
        })
        .collect();
    let exercises = course
        .exercises
        .iter()
        .map(|e| crate::course::ModuleLink {
            id: e.id.clone(),
            title: e.title.clone(),
        })
        .collect();
    ssr::access(live.map(|(state, may_drive)| {
        let deck = course.deck_page(&state.module_id);
        LiveView {
            user,
            class,
            state,
            may_drive,
            deck,
            modules,
            exercises,
        }
    }))
}

#[server(endpoint = "drive_live", input = Json)]
pub async fn drive_live(
    class_id: i64,
    change: crate::live::LiveChange,
) -> Result<Access<crate::live::LiveState>, ServerFnError> {
    let Some(user) = ssr::current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    ssr::access(ssr::backend()?.drive_live(&user, class_id, change).await)
}

/// What the page header shows about the signed-in person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeaderAccount {
    pub user: CurrentUser,
    /// Classes of theirs whose live session is on: (class id, class name).
    pub live_classes: Vec<(i64, String)>,
}

#[server]
pub async fn get_header_account() -> Result<Option<HeaderAccount>, ServerFnError> {
    let Some(user) = ssr::current_user().await? else {
        return Ok(None);
    };
    let live_classes = ssr::backend()?
        .live_classes_of(&user)
        .await
        .map_err(ssr::unavailable)?;
    Ok(Some(HeaderAccount { user, live_classes }))
}

/// Records progress for the signed-in person; for anyone else it does nothing (reading the
/// course needs no account).
#[server(endpoint = "record_progress")]
pub async fn record_progress(
    kind: String,
    module_id: String,
    position: usize,
) -> Result<(), ServerFnError> {
    let Some(user) = ssr::current_user().await? else {
        return Ok(());
    };
    let Some(kind) = crate::progress::ItemKind::parse(&kind) else {
        return Err(ssr::unavailable(crate::backend::Refusal::Invalid(
            "Progress is kept for lessons and decks only.".into(),
        )));
    };
    ssr::backend()?
        .record_progress(&user, kind, &module_id, position)
        .await
        .map_err(ssr::unavailable)
}

#[server]
pub async fn get_my_progress() -> Result<Option<crate::progress::ProgressSummary>, ServerFnError> {
    let Some(user) = ssr::current_user().await? else {
        return Ok(None);
    };
    ssr::backend()?
        .progress_of(&user)
        .await
        .map(Some)
        .map_err(ssr::unavailable)
}
