//! Self-paced progress records.

use app::progress::{ItemKind, ProgressRecord};
use sqlx::Row;

use domain::ids::UserId;

use super::error::StorageError;
use super::pool::Storage;

impl Storage {
    /// Records that a person opened a lesson (`position` 0) or was shown a slide. The furthest
    /// slide only ever grows; the last one follows the person back and forth.
    pub async fn record_progress(
        &self,
        user_id: UserId,
        kind: ItemKind,
        module_id: &str,
        position: usize,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO progress (user_id, item_kind, module_id, last_position, furthest) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (user_id, item_kind, module_id) DO UPDATE SET last_position = excluded.last_position,
               furthest = CASE WHEN excluded.furthest > progress.furthest THEN excluded.furthest ELSE progress.furthest END,
               updated_at = $6",
        )
        .bind(user_id.get())
        .bind(kind.as_str())
        .bind(module_id)
        .bind(position as i64)
        .bind(position as i64)
        .bind(super::clock::now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn progress_of(&self, user_id: UserId) -> Result<Vec<ProgressRecord>, StorageError> {
        let rows = sqlx::query("SELECT item_kind, module_id, last_position, furthest, updated_at FROM progress WHERE user_id = $1")
            .bind(user_id.get())
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                let kind: String = row.try_get("item_kind")?;
                Ok(ProgressRecord {
                    kind: ItemKind::parse(&kind).ok_or_else(|| {
                        StorageError::Corrupt(format!("unknown progress kind `{kind}`"))
                    })?,
                    module_id: row.try_get("module_id")?,
                    last_position: usize::try_from(row.try_get::<i64, _>("last_position")?)
                        .unwrap_or(0),
                    furthest: usize::try_from(row.try_get::<i64, _>("furthest")?).unwrap_or(0),
                    updated_at: row.try_get("updated_at")?,
                })
            })
            .collect()
    }
}
