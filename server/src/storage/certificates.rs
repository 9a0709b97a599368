//! Completion rules and certificates (issue 16). A certificate's statements are copied when it is
//! issued, so that a later change to the class or the account never rewrites it; only its
//! revocation changes afterwards.

use domain::certificate::{Certificate, CertificateStatus};
use domain::completion::CompletionRule;
use domain::ids::{ClassId, UserId};
use domain::security_log::SecurityEventKind;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::error::StorageError;
use super::pool::Storage;
use super::security_events::{record_in, SecurityEvent};

const CERTIFICATE_COLUMNS: &str = "code, class_id, user_id, learner_name, course_title, starts_on,
    ends_on, delivery, cpe_quarter_hours, issued_at, revoked_at, revoked_reason";

fn certificate_from_row(row: &AnyRow) -> Result<(UserId, Certificate), StorageError> {
    let revoked_at: Option<String> = row.try_get("revoked_at")?;
    let status = match revoked_at {
        None => CertificateStatus::Valid,
        Some(at) => CertificateStatus::Revoked {
            at,
            reason: row
                .try_get::<Option<String>, _>("revoked_reason")?
                .unwrap_or_default(),
        },
    };
    Ok((
        UserId(row.try_get("user_id")?),
        Certificate {
            code: row.try_get("code")?,
            class_id: ClassId(row.try_get("class_id")?),
            learner_name: row.try_get("learner_name")?,
            course_title: row.try_get("course_title")?,
            starts_on: row.try_get("starts_on")?,
            ends_on: row.try_get("ends_on")?,
            delivery: row.try_get("delivery")?,
            cpe_quarter_hours: row.try_get::<i64, _>("cpe_quarter_hours")? as u32,
            issued_at: row.try_get("issued_at")?,
            status,
        },
    ))
}

impl Storage {
    /// The class's completion rule, if its instructors set one.
    pub async fn completion_rule(
        &self,
        class_id: ClassId,
    ) -> Result<Option<CompletionRule>, StorageError> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT rule_json FROM completion_rules WHERE class_id = $1")
                .bind(class_id.get())
                .fetch_optional(self.pool())
                .await?;
        json.map(|json| {
            serde_json::from_str(&json)
                .map_err(|e| StorageError::Corrupt(format!("completion rule: {e}")))
        })
        .transpose()
    }

    pub async fn set_completion_rule(
        &self,
        class_id: ClassId,
        rule: &CompletionRule,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO completion_rules (class_id, rule_json) VALUES ($1, $2)
             ON CONFLICT (class_id) DO UPDATE SET rule_json = excluded.rule_json",
        )
        .bind(class_id.get())
        .bind(serde_json::to_string(rule).expect("a rule serializes"))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Issues certificates, one per learner and class: a learner who already has one (valid or
    /// revoked) keeps it. Answers how many were issued.
    pub async fn issue_certificates(
        &self,
        certificates: &[(UserId, Certificate)],
        issued_by: UserId,
    ) -> Result<usize, StorageError> {
        let mut tx = self.begin_write().await?;
        let mut issued = 0;
        for (user, c) in certificates {
            let done = sqlx::query(
                "INSERT INTO certificates (code, class_id, user_id, learner_name, course_title,
                    starts_on, ends_on, delivery, cpe_quarter_hours, issued_at, issued_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                 ON CONFLICT (class_id, user_id) DO NOTHING",
            )
            .bind(c.code.as_str())
            .bind(c.class_id.get())
            .bind(user.get())
            .bind(c.learner_name.as_str())
            .bind(c.course_title.as_str())
            .bind(c.starts_on.as_str())
            .bind(c.ends_on.as_str())
            .bind(c.delivery.as_str())
            .bind(i64::from(c.cpe_quarter_hours))
            .bind(c.issued_at.as_str())
            .bind(issued_by.get())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                issued += 1;
                let event = SecurityEvent::new(SecurityEventKind::CertificateIssued)
                    .by(issued_by)
                    .about(*user)
                    .in_class(c.class_id)
                    .detail(format!(
                        "certificate {} ({} quarter hours of CPE)",
                        c.code, c.cpe_quarter_hours
                    ));
                record_in(&mut tx, &event).await?;
            }
        }
        tx.commit().await?;
        Ok(issued)
    }

    /// Every certificate of a class, with its learner.
    pub async fn class_certificates(
        &self,
        class_id: ClassId,
    ) -> Result<Vec<(UserId, Certificate)>, StorageError> {
        let sql = format!(
            "SELECT {CERTIFICATE_COLUMNS} FROM certificates WHERE class_id = $1 ORDER BY id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(class_id.get())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(certificate_from_row).collect()
    }

    /// A person's certificates, newest first.
    pub async fn certificates_of(&self, user: UserId) -> Result<Vec<Certificate>, StorageError> {
        let sql = format!(
            "SELECT {CERTIFICATE_COLUMNS} FROM certificates WHERE user_id = $1 ORDER BY id DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user.get())
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| certificate_from_row(row).map(|(_, c)| c))
            .collect()
    }

    /// The certificate with this verification code, and whose it is.
    pub async fn certificate_with_owner(
        &self,
        code: &str,
    ) -> Result<Option<(UserId, Certificate)>, StorageError> {
        let sql = format!("SELECT {CERTIFICATE_COLUMNS} FROM certificates WHERE code = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(code)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(certificate_from_row).transpose()
    }

    /// The certificate with this verification code.
    pub async fn certificate_by_code(
        &self,
        code: &str,
    ) -> Result<Option<Certificate>, StorageError> {
        Ok(self.certificate_with_owner(code).await?.map(|(_, c)| c))
    }

    /// Revokes a certificate with a reason. Answers false when there is no such certificate or
    /// it was revoked already (the first reason stands).
    pub async fn revoke_certificate(
        &self,
        code: &str,
        reason: &str,
        by: UserId,
        at: &str,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await?;
        let revoked = sqlx::query(
            "UPDATE certificates SET revoked_at = $2, revoked_reason = $3, revoked_by = $4
             WHERE code = $1 AND revoked_at IS NULL RETURNING class_id, user_id",
        )
        .bind(code)
        .bind(at)
        .bind(reason)
        .bind(by.get())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = revoked else {
            return Ok(false);
        };
        let event = SecurityEvent::new(SecurityEventKind::CertificateRevoked)
            .by(by)
            .about(UserId(row.try_get("user_id")?))
            .in_class(ClassId(row.try_get("class_id")?))
            .detail(format!("certificate {code}: {reason}"));
        record_in(&mut tx, &event).await?;
        tx.commit().await?;
        Ok(true)
    }
}
