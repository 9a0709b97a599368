//! The authorization matrix of issue 16's routes and server functions: offerings and their
//! registrations, attendance, completion, certificates, verification, the issuer's key and the
//! take-home materials, each called as every kind of person (see `authorization.rs`).

use domain::offering::read_details;
use leptos::server_fn::ServerFn;

use crate::authorization::{world, FormCase, Row, ServerFnCase, Who};

#[tokio::test]
async fn offerings_and_certificates_answer_each_kind_of_person_as_the_policy_says() {
    let world = world().await;
    let class = world.class_id;
    let storage = &world.app.accounts.storage;
    let mut failures = Vec::new();

    // A published offering, open to registration (set in storage: the form would refuse a
    // deadline after the class's first day, which in this world is in the past).
    let form = crate::offerings::offering_form("5", "on");
    let details = read_details(
        |name| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
        "2099-12-31",
        |_| true,
    )
    .unwrap();
    storage
        .save_offering(class, &details, 0, false)
        .await
        .unwrap();
    // A certificate of the class's learner (no rule: everyone qualifies), issued by its
    // instructor.
    let instructor = world
        .people
        .iter()
        .find(|(w, _)| *w == Who::InstructorOfClass)
        .and_then(|(_, s)| s.clone())
        .unwrap();
    let response = world
        .app
        .post_form(
            &format!("/classes/{class}/certificates"),
            Some(&instructor.cookie),
            &[],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let code = storage.class_certificates(class).await.unwrap()[0]
        .1
        .code
        .clone();

    let pages: Vec<(String, Row)> = vec![
        // Public: the catalog, a published offering, its calendar, the terms, verification and
        // the issuer's published key.
        ("/offerings".into(), [200; 6]),
        (format!("/offerings/{class}"), [200; 6]),
        (format!("/offerings/{class}/calendar.ics"), [200; 6]),
        ("/terms".into(), [200; 6]),
        (format!("/verify/{code}"), [200; 6]),
        (format!("/verify/{code}/badge.json"), [200; 6]),
        ("/issuer".into(), [200; 6]),
        ("/.well-known/jwks.json".into(), [200; 6]),
        // The offering's form, registrations and completion: those who manage the class.
        (
            format!("/classes/{class}/offering"),
            [401, 403, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/registrations.csv"),
            [401, 403, 403, 200, 403, 200],
        ),
        (
            format!("/classes/{class}/completion"),
            [401, 403, 403, 200, 403, 200],
        ),
        // Attendance: its learners see their own row, its managers everyone's.
        (
            format!("/classes/{class}/attendance"),
            [401, 200, 403, 200, 403, 200],
        ),
        // A certificate's page: its learner and the class's managers.
        (
            format!("/certificates/{code}"),
            [401, 200, 403, 200, 403, 200],
        ),
        ("/certificates".into(), [401, 200, 200, 200, 200, 200]),
        // The materials: anyone signed in who is in a class, and staff.
        ("/materials".into(), [401, 200, 200, 200, 200, 200]),
    ];
    world.check_pages(&pages, &mut failures).await;

    // Server functions: the `Access` variant each gets ("200": a public answer).
    const FORM: &str = "application/x-www-form-urlencoded";
    let signed_in = [
        "SignInRequired",
        "Granted",
        "Granted",
        "Granted",
        "Granted",
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
    let members = [
        "SignInRequired",
        "Granted",
        "Forbidden",
        "Granted",
        "Forbidden",
        "Granted",
    ];
    let calls: Vec<ServerFnCase> = vec![
        (
            app::api::offerings::GetOfferings::PATH,
            FORM,
            String::new(),
            ["200"; 6],
        ),
        (
            app::api::offerings::GetOffering::PATH,
            FORM,
            format!("class_id={class}"),
            ["200"; 6],
        ),
        (
            app::api::offerings::VerifyCertificate::PATH,
            FORM,
            format!("code={code}"),
            ["200"; 6],
        ),
        (
            app::api::offerings::GetOfferingAdmin::PATH,
            FORM,
            format!("class_id={class}"),
            managers,
        ),
        (
            app::api::offerings::GetCompletion::PATH,
            FORM,
            format!("class_id={class}"),
            managers,
        ),
        (
            app::api::offerings::GetAttendance::PATH,
            FORM,
            format!("class_id={class}"),
            members,
        ),
        (
            app::api::offerings::GetCertificate::PATH,
            FORM,
            format!("code={code}"),
            members,
        ),
        (
            app::api::offerings::GetMyCertificates::PATH,
            FORM,
            String::new(),
            signed_in,
        ),
    ];
    world.check_server_fns(&calls, &mut failures).await;
    // Verification shows nothing but name, course, dates, hours and status.
    let verified = world
        .app
        .client
        .post(format!(
            "{}{}",
            world.app.address,
            app::api::offerings::VerifyCertificate::PATH
        ))
        .header("origin", &world.app.address)
        .header("content-type", FORM)
        .body(format!("code={code}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let fields: serde_json::Value = serde_json::from_str(&verified).unwrap();
    let mut keys: Vec<&str> = fields
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "course_title",
            "cpe_quarter_hours",
            "ends_on",
            "learner_name",
            "starts_on",
            "status"
        ]
    );

    // Forms (POST), after the reads. 303 = done, 4xx = refused with a sentence.
    world.reset_bystander().await;
    let bystander = world.bystander.user.id.to_string();
    let forms: Vec<FormCase> = vec![
        (
            format!("/classes/{class}/offering/details"),
            form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
            // The class's first day is past, so even its managers' form is refused as invalid
            // (400), never as allowed for others.
            [401, 403, 403, 400, 403, 400],
        ),
        (
            format!("/classes/{class}/attendance/marks"),
            vec![
                ("user_id", bystander.as_str()),
                ("day", "2026-12-01"),
                ("mark", "present"),
            ],
            [401, 403, 403, 303, 403, 303],
        ),
        (
            format!("/classes/{class}/completion/rule"),
            vec![("min_attendance_percent", "50")],
            [401, 403, 403, 303, 403, 303],
        ),
        (
            format!("/classes/{class}/certificates"),
            vec![],
            [401, 403, 403, 303, 403, 303],
        ),
        // Registration: learner accounts only (the other class's learner takes a seat).
        (
            format!("/offerings/{class}/register"),
            vec![("accept_terms", "on")],
            [401, 303, 303, 403, 403, 403],
        ),
        (
            format!("/offerings/{class}/cancel"),
            vec![],
            [401, 303, 303, 409, 409, 409],
        ),
        // Revoking: administrators only.
        (
            format!("/certificates/{code}/revoke"),
            vec![("reason", "issued in error")],
            [401, 403, 403, 403, 403, 303],
        ),
    ];
    world.check_forms(&forms, &mut failures).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
