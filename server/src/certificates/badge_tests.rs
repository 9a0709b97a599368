//! The credential checked by an independent verifier: `ring` (not `ed25519-dalek`, which signs)
//! checks the Ed25519 signature and computes SHA-256, and the verifier has its own canonical JSON,
//! so that it shares no code with the signer. It reads the credential as the bytes a download
//! gives and follows the verification steps of `eddsa-jcs-2022` (W3C Data Integrity EdDSA
//! Cryptosuites v1.0, 3.3.2).

use domain::certificate::{Certificate, CertificateStatus};
use domain::ids::ClassId;
use ring::digest::{digest, SHA256};
use ring::signature::{UnparsedPublicKey, ED25519};
use serde_json::{json, Value};

use super::*;

const PUBLIC_URL: &str = "https://classroom.example";
const CODE: &str = "0123456789abcdef0123456789abcdef";

fn signer() -> BadgeSigner {
    BadgeSigner::from_secret([7; 32])
}

fn certificate(learner_name: &str) -> Certificate {
    Certificate {
        code: CODE.to_string(),
        class_id: ClassId(7),
        learner_name: learner_name.to_string(),
        course_title: "Introduction to CMMI-based Process Appraisal".to_string(),
        starts_on: "2026-03-02".to_string(),
        ends_on: "2026-03-04".to_string(),
        delivery: "Virtual classroom".to_string(),
        cpe_quarter_hours: 59,
        issued_at: "2026-03-05T09:30:00Z".to_string(),
        status: CertificateStatus::Valid,
    }
}

/// The credential as the download's bytes.
fn credential_bytes(learner_name: &str) -> Vec<u8> {
    serde_json::to_vec(&open_badge(
        &certificate(learner_name),
        PUBLIC_URL,
        &signer(),
    ))
    .unwrap()
}

// ---------------------------------------------------------------------------------------------
// The independent verifier.

/// Verifies an `eddsa-jcs-2022` proof of the JSON document `secured` with the Ed25519 public key
/// `public_key`; the error says which step failed.
fn verify(secured: &[u8], public_key: &[u8]) -> Result<(), String> {
    let document: Value = serde_json::from_slice(secured).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(mut unsecured) = document else {
        return Err("not a JSON object".to_string());
    };
    let Some(Value::Object(mut proof_options)) = unsecured.remove("proof") else {
        return Err("no proof".to_string());
    };
    let Some(Value::String(proof_value)) = proof_options.remove("proofValue") else {
        return Err("no proofValue".to_string());
    };
    if proof_options.get("type") != Some(&json!("DataIntegrityProof"))
        || proof_options.get("cryptosuite") != Some(&json!("eddsa-jcs-2022"))
    {
        return Err("not an eddsa-jcs-2022 Data Integrity proof".to_string());
    }
    let encoded = proof_value
        .strip_prefix('z')
        .ok_or("the proofValue is not base58btc multibase")?;
    let signature = bs58::decode(encoded)
        .into_vec()
        .map_err(|e| format!("the proofValue is not base58: {e}"))?;
    if let Some(proof_context) = proof_options.get("@context") {
        let proof_context = proof_context
            .as_array()
            .ok_or("the proof's @context is not a list")?;
        let document_context = unsecured
            .get("@context")
            .and_then(Value::as_array)
            .ok_or("the document has no @context list")?;
        if !document_context.starts_with(proof_context) {
            return Err("the proof's @context does not begin the document's".to_string());
        }
        unsecured.insert("@context".to_string(), Value::Array(proof_context.clone()));
    }
    let mut hash_data = Vec::new();
    hash_data
        .extend_from_slice(digest(&SHA256, jcs(&Value::Object(proof_options)).as_bytes()).as_ref());
    hash_data
        .extend_from_slice(digest(&SHA256, jcs(&Value::Object(unsecured)).as_bytes()).as_ref());
    UnparsedPublicKey::new(&ED25519, public_key)
        .verify(&hash_data, &signature)
        .map_err(|_| "the signature does not verify".to_string())
}

