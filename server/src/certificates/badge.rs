//! A certificate as an Open Badges 3.0 credential (issue 16): an `OpenBadgeCredential` in the W3C
//! Verifiable Credentials Data Model 2.0, secured with a Data Integrity proof of the cryptosuite
//! `eddsa-jcs-2022` (W3C Data Integrity EdDSA Cryptosuites v1.0, section 3.3), and the issuer's
//! profile and key set that let anyone check it.
//!
//! The proof, step by step as the cryptosuite says: the proof options (type, cryptosuite,
//! created, verification method, purpose) get the credential's `@context`; the proof
//! configuration is those options in canonical JSON (RFC 8785), the transformed document is the
//! credential without its proof in canonical JSON; the signed data is SHA-256 of the first
//! followed by SHA-256 of the second; the signature is Ed25519 over it, written as base58btc
//! multibase (`z…`) in `proofValue`.
//!
//! A credential states what the certificate states (name, course, delivery, dates, hours) and
//! nothing more; the hours and dates are in its words, since Open Badges has no field for them
//! that needs no extension. The same certificate and key always give the same credential, byte
//! for byte (`created` is when the certificate was issued, and Ed25519 is deterministic). A
//! revoked certificate's credential is not handed out: the route answers 410 instead.

use domain::certificate::{Certificate, INDEPENDENCE, NOT_A_CREDENTIAL};
use domain::completion::hours_text;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::canonical_json::{canonicalize, canonicalize_object};
use super::signing_key::BadgeSigner;

/// The JSON-LD contexts of the credential: Verifiable Credentials 2.0 and Open Badges 3.0.
pub const CREDENTIAL_CONTEXT: [&str; 2] = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

/// The issuer profile adds the Multikey vocabulary for its verification method.
const MULTIKEY_CONTEXT: &str = "https://w3id.org/security/multikey/v1";

/// The cryptosuite of the proof.
pub const CRYPTOSUITE: &str = "eddsa-jcs-2022";

/// The name the issuer goes by.
pub const ISSUER_NAME: &str = "RMM Classroom";

/// The fragment naming the key in the issuer's profile and key set.
pub const KEY_ID: &str = "key-1";

/// The achievement every certificate is of: this course, in this version.
const ACHIEVEMENT_PATH: &str = "/achievements/rmm-intro-v1.2";

const CRITERIA: &str = "Completed a class of the course as the class's completion rule requires: \
    the share of the scheduled teaching time attended, the class exercises, the appraisal and the \
    knowledge-check score that the instructor set for the class. CPE hours count the time the \
    learner was present in the teaching sessions (not breaks or lunch), rounded down to a quarter \
    hour and at most the scheduled teaching time.";

fn base(public_url: &str) -> &str {
    public_url.trim_end_matches('/')
}

/// Where anyone can check a certificate: `{public_url}/verify/{code}` (the credential's `id`).
pub fn verify_url(public_url: &str, code: &str) -> String {
    format!("{}/verify/{code}", base(public_url))
}

/// The issuer's profile address: `{public_url}/issuer`.
pub fn issuer_id(public_url: &str) -> String {
    format!("{}/issuer", base(public_url))
}

/// The verification method of every proof: `{public_url}/issuer#key-1`.
pub fn verification_method_id(public_url: &str) -> String {
    format!("{}#{KEY_ID}", issuer_id(public_url))
}

/// The certificate's signed Open Badges 3.0 credential. The caller hands out only a valid
/// certificate's credential (a revoked one is refused before this is asked for).
pub fn open_badge(certificate: &Certificate, public_url: &str, signer: &BadgeSigner) -> Value {
    let options = object(json!({
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": certificate.issued_at,
        "verificationMethod": verification_method_id(public_url),
        "proofPurpose": "assertionMethod",
    }));
    add_proof(
        unsecured_credential(certificate, public_url),
        options,
        signer,
    )
}

/// The issuer's Open Badges 3.0 profile, published at `{public_url}/issuer`, with the public key
/// that verifies the proofs (a Multikey) named as the profile's assertion method.
pub fn issuer_profile(public_url: &str, signer: &BadgeSigner) -> Value {
    let id = issuer_id(public_url);
    let key_id = verification_method_id(public_url);
    json!({
        "@context": [CREDENTIAL_CONTEXT[0], CREDENTIAL_CONTEXT[1], MULTIKEY_CONTEXT],
        "id": id,
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": base(public_url),
        "description": INDEPENDENCE,
        "verificationMethod": [{
            "id": key_id,
            "type": "Multikey",
            "controller": id,
            "publicKeyMultibase": signer.public_key_multibase(),
        }],
        "assertionMethod": [key_id],
    })
}

