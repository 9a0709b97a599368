//! The authorization matrix of issue 17's routes and server functions: the improvement plan
//! (page, forms, downloads, autosave), the class's plans and the crosswalk, each called as every
//! kind of person (see `authorization.rs`). A plan in a class belongs to its members; the class's
//! plans are for those who manage it; the crosswalk is public.

use leptos::server_fn::ServerFn;

use crate::authorization::{world, FormCase, Row, ServerFnCase};

#[tokio::test]
async fn plans_and_the_crosswalk_answer_each_kind_of_person_as_the_policy_says() {
    let world = world().await;
    let class = world.class_id;
    let class_text = class.to_string();
    let mut failures = Vec::new();

    let members: Row = [401, 200, 403, 200, 403, 200];
    let pages: Vec<(String, Row)> = vec![
        ("/crosswalk".into(), [200; 6]),
        ("/crosswalk?by=csf".into(), [200; 6]),
        // One's own plan, alone: anyone signed in.
        ("/appraisal/plan".into(), [401, 200, 200, 200, 200, 200]),
        ("/appraisal/plan.csv".into(), [401, 200, 200, 200, 200, 200]),
        // A plan in the class: its members (and administrators).
        (format!("/appraisal/plan?class={class}"), members),
        (format!("/appraisal/plan?class={class}&source=key"), members),
        (format!("/appraisal/plan.csv?class={class}"), members),
        (format!("/appraisal/plan.md?class={class}"), members),
        // The class's plans: those who manage the class.
        (
            format!("/classes/{class}/plans"),
            [401, 403, 403, 200, 403, 200],
        ),
    ];
    world.check_pages(&pages, &mut failures).await;

    // Server functions: the `Access` variant each gets.
    let granted_members = [
        "SignInRequired",
        "Granted",
        "Forbidden",
        "Granted",
        "Forbidden",
        "Granted",
    ];
    let managers = [
        "SignInRequired",
        "Forbidden",
        "Forbidden",
        "Granted",
        "Forbidden",
        "Granted",
    ];
    let calls: Vec<ServerFnCase> = vec![
        (
            app::api::plans::GetPlan::PATH,
            "application/x-www-form-urlencoded",
            format!("class_id={class}&source=key"),
            granted_members,
        ),
        (
            app::api::plans::GetClassPlans::PATH,
            "application/x-www-form-urlencoded",
            format!("class_id={class}"),
            managers,
        ),
        (
            app::api::plans::SaveRoadmap::PATH,
            "application/json",
            serde_json::json!({ "class_id": class, "form": format!("class_id={class}&action.0.target=IMC%3ASG1.SP1&action.0.action=Write+it&action.0.horizon=30") }).to_string(),
            granted_members,
        ),
    ];
    world.check_server_fns(&calls, &mut failures).await;

    // Forms: 303 = done, 4xx = refused.
    let forms: Vec<FormCase> = vec![
        (
            "/appraisal/plan/targets".into(),
            vec![("class_id", class_text.as_str()), ("target.IMC", "2")],
            [401, 303, 403, 303, 403, 303],
        ),
        (
            "/appraisal/plan/roadmap".into(),
            vec![
                ("class_id", class_text.as_str()),
                ("action.0.target", "IMC:SG1.SP1"),
                ("action.0.action", "Write the plan."),
                ("action.0.horizon", "30"),
            ],
            [401, 303, 403, 303, 403, 303],
        ),
        (
            "/appraisal/plan/snapshots".into(),
            vec![("class_id", class_text.as_str()), ("name", "matrix")],
            [401, 303, 403, 303, 403, 303],
        ),
        // The class's own targets: those who manage the class.
        (
            format!("/classes/{class}/plans/targets"),
            vec![("target.IMC", "2")],
            [401, 403, 403, 303, 403, 303],
        ),
        // Alone, without a class: anyone signed in.
        (
            "/appraisal/plan/targets".into(),
            vec![("target.IMC", "1")],
            [401, 303, 303, 303, 303, 303],
        ),
        // A class id that is not a number is refused as invalid, not as a server error.
        (
            "/appraisal/plan/targets".into(),
            vec![("class_id", "1 OR 1=1"), ("target.IMC", "1")],
            [401, 400, 400, 400, 400, 400],
        ),
    ];
    world.check_forms(&forms, &mut failures).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