/// The verifier's own RFC 8785 canonical form (integers only: the credentials hold no others).
fn jcs(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => {
            assert!(
                number.is_i64() || number.is_u64(),
                "the verifier reads integers only"
            );
            number.to_string()
        }
        Value::String(text) => quoted(text),
        Value::Array(items) => format!("[{}]", items.iter().map(jcs).collect::<Vec<_>>().join(",")),
        Value::Object(members) => {
            let mut pairs: Vec<(&String, &Value)> = members.iter().collect();
            pairs.sort_by_key(|(name, _)| name.encode_utf16().collect::<Vec<u16>>());
            let written: Vec<String> = pairs
                .into_iter()
                .map(|(name, item)| format!("{}:{}", quoted(name), jcs(item)))
                .collect();
            format!("{{{}}}", written.join(","))
        }
    }
}

fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        let escaped = match c {
            '"' => "\\\"".to_string(),
            '\\' => "\\\\".to_string(),
            '\u{8}' => "\\b".to_string(),
            '\u{c}' => "\\f".to_string(),
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            '\t' => "\\t".to_string(),
            c if (c as u32) < 0x20 => format!("\\u{:04x}", c as u32),
            c => c.to_string(),
        };
        out.push_str(&escaped);
    }
    out.push('"');
    out
}

/// The verifier's own base64url decoder (no padding), for the key set's `x`.
fn base64url_decode(text: &str) -> Vec<u8> {
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let sextets: Vec<u32> = text
        .chars()
        .map(|c| alphabet.find(c).expect("a base64url character") as u32)
        .collect();
    let mut bytes = Vec::new();
    let mut bits = 0u32;
    let mut count = 0u32;
    for sextet in sextets {
        bits = (bits << 6) | sextet;
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
            bits &= (1u32 << count) - 1;
        }
    }
    bytes
}

// ---------------------------------------------------------------------------------------------
// The cases.

#[test]
fn a_fresh_credential_verifies() {
    let signer = signer();
    assert_eq!(
        verify(&credential_bytes("Ada Lovelace"), &signer.public_key()),
        Ok(())
    );
}

#[test]
fn changing_one_letter_of_the_name_breaks_it() {
    let text = String::from_utf8(credential_bytes("Ada Lovelace")).unwrap();
    assert!(text.contains("Ada Lovelace"));
    let changed = text.replacen("Ada Lovelace", "Ada Lovelacf", 1);
    assert_eq!(changed.len(), text.len());
    assert_eq!(
        verify(changed.as_bytes(), &signer().public_key()),
        Err("the signature does not verify".to_string())
    );
}

#[test]
fn changing_one_character_of_the_proof_value_breaks_it() {
    let text = String::from_utf8(credential_bytes("Ada Lovelace")).unwrap();
    let marker = "\"proofValue\":\"z";
    let start = text.find(marker).unwrap() + marker.len();
    let mut bytes = text.into_bytes();
    // Another base58 character in the middle of the signature.
    let index = start + 40;
    bytes[index] = if bytes[index] == b'2' { b'3' } else { b'2' };
    assert!(verify(&bytes, &signer().public_key()).is_err());
}

#[test]
fn changing_any_one_byte_breaks_it() {
    let original = credential_bytes("Zoë \"Q\" Lovelace");
    let public_key = signer().public_key();
    assert_eq!(verify(&original, &public_key), Ok(()));
    for index in 0..original.len() {
        let mut changed = original.clone();
        changed[index] ^= 0x01;
        assert!(
            verify(&changed, &public_key).is_err(),
            "byte {index} changed and the credential still verifies: {}",
            String::from_utf8_lossy(&changed)
        );
    }
}

#[test]
fn another_key_does_not_verify_it() {
    let other = BadgeSigner::from_secret([8; 32]);
    assert!(verify(&credential_bytes("Ada Lovelace"), &other.public_key()).is_err());
}

#[test]
fn a_hostile_name_round_trips_and_verifies() {
    let name =
        "Robert \"Bobby\" '); </script><script>alert(1)</script> \\ 😀 \u{1}\u{1f}\t\n\u{2028}";
    let bytes = credential_bytes(name);
    assert_eq!(verify(&bytes, &signer().public_key()), Ok(()));
    let parsed: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        parsed["credentialSubject"]["identifier"][0]["identityHash"],
        json!(name)
    );
}

