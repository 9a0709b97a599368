//! Appraisal workspaces (one JSON document per learner and class) and each class's reveal.

use app::appraisal::workspace::Workspace;
use sqlx::Row;

use domain::ids::{ClassId, UserId};
use domain::policy::Scope;

use super::clock;
use super::error::StorageError;
use super::group_commit::{write_alone, BatchAnswers, WriteBatch};
use super::pool::{class_key, Storage};
use super::queued::WorkspaceSave;
use super::security_events::{record_in, SecurityEvent};

/// A stored workspace: its owner, the workspace, and when it was submitted.
pub type StoredWorkspace = (UserId, Workspace, Option<String>);

fn workspace_from_json(text: &str) -> Result<Workspace, StorageError> {
    serde_json::from_str(text).map_err(|e| StorageError::Corrupt(format!("stored workspace: {e}")))
}

impl Storage {
    /// Saves a workspace; with `submit`, also records the time it was submitted. Concurrent
    /// saves are committed together (see `group_commit`); this answers after the commit.
    pub async fn save_workspace(
        &self,
        user_id: UserId,
        scope: Scope,
        workspace: &Workspace,
        submit: bool,
    ) -> Result<(), StorageError> {
        let now = clock::now();
        let save = WorkspaceSave {
            user_id: user_id.get(),
            class_id: class_key(scope),
            json: serde_json::to_string(workspace).expect("workspace serializes"),
            submitted_at: submit.then(|| now.clone()),
            updated_at: now,
        };
        match &self.workspace_saves {
            Some(queue) => queue.write(save).await,
            None => write_alone(self, &save).await,
        }
    }

    /// Stores workspaces in one transaction, in order. A save has no refusal of its own, so the
    /// batch is stored whole or not at all, and every save of a stored batch is answered `Ok`.
    pub(super) async fn write_workspaces(&self, saves: &[&WorkspaceSave]) -> BatchAnswers<()> {
        let mut tx = self.begin_write().await?;
        for save in saves {
            sqlx::query(
                "INSERT INTO appraisal_workspaces (user_id, class_id, workspace, submitted_at, updated_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (user_id, class_id) DO UPDATE SET workspace = excluded.workspace, updated_at = excluded.updated_at,
                   submitted_at = COALESCE(excluded.submitted_at, appraisal_workspaces.submitted_at)",
            )
            .bind(save.user_id)
            .bind(save.class_id)
            .bind(&save.json)
            .bind(save.submitted_at.as_deref())
            .bind(&save.updated_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(saves.iter().map(|_| Ok(())).collect())
    }

    pub async fn workspace(
        &self,
        user_id: UserId,
        scope: Scope,
    ) -> Result<(Workspace, Option<String>), StorageError> {
        let row = sqlx::query(
            "SELECT workspace, submitted_at FROM appraisal_workspaces WHERE user_id = $1 AND class_id = $2",
        )
        .bind(user_id.get())
        .bind(class_key(scope))
        .fetch_optional(self.pool())
        .await?;
        match row {
            None => Ok((Workspace::default(), None)),
            Some(row) => Ok((
                workspace_from_json(&row.try_get::<String, _>("workspace")?)?,
                row.try_get("submitted_at")?,
            )),
        }
    }

    /// Every workspace of a class.
    pub async fn class_workspaces(
        &self,
        class_id: ClassId,
    ) -> Result<Vec<StoredWorkspace>, StorageError> {
        let rows = sqlx::query(
            "SELECT user_id, workspace, submitted_at FROM appraisal_workspaces WHERE class_id = $1",
        )
        .bind(class_id.get())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    UserId(row.try_get("user_id")?),
                    workspace_from_json(&row.try_get::<String, _>("workspace")?)?,
                    row.try_get("submitted_at")?,
                ))
            })
            .collect()
    }

    pub async fn appraisal_revealed(&self, class_id: ClassId) -> Result<bool, StorageError> {
        let revealed: Option<i64> =
            sqlx::query_scalar("SELECT revealed FROM class_appraisals WHERE class_id = $1")
                .bind(class_id.get())
                .fetch_optional(self.pool())
                .await?;
        Ok(revealed == Some(1))
    }

    /// Whether the key was ever revealed to the class: ratings compared with it then stay final
    /// even after the instructor hides it again.
    pub async fn appraisal_ever_revealed(&self, class_id: ClassId) -> Result<bool, StorageError> {
        let ever: Option<i64> =
            sqlx::query_scalar("SELECT ever_revealed FROM class_appraisals WHERE class_id = $1")
                .bind(class_id.get())
                .fetch_optional(self.pool())
                .await?;
        Ok(ever == Some(1))
    }

    /// Reveals or hides the key, remembering that it was ever revealed, and logs `event`.
    pub async fn set_appraisal_revealed(
        &self,
        class_id: ClassId,
        revealed: bool,
        event: &SecurityEvent,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO class_appraisals (class_id, revealed, ever_revealed) VALUES ($1, $2, $2)
             ON CONFLICT (class_id) DO UPDATE SET revealed = excluded.revealed,
                 ever_revealed = CASE WHEN excluded.revealed = 1 THEN 1 ELSE class_appraisals.ever_revealed END",
        )
        .bind(class_id.get())
        .bind(i64::from(revealed))
        .execute(&mut *tx)
        .await?;
        record_in(&mut tx, event).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Storage {
    /// The class's adjustments of the key: (practice id, rating code).
    pub async fn class_key_ratings(
        &self,
        class_id: ClassId,
    ) -> Result<Vec<(String, String)>, StorageError> {
        let rows =
            sqlx::query("SELECT practice_id, rating FROM class_key_ratings WHERE class_id = $1")
                .bind(class_id.get())
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("practice_id")?, row.try_get("rating")?)))
            .collect()
    }

    /// Replaces the class's adjustments with `ratings` (practice id, rating code) in one
    /// transaction.
    pub async fn set_class_key_ratings(
        &self,
        class_id: ClassId,
        ratings: &[(String, String)],
    ) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM class_key_ratings WHERE class_id = $1")
            .bind(class_id.get())
            .execute(&mut *tx)
            .await?;
        for (practice, rating) in ratings {
            sqlx::query(
                "INSERT INTO class_key_ratings (class_id, practice_id, rating) VALUES ($1, $2, $3)",
            )
            .bind(class_id.get())
            .bind(practice)
            .bind(rating)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

impl WriteBatch<WorkspaceSave> for Storage {
    fn write_batch(
        &self,
        saves: &[&WorkspaceSave],
    ) -> impl std::future::Future<Output = BatchAnswers<()>> + Send {
        Storage::write_workspaces(self, saves)
    }
}
