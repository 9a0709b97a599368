//! Typed identifiers. A user, a class and a team are all numbered by the database, but a class id
//! where a user id belongs is a bug the compiler should catch: every function that takes two of
//! them takes two different types, and "nobody" or "alone" is an `Option` or a
//! [`Scope`](crate::policy::Scope), never a zero.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The number the database gave it.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map($name)
            }
        }
    };
}

id_type!(
    /// An account.
    UserId
);
id_type!(
    /// A class (an offering of the course with its members).
    ClassId
);
id_type!(
    /// A team of learners in a class's appraisal.
    TeamId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_and_print_as_their_numbers_and_serialize_bare() {
        let id: ClassId = "42".parse().unwrap();
        assert_eq!(id, ClassId(42));
        assert_eq!(id.to_string(), "42");
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert!("x".parse::<UserId>().is_err());
    }
}
