//! The offerings' server functions for `AppState`: the catalog, an offering's page, the
//! instructor's views of registrations, attendance and completion, certificates and their public
//! verification. Each acts through the one door (`access::authorize_in_class`).

use std::collections::{BTreeMap, BTreeSet};

use app::api::offerings::{
    AttendanceView, CertificatePage, CompletionView, LearnerCompletion, OfferingAdmin,
    OfferingCard, OfferingPage, OfferingsBackend,
};
use app::knowledge_check::outcome_scores;
use app::people::{ClassSummary, CurrentUser, Membership, Role, RosterEntry};
use app::policy::{Action, Refusal};
use domain::certificate::{is_code, Certificate, Verification};
use domain::ids::{ClassId, UserId};
use domain::offering::{fees_text, Offering};

use super::schedule::{class_dates, day_times, origin_of, teaching_spans};
use super::standing::{
    attendance_row, marks_by_learner, minutes_by_learner, shortfall_words, standing, ClassTime,
    Work,
};
use crate::access::{also_may, authorize_in_class, unavailable};
use crate::certificates::qr::qr_svg;
use crate::state::AppState;
use crate::storage::clock::now;

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    now()[..10].to_string()
}

pub fn card(offering: Offering, today: &str) -> OfferingCard {
    OfferingCard {
        open: offering.open_on(today),
        days: day_times(&offering),
        offering,
    }
}

impl AppState {
    /// The class as its viewer sees it, and its learners when `with_learners`.
    pub(crate) async fn class_with_learners(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
        with_learners: bool,
    ) -> Result<(ClassSummary, Vec<RosterEntry>), Refusal> {
        let detail = self
            .storage()
            .class_detail(class_id, Some(user.id), with_learners)
            .await
            .map_err(unavailable)?
            .ok_or(Refusal::NotFound)?;
        let learners = detail
            .roster
            .unwrap_or_default()
            .into_iter()
            .filter(|entry| entry.membership == Membership::Learner)
            .collect();
        Ok((detail.summary, learners))
    }

    /// A learner's completion against the class's rule, for every learner given.
    pub(super) async fn completions(
        &self,
        class: &ClassSummary,
        learners: &[RosterEntry],
    ) -> Result<(CompletionView, Option<Offering>), Refusal> {
        let storage = self.storage();
        let class_id = class.id;
        let offering = storage.offering(class_id).await.map_err(unavailable)?;
        let rule = storage
            .completion_rule(class_id)
            .await
            .map_err(unavailable)?
            .unwrap_or_default();
        let time = self.class_time(class, offering.as_ref());
        let minutes = storage
            .presence_minutes(class_id, None)
            .await
            .map_err(unavailable)?;
        let minutes = minutes_by_learner(&minutes);
        let marks = storage
            .attendance_marks(class_id, None)
            .await
            .map_err(unavailable)?;
        let marks = marks_by_learner(&marks);
        let work = self.learners_work(class_id).await?;
        let knowledge_check = self.course.knowledge_check().map(|e| e.id.clone());
        let required: BTreeSet<String> = self
            .course
            .exercises
            .iter()
            .map(|e| e.id.clone())
            .filter(|id| Some(id) != knowledge_check.as_ref())
            .collect();
        let certificates: BTreeMap<UserId, Certificate> = storage
            .class_certificates(class_id)
            .await
            .map_err(unavailable)?
            .into_iter()
            .collect();
        let none = Vec::new();
        let learners = learners
            .iter()
            .map(|learner| {
                let id = learner.user_id;
                let (standing, cpe) = standing(
                    &time,
                    minutes.get(&id).unwrap_or(&none),
                    marks.get(&id).map_or(&[][..], Vec::as_slice),
                    work.get(&id).unwrap_or(&Work::default()),
                    &required,
                );
                LearnerCompletion {
                    user_id: id,
                    display_name: learner.display_name.clone(),
                    username: learner.username.clone(),
                    shortfalls: shortfall_words(&rule, &standing),
                    attended_minutes: standing.attended_minutes,
                    cpe_quarter_hours: cpe,
                    certificate: certificates.get(&id).cloned(),
                }
            })
            .collect();
        let view = CompletionView {
            class: class.clone(),
            scheduled_minutes: time.scheduled_minutes(),
            exercises_required: required.len() as u32,
            rule,
            learners,
            admin: false,
        };
        Ok((view, offering))
    }

