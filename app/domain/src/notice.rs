//! What a plain form post says when it comes back: the server answers a form with a redirect
//! (post/redirect/get) to a page address with `?notice=CODE` (it worked) or `?error=CODE` (it was
//! refused), and the page turns the code into a sentence.
//!
//! Both sides go through the enums here, so a code the server sends is one the page knows. The
//! codes are the ones addresses have always carried, so links, bookmarks and tests keep working.
//! Pages show only these fixed sentences, never text from the address, so a crafted link cannot
//! put words on our pages; a code they do not know shows nothing.

/// The page a notice is shown on. The same code reads differently on different pages ("saved"
/// is the learner's answers on an exercise, the team's ratings on the team page), so a notice is
/// read for the page that shows it, and a code meant for another page shows nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoticePage {
    /// An exercise, for the learner answering it.
    Exercise,
    /// The learner's own appraisal workspace.
    Appraisal,
    /// A team's shared appraisal.
    TeamAppraisal,
    /// The instructor's view of the class's appraisal (heatmap, key and teams).
    ClassAppraisal,
    /// The instructor's grading queue.
    Grading,
    /// One class: roster, join code and the instructor's actions.
    Class,
    /// The administrator's list of accounts.
    Accounts,
    /// A learner's improvement plan.
    Plan,
    /// The class's improvement plans, for its instructors.
    ClassPlans,
}

/// A form that worked, as the page it comes back to tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Notice {
    /// A learner saved a draft of an exercise's answers.
    AnswersSaved,
    /// A learner submitted an exercise's answers.
    AnswersSubmitted,
    /// A learner saved their own appraisal ratings.
    RatingsSaved,
    /// A learner submitted their own appraisal ratings.
    RatingsSubmitted,
    /// A member saved the team's ratings.
    TeamRatingsSaved,
    /// A member submitted the team's ratings.
    TeamRatingsSubmitted,
    /// A member filled in the practices every member rated alike.
    TeamRatingsAdopted,
    /// The instructor saved the class's key.
    KeySaved,
    /// The instructor put learners on teams.
    TeamsSaved,
    /// The instructor asked for teams, but everyone already had one.
    TeamsUnchanged,
    /// The instructor removed a team without members.
    TeamRemoved,
    /// The instructor gave teams their shares of the scope for the jigsaw.
    TeamSharesSaved,
    /// The instructor graded an essay.
    Graded,
    /// The instructor set a new password for a learner of the class.
    LearnerPasswordReset,
    /// An administrator set a new password for an account.
    AccountPasswordReset,
    /// The instructor added a co-instructor to the class.
    CoInstructorAdded,
    /// The instructor removed a co-instructor from the class.
    CoInstructorRemoved,
    /// The instructor let a removed learner join again.
    LearnerReadmitted,
    /// A learner saved their target levels.
    TargetsSaved,
    /// A learner saved their roadmap.
    RoadmapSaved,
    /// A learner saved a named snapshot of their ratings.
    SnapshotSaved,
    /// The instructor saved the class's own targets.
    ClassTargetsSaved,
}

impl Notice {
    /// Every notice, for tests and for reading a code.
    pub const ALL: [Notice; 22] = [
        Notice::AnswersSaved,
        Notice::AnswersSubmitted,
        Notice::RatingsSaved,
        Notice::RatingsSubmitted,
        Notice::TeamRatingsSaved,
        Notice::TeamRatingsSubmitted,
        Notice::TeamRatingsAdopted,
        Notice::KeySaved,
        Notice::TeamsSaved,
        Notice::TeamsUnchanged,
        Notice::TeamRemoved,
        Notice::TeamSharesSaved,
        Notice::Graded,
        Notice::LearnerPasswordReset,
        Notice::AccountPasswordReset,
        Notice::CoInstructorAdded,
        Notice::CoInstructorRemoved,
        Notice::LearnerReadmitted,
        Notice::TargetsSaved,
        Notice::RoadmapSaved,
        Notice::SnapshotSaved,
        Notice::ClassTargetsSaved,
    ];

