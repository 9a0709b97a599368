//! Appraisal teams of a class: who is on which team, and each team's agreed ratings. The agreed
//! ratings change only inside a write transaction that reads, edits and writes them back, so two
//! teammates saving at once take turns and the edit function sees what the other saved.

use app::api::appraisal::TeamRef;
use app::appraisal::team::TeamWorkspace;
use sqlx::Row;

use domain::ids::{ClassId, TeamId, UserId};

use super::clock;
use super::error::StorageError;
use super::pool::Storage;

/// Whether a team's ratings may still change, as read inside the transaction that changes them.
#[derive(Clone, Copy, Debug)]
pub struct TeamState {
    pub submitted: bool,
    pub revealed: bool,
}

/// A team as stored: its members (user ids) and its agreed ratings.
#[derive(Clone, Debug)]
pub struct StoredTeam {
    pub id: TeamId,
    pub name: String,
    pub members: Vec<UserId>,
    pub workspace: TeamWorkspace,
    pub submitted_at: Option<String>,
    /// The process areas the instructor gave the team (a jigsaw share); empty: the whole scope.
    pub process_areas: Vec<String>,
}

fn team_workspace_from_json(text: &str) -> Result<TeamWorkspace, StorageError> {
    serde_json::from_str(text)
        .map_err(|e| StorageError::Corrupt(format!("stored team workspace: {e}")))
}

/// A team's stored share of the scope: abbreviations separated by commas, none for all.
fn split_areas(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|area| !area.is_empty())
        .map(str::to_string)
        .collect()
}

fn empty_workspace_json() -> String {
    serde_json::to_string(&TeamWorkspace::default()).expect("team workspace serializes")
}

impl Storage {
    /// Every team of the class, by name, with its members.
    pub async fn class_teams(&self, class_id: ClassId) -> Result<Vec<StoredTeam>, StorageError> {
        self.teams_where(class_id, None).await
    }

    /// The teams of the class, or only the one with `team_id`.
    async fn teams_where(
        &self,
        class_id: ClassId,
        team_id: Option<TeamId>,
    ) -> Result<Vec<StoredTeam>, StorageError> {
        // 0 is no team's id: it selects every team of the class.
        let team_key = team_id.map_or(0, TeamId::get);
        let rows = sqlx::query(
            "SELECT id, name, workspace, submitted_at, process_areas FROM appraisal_teams
             WHERE class_id = $1 AND ($2 = 0 OR id = $2) ORDER BY name",
        )
        .bind(class_id.get())
        .bind(team_key)
        .fetch_all(self.pool())
        .await?;
        let members = sqlx::query(
            "SELECT team_id, user_id FROM appraisal_team_members
             WHERE class_id = $1 AND ($2 = 0 OR team_id = $2) ORDER BY user_id",
        )
        .bind(class_id.get())
        .bind(team_key)
        .fetch_all(self.pool())
        .await?;
        let members: Vec<(i64, i64)> = members
            .iter()
            .map(|row| Ok((row.try_get("team_id")?, row.try_get("user_id")?)))
            .collect::<Result<_, sqlx::Error>>()?;
        rows.iter()
            .map(|row| {
                let id: i64 = row.try_get("id")?;
                Ok(StoredTeam {
                    id: TeamId(id),
                    name: row.try_get("name")?,
                    members: members
                        .iter()
                        .filter(|(team, _)| *team == id)
                        .map(|(_, user)| UserId(*user))
                        .collect(),
                    workspace: team_workspace_from_json(&row.try_get::<String, _>("workspace")?)?,
                    submitted_at: row.try_get("submitted_at")?,
                    process_areas: split_areas(&row.try_get::<String, _>("process_areas")?),
                })
            })
            .collect()
    }

    /// The team the person is on in the class, if any.
    pub async fn team_of(
        &self,
        class_id: ClassId,
        user_id: UserId,
    ) -> Result<Option<StoredTeam>, StorageError> {
        let team_id: Option<i64> = sqlx::query_scalar(
            "SELECT team_id FROM appraisal_team_members WHERE class_id = $1 AND user_id = $2",
        )
        .bind(class_id.get())
        .bind(user_id.get())
        .fetch_optional(self.pool())
        .await?;
        match team_id {
            None => Ok(None),
            Some(team_id) => self.team(class_id, TeamId(team_id)).await,
        }
    }

