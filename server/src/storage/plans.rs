//! Improvement plans and rating snapshots (issue 17): one plan document per learner and class,
//! and the learner's named snapshots of their ratings (at most `MAX_SNAPSHOTS` of their own;
//! the server's automatic "Submitted …" snapshots are kept apart from that limit).

use std::collections::BTreeMap;

use domain::appraisal::plan::{Plan, Snapshot, MAX_SNAPSHOTS};
use domain::appraisal::Rating;
use domain::ids::{ClassId, UserId};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::error::StorageError;
use super::pool::Storage;

/// What saving a named snapshot did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Stored(i64),
    /// The learner already keeps `MAX_SNAPSHOTS` named snapshots.
    Full,
}

fn snapshot_from_row(row: &AnyRow) -> Result<Snapshot, StorageError> {
    let corrupt = |e: serde_json::Error| StorageError::Corrupt(format!("snapshot: {e}"));
    let ratings: BTreeMap<String, Rating> =
        serde_json::from_str(&row.try_get::<String, _>("ratings_json")?).map_err(corrupt)?;
    let marks: Vec<String> =
        serde_json::from_str(&row.try_get::<String, _>("marks_json")?).map_err(corrupt)?;
    Ok(Snapshot {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        taken_at: row.try_get("taken_at")?,
        ratings,
        marks,
    })
}

impl Storage {
    /// The learner's plan in the class (class 0: on their own); empty when never saved.
    pub async fn plan(&self, user: UserId, class: Option<ClassId>) -> Result<Plan, StorageError> {
        let json: Option<String> = sqlx::query_scalar(
            "SELECT plan_json FROM improvement_plans WHERE user_id = $1 AND class_id = $2",
        )
        .bind(user.get())
        .bind(class.map_or(0, ClassId::get))
        .fetch_optional(self.pool())
        .await?;
        json.map(|json| {
            serde_json::from_str(&json).map_err(|e| StorageError::Corrupt(format!("plan: {e}")))
        })
        .transpose()
        .map(Option::unwrap_or_default)
    }

