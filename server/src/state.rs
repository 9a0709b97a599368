//! The one state every handler and server function is given: the accounts (with storage), the
//! loaded course and this server's live hub. Handlers take the part they need through `FromRef`;
//! server functions find each feature's backend (this state, behind that feature's trait) in
//! their context.

use std::sync::Arc;

use app::content::LoadedCourse;
use axum::extract::FromRef;

use crate::accounts::Accounts;
use crate::live::hub::LiveHub;
use crate::storage::Storage;

#[derive(Clone)]
pub struct AppState {
    pub accounts: Accounts,
    pub course: Arc<LoadedCourse>,
    pub live: Arc<LiveHub>,
    /// How many live-session streams each person and this server hold open.
    pub live_streams: Arc<crate::limits::LiveStreamLimits>,
    /// How long a raised signal (a hand, "too fast") counts, in seconds.
    pub signal_seconds: u32,
    /// The address people reach the site at, for certificates' verification links.
    pub public_url: String,
    /// The key that signs Open Badges credentials.
    pub badge_signer: Arc<crate::certificates::signing_key::BadgeSigner>,
    /// The course materials zip, built at start-up.
    pub materials: Arc<crate::materials::build::Materials>,
}

impl AppState {
    pub fn storage(&self) -> &Storage {
        &self.accounts.storage
    }

    /// Where a class's live session starts: the first module of the course.
    pub fn first_module(&self) -> &str {
        self.course
            .modules
            .first()
            .map(|m| m.summary.id.as_str())
            .unwrap_or("")
    }
}

impl FromRef<AppState> for Accounts {
    fn from_ref(state: &AppState) -> Accounts {
        state.accounts.clone()
    }
}

impl FromRef<AppState> for Arc<crate::client_address::TrustedProxies> {
    fn from_ref(state: &AppState) -> Arc<crate::client_address::TrustedProxies> {
        state.accounts.trusted_proxies.clone()
    }
}