    /// The code in the address (`?notice=CODE`), unique on its page.
    pub fn code(self) -> &'static str {
        match self {
            Notice::AnswersSaved | Notice::RatingsSaved | Notice::TeamRatingsSaved => "saved",
            Notice::AnswersSubmitted | Notice::RatingsSubmitted | Notice::TeamRatingsSubmitted => {
                "submitted"
            }
            Notice::TeamRatingsAdopted => "adopted",
            Notice::KeySaved => "key",
            Notice::TeamsSaved => "teams",
            Notice::TeamsUnchanged => "teams-none",
            Notice::TeamRemoved => "team-removed",
            Notice::TeamSharesSaved => "shares",
            Notice::Graded => "graded",
            Notice::LearnerPasswordReset | Notice::AccountPasswordReset => "password-reset",
            Notice::CoInstructorAdded => "co-instructor-added",
            Notice::CoInstructorRemoved => "co-instructor-removed",
            Notice::LearnerReadmitted => "readmitted",
            Notice::TargetsSaved => "targets",
            Notice::RoadmapSaved => "roadmap",
            Notice::SnapshotSaved => "snapshot",
            Notice::ClassTargetsSaved => "targets",
        }
    }

    /// The page that shows this notice.
    pub fn page(self) -> NoticePage {
        match self {
            Notice::AnswersSaved | Notice::AnswersSubmitted => NoticePage::Exercise,
            Notice::RatingsSaved | Notice::RatingsSubmitted => NoticePage::Appraisal,
            Notice::TeamRatingsSaved
            | Notice::TeamRatingsSubmitted
            | Notice::TeamRatingsAdopted => NoticePage::TeamAppraisal,
            Notice::KeySaved
            | Notice::TeamsSaved
            | Notice::TeamsUnchanged
            | Notice::TeamRemoved
            | Notice::TeamSharesSaved => NoticePage::ClassAppraisal,
            Notice::Graded => NoticePage::Grading,
            Notice::LearnerPasswordReset
            | Notice::CoInstructorAdded
            | Notice::CoInstructorRemoved
            | Notice::LearnerReadmitted => NoticePage::Class,
            Notice::AccountPasswordReset => NoticePage::Accounts,
            Notice::TargetsSaved | Notice::RoadmapSaved | Notice::SnapshotSaved => NoticePage::Plan,
            Notice::ClassTargetsSaved => NoticePage::ClassPlans,
        }
    }

    /// The notice `code` means on `page`; `None` for a code unknown there.
    pub fn parse(page: NoticePage, code: &str) -> Option<Notice> {
        Notice::ALL
            .into_iter()
            .find(|notice| notice.page() == page && notice.code() == code)
    }

    /// The sentence the page shows.
    pub fn message(self) -> &'static str {
        match self {
            Notice::AnswersSaved => "Your answers are saved.",
            Notice::AnswersSubmitted => "Your answers are submitted.",
            Notice::RatingsSaved => "Your ratings are saved.",
            Notice::RatingsSubmitted => "Your ratings are submitted.",
            Notice::TeamRatingsSaved => "The team's ratings are saved.",
            Notice::TeamRatingsSubmitted => "The team's ratings are submitted.",
            Notice::TeamRatingsAdopted => {
                "Every practice the members rated alike is filled in; check them, then save or submit."
            }
            Notice::KeySaved => "The class's key is saved; comparisons use it from now on.",
            Notice::TeamsSaved => "The teams are saved.",
            Notice::TeamsUnchanged => "Everyone is already on a team; nothing changed.",
            Notice::TeamRemoved => "The team is removed.",
            Notice::TeamSharesSaved => {
                "Each team's process areas are saved: its members now rate only those."
            }
            Notice::Graded => "Grade saved.",
            Notice::LearnerPasswordReset => {
                "The password was changed. Tell the learner in person; their old sessions have ended."
            }
            Notice::AccountPasswordReset => {
                "The password was changed. Tell its owner in person; their old sessions have ended."
            }
            Notice::CoInstructorAdded => {
                "The co-instructor is added: they see this class and can manage and teach it."
            }
            Notice::CoInstructorRemoved => "The co-instructor is removed from this class.",
            Notice::LearnerReadmitted => {
                "The learner may join again with the class's join code."
            }
            Notice::TargetsSaved => "Your targets are saved; the gaps below use them.",
            Notice::RoadmapSaved => "Your roadmap is saved.",
            Notice::SnapshotSaved => "The snapshot of your ratings is saved.",
            Notice::ClassTargetsSaved => {
                "The class's targets are saved: learners see them where they have set none."
            }
        }
    }
}

/// A form that was refused, as the page it goes back to explains it. The codes are shared by
/// every page that shows form errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormError {
    /// Sign-in: no account has that username and password.
    WrongCredentials,
    /// Sign-up: the username belongs to someone else.
    UsernameTaken,
    /// Sign-up: the username is not a valid one.
    Username,
    /// Sign-up: the display name is empty or too long.
    DisplayName,
    /// Sign-up or a password reset: the new password is too short or too long.
    Password,
    /// A new class: its name is empty or too long.
    ClassName,
    /// A new class: its dates are not dates, or end before they start.
    Dates,
    /// A new class: neither instructor-led nor self-paced.
    Mode,
    /// Joining: no class has that join code.
    UnknownCode,
    /// An instructor's action on someone who is not a learner of the class.
    NotALearner,
    /// An administrator's role change to a role that does not exist.
    Role,
    /// Sign-up on a site that creates accounts only with a class join code, without a valid one.
    SignUpNeedsCode,
    /// Sign-up on a site where only administrators create accounts.
    SignUpClosed,
    /// An administrator tried to join a class as a learner.
    AdminsDoNotJoin,
    /// An instructor tried to join another class with its code.
    InstructorsAreAdded,
    /// A learner removed from the class tried to rejoin.
    Removed,
    /// An instructor's password reset of an account that is not only their learner.
    NotOnlyYourLearner,
    /// Adding a co-instructor: no instructor account has that username.
    NotAnInstructor,
}