    /// Reads the person's plan, lets `edit` change it (or refuse), and writes the result back in
    /// the same transaction under the plan's lock, so that two saves at once (the roadmap's
    /// autosave and the targets form, two tabs, two servers) take turns and neither undoes the
    /// other.
    pub async fn update_plan<T, E>(
        &self,
        user: UserId,
        class: Option<ClassId>,
        at: &str,
        edit: impl FnOnce(&mut Plan) -> Result<T, E>,
    ) -> Result<Result<T, E>, StorageError> {
        let class_id = class.map_or(0, ClassId::get);
        let mut tx = self.begin_write().await?;
        self.lock_key(&mut tx, &format!("plan:{user}:{class_id}"))
            .await?;
        let json: Option<String> = sqlx::query_scalar(
            "SELECT plan_json FROM improvement_plans WHERE user_id = $1 AND class_id = $2",
        )
        .bind(user.get())
        .bind(class_id)
        .fetch_optional(&mut *tx)
        .await?;
        let mut plan: Plan = match json {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| StorageError::Corrupt(format!("plan: {e}")))?,
            None => Plan::default(),
        };
        let answer = match edit(&mut plan) {
            Ok(answer) => answer,
            Err(refusal) => return Ok(Err(refusal)),
        };
        sqlx::query(
            "INSERT INTO improvement_plans (user_id, class_id, plan_json, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, class_id) DO UPDATE SET plan_json = excluded.plan_json,
                updated_at = excluded.updated_at",
        )
        .bind(user.get())
        .bind(class_id)
        .bind(serde_json::to_string(&plan).expect("a plan serializes"))
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(answer))
    }

    /// The class's own targets (the instructors' adjustment of the case file's); empty when
    /// never set.
    pub async fn class_targets(
        &self,
        class: ClassId,
    ) -> Result<BTreeMap<String, u8>, StorageError> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT targets_json FROM class_plan_targets WHERE class_id = $1")
                .bind(class.get())
                .fetch_optional(self.pool())
                .await?;
        json.map(|json| {
            serde_json::from_str(&json)
                .map_err(|e| StorageError::Corrupt(format!("class targets: {e}")))
        })
        .transpose()
        .map(Option::unwrap_or_default)
    }

    pub async fn save_class_targets(
        &self,
        class: ClassId,
        targets: &BTreeMap<String, u8>,
        at: &str,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO class_plan_targets (class_id, targets_json, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (class_id) DO UPDATE SET targets_json = excluded.targets_json,
                updated_at = excluded.updated_at",
        )
        .bind(class.get())
        .bind(serde_json::to_string(targets).expect("targets serialize"))
        .bind(at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Every learner's plan in a class.
    pub async fn class_plans(&self, class: ClassId) -> Result<Vec<(UserId, Plan)>, StorageError> {
        let rows =
            sqlx::query("SELECT user_id, plan_json FROM improvement_plans WHERE class_id = $1")
                .bind(class.get())
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|row| {
                let plan = serde_json::from_str(&row.try_get::<String, _>("plan_json")?)
                    .map_err(|e| StorageError::Corrupt(format!("plan: {e}")))?;
                Ok((UserId(row.try_get("user_id")?), plan))
            })
            .collect()
    }

    /// Stores a snapshot. A named one (not `automatic`) is refused past `MAX_SNAPSHOTS`, counted
    /// inside the writing transaction so that quick double posts cannot pass the limit.
    pub async fn save_snapshot(
        &self,
        user: UserId,
        class: Option<ClassId>,
        snapshot: &Snapshot,
        automatic: bool,
    ) -> Result<Saved, StorageError> {
        let class_id = class.map_or(0, ClassId::get);
        let mut tx = self.begin_write().await?;
        self.lock_key(&mut tx, &format!("snapshots:{user}:{class_id}"))
            .await?;
        if !automatic {
            let kept: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM rating_snapshots WHERE user_id = $1 AND class_id = $2 AND automatic = 0",
            )
            .bind(user.get())
            .bind(class_id)
            .fetch_one(&mut *tx)
            .await?;
            if kept as usize >= MAX_SNAPSHOTS {
                return Ok(Saved::Full);
            }
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO rating_snapshots (user_id, class_id, name, ratings_json, marks_json, automatic, taken_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(user.get())
        .bind(class_id)
        .bind(snapshot.name.as_str())
        .bind(serde_json::to_string(&snapshot.ratings).expect("ratings serialize"))
        .bind(serde_json::to_string(&snapshot.marks).expect("marks serialize"))
        .bind(i64::from(automatic))
        .bind(snapshot.taken_at.as_str())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Saved::Stored(id))
    }

    /// The learner's snapshots in the class, oldest first.
    pub async fn snapshots(
        &self,
        user: UserId,
        class: Option<ClassId>,
    ) -> Result<Vec<Snapshot>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, name, ratings_json, marks_json, taken_at FROM rating_snapshots
             WHERE user_id = $1 AND class_id = $2 ORDER BY id",
        )
        .bind(user.get())
        .bind(class.map_or(0, ClassId::get))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(snapshot_from_row).collect()
    }

    /// Each learner's first and latest automatic ("Submitted …") snapshot in the class.
    pub async fn class_submission_snapshots(
        &self,
        class: ClassId,
    ) -> Result<Vec<(UserId, Snapshot, Snapshot)>, StorageError> {
        let rows = sqlx::query(
            "SELECT user_id, id, name, ratings_json, marks_json, taken_at FROM rating_snapshots
             WHERE class_id = $1 AND automatic = 1 ORDER BY user_id, id",
        )
        .bind(class.get())
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<(UserId, Snapshot, Snapshot)> = Vec::new();
        for row in &rows {
            let user = UserId(row.try_get("user_id")?);
            let snapshot = snapshot_from_row(row)?;
            match out.last_mut() {
                Some((last_user, _, latest)) if *last_user == user => *latest = snapshot,
                _ => out.push((user, snapshot.clone(), snapshot)),
            }
        }
        Ok(out)
    }
}
