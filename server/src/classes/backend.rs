//! The class server functions' backend: a person's classes, one class, every account, and the
//! live classes the page header links to.

use app::api::classes::{ClassesBackend, LiveClass, SecurityLogQuery, SignUpInfo};
use app::api::ssr::SessionBackend;
use app::people::{ClassDetail, ClassSummary, CurrentUser, SignUpMode};
use app::policy::{Action, Refusal, Scope};
use domain::security_log::SecurityEventView;

use crate::access::{also_may, authorize, authorize_in_class, unavailable};
use crate::state::AppState;
use domain::ids::ClassId;

#[async_trait::async_trait]
impl SessionBackend for AppState {
    async fn current_user(
        &self,
        headers: &http::HeaderMap,
    ) -> Result<Option<CurrentUser>, Refusal> {
        self.accounts
            .current_user(headers)
            .await
            .map_err(unavailable)
    }
}

#[async_trait::async_trait]
impl ClassesBackend for AppState {
    async fn classes_of(&self, user: &CurrentUser) -> Result<Vec<ClassSummary>, Refusal> {
        self.storage()
            .classes_of(user.id)
            .await
            .map_err(unavailable)
    }

    async fn class_detail(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<ClassDetail, Refusal> {
        let grant = authorize_in_class(self.storage(), user, class_id, Action::ViewClass).await?;
        let with_roster = also_may(user, &grant, Action::ViewRoster);
        self.storage()
            .class_detail(class_id, Some(user.id), with_roster)
            .await
            .map_err(unavailable)?
            .ok_or(Refusal::NotFound)
    }

    async fn all_users(&self, user: &CurrentUser) -> Result<Vec<CurrentUser>, Refusal> {
        authorize(self.storage(), user, Scope::Alone, Action::ManageAccounts).await?;
        self.storage().list_users().await.map_err(unavailable)
    }

    async fn live_classes_of(&self, user: &CurrentUser) -> Result<Vec<LiveClass>, Refusal> {
        let classes = self
            .storage()
            .active_live_classes(user.id)
            .await
            .map_err(unavailable)?;
        Ok(classes
            .into_iter()
            .map(|(id, name)| LiveClass { id, name })
            .collect())
    }

    async fn security_log(
        &self,
        user: &CurrentUser,
        query: &SecurityLogQuery,
    ) -> Result<Vec<SecurityEventView>, Refusal> {
        crate::security_log::events_for_page(self.storage(), user, query).await
    }

    async fn sign_up_info(&self) -> Result<SignUpInfo, Refusal> {
        let published = match self.accounts.sign_up {
            SignUpMode::Closed => Vec::new(),
            _ => self
                .storage()
                .published_classes()
                .await
                .map_err(unavailable)?,
        };
        Ok(SignUpInfo {
            mode: self.accounts.sign_up,
            published,
        })
    }
}
