//! Who may do what: the decision that the server's `authorize` door asks for every route and
//! server function acting on a class or an account (through `authorize` and `also_may`).
//!
//! The policy is a pure function of the person (or nobody), their place in the class the action
//! concerns, and the action, so the whole table can be tested without a server.

use crate::ids::UserId;
use crate::people::{Membership, Role};

/// Something a person may try to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Open a new class (instructors and admins).
    CreateClass,
    /// Join a class with its code, as a learner (learner accounts only: administrators see
    /// every class already, and instructors are added to others' classes as co-instructors).
    JoinClass,
    /// See a class's name, dates and mode, and follow its live session.
    ViewClass,
    /// See the roster and the join code.
    ViewRoster,
    /// Remove or re-admit a learner, issue, revoke or publish the join code, add or remove a
    /// co-instructor, reset a learner's password (within `may_reset_password`).
    ManageClass,
    /// Start, drive and end the class's live session.
    DriveLiveSession,
    /// List all accounts, change their roles and passwords, read the security log.
    ManageAccounts,
    /// Read the instructor guide, which holds every exercise's answers (instructors and
    /// administrators).
    ReadInstructorGuide,
    /// Take part in the live session as one of the room: answer its quick checks. The class's
    /// learners only: an instructor's or administrator's answer would skew the room's results.
    TakePartLive,
    /// Register for a class's published offering (learner accounts only: a seat makes the
    /// person a learner of the class, which staff accounts never are).
    RegisterForOffering,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Nobody is signed in: the answer is "sign in first" (HTTP 401).
    SignInRequired,
    /// Signed in, but not allowed (HTTP 403).
    Forbidden,
}

/// The signed-in person as the policy sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub role: Role,
}

/// Decides whether `actor` may do `action`, given their `membership` in the class the action
/// concerns (`None` when they are not in it, or when the action concerns no class).
pub fn decide(actor: Option<Actor>, membership: Option<Membership>, action: Action) -> Decision {
    let Some(actor) = actor else {
        return Decision::SignInRequired;
    };
    if matches!(action, Action::JoinClass | Action::RegisterForOffering) {
        return if actor.role == Role::Learner {
            Decision::Allow
        } else {
            Decision::Forbidden
        };
    }
    if action == Action::TakePartLive {
        return if membership == Some(Membership::Learner) {
            Decision::Allow
        } else {
            Decision::Forbidden
        };
    }
    if actor.role == Role::Admin {
        return Decision::Allow;
    }
    let allowed = match action {
        Action::CreateClass => actor.role == Role::Instructor,
        Action::JoinClass => false,
        Action::ViewClass => membership.is_some(),
        Action::ViewRoster | Action::ManageClass | Action::DriveLiveSession => {
            membership == Some(Membership::Instructor)
        }
        Action::ManageAccounts => false,
        Action::ReadInstructorGuide => actor.role == Role::Instructor,
        Action::TakePartLive | Action::RegisterForOffering => false,
    };
    if allowed {
        Decision::Allow
    } else {
        Decision::Forbidden
    }
}

/// Whether an instructor (or administrator) may set the password of another account from a
/// class roster. Administrators may set anyone's. An instructor may set only a learner account's
/// (never an administrator's or another instructor's, which would be a takeover), and only when
/// every class that learner is in is one the instructor teaches: otherwise the instructor could
/// take over a learner of a colleague's class, who is no business of theirs.
pub fn may_reset_password(actor: Role, target: Role, in_classes_not_taught_by_actor: bool) -> bool {
    match actor {
        Role::Admin => true,
        Role::Instructor => target == Role::Learner && !in_classes_not_taught_by_actor,
        Role::Learner => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Action; 9] = [
        Action::TakePartLive,
        Action::RegisterForOffering,
        Action::CreateClass,
        Action::JoinClass,
        Action::ViewClass,
        Action::ViewRoster,
        Action::ManageClass,
        Action::DriveLiveSession,
        Action::ManageAccounts,
    ];

    fn actor(role: Role) -> Option<Actor> {
        Some(Actor {
            user_id: UserId(1),
            role,
        })
    }

    #[test]
    fn nobody_signed_in_must_sign_in_for_everything() {
        for action in ALL {
            assert_eq!(
                decide(None, None, action),
                Decision::SignInRequired,
                "{action:?}"
            );
        }
    }

    #[test]
    fn admins_may_do_everything_but_join_or_answer_as_learners() {
        for action in [
            Action::JoinClass,
            Action::TakePartLive,
            Action::RegisterForOffering,
        ] {
            assert_eq!(
                decide(actor(Role::Admin), None, action),
                Decision::Forbidden,
                "{action:?}"
            );
        }
        for action in ALL.into_iter().filter(|a| {
            !matches!(
                a,
                Action::JoinClass | Action::TakePartLive | Action::RegisterForOffering
            )
        }) {
            assert_eq!(
                decide(actor(Role::Admin), None, action),
                Decision::Allow,
                "{action:?}"
            );
        }
    }

    #[test]
    fn learners_see_their_classes_and_nothing_more() {
        let learner = actor(Role::Learner);
        let allowed: Vec<Action> = ALL
            .into_iter()
            .filter(|a| decide(learner, Some(Membership::Learner), *a) == Decision::Allow)
            .collect();
        assert_eq!(
            allowed,
            vec![
                Action::TakePartLive,
                Action::RegisterForOffering,
                Action::JoinClass,
                Action::ViewClass
            ]
        );
        assert_eq!(
            decide(learner, None, Action::ViewClass),
            Decision::Forbidden,
            "another class"
        );
    }

    #[test]
    fn instructors_manage_only_classes_they_teach() {
        let instructor = actor(Role::Instructor);
        for action in [
            Action::ViewRoster,
            Action::ManageClass,
            Action::DriveLiveSession,
            Action::ViewClass,
        ] {
            assert_eq!(
                decide(instructor, Some(Membership::Instructor), action),
                Decision::Allow,
                "{action:?}"
            );
            assert_eq!(
                decide(instructor, None, action),
                Decision::Forbidden,
                "{action:?} in another class"
            );
        }
        assert_eq!(
            decide(
                instructor,
                Some(Membership::Instructor),
                Action::TakePartLive
            ),
            Decision::Forbidden,
            "the instructor's answers would skew the room's"
        );
        // An instructor who joined someone else's class as a learner does not drive it.
        assert_eq!(
            decide(
                instructor,
                Some(Membership::Learner),
                Action::DriveLiveSession
            ),
            Decision::Forbidden
        );
        assert_eq!(
            decide(instructor, None, Action::CreateClass),
            Decision::Allow
        );
        // Instructors are added to others' classes; they do not join them with a code.
        assert_eq!(
            decide(instructor, None, Action::JoinClass),
            Decision::Forbidden
        );
        assert_eq!(
            decide(instructor, None, Action::ManageAccounts),
            Decision::Forbidden
        );
    }

    #[test]
    fn password_resets_never_reach_beyond_ones_own_learners() {
        use Role::*;
        let table = [
            // actor, target, in a class the actor does not teach, allowed
            (Admin, Admin, true, true),
            (Admin, Instructor, false, true),
            (Admin, Learner, true, true),
            (Instructor, Learner, false, true),
            (Instructor, Learner, true, false),
            (Instructor, Instructor, false, false),
            (Instructor, Admin, false, false),
            (Learner, Learner, false, false),
        ];
        for (actor, target, elsewhere, allowed) in table {
            assert_eq!(
                may_reset_password(actor, target, elsewhere),
                allowed,
                "{actor:?} resetting {target:?} (elsewhere: {elsewhere})"
            );
        }
    }
}
