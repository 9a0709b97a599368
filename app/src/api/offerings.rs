//! Server functions of offerings (issue 16): the public catalog and an offering's page, the
//! instructor's offering form and registrations, attendance, completion and certificates, and
//! the public verification of a certificate. Every change is a form post to a route of the
//! server's `offerings` folder, so that all of it works without JavaScript; these only read.

use domain::certificate::{Certificate, Verification};
use domain::completion::CompletionRule;
use domain::ids::{ClassId, UserId};
use domain::offering::{Offering, Registration, RegistrationStatus};
use domain::people::ClassSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::Access;

#[cfg(feature = "ssr")]
use domain::people::CurrentUser;
#[cfg(feature = "ssr")]
use domain::policy::Refusal;

/// One class day of an offering, in the offering's zone and in UTC (the browser rewrites the
/// UTC times into the reader's own zone).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayTimes {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// "09:00–17:00 (Europe/Berlin)".
    pub local: String,
    /// RFC 3339 UTC times, `2027-01-15T08:00:00Z`.
    pub start_utc: String,
    pub end_utc: String,
}

/// An offering as the catalog lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferingCard {
    pub offering: Offering,
    pub days: Vec<DayTimes>,
    /// Registration is open today (published, deadline not passed).
    pub open: bool,
}

/// An offering's own page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferingPage {
    pub card: OfferingCard,
    pub signed_in: bool,
    /// The reader's registration, with their waitlist place.
    pub mine: Option<(RegistrationStatus, Option<u32>)>,
    /// Whether the reader is in the class already (a seat admits them on its first day).
    pub in_class: bool,
    /// Whether the reader's account may register (learner accounts; staff are told why not).
    pub may_register: bool,
    /// Whether the reader manages the class (its instructors, administrators).
    pub manages: bool,
}

/// The instructor's view of a class's offering: the form's values and the registrations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferingAdmin {
    pub class: ClassSummary,
    /// `None` until the offering is first saved.
    pub offering: Option<Offering>,
    /// The fee lines as the form shows them.
    pub fees_text: String,
    pub registrations: Vec<Registration>,
}

/// One learner's day of attendance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendanceDay {
    pub date: String,
    /// Minutes present in the live session that day (in the offering's zone).
    pub minutes_present: u32,
    /// Of those, minutes inside the day's teaching slots.
    pub minutes_teaching: u32,
    /// The day's scheduled teaching minutes.
    pub minutes_scheduled: u32,
    /// The instructor's mark: `present`, `absent` or `partial`.
    pub mark: Option<String>,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub user_id: UserId,
    pub display_name: String,
    pub username: String,
    pub days: Vec<AttendanceDay>,
}

/// A class's attendance: every learner for its instructors, the reader's own row for a learner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendanceView {
    pub class: ClassSummary,
    pub days: Vec<String>,
    pub rows: Vec<AttendanceRow>,
    pub manages: bool,
}

/// One learner against the class's completion rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LearnerCompletion {
    pub user_id: UserId,
    pub display_name: String,
    pub username: String,
    /// What the learner falls short of, in words; empty when they qualify.
    pub shortfalls: Vec<String>,
    pub attended_minutes: u32,
    pub cpe_quarter_hours: u32,
    pub certificate: Option<Certificate>,
}

/// The instructor's completion page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompletionView {
    pub class: ClassSummary,
    pub rule: CompletionRule,
    pub scheduled_minutes: u32,
    pub exercises_required: u32,
    pub learners: Vec<LearnerCompletion>,
    /// Whether the reader is an administrator (who may revoke certificates).
    pub admin: bool,
}

/// A certificate as its printable page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificatePage {
    pub certificate: Certificate,
    pub verify_url: String,
    /// The verification address as an SVG QR code (written by the server, no outside input).
    pub qr_svg: String,
    pub badge_url: String,
    pub may_revoke: bool,
}

