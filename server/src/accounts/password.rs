//! Password hashing with argon2id at OWASP's recommended parameters (19 MiB of memory, two
//! passes, one lane). Each hash holds 19 MiB while it runs, so a semaphore caps how many run at
//! once: a whole class signing in together waits a little instead of exhausting memory.
//!
//! New hashes (sign-ups, password resets) may hold at most half of the permits: a flood of
//! sign-ups queues behind its own half and the other half stays free for sign-ins.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// OWASP Password Storage Cheat Sheet: argon2id, m=19456 KiB, t=2, p=1.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    /// The share of `permits` that new hashes may hold; the rest is kept for sign-ins.
    new_hash_permits: Arc<Semaphore>,
    /// A real hash of a random password, verified against when the username is unknown, so that
    /// the answer takes as long as for a known user and does not reveal which usernames exist.
    decoy: Arc<String>,
}

fn argon2() -> Argon2<'static> {
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(MEMORY_KIB, PASSES, LANES, None).expect("valid argon2 parameters"),
    )
}

fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with valid parameters")
        .to_string()
}

impl PasswordHasher {
    /// `concurrent` hashes (at least two) may run at once (each holds 19 MiB while it does).
    pub fn new(concurrent: usize) -> PasswordHasher {
        let concurrent = concurrent.max(2);
        PasswordHasher {
            permits: Arc::new(Semaphore::new(concurrent)),
            new_hash_permits: Arc::new(Semaphore::new(concurrent / 2)),
            decoy: Arc::new(hash_now("decoy password that nobody has")),
        }
    }

    pub async fn hash(&self, password: &str) -> String {
        let _share = self
            .new_hash_permits
            .acquire()
            .await
            .expect("semaphore never closes");
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("semaphore never closes");
        let password = password.to_string();
        tokio::task::spawn_blocking(move || hash_now(&password))
            .await
            .expect("hashing task")
    }

    /// Checks a password against a stored hash; with `None` (unknown user) it checks against the
    /// decoy and returns false, taking the same time.
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> bool {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("semaphore never closes");
        let known = stored.is_some();
        let stored = stored
            .map(str::to_string)
            .unwrap_or_else(|| self.decoy.to_string());
        let password = password.to_string();
        let matches = tokio::task::spawn_blocking(move || match PasswordHash::new(&stored) {
            Ok(parsed) => argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        })
        .await
        .expect("verifying task");
        known && matches
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_use_owasp_parameters() {
        let hasher = PasswordHasher::new(2);
        let hash = hasher.hash("correct horse battery").await;
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(hasher.verify("correct horse battery", Some(&hash)).await);
        assert!(!hasher.verify("wrong horse battery", Some(&hash)).await);
        assert!(!hasher.verify("correct horse battery", None).await);
        assert!(!hasher.verify("x", Some("not a hash")).await);
    }
}
