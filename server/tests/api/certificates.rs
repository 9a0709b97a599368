//! Attendance, completion and certificates (issue 16): presence counted inside the teaching
//! slots, the instructor's marks, the completion rule, certificates issued in bulk to those who
//! qualify, the public verify page that shows nothing more than it should, revocation by an
//! administrator only, and the Open Badges credential checked by an independent verifier.

use app::people::Role;
use domain::ids::ClassId;
use domain::security_log::SecurityEventKind;
use server::storage::SecurityEventFilter;

use crate::helpers::{spawn_app, Session, TestApp};
use crate::offerings::{class_with_offering, first_day_ms};

/// A seated learner of a fresh offering, signed in, in the class as on its first day.
async fn seated_learner(app: &TestApp, class_id: ClassId, name: &str) -> Session {
    let learner = app.person(name, Role::Learner).await;
    let response = app
        .post_form(
            &format!("/offerings/{class_id}/register"),
            Some(&learner.cookie),
            &[("accept_terms", "on")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    server::offerings::admission::admit_due(&app.accounts.storage, first_day_ms())
        .await
        .unwrap();
    learner
}

/// Counts `learner` present every minute of both class days (2099-03-01 and -02, New York).
async fn present_all_day(app: &TestApp, class_id: ClassId, learner: &Session) {
    // 2099-03-01T05:00Z is midnight in New York (UTC-5 before daylight saving).
    let midnight_ms: i64 = 4_076_024_400_000;
    for minute in 0..(2 * 24 * 60) {
        app.accounts
            .storage
            .record_presence_minute(class_id, learner.user.id, midnight_ms + minute * 60_000)
            .await
            .unwrap();
    }
}

fn codes_in(html: &str) -> Vec<String> {
    html.match_indices("/certificates/")
        .filter_map(|(i, _)| {
            let code: String = html[i + 14..]
                .chars()
                .take_while(|c| c.is_ascii_hexdigit())
                .collect();
            (code.len() == 32).then_some(code)
        })
        .collect()
}

#[tokio::test]
async fn the_rule_decides_who_gets_a_certificate_and_verification_shows_only_what_it_should() {
    let app = spawn_app().await;
    let (instructor, class_id) = class_with_offering(&app, "CERT2345", 10).await;
    let ada = seated_learner(&app, class_id, "ada.lovelace").await;
    let bob = seated_learner(&app, class_id, "bob.absent").await;
    present_all_day(&app, class_id, &ada).await;

    // Rule: 75 % attendance. Bob was never present; his day 1 marked partial with a note.
    let (status, _) = app
        .post_fields(
            &format!("/classes/{class_id}/completion/rule"),
            &instructor,
            &crate::helpers::fields(&[("min_attendance_percent", "75")]),
        )
        .await;
    assert_eq!(status, 303);
    let bob_id = bob.user.id.to_string();
    let (status, _) = app
        .post_fields(
            &format!("/classes/{class_id}/attendance/marks"),
            &instructor,
            &crate::helpers::fields(&[
                ("user_id", &bob_id),
                ("day", "2099-03-01"),
                ("mark", "partial"),
                ("note", "left at lunch <script>"),
            ]),
        )
        .await;
    assert_eq!(status, 303);
    // A learner cannot mark, nor mark a day outside the class.
    let (status, _) = app
        .post_fields(
            &format!("/classes/{class_id}/attendance/marks"),
            &ada,
            &crate::helpers::fields(&[
                ("user_id", &bob_id),
                ("day", "2099-03-01"),
                ("mark", "present"),
            ]),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .post_fields(
            &format!("/classes/{class_id}/attendance/marks"),
            &instructor,
            &crate::helpers::fields(&[
                ("user_id", &bob_id),
                ("day", "2099-04-01"),
                ("mark", "present"),
            ]),
        )
        .await;
    assert_eq!(status, 400);

    // Bob sees his own record and not Ada's.
    let (status, page) = app
        .page_as(&format!("/classes/{class_id}/attendance"), &bob)
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("left at lunch &lt;script&gt;"), "{page}");
    assert!(!page.contains("ada.lovelace display"), "{page}");

    let (status, _) = app
        .post_fields(
            &format!("/classes/{class_id}/certificates"),
            &instructor,
            &[],
        )
        .await;
    assert_eq!(status, 303);
    let certificates = app
        .accounts
        .storage
        .class_certificates(class_id)
        .await
        .unwrap();
    assert_eq!(certificates.len(), 1, "only Ada qualifies");
    let (owner, certificate) = &certificates[0];
    assert_eq!(*owner, ada.user.id);
    assert!(certificate.cpe_quarter_hours > 0);
    assert_eq!(certificate.code.len(), 32);
    // Issuing again issues nothing new.
    app.post_fields(
        &format!("/classes/{class_id}/certificates"),
        &instructor,
        &[],
    )
    .await;
    assert_eq!(
        app.accounts
            .storage
            .class_certificates(class_id)
            .await
            .unwrap()
            .len(),
        1
    );

    // The public verify page: name, course, dates, hours, status; never the username, class
    // name, delivery or anything of the account.
    let code = &certificate.code;
    let (status, page) = app.get_text(&format!("/verify/{code}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("ada.lovelace display"));
    assert!(page.contains("valid"));
    assert!(
        !page.contains("Online; link sent"),
        "no delivery details leak"
    );
    assert!(!page.contains(">ada.lovelace<"), "no username leaks");
    let (status, _) = app.get_text(&format!("/verify/{}", "0".repeat(32))).await;
    assert_eq!(status, 404);
    let (status, _) = app.get_text("/verify/not-a-code'--").await;
    assert_eq!(status, 404);

    // The certificate page: Ada, the instructor; not Bob.
    assert_eq!(
        app.page_as(&format!("/certificates/{code}"), &ada).await.0,
        200
    );
    let (status, page) = app.page_as(&format!("/certificates/{code}"), &bob).await;
    assert!(status == 403 || page.contains("not allowed"), "{status}");
    let (_, mine) = app.page_as("/certificates", &ada).await;
    assert_eq!(codes_in(&mine), vec![code.clone()]);

    // Revoking: administrators only, with a reason.
    let path = format!("/certificates/{code}/revoke");
    let reason = crate::helpers::fields(&[("reason", "issued in error")]);
    assert_eq!(app.post_fields(&path, &instructor, &reason).await.0, 403);
    let admin = app.person("the.admin", Role::Admin).await;
    assert_eq!(
        app.post_fields(&path, &admin, &crate::helpers::fields(&[("reason", " ")]))
            .await
            .0,
        400
    );
    assert_eq!(app.post_fields(&path, &admin, &reason).await.0, 303);
    assert_eq!(app.post_fields(&path, &admin, &reason).await.0, 409);
    let (_, page) = app.get_text(&format!("/verify/{code}")).await;
    assert!(page.contains("revoked"), "{page}");
    let response = app.get(&format!("/verify/{code}/badge.json")).await;
    assert_eq!(
        response.status().as_u16(),
        410,
        "no credential for a revoked certificate"
    );
    // The security log keeps who issued and who revoked it, and why.
    let storage = &app.accounts.storage;
    let log = |kind| async move {
        let filter = SecurityEventFilter {
            kind: Some(kind),
            person: None,
            class: Some(class_id),
            limit: 100,
        };
        storage.security_events(&filter).await
    };
    let issued = log(SecurityEventKind::CertificateIssued).await.unwrap();
    assert!(issued
        .iter()
        .any(|e| e.detail.contains(code.as_str()) && e.subject.as_deref() == Some("ada.lovelace")));
    let revoked = log(SecurityEventKind::CertificateRevoked).await.unwrap();
    assert_eq!(revoked.len(), 1, "revoked once, logged once");
    assert_eq!(revoked[0].actor.as_deref(), Some("the.admin"));
    assert!(revoked[0].detail.ends_with("issued in error"));
}

#[tokio::test]
async fn the_open_badges_credential_verifies_independently_and_fails_when_changed() {
    use ring::signature::{UnparsedPublicKey, ED25519};

    let app = spawn_app().await;
    let (instructor, class_id) = class_with_offering(&app, "BADG2345", 10).await;
    let ada = seated_learner(&app, class_id, "ada.badge").await;
    present_all_day(&app, class_id, &ada).await;
    app.post_fields(
        &format!("/classes/{class_id}/certificates"),
        &instructor,
        &[],
    )
    .await;
    let (_, certificate) = app
        .accounts
        .storage
        .class_certificates(class_id)
        .await
        .unwrap()
        .remove(0);
    let response = app
        .get(&format!("/verify/{}/badge.json", certificate.code))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let text = response.text().await.unwrap();

    // The issuer's key as published at the well-known address, read as JSON Web Key.
    let (status, jwks) = app.get_text("/.well-known/jwks.json").await;
    assert_eq!(status, 200);
    let jwks: serde_json::Value = serde_json::from_str(&jwks).unwrap();
    let x = jwks["keys"][0]["x"].as_str().unwrap();
    let public_key = base64_url_decode(x);
    assert_eq!(public_key.len(), 32);

    let verifies = |text: &str| -> bool {
        let Ok(mut credential) = serde_json::from_str::<serde_json::Value>(text) else {
            return false;
        };
        let Some(proof) = credential.as_object_mut().and_then(|o| o.remove("proof")) else {
            return false;
        };
        let mut config = proof.clone();
        let Some(value) = config.as_object_mut().and_then(|o| o.remove("proofValue")) else {
            return false;
        };
        config["@context"] = credential["@context"].clone();
        let Some(signature) = value
            .as_str()
            .and_then(|v| v.strip_prefix('z'))
            .and_then(|v| bs58::decode(v).into_vec().ok())
        else {
            return false;
        };
        let mut data = ring::digest::digest(&ring::digest::SHA256, jcs(&config).as_bytes())
            .as_ref()
            .to_vec();
        data.extend_from_slice(
            ring::digest::digest(&ring::digest::SHA256, jcs(&credential).as_bytes()).as_ref(),
        );
        UnparsedPublicKey::new(&ED25519, &public_key)
            .verify(&data, &signature)
            .is_ok()
    };
    assert!(verifies(&text), "the credential verifies: {text}");
    assert!(text.contains("ada.badge display"));
    // One byte changed in the learner's name, and separately in the signature.
    let changed = text.replacen("ada.badge display", "adb.badge display", 1);
    assert!(!verifies(&changed));
    let key_at = text.find("\"proofValue\"").unwrap();
    let value_at = key_at + text[key_at + 12..].find("\"z").unwrap() + 14;
    let mut bytes = text.clone().into_bytes();
    bytes[value_at + 3] = if bytes[value_at + 3] == b'A' {
        b'B'
    } else {
        b'A'
    };
    assert!(!verifies(&String::from_utf8(bytes).unwrap()));
}

/// JSON Canonicalization (RFC 8785) written again for the verifier, sharing no code with the
/// signer: keys sorted, no spaces, integers and strings as JSON writes them.
fn jcs(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            let parts: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", serde_json::Value::String(k.clone()), jcs(&map[k])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        serde_json::Value::Array(items) => {
            format!("[{}]", items.iter().map(jcs).collect::<Vec<_>>().join(","))
        }
        other => other.to_string(),
    }
}

fn base64_url_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes() {
        let value = ALPHABET.iter().position(|&a| a == c).expect("base64url") as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    out
}