impl FormError {
    /// Every form error, for tests and for reading a code.
    pub const ALL: [FormError; 18] = [
        FormError::WrongCredentials,
        FormError::UsernameTaken,
        FormError::Username,
        FormError::DisplayName,
        FormError::Password,
        FormError::ClassName,
        FormError::Dates,
        FormError::Mode,
        FormError::UnknownCode,
        FormError::NotALearner,
        FormError::Role,
        FormError::SignUpNeedsCode,
        FormError::SignUpClosed,
        FormError::AdminsDoNotJoin,
        FormError::InstructorsAreAdded,
        FormError::Removed,
        FormError::NotOnlyYourLearner,
        FormError::NotAnInstructor,
    ];

    /// The code in the address (`?error=CODE`).
    pub fn code(self) -> &'static str {
        match self {
            FormError::WrongCredentials => "wrong-credentials",
            FormError::UsernameTaken => "username-taken",
            FormError::Username => "username",
            FormError::DisplayName => "display-name",
            FormError::Password => "password",
            FormError::ClassName => "class-name",
            FormError::Dates => "dates",
            FormError::Mode => "mode",
            FormError::UnknownCode => "unknown-code",
            FormError::NotALearner => "not-a-learner",
            FormError::Role => "role",
            FormError::SignUpNeedsCode => "needs-code",
            FormError::SignUpClosed => "sign-up-closed",
            FormError::AdminsDoNotJoin => "admins-do-not-join",
            FormError::InstructorsAreAdded => "instructors-are-added",
            FormError::Removed => "removed",
            FormError::NotOnlyYourLearner => "not-only-your-learner",
            FormError::NotAnInstructor => "not-an-instructor",
        }
    }

    /// The form error `code` means; `None` for an unknown code.
    pub fn parse(code: &str) -> Option<FormError> {
        FormError::ALL
            .into_iter()
            .find(|error| error.code() == code)
    }

    /// The sentence the page shows.
    pub fn message(self) -> &'static str {
        match self {
            FormError::WrongCredentials => {
                "That username and password do not match an account. Check both and try again."
            }
            FormError::UsernameTaken => "That username is taken. Choose another.",
            FormError::Username => {
                "A username has 3 to 40 characters: letters, digits, dots, hyphens and underscores."
            }
            FormError::DisplayName => "A display name has 1 to 80 characters.",
            FormError::Password => {
                "Choose a password of 10 to 200 characters that is your own: not a common one such as password123, and not containing your username."
            }
            FormError::ClassName => "A class name has 1 to 120 characters.",
            FormError::Dates => {
                "Give the start and end dates as YYYY-MM-DD, the end on or after the start."
            }
            FormError::Mode => "Choose whether the class is instructor-led or self-paced.",
            FormError::UnknownCode => {
                "No class has that join code. Check it with your instructor; codes can be revoked."
            }
            FormError::NotALearner => "That person is not a learner of this class.",
            FormError::Role => "Choose admin, instructor or learner.",
            FormError::SignUpNeedsCode => {
                "Accounts here are created with a class join code. Enter the code your instructor gave you (or that a self-paced class publishes on the home page)."
            }
            FormError::SignUpClosed => {
                "Accounts here are created by an administrator. Ask yours for an account."
            }
            FormError::AdminsDoNotJoin => {
                "Administrators see every class already, so they do not join classes as learners."
            }
            FormError::InstructorsAreAdded => {
                "Instructors do not join other classes with a code: ask the class's instructor to add you as a co-instructor."
            }
            FormError::Removed => {
                "Your instructor removed you from this class. Ask them to re-admit you before you join again."
            }
            FormError::NotOnlyYourLearner => {
                "You can reset the password only of a learner account that is in no class taught by someone else. Ask an administrator."
            }
            FormError::NotAnInstructor => {
                "No instructor account has that username. An administrator makes an account an instructor first."
            }
        }
    }
}

/// `path` with `name=code` added to its query string (`?` for the first parameter, `&` after
/// others). The codes are plain ASCII words, so nothing needs encoding.
fn with_parameter(path: &str, name: &str, code: &str) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    format!("{path}{separator}{name}={code}")
}