/// The issuer's public key as a JSON Web Key Set (RFC 7517, with the Ed25519 key of RFC 8037),
/// published at `/.well-known/jwks.json`.
pub fn jwks(signer: &BadgeSigner) -> Value {
    json!({
        "keys": [{
            "kty": "OKP",
            "crv": "Ed25519",
            "x": base64url(&signer.public_key()),
            "kid": KEY_ID,
            "use": "sig",
            "alg": "EdDSA",
        }]
    })
}

/// The credential without its proof.
fn unsecured_credential(certificate: &Certificate, public_url: &str) -> Value {
    let hours = hours_text(certificate.cpe_quarter_hours);
    let description = format!(
        "{learner} completed {course} ({delivery}, {starts} to {ends}), earning {hours} CPE \
         hours. Issued by {ISSUER_NAME} on {issued}. {NOT_A_CREDENTIAL}",
        learner = certificate.learner_name,
        course = certificate.course_title,
        delivery = certificate.delivery,
        starts = certificate.starts_on,
        ends = certificate.ends_on,
        issued = certificate.issued_at,
    );
    json!({
        "@context": CREDENTIAL_CONTEXT,
        "id": verify_url(public_url, &certificate.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_id(public_url),
            "type": ["Profile"],
            "name": ISSUER_NAME,
            "url": base(public_url),
        },
        "validFrom": certificate.issued_at,
        "name": format!("Certificate of completion: {}", certificate.course_title),
        "description": description,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": certificate.learner_name,
                "identityType": "name",
                "hashed": false,
            }],
            "achievement": achievement(certificate, public_url, &hours),
        },
    })
}

fn achievement(certificate: &Certificate, public_url: &str, hours: &str) -> Value {
    json!({
        "id": format!("{}{ACHIEVEMENT_PATH}", base(public_url)),
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": certificate.course_title,
        "description": format!(
            "Completion of the training course {}, worth {hours} CPE hours. {NOT_A_CREDENTIAL} \
             {INDEPENDENCE}",
            certificate.course_title
        ),
        "criteria": { "narrative": CRITERIA },
    })
}

/// Secures `document` with an `eddsa-jcs-2022` proof made from `options` (W3C Data Integrity
/// EdDSA Cryptosuites v1.0, 3.3.1): the returned document has `proof`, which is the options with
/// the document's `@context` and the `proofValue`.
pub(crate) fn add_proof(
    mut document: Value,
    options: Map<String, Value>,
    signer: &BadgeSigner,
) -> Value {
    let mut proof = options;
    if let Some(context) = document.get("@context") {
        proof.insert("@context".to_string(), context.clone());
    }
    let signature = signer.sign(&hash_data(&proof, &document));
    proof.insert(
        "proofValue".to_string(),
        Value::String(format!("z{}", bs58::encode(signature).into_string())),
    );
    if let Value::Object(members) = &mut document {
        members.insert("proof".to_string(), Value::Object(proof));
    }
    document
}

/// SHA-256 of the canonical proof configuration followed by SHA-256 of the canonical document.
fn hash_data(proof_config: &Map<String, Value>, document: &Value) -> Vec<u8> {
    let mut data = Vec::with_capacity(64);
    data.extend_from_slice(&Sha256::digest(
        canonicalize_object(proof_config).as_bytes(),
    ));
    data.extend_from_slice(&Sha256::digest(canonicalize(document).as_bytes()));
    data
}

/// The members of a JSON object written with `json!({ … })`.
fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(members) => members,
        _ => Map::new(),
    }
}

/// Base64url without padding (RFC 4648, section 5), as JSON Web Keys write key bytes.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut text = String::with_capacity((bytes.len() * 4).div_ceil(3));
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |group, (index, byte)| {
            group | (u32::from(*byte) << (16 - 8 * index))
        });
        // One byte makes two characters, two make three, three make four.
        for position in 0..=chunk.len() {
            let sextet = (group >> (18 - 6 * position)) & 0x3f;
            text.push(char::from(ALPHABET[sextet as usize]));
        }
    }
    text
}

#[cfg(test)]
#[path = "badge_tests.rs"]
mod tests;