    fn class_time<'a>(
        &self,
        class: &ClassSummary,
        offering: Option<&'a Offering>,
    ) -> ClassTime<'a> {
        let dates = class_dates(&class.starts_on, &class.ends_on);
        let origin = origin_of(&class.starts_on);
        ClassTime {
            teaching: teaching_spans(&self.course.overview.days, &dates, offering, origin),
            dates,
            origin,
            offering,
        }
    }

    /// Each learner's exercises submitted, appraisal submitted and knowledge-check score (from
    /// their latest submission of it).
    async fn learners_work(&self, class_id: ClassId) -> Result<BTreeMap<UserId, Work>, Refusal> {
        let storage = self.storage();
        let mut work: BTreeMap<UserId, Work> = BTreeMap::new();
        let knowledge_check = self.course.knowledge_check();
        for submission in storage
            .class_submissions(class_id, None)
            .await
            .map_err(unavailable)?
        {
            let entry = work.entry(submission.user_id).or_default();
            match knowledge_check {
                // Submissions come oldest first: the last one read is the latest.
                Some(check) if check.id == submission.exercise_id => {
                    let scores = outcome_scores(check, &submission.answers);
                    let earned: u64 = scores.iter().map(|s| u64::from(s.earned)).sum();
                    let possible: u64 = scores.iter().map(|s| u64::from(s.possible)).sum();
                    entry.knowledge_check_percent =
                        (possible > 0).then(|| 100.0 * earned as f64 / possible as f64);
                }
                _ => {
                    entry.exercises_submitted.insert(submission.exercise_id);
                }
            }
        }
        for (user, _, submitted_at) in storage
            .class_workspaces(class_id)
            .await
            .map_err(unavailable)?
        {
            work.entry(user).or_default().appraisal_submitted = submitted_at.is_some();
        }
        Ok(work)
    }
}

#[async_trait::async_trait]
impl OfferingsBackend for AppState {
    async fn catalog(&self) -> Result<Vec<OfferingCard>, Refusal> {
        let today = today();
        let offerings = self
            .storage()
            .published_offerings(&today)
            .await
            .map_err(unavailable)?;
        Ok(offerings.into_iter().map(|o| card(o, &today)).collect())
    }

    async fn offering_page(
        &self,
        user: Option<&CurrentUser>,
        class_id: ClassId,
    ) -> Result<OfferingPage, Refusal> {
        let storage = self.storage();
        let offering = storage
            .offering(class_id)
            .await
            .map_err(unavailable)?
            .ok_or(Refusal::NotFound)?;
        let manages = match user {
            Some(user) => authorize_in_class(storage, user, class_id, Action::ManageClass)
                .await
                .is_ok(),
            None => false,
        };
        // An unpublished offering does not exist for anyone but its instructors.
        if !offering.details.published && !manages {
            return Err(Refusal::NotFound);
        }
        let mine = match user {
            Some(user) => storage
                .registration(class_id, user.id)
                .await
                .map_err(unavailable)?,
            None => None,
        };
        let in_class = match user {
            Some(user) => storage
                .membership(class_id, user.id)
                .await
                .map_err(unavailable)?
                .is_some(),
            None => false,
        };
        Ok(OfferingPage {
            card: card(offering, &today()),
            signed_in: user.is_some(),
            mine,
            in_class,
            may_register: user.is_some_and(|u| u.role == Role::Learner),
            manages,
        })
    }

