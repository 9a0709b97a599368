//! The knowledge check's results per course outcome, for the instructors of a class: the class's
//! mean and how many missed each outcome, and each learner's row; and the same as CSV. Scored
//! from each learner's latest submission (a draft is not an answer).

use std::collections::BTreeMap;

use app::api::exercises::KnowledgeCheckResults;
use app::knowledge_check::{class_outcomes, outcome_scores};
use app::people::CurrentUser;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use domain::policy::Refusal;

use super::export::{logged_csv, CsvRows, Stopped};
use super::results::class_and_learners;
use crate::access::{signed_in, unavailable};
use crate::http_error::HttpError;
use crate::state::AppState;
use domain::answers::Answers;
use domain::ids::{ClassId, UserId};

pub async fn results(
    backend: &AppState,
    user: &CurrentUser,
    class_id: ClassId,
) -> Result<KnowledgeCheckResults, Refusal> {
    let (class, learners) = class_and_learners(backend, user, class_id).await?;
    let exercise = backend.course.knowledge_check().ok_or(Refusal::NotFound)?;
    let mut latest: BTreeMap<UserId, Answers> = BTreeMap::new();
    for submission in backend
        .accounts
        .storage
        .class_submissions(class_id, Some(&exercise.id))
        .await
        .map_err(unavailable)?
    {
        // Submissions come oldest first, so the last one kept is each learner's latest.
        latest.insert(submission.user_id, submission.answers);
    }
    let rows: Vec<(String, String, Vec<_>)> = learners
        .iter()
        .filter_map(|learner| {
            let answers = latest.get(&learner.user_id)?;
            Some((
                learner.display_name.clone(),
                learner.username.clone(),
                outcome_scores(exercise, answers),
            ))
        })
        .collect();
    let submitted: Vec<&Answers> = learners
        .iter()
        .filter_map(|learner| latest.get(&learner.user_id))
        .collect();
    let texts = &backend.course.overview.outcomes;
    let class_outcomes = class_outcomes(exercise, &submitted);
    Ok(KnowledgeCheckResults {
        class,
        exercise_id: exercise.id.clone(),
        exercise_title: exercise.title.clone(),
        outcomes: class_outcomes
            .iter()
            .map(|o| {
                let text = texts
                    .iter()
                    .find(|t| t.id == o.outcome)
                    .map(|t| t.text.clone())
                    .unwrap_or_default();
                (o.outcome.clone(), text)
            })
            .collect(),
        learners: learners.len() as u32,
        submitted: submitted.len() as u32,
        class_outcomes,
        rows,
    })
}

/// `GET /classes/{class_id}/knowledge-check.csv`: one row per learner who submitted, with the
/// per cent on each outcome, then the class's mean and how many missed each.
pub async fn results_csv(
    State(backend): State<AppState>,
    headers: HeaderMap,
    Path(class_id): Path<ClassId>,
) -> Result<Response, HttpError> {
    let user = signed_in(&backend.accounts, &headers).await?;
    let results = results(&backend, &user, class_id).await?;
    let mut header = vec!["learner".to_string(), "username".to_string()];
    header.extend(results.outcomes.iter().map(|(id, _)| format!("{id} %")));
    let file_name = format!("class-{class_id}-knowledge-check.csv");
    logged_csv(
        &backend.accounts.storage,
        user.id,
        Some(class_id),
        &file_name,
        &header,
        move |rows| result_rows(rows, results),
    )
    .await
}

/// The CSV's records after its header. The two last rows (the class's mean and who missed each
/// outcome) need every learner's scores, which `results` computes in memory for the page anyway,
/// so the rows are formatted in chunks from those results rather than read again from the
/// database.
async fn result_rows(
    mut rows: CsvRows,
    results: KnowledgeCheckResults,
) -> Result<CsvRows, Stopped> {
    for (name, username, scores) in &results.rows {
        let mut record = vec![name.clone(), username.clone()];
        record.extend(scores.iter().map(|s| s.percent().to_string()));
        rows.push(&record).await?;
    }
    let mut mean = vec!["class mean".to_string(), String::new()];
    mean.extend(
        results
            .class_outcomes
            .iter()
            .map(|o| o.mean_percent.to_string()),
    );
    rows.push(&mean).await?;
    let mut missed = vec!["learners below 60 %".to_string(), String::new()];
    missed.extend(
        results
            .class_outcomes
            .iter()
            .map(|o| o.missed_by.to_string()),
    );
    rows.push(&missed).await?;
    Ok(rows)
}
