//! Live session state, one row per class.

use app::live::{LiveChange, LiveState, PushedItem};
use sqlx::Row;

use domain::ids::{ClassId, UserId};

use super::error::{Engine, StorageError};
use super::pool::Storage;

/// The PostgreSQL notification channel on which live-state changes are announced.
pub const LIVE_CHANNEL: &str = "rmm_live";

/// Reads a notification payload, `CLASS_ID:VERSION`.
pub fn parse_live_notice(payload: &str) -> Option<(ClassId, i64)> {
    let (class_id, version) = payload.split_once(':')?;
    Some((class_id.parse().ok()?, version.parse().ok()?))
}

fn state_from_row(row: &sqlx::any::AnyRow) -> Result<LiveState, StorageError> {
    let url: Option<String> = row.try_get("pushed_url")?;
    let label: Option<String> = row.try_get("pushed_label")?;
    let slide: i64 = row.try_get("slide")?;
    let check = match row.try_get::<Option<String>, _>("check_json")? {
        Some(json) => Some(serde_json::from_str(&json).map_err(|error| {
            StorageError::Corrupt(format!("a live session's quick check: {error}"))
        })?),
        None => None,
    };
    Ok(LiveState {
        class_id: ClassId(row.try_get("class_id")?),
        version: row.try_get("version")?,
        active: row.try_get::<i64, _>("active")? == 1,
        module_id: row.try_get("module_id")?,
        slide: usize::try_from(slide).unwrap_or(1),
        pushed: url.map(|url| PushedItem {
            url,
            label: label.unwrap_or_default(),
        }),
        check,
    })
}

const COLUMNS: &str =
    "class_id, version, active, module_id, slide, pushed_url, pushed_label, check_json";

impl Storage {
    /// The class's live state, or its initial state if it never went live.
    pub async fn live_state(
        &self,
        class_id: ClassId,
        first_module: &str,
    ) -> Result<LiveState, StorageError> {
        let sql = format!("SELECT {COLUMNS} FROM live_sessions WHERE class_id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(class_id.get())
            .fetch_optional(self.pool())
            .await?;
        match row {
            Some(row) => state_from_row(&row),
            None => Ok(LiveState::initial(class_id, first_module)),
        }
    }

    /// Applies a change in one writing transaction and returns the new state.
    pub async fn change_live(
        &self,
        class_id: ClassId,
        first_module: &str,
        change: &LiveChange,
    ) -> Result<LiveState, StorageError> {
        let mut tx = self.begin_write().await?;
        self.lock_class(&mut tx, class_id).await?;
        let sql = format!("SELECT {COLUMNS} FROM live_sessions WHERE class_id = $1");
        let current = match sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(class_id.get())
            .fetch_optional(&mut *tx)
            .await?
        {
            Some(row) => state_from_row(&row)?,
            None => LiveState::initial(class_id, first_module),
        };
        let next = current.apply(change);
        if let Some((kind, what)) = domain::live_record::timeline_entry(&current, &next, change) {
            let opened = if kind == "check-open" {
                next.check.as_ref()
            } else {
                None
            };
            Self::record_timeline(
                &mut tx,
                class_id,
                kind,
                &what,
                opened,
                super::clock::now_millis(),
            )
            .await?;
        }
        sqlx::query(
            "INSERT INTO live_sessions (class_id, version, active, module_id, slide, pushed_url, pushed_label, check_json, open_run)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $9, $10)
             ON CONFLICT (class_id) DO UPDATE SET version = excluded.version, active = excluded.active,
               module_id = excluded.module_id, slide = excluded.slide, pushed_url = excluded.pushed_url,
               pushed_label = excluded.pushed_label, check_json = excluded.check_json,
               open_run = excluded.open_run, updated_at = $8",
        )
        .bind(class_id.get())
        .bind(next.version)
        .bind(i64::from(next.active))
        .bind(&next.module_id)
        .bind(next.slide as i64)
        .bind(next.pushed.as_ref().map(|p| p.url.as_str()))
        .bind(next.pushed.as_ref().map(|p| p.label.as_str()))
        .bind(super::clock::now())
        .bind(
            next.check
                .as_ref()
                .map(|check| serde_json::to_string(check).expect("a quick check serializes")),
        )
        .bind(next.answerable_run())
        .execute(&mut *tx)
        .await?;
        if self.engine() == Engine::Postgres {
            // Other servers learn which class changed and to which version, and read the state
            // themselves: PostgreSQL delivers the notice only if the transaction commits.
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(LIVE_CHANNEL)
                .bind(format!("{class_id}:{}", next.version))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(next)
    }

    /// The active live sessions among a person's classes, for the "re-join live" link.
    pub async fn active_live_classes(
        &self,
        user_id: UserId,
    ) -> Result<Vec<(ClassId, String)>, StorageError> {
        let rows = sqlx::query(
            "SELECT c.id, c.name FROM live_sessions l JOIN classes c ON c.id = l.class_id
             JOIN class_members m ON m.class_id = c.id WHERE m.user_id = $1 AND l.active = 1 ORDER BY c.name",
        )
        .bind(user_id.get())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| Ok((ClassId(row.try_get("id")?), row.try_get("name")?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::parse_live_notice;
    use domain::ids::ClassId;

    #[test]
    fn notices_carry_a_class_and_a_version_only() {
        assert_eq!(parse_live_notice("12:7"), Some((ClassId(12), 7)));
        assert_eq!(parse_live_notice("12"), None);
        assert_eq!(parse_live_notice("x:7"), None);
        assert_eq!(parse_live_notice("12:7:1"), None);
    }
}