#[test]
fn the_credential_says_what_the_certificate_says() {
    let credential = open_badge(&certificate("Ada Lovelace"), PUBLIC_URL, &signer());
    assert_eq!(credential["@context"], json!(CREDENTIAL_CONTEXT));
    assert_eq!(
        credential["type"],
        json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert_eq!(
        credential["id"],
        json!(format!("{PUBLIC_URL}/verify/{CODE}"))
    );
    assert_eq!(
        credential["issuer"]["id"],
        json!(format!("{PUBLIC_URL}/issuer"))
    );
    assert_eq!(credential["issuer"]["type"], json!(["Profile"]));
    assert_eq!(credential["validFrom"], json!("2026-03-05T09:30:00Z"));
    let subject = &credential["credentialSubject"];
    assert_eq!(subject["type"], json!(["AchievementSubject"]));
    assert_eq!(subject["identifier"][0]["identityType"], json!("name"));
    assert_eq!(subject["identifier"][0]["hashed"], json!(false));
    let achievement = &subject["achievement"];
    assert_eq!(
        achievement["id"],
        json!(format!("{PUBLIC_URL}/achievements/rmm-intro-v1.2"))
    );
    assert_eq!(achievement["type"], json!(["Achievement"]));
    assert_eq!(achievement["achievementType"], json!("Course"));
    let description = achievement["description"].as_str().unwrap();
    assert!(description.contains("14.75 CPE hours"), "{description}");
    assert!(description.contains(NOT_A_CREDENTIAL), "{description}");
    assert!(achievement["criteria"]["narrative"].is_string());
    let whole = credential["description"].as_str().unwrap();
    for fact in [
        "Ada Lovelace",
        "Virtual classroom",
        "2026-03-02",
        "2026-03-04",
        "14.75 CPE hours",
    ] {
        assert!(whole.contains(fact), "{fact} missing from {whole}");
    }
    let proof = &credential["proof"];
    assert_eq!(proof["type"], json!("DataIntegrityProof"));
    assert_eq!(proof["cryptosuite"], json!("eddsa-jcs-2022"));
    assert_eq!(proof["proofPurpose"], json!("assertionMethod"));
    assert_eq!(proof["created"], json!("2026-03-05T09:30:00Z"));
    assert_eq!(
        proof["verificationMethod"],
        json!(format!("{PUBLIC_URL}/issuer#key-1"))
    );
    assert_eq!(proof["@context"], credential["@context"]);
}

#[test]
fn the_same_certificate_gives_the_same_credential_whatever_the_trailing_slash() {
    let certificate = certificate("Ada Lovelace");
    let first = open_badge(&certificate, PUBLIC_URL, &signer());
    assert_eq!(first, open_badge(&certificate, PUBLIC_URL, &signer()));
    assert_eq!(
        first,
        open_badge(&certificate, &format!("{PUBLIC_URL}/"), &signer())
    );
}

#[test]
fn the_published_keys_are_the_signers() {
    let signer = signer();
    let profile = issuer_profile(PUBLIC_URL, &signer);
    assert_eq!(profile["id"], json!(format!("{PUBLIC_URL}/issuer")));
    assert_eq!(profile["type"], json!(["Profile"]));
    let method = &profile["verificationMethod"][0];
    let credential = open_badge(&certificate("Ada Lovelace"), PUBLIC_URL, &signer);
    assert_eq!(method["id"], credential["proof"]["verificationMethod"]);
    assert_eq!(profile["assertionMethod"][0], method["id"]);
    assert_eq!(method["type"], json!("Multikey"));
    assert_eq!(method["controller"], profile["id"]);
    let multibase = method["publicKeyMultibase"].as_str().unwrap();
    let multikey = bs58::decode(multibase.strip_prefix('z').unwrap())
        .into_vec()
        .unwrap();
    assert_eq!(multikey[..2], [0xed, 0x01]);
    assert_eq!(multikey[2..], signer.public_key());

    let key_set = jwks(&signer);
    let key = &key_set["keys"][0];
    assert_eq!(key["kty"], json!("OKP"));
    assert_eq!(key["crv"], json!("Ed25519"));
    assert_eq!(key["kid"], json!("key-1"));
    assert_eq!(key["alg"], json!("EdDSA"));
    assert_eq!(
        base64url_decode(key["x"].as_str().unwrap()),
        signer.public_key()
    );

    // And the credential verifies with the key as the profile publishes it.
    let bytes = serde_json::to_vec(&credential).unwrap();
    assert_eq!(verify(&bytes, &multikey[2..]), Ok(()));
}

#[test]
fn base64url_writes_rfc_4648_vectors_without_padding() {
    let cases = [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ];
    for (bytes, text) in cases {
        assert_eq!(base64url(bytes.as_bytes()), text);
        assert_eq!(base64url_decode(text), bytes.as_bytes());
    }
    // The two characters that differ from standard base64.
    assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
}

// ---------------------------------------------------------------------------------------------
// The W3C test vector (Data Integrity EdDSA Cryptosuites v1.0, appendix B.3).

const SPEC_PUBLIC_MULTIBASE: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
const SPEC_PROOF_VALUE: &str =
    "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX";

fn spec_signer() -> BadgeSigner {
    let mut secret = [0u8; 32];
    let decoded = bs58::decode("3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")
        .into_vec()
        .unwrap();
    // The multicodec prefix of an Ed25519 secret key, 0x1300 as a varint.
    assert_eq!(decoded[..2], [0x80, 0x26]);
    secret.copy_from_slice(&decoded[2..]);
    BadgeSigner::from_secret(secret)
}

fn spec_public_key() -> Vec<u8> {
    let decoded = bs58::decode(&SPEC_PUBLIC_MULTIBASE[1..])
        .into_vec()
        .unwrap();
    decoded[2..].to_vec()
}

#[test]
fn signs_the_w3c_test_vector() {
    let signer = spec_signer();
    assert_eq!(signer.public_key_multibase(), SPEC_PUBLIC_MULTIBASE);
    let document = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2"
        ],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "name": "Alumni Credential",
        "description": "A minimum viable example of an Alumni Credential.",
        "issuer": "https://vc.example/issuers/5678",
        "validFrom": "2023-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:abcdefgh",
            "alumniOf": "The School of Examples"
        }
    });
    let options = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": format!("did:key:{SPEC_PUBLIC_MULTIBASE}#{SPEC_PUBLIC_MULTIBASE}"),
        "proofPurpose": "assertionMethod"
    });
    let secured = add_proof(document, object(options), &signer);
    assert_eq!(secured["proof"]["proofValue"], json!(SPEC_PROOF_VALUE));
    assert_eq!(secured["proof"]["@context"], secured["@context"]);
    let bytes = serde_json::to_vec(&secured).unwrap();
    assert_eq!(verify(&bytes, &spec_public_key()), Ok(()));
}

#[test]
fn verifies_the_w3c_signed_credential_and_not_a_changed_one() {
    let signed = r#"{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://www.w3.org/ns/credentials/examples/v2"
  ],
  "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
  "type": [
    "VerifiableCredential",
    "AlumniCredential"
  ],
  "name": "Alumni Credential",
  "description": "A minimum viable example of an Alumni Credential.",
  "issuer": "https://vc.example/issuers/5678",
  "validFrom": "2023-01-01T00:00:00Z",
  "credentialSubject": {
    "id": "did:example:abcdefgh",
    "alumniOf": "The School of Examples"
  },
  "proof": {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-jcs-2022",
    "created": "2023-02-24T23:36:38Z",
    "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    "proofPurpose": "assertionMethod",
    "@context": [
      "https://www.w3.org/ns/credentials/v2",
      "https://www.w3.org/ns/credentials/examples/v2"
    ],
    "proofValue": "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
  }
}"#;
    assert_eq!(verify(signed.as_bytes(), &spec_public_key()), Ok(()));
    let changed = signed.replacen("The School of Examples", "The School of Examplez", 1);
    assert!(verify(changed.as_bytes(), &spec_public_key()).is_err());
}
