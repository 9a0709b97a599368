//! Accounts: signing up, in and out, sessions, password hashing, sign-in limits and the
//! cross-site request check. The HTTP forms are in `forms`; the rest is plain code the forms, the
//! server functions and the command line share.

pub mod csrf;
pub mod forms;
pub mod password;
pub mod rate_limit;
pub mod session;

use std::net::IpAddr;

use app::people::{
    check_new_password, parse_display_name, CurrentUser, InputError, Role, Username,
};
use axum::http::HeaderMap;
use domain::ids::UserId;

use crate::storage::{Storage, StorageError};
use password::PasswordHasher;
use rate_limit::{now_millis, LoginLimiter, PER_ACCOUNT, PER_ADDRESS};

#[derive(Clone)]
pub struct Accounts {
    pub storage: Storage,
    pub hasher: PasswordHasher,
    pub limiter: LoginLimiter,
    /// Mark cookies `Secure` (the site is served over HTTPS).
    pub secure_cookies: bool,
}

pub enum SignInOutcome {
    SignedIn { user: CurrentUser, token: String },
    WrongCredentials,
    TooManyAttempts { retry_after_seconds: u64 },
}

#[derive(Debug, thiserror::Error)]
pub enum SignUpError {
    /// What was wrong, by field, so that a form can point at the field.
    #[error("{0}")]
    Username(InputError),
    #[error("{0}")]
    DisplayName(InputError),
    #[error("{0}")]
    Password(InputError),
    #[error("That username is taken. Choose another.")]
    UsernameTaken,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl Accounts {
    pub fn new(storage: Storage, concurrent_hashes: usize, secure_cookies: bool) -> Accounts {
        Accounts {
            limiter: LoginLimiter::new(storage.clone()),
            storage,
            hasher: PasswordHasher::new(concurrent_hashes),
            secure_cookies,
        }
    }

    /// The person whose session cookie the request carries.
    pub async fn current_user(
        &self,
        headers: &HeaderMap,
    ) -> Result<Option<CurrentUser>, StorageError> {
        match session::token_from(headers) {
            Some(token) => {
                self.storage
                    .session_user(&session::token_hash(&token))
                    .await
            }
            None => Ok(None),
        }
    }

    pub async fn start_session(&self, user_id: UserId) -> Result<String, StorageError> {
        let token = session::new_token();
        self.storage
            .create_session(
                &session::token_hash(&token),
                user_id,
                session::LIFETIME_DAYS,
            )
            .await?;
        Ok(token)
    }

    pub async fn end_session(&self, headers: &HeaderMap) -> Result<(), StorageError> {
        if let Some(token) = session::token_from(headers) {
            self.storage
                .delete_session(&session::token_hash(&token))
                .await?;
        }
        Ok(())
    }

    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        address: IpAddr,
    ) -> Result<SignInOutcome, StorageError> {
        let account_key = format!("account:{}", username.trim().to_lowercase());
        let address_key = format!("address:{address}");
        let now = now_millis();
        if let Err(seconds) = self
            .limiter
            .check(
                &[(&account_key, PER_ACCOUNT), (&address_key, PER_ADDRESS)],
                now,
            )
            .await?
        {
            return Ok(SignInOutcome::TooManyAttempts {
                retry_after_seconds: seconds,
            });
        }
        let record = match Username::parse(username) {
            Ok(name) => self.storage.account_by_username(name.as_str()).await?,
            Err(_) => None,
        };
        let password_ok = self
            .hasher
            .verify(password, record.as_ref().map(|r| r.password_hash.as_str()))
            .await;
        match record {
            Some(record) if password_ok => {
                self.limiter.clear(&account_key).await?;
                let token = self.start_session(record.user.id).await?;
                Ok(SignInOutcome::SignedIn {
                    user: record.user,
                    token,
                })
            }
            _ => {
                self.limiter
                    .record_failure(&[&account_key, &address_key], now)
                    .await?;
                Ok(SignInOutcome::WrongCredentials)
            }
        }
    }

    /// Creates an account (learners sign themselves up; the command line creates admins).
    pub async fn create_account(
        &self,
        username: &str,
        display_name: &str,
        password: &str,
        role: Role,
    ) -> Result<CurrentUser, SignUpError> {
        let username = Username::parse(username).map_err(SignUpError::Username)?;
        let display_name = parse_display_name(display_name).map_err(SignUpError::DisplayName)?;
        check_new_password(password).map_err(SignUpError::Password)?;
        let hash = self.hasher.hash(password).await;
        self.storage
            .create_user(username.as_str(), &display_name, &hash, role)
            .await?
            .ok_or(SignUpError::UsernameTaken)
    }

    /// Sets a new password and ends the account's sessions.
    pub async fn reset_password(
        &self,
        user_id: UserId,
        password: &str,
    ) -> Result<Result<(), InputError>, StorageError> {
        if let Err(error) = check_new_password(password) {
            return Ok(Err(error));
        }
        let hash = self.hasher.hash(password).await;
        self.storage.set_password_hash(user_id, &hash).await?;
        Ok(Ok(()))
    }
}