    /// The team the person is on in the class, as a name and whether it submitted: one query,
    /// for the learner's own workspace, which asks on every save.
    pub async fn team_ref_of(
        &self,
        class_id: ClassId,
        user_id: UserId,
    ) -> Result<Option<TeamRef>, StorageError> {
        let row = sqlx::query(
            "SELECT t.id, t.name, t.submitted_at, t.process_areas FROM appraisal_team_members m
             JOIN appraisal_teams t ON t.id = m.team_id
             WHERE m.class_id = $1 AND m.user_id = $2",
        )
        .bind(class_id.get())
        .bind(user_id.get())
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(TeamRef {
                id: TeamId(row.try_get("id")?),
                name: row.try_get("name")?,
                submitted: row.try_get::<Option<String>, _>("submitted_at")?.is_some(),
                areas: split_areas(&row.try_get::<String, _>("process_areas")?),
            })
        })
        .transpose()
    }

    /// One team of the class (`None` when the id names no team of this class).
    pub async fn team(
        &self,
        class_id: ClassId,
        team_id: TeamId,
    ) -> Result<Option<StoredTeam>, StorageError> {
        Ok(self.teams_where(class_id, Some(team_id)).await?.pop())
    }

    /// Reads the team's agreed ratings and whether they may still change, lets `edit` change them
    /// (or refuse), and writes its result back in the same transaction; when `edit` answers
    /// `true` beside them, also records when the team submitted.
    pub async fn update_team_workspace<T, E>(
        &self,
        team_id: TeamId,
        edit: impl FnOnce(&TeamWorkspace, TeamState) -> Result<(TeamWorkspace, bool, T), E> + Send,
    ) -> Result<Result<T, E>, StorageError> {
        let mut tx = self.begin_write().await?;
        self.lock_key(&mut tx, &format!("team:{team_id}")).await?;
        let row = sqlx::query(
            "SELECT t.workspace, t.submitted_at,
               (SELECT ever_revealed FROM class_appraisals c WHERE c.class_id = t.class_id) AS revealed
             FROM appraisal_teams t WHERE t.id = $1",
        )
        .bind(team_id.get())
        .fetch_one(&mut *tx)
        .await?;
        let stored = team_workspace_from_json(&row.try_get::<String, _>("workspace")?)?;
        let state = TeamState {
            submitted: row.try_get::<Option<String>, _>("submitted_at")?.is_some(),
            revealed: row.try_get::<Option<i64>, _>("revealed")? == Some(1),
        };
        let (next, submit, answer) = match edit(&stored, state) {
            Ok(result) => result,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let now = clock::now();
        sqlx::query(
            "UPDATE appraisal_teams SET workspace = $1, updated_at = $2,
               submitted_at = COALESCE($3, submitted_at) WHERE id = $4",
        )
        .bind(serde_json::to_string(&next).expect("team workspace serializes"))
        .bind(&now)
        .bind(submit.then_some(now.as_str()))
        .bind(team_id.get())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(answer))
    }

    /// Puts each listed learner on the named team (created when new) or on none. Teams left
    /// without members are removed only if they never rated anything, so no agreed rating is lost.
    pub async fn assign_teams(
        &self,
        class_id: ClassId,
        assignments: &[(UserId, Option<String>)],
    ) -> Result<(), StorageError> {
        let empty = empty_workspace_json();
        let now = clock::now();
        let mut tx = self.begin_write().await?;
        self.lock_class(&mut tx, class_id).await?;
        for (user_id, team) in assignments {
            sqlx::query("DELETE FROM appraisal_team_members WHERE class_id = $1 AND user_id = $2")
                .bind(class_id.get())
                .bind(user_id.get())
                .execute(&mut *tx)
                .await?;
            let Some(name) = team else {
                continue;
            };
            let existing: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM appraisal_teams WHERE class_id = $1 AND name = $2",
            )
            .bind(class_id.get())
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
            let team_id = match existing {
                Some(id) => id,
                None => {
                    sqlx::query_scalar(
                        "INSERT INTO appraisal_teams (class_id, name, workspace, updated_at)
                         VALUES ($1, $2, $3, $4) RETURNING id",
                    )
                    .bind(class_id.get())
                    .bind(name)
                    .bind(&empty)
                    .bind(&now)
                    .fetch_one(&mut *tx)
                    .await?
                }
            };
            sqlx::query(
                "INSERT INTO appraisal_team_members (class_id, user_id, team_id) VALUES ($1, $2, $3)",
            )
            .bind(class_id.get())
            .bind(user_id.get())
            .bind(team_id)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "DELETE FROM appraisal_teams WHERE class_id = $1 AND workspace = $2
               AND submitted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM appraisal_team_members m WHERE m.team_id = appraisal_teams.id)",
        )
        .bind(class_id.get())
        .bind(&empty)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Gives each named team of the class its share of the scope (empty: the whole scope);
    /// answers the names that are no team of the class (nothing is changed then).
    pub async fn set_team_areas(
        &self,
        class_id: ClassId,
        shares: &[(String, Vec<String>)],
    ) -> Result<Vec<String>, StorageError> {
        let mut tx = self.begin_write().await?;
        self.lock_class(&mut tx, class_id).await?;
        let mut unknown = Vec::new();
        for (name, areas) in shares {
            let changed = sqlx::query(
                "UPDATE appraisal_teams SET process_areas = $1 WHERE class_id = $2 AND name = $3",
            )
            .bind(areas.join(","))
            .bind(class_id.get())
            .bind(name)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                unknown.push(name.clone());
            }
        }
        if unknown.is_empty() {
            tx.commit().await?;
        }
        Ok(unknown)
    }

    /// Removes the class's team `name` if it has no members; answers whether it did.
    pub async fn remove_empty_team(
        &self,
        class_id: ClassId,
        name: &str,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await?;
        self.lock_class(&mut tx, class_id).await?;
        let removed = sqlx::query(
            "DELETE FROM appraisal_teams WHERE class_id = $1 AND name = $2
               AND NOT EXISTS (SELECT 1 FROM appraisal_team_members m WHERE m.team_id = appraisal_teams.id)",
        )
        .bind(class_id.get())
        .bind(name)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(removed == 1)
    }
}
