//! The live server functions' backend: the live state as a class member may see it, and the
//! instructor's changes, written to storage and then published to every screen; the quick
//! checks' answers and results are in `checks`.

use app::api::live::{CheckView, LiveBackend, LiveSession};
use app::links::is_local_path;
use app::live::{LiveChange, LiveState};
use app::people::CurrentUser;
use app::policy::{Action, Refusal};
use app::quick_check::CheckAnswer;

use crate::access::{also_may, authorize_in_class, unavailable};
use crate::state::AppState;
use domain::ids::ClassId;

/// The change to make: `change` if it names a real module and slide and a local address, with a
/// quick check taken from the slide it names (or, typed on the spot, checked like a written
/// one); else why not.
fn checked_change(state: &AppState, change: LiveChange) -> Result<LiveChange, Refusal> {
    let LiveChange::OpenCheck { check, source } = change else {
        return if valid_change(state, &change) {
            Ok(change)
        } else {
            Err(Refusal::Invalid(
                "That slide, module or address does not exist in this course.".into(),
            ))
        };
    };
    let check = match &source {
        Some(at) => state
            .course
            .module(&at.module_id)
            .and_then(|m| m.deck.slides.get(at.slide.wrapping_sub(1)))
            .and_then(|slide| slide.check.clone())
            .ok_or_else(|| Refusal::Invalid("That slide has no quick check.".into()))?,
        None => check.validated().map_err(|problem| {
            Refusal::Invalid(format!("The quick check cannot run: {problem}."))
        })?,
    };
    Ok(LiveChange::OpenCheck { check, source })
}

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
        LiveChange::OpenCheck { .. }
        | LiveChange::CloseCheck
        | LiveChange::ShowResults
        | LiveChange::RevealCorrect
        | LiveChange::ClearCheck => true,
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
        let change = checked_change(self, change)?;
        let state = self
            .storage()
            .change_live(class_id, self.first_module(), &change)
            .await
            .map_err(unavailable)?;
        self.live.publish(state.clone());
        Ok(state)
    }

    async fn answer_check(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        run: i64,
        fields: Vec<(String, String)>,
    ) -> Result<CheckAnswer, Refusal> {
        super::checks::answer(self, user, class_id, run, &fields).await
    }

    async fn check_view(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<Option<CheckView>, Refusal> {
        super::checks::view(self, user, class_id).await
    }
}
