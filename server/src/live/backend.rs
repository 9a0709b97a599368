//! The live server functions' backend: the live state as a class member may see it, and the
//! instructor's changes, written to storage and then published to every screen.

use app::api::live::{LiveBackend, LiveSession};
use app::links::is_local_path;
use app::live::{LiveChange, LiveState};
use app::people::CurrentUser;
use app::policy::{Action, Refusal};

use crate::access::{also_may, authorize_in_class, unavailable};
use crate::state::AppState;
use domain::ids::ClassId;

/// Checks that a change names a real module and slide, and a local address.
fn valid_change(state: &AppState, change: &LiveChange) -> bool {
    let module_has_slide = |module_id: &str, slide: usize| {
        state
            .course
            .module(module_id)
            .is_some_and(|m| (1..=m.deck.slides.len()).contains(&slide))
    };
    match change {
        LiveChange::Start { module_id } => {
            module_id.is_empty() || state.course.module(module_id).is_some()
        }
        LiveChange::Stop => true,
        LiveChange::GoTo { module_id, slide } => module_has_slide(module_id, *slide),
        LiveChange::Push { url, label } => is_local_path(url) && label.chars().count() <= 200,
    }
}

#[async_trait::async_trait]
impl LiveBackend for AppState {
    async fn live_state(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<LiveSession, Refusal> {
        let grant = authorize_in_class(self.storage(), user, class_id, Action::ViewClass).await?;
        let class = self
            .storage()
            .class_detail(class_id, Some(user.id), false)
            .await
            .map_err(unavailable)?
            .ok_or(Refusal::NotFound)?
            .summary;
        let state = self
            .storage()
            .live_state(class_id, self.first_module())
            .await
            .map_err(unavailable)?;
        Ok(LiveSession {
            class,
            state,
            may_drive: also_may(user, &grant, Action::DriveLiveSession),
        })
    }

    async fn drive_live(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        change: LiveChange,
    ) -> Result<LiveState, Refusal> {
        authorize_in_class(self.storage(), user, class_id, Action::DriveLiveSession).await?;
        if !valid_change(self, &change) {
            return Err(Refusal::Invalid(
                "That slide, module or address does not exist in this course.".into(),
            ));
        }
        let state = self
            .storage()
            .change_live(class_id, self.first_module(), &change)
            .await
            .map_err(unavailable)?;
        self.live.publish(state.clone());
        Ok(state)
    }
}