/// The address a form that worked redirects to: `path` with `notice=CODE`.
pub fn with_notice(path: &str, notice: Notice) -> String {
    with_parameter(path, "notice", notice.code())
}

/// The address a refused form redirects to: `path` with `error=CODE`.
pub fn with_error(path: &str, error: FormError) -> String {
    with_parameter(path, "error", error.code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_notice_round_trips_through_its_code_on_its_page() {
        for notice in Notice::ALL {
            assert_eq!(
                Notice::parse(notice.page(), notice.code()),
                Some(notice),
                "{notice:?}"
            );
        }
    }

    #[test]
    fn notice_codes_are_unique_on_each_page() {
        let mut seen = HashSet::new();
        for notice in Notice::ALL {
            assert!(
                seen.insert((notice.page(), notice.code())),
                "{notice:?} repeats the code {} on its page",
                notice.code()
            );
        }
    }

    #[test]
    fn notices_have_sentences() {
        for notice in Notice::ALL {
            let message = notice.message();
            assert!(!message.is_empty(), "{notice:?}");
            assert!(message.ends_with('.'), "{notice:?}: {message}");
        }
    }

    #[test]
    fn unknown_notices_and_notices_of_other_pages_read_as_none() {
        let pages = [
            NoticePage::Exercise,
            NoticePage::Appraisal,
            NoticePage::TeamAppraisal,
            NoticePage::ClassAppraisal,
            NoticePage::Grading,
            NoticePage::Class,
            NoticePage::Accounts,
            NoticePage::Plan,
            NoticePage::ClassPlans,
        ];
        for page in pages {
            for code in ["", "unknown", "Saved", "saved ", "<script>", "notice=saved"] {
                assert_eq!(Notice::parse(page, code), None, "{page:?} {code:?}");
            }
        }
        assert_eq!(Notice::parse(NoticePage::Class, "graded"), None);
        assert_eq!(Notice::parse(NoticePage::Grading, "saved"), None);
        assert_eq!(Notice::parse(NoticePage::ClassAppraisal, "adopted"), None);
    }

    #[test]
    fn the_same_code_reads_for_its_page() {
        let cases = [
            (NoticePage::Exercise, "saved", "Your answers are saved."),
            (NoticePage::Appraisal, "saved", "Your ratings are saved."),
            (
                NoticePage::TeamAppraisal,
                "saved",
                "The team's ratings are saved.",
            ),
            (
                NoticePage::Exercise,
                "submitted",
                "Your answers are submitted.",
            ),
            (
                NoticePage::Appraisal,
                "submitted",
                "Your ratings are submitted.",
            ),
            (
                NoticePage::TeamAppraisal,
                "submitted",
                "The team's ratings are submitted.",
            ),
            (NoticePage::Grading, "graded", "Grade saved."),
            (NoticePage::ClassAppraisal, "teams", "The teams are saved."),
        ];
        for (page, code, message) in cases {
            assert_eq!(
                Notice::parse(page, code).map(Notice::message),
                Some(message)
            );
        }
    }

    #[test]
    fn every_form_error_round_trips_through_its_code() {
        for error in FormError::ALL {
            assert_eq!(FormError::parse(error.code()), Some(error), "{error:?}");
        }
    }

    #[test]
    fn form_error_codes_are_unique() {
        let codes: HashSet<&str> = FormError::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(codes.len(), FormError::ALL.len());
    }

    #[test]
    fn form_errors_have_sentences() {
        for error in FormError::ALL {
            let message = error.message();
            assert!(!message.is_empty(), "{error:?}");
            assert!(message.ends_with('.'), "{error:?}: {message}");
        }
    }

    #[test]
    fn unknown_form_errors_read_as_none() {
        for code in [
            "",
            "unknown",
            "Password",
            "password ",
            "<script>",
            "error=role",
        ] {
            assert_eq!(FormError::parse(code), None, "{code:?}");
        }
    }

    #[test]
    fn redirects_add_the_code_to_the_query_string() {
        assert_eq!(
            with_notice("/exercises/e1", Notice::AnswersSaved),
            "/exercises/e1?notice=saved"
        );
        assert_eq!(
            with_notice("/exercises/e1?class=3", Notice::AnswersSubmitted),
            "/exercises/e1?class=3&notice=submitted"
        );
        assert_eq!(
            with_notice("/classes/3/appraisal?by=teams", Notice::TeamsUnchanged),
            "/classes/3/appraisal?by=teams&notice=teams-none"
        );
        assert_eq!(
            with_error("/join", FormError::UnknownCode),
            "/join?error=unknown-code"
        );
        assert_eq!(
            with_error("/classes/3", FormError::NotALearner),
            "/classes/3?error=not-a-learner"
        );
    }
}