/// What these server functions need from the server.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait OfferingsBackend: Send + Sync + 'static {
    async fn catalog(&self) -> Result<Vec<OfferingCard>, Refusal>;
    async fn offering_page(
        &self,
        user: Option<&CurrentUser>,
        class_id: ClassId,
    ) -> Result<OfferingPage, Refusal>;
    async fn offering_admin(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<OfferingAdmin, Refusal>;
    async fn attendance(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<AttendanceView, Refusal>;
    async fn completion(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<CompletionView, Refusal>;
    async fn certificate(&self, user: &CurrentUser, code: &str)
        -> Result<CertificatePage, Refusal>;
    async fn my_certificates(&self, user: &CurrentUser) -> Result<Vec<Certificate>, Refusal>;
    /// Public: what anyone may know of a certificate from its code.
    async fn verify(&self, code: &str) -> Result<Verification, Refusal>;
}

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn OfferingsBackend>, ServerFnError> {
    super::ssr::provided::<dyn OfferingsBackend>()
}

/// The published offerings that have not ended, soonest first. Public.
#[server(endpoint = "get_offerings")]
pub async fn get_offerings() -> Result<Vec<OfferingCard>, ServerFnError> {
    backend()?.catalog().await.map_err(super::ssr::unavailable)
}

/// A published offering's page (its instructors also see it unpublished). `None`: not found.
#[server(endpoint = "get_offering")]
pub async fn get_offering(class_id: ClassId) -> Result<Option<OfferingPage>, ServerFnError> {
    use super::ssr::current_user;
    let user = current_user().await?;
    match backend()?.offering_page(user.as_ref(), class_id).await {
        Ok(page) => Ok(Some(page)),
        Err(Refusal::NotFound | Refusal::Forbidden | Refusal::SignInRequired) => Ok(None),
        Err(refusal) => Err(super::ssr::unavailable(refusal)),
    }
}

#[server(endpoint = "get_offering_admin")]
pub async fn get_offering_admin(
    class_id: ClassId,
) -> Result<Option<Access<OfferingAdmin>>, ServerFnError> {
    use super::ssr::{current_user, found};
    let Some(user) = current_user().await? else {
        return Ok(Some(Access::SignInRequired));
    };
    found(backend()?.offering_admin(&user, class_id).await)
}

#[server(endpoint = "get_attendance")]
pub async fn get_attendance(
    class_id: ClassId,
) -> Result<Option<Access<AttendanceView>>, ServerFnError> {
    use super::ssr::{current_user, found};
    let Some(user) = current_user().await? else {
        return Ok(Some(Access::SignInRequired));
    };
    found(backend()?.attendance(&user, class_id).await)
}

#[server(endpoint = "get_completion")]
pub async fn get_completion(
    class_id: ClassId,
) -> Result<Option<Access<CompletionView>>, ServerFnError> {
    use super::ssr::{current_user, found};
    let Some(user) = current_user().await? else {
        return Ok(Some(Access::SignInRequired));
    };
    found(backend()?.completion(&user, class_id).await)
}

/// A certificate's printable page: its learner, the class's instructors and administrators.
#[server(endpoint = "get_certificate")]
pub async fn get_certificate(
    code: String,
) -> Result<Option<Access<CertificatePage>>, ServerFnError> {
    use super::ssr::{current_user, found};
    let Some(user) = current_user().await? else {
        return Ok(Some(Access::SignInRequired));
    };
    found(backend()?.certificate(&user, &code).await)
}

#[server(endpoint = "get_my_certificates")]
pub async fn get_my_certificates() -> Result<Access<Vec<Certificate>>, ServerFnError> {
    use super::ssr::{access, current_user};
    let Some(user) = current_user().await? else {
        return Ok(Access::SignInRequired);
    };
    access(backend()?.my_certificates(&user).await)
}

/// Public: a certificate's name, course, dates, hours and status. `None`: no such certificate.
#[server(endpoint = "verify_certificate")]
pub async fn verify_certificate(code: String) -> Result<Option<Verification>, ServerFnError> {
    match backend()?.verify(&code).await {
        Ok(found) => Ok(Some(found)),
        Err(Refusal::NotFound) => Ok(None),
        Err(refusal) => Err(super::ssr::unavailable(refusal)),
    }
}
