//! What a person's classes still withhold. Keys belong to the course, not to a class, so a key
//! shown anywhere is shown everywhere: while any instructor-led class a person is a learner of
//! keeps an exercise's results (or the appraisal key) back, they stay back for that person in
//! every other place too, working alone included.

use domain::ids::UserId;
use domain::policy::Scope;

use super::error::StorageError;
use super::pool::{class_key, Storage};

impl Storage {
    /// Whether an instructor-led class that `user` is a learner of, other than `here`, has not
    /// released the exercise's results.
    pub async fn exercise_withheld_elsewhere(
        &self,
        user: UserId,
        exercise_id: &str,
        here: Scope,
    ) -> Result<bool, StorageError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM class_members m JOIN classes c ON c.id = m.class_id
             LEFT JOIN class_exercises x ON x.class_id = c.id AND x.exercise_id = $2
             WHERE m.user_id = $1 AND m.role = 'learner' AND c.mode = 'instructor-led'
               AND COALESCE(x.released, 0) = 0 AND c.id <> $3",
        )
        .bind(user.get())
        .bind(exercise_id)
        .bind(class_key(here))
        .fetch_one(self.pool())
        .await?;
        Ok(count > 0)
    }

    /// Whether an instructor-led class that `user` is a learner of, other than `here`, has not
    /// revealed the appraisal key.
    pub async fn appraisal_withheld_elsewhere(
        &self,
        user: UserId,
        here: Scope,
    ) -> Result<bool, StorageError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM class_members m JOIN classes c ON c.id = m.class_id
             LEFT JOIN class_appraisals a ON a.class_id = c.id
             WHERE m.user_id = $1 AND m.role = 'learner' AND c.mode = 'instructor-led'
               AND COALESCE(a.revealed, 0) = 0 AND c.id <> $2",
        )
        .bind(user.get())
        .bind(class_key(here))
        .fetch_one(self.pool())
        .await?;
        Ok(count > 0)
    }
}