    async fn offering_admin(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<OfferingAdmin, Refusal> {
        authorize_in_class(self.storage(), user, class_id, Action::ManageClass).await?;
        let (class, _) = self.class_with_learners(user, class_id, false).await?;
        let storage = self.storage();
        let offering = storage.offering(class_id).await.map_err(unavailable)?;
        let registrations = storage.registrations(class_id).await.map_err(unavailable)?;
        Ok(OfferingAdmin {
            class,
            fees_text: offering
                .as_ref()
                .map(|o| fees_text(&o.details.fees))
                .unwrap_or_default(),
            offering,
            registrations,
        })
    }

    async fn attendance(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<AttendanceView, Refusal> {
        let grant = authorize_in_class(self.storage(), user, class_id, Action::ViewClass).await?;
        let manages = also_may(user, &grant, Action::ManageClass);
        let (class, mut learners) = self.class_with_learners(user, class_id, manages).await?;
        if !manages {
            // A learner sees their own row only; an instructor of another role sees nothing.
            if grant.membership != Some(Membership::Learner) {
                return Err(Refusal::Forbidden);
            }
            learners = vec![RosterEntry {
                user_id: user.id,
                username: user.username.clone(),
                display_name: user.display_name.clone(),
                membership: Membership::Learner,
                joined_at: String::new(),
            }];
        }
        let storage = self.storage();
        let offering = storage.offering(class_id).await.map_err(unavailable)?;
        let time = self.class_time(&class, offering.as_ref());
        let only = (!manages).then_some(user.id);
        let minutes = storage
            .presence_minutes(class_id, only)
            .await
            .map_err(unavailable)?;
        let minutes = minutes_by_learner(&minutes);
        let marks = storage
            .attendance_marks(class_id, only)
            .await
            .map_err(unavailable)?;
        let marks = marks_by_learner(&marks);
        let rows = learners
            .iter()
            .map(|learner| {
                attendance_row(
                    &time,
                    learner,
                    minutes.get(&learner.user_id).map_or(&[][..], Vec::as_slice),
                    marks.get(&learner.user_id).map_or(&[][..], Vec::as_slice),
                )
            })
            .collect();
        Ok(AttendanceView {
            days: time.dates.clone(),
            class,
            rows,
            manages,
        })
    }

    async fn completion(
        &self,
        user: &CurrentUser,
        class_id: ClassId,
    ) -> Result<CompletionView, Refusal> {
        authorize_in_class(self.storage(), user, class_id, Action::ManageClass).await?;
        let (class, learners) = self.class_with_learners(user, class_id, true).await?;
        let (mut view, _) = self.completions(&class, &learners).await?;
        view.admin = user.role == Role::Admin;
        Ok(view)
    }

    async fn certificate(
        &self,
        user: &CurrentUser,
        code: &str,
    ) -> Result<CertificatePage, Refusal> {
        if !is_code(code) {
            return Err(Refusal::NotFound);
        }
        let storage = self.storage();
        let (owner, certificate) = storage
            .certificate_with_owner(code)
            .await
            .map_err(unavailable)?
            .ok_or(Refusal::NotFound)?;
        let allowed = owner == user.id
            || authorize_in_class(storage, user, certificate.class_id, Action::ManageClass)
                .await
                .is_ok();
        if !allowed {
            return Err(Refusal::Forbidden);
        }
        let verify_url = format!("{}/verify/{code}", self.public_url);
        Ok(CertificatePage {
            qr_svg: qr_svg(&verify_url),
            badge_url: format!("/verify/{code}/badge.json"),
            may_revoke: user.role == Role::Admin
                && certificate.status == domain::certificate::CertificateStatus::Valid,
            verify_url,
            certificate,
        })
    }

    async fn my_certificates(&self, user: &CurrentUser) -> Result<Vec<Certificate>, Refusal> {
        self.storage()
            .certificates_of(user.id)
            .await
            .map_err(unavailable)
    }

    async fn verify(&self, code: &str) -> Result<Verification, Refusal> {
        if !is_code(code) {
            return Err(Refusal::NotFound);
        }
        self.storage()
            .certificate_by_code(code)
            .await
            .map_err(unavailable)?
            .map(|c| c.verification())
            .ok_or(Refusal::NotFound)
    }
}
