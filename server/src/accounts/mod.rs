//! Accounts: signing up, in and out, sessions, password hashing, the limits on guessing and the
//! cross-site request check. The HTTP forms are in `forms`; the rest is plain code the forms, the
//! server functions and the command line share.

mod common_passwords;
pub mod csrf;
pub mod forms;
pub mod password;
pub mod rate_limit;
pub mod session;

use std::sync::Arc;
use std::time::Duration;

use app::people::{
    check_new_password, parse_display_name, CurrentUser, InputError, Role, SignUpMode, Username,
};
use axum::extract::FromRef;
use axum::http::HeaderMap;
use domain::ids::UserId;
use domain::security_log::SecurityEventKind;

use crate::client_address::{ClientAddress, TrustedProxies};
use crate::storage::{SecurityEvent, Storage, StorageError};
use password::PasswordHasher;
use rate_limit::{sign_in_keys, sign_ups_per_network, Limiter};

/// How accounts behave on this deployment.
#[derive(Clone, Debug)]
pub struct AccountSettings {
    /// How many password hashes may run at once for sign-ins (sign-ups and resets have a
    /// smaller pool of their own, so that a flood of them never delays a sign-in).
    pub concurrent_hashes: usize,
    /// Mark cookies `Secure` (the site is served over HTTPS).
    pub secure_cookies: bool,
    pub sign_up: SignUpMode,
    /// Accounts one network may create in an hour.
    pub sign_ups_per_hour: usize,
    pub trusted_proxies: TrustedProxies,
    /// A session unused this long ends, whatever its fixed limit.
    pub session_idle: Duration,
}

impl Default for AccountSettings {
    fn default() -> AccountSettings {
        AccountSettings {
            concurrent_hashes: 4,
            secure_cookies: false,
            sign_up: SignUpMode::default(),
            sign_ups_per_hour: 100,
            trusted_proxies: TrustedProxies::default(),
            session_idle: Duration::from_secs(12 * 3600),
        }
    }
}

#[derive(Clone)]
pub struct Accounts {
    pub storage: Storage,
    pub hasher: PasswordHasher,
    pub limiter: Limiter,
    pub secure_cookies: bool,
    pub sign_up: SignUpMode,
    pub sign_ups_per_hour: usize,
    pub trusted_proxies: Arc<TrustedProxies>,
    pub session_idle: Duration,
}

impl FromRef<Accounts> for Arc<TrustedProxies> {
    fn from_ref(accounts: &Accounts) -> Arc<TrustedProxies> {
        accounts.trusted_proxies.clone()
    }
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
    #[error("Too many accounts were created from your network in the last hour. Try again in {0} seconds.")]
    TooMany(u64),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Checks a new password: its length, and that it is not one guessers try first.
pub fn check_password(password: &str, username: &str) -> Result<(), InputError> {
    check_new_password(password)?;
    common_passwords::check_not_common(password, username)
}

impl Accounts {
    pub fn new(storage: Storage, settings: AccountSettings) -> Accounts {
        Accounts {
            limiter: Limiter::new(storage.clone()),
            storage,
            hasher: PasswordHasher::new(settings.concurrent_hashes),
            secure_cookies: settings.secure_cookies,
            sign_up: settings.sign_up,
            sign_ups_per_hour: settings.sign_ups_per_hour,
            trusted_proxies: Arc::new(settings.trusted_proxies),
            session_idle: settings.session_idle,
        }
    }

    /// The person whose session cookie the request carries, if the session is neither expired
    /// nor idle for longer than `session_idle`.
    pub async fn current_user(
        &self,
        headers: &HeaderMap,
    ) -> Result<Option<CurrentUser>, StorageError> {
        match session::token_from(headers) {
            Some(token) => {
                self.storage
                    .session_user(&session::token_hash(&token), self.session_idle)
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

    /// Signs in, within the limits: the limit's entry is reserved before the slow password check
    /// and given back only if the password was right.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        client: ClientAddress,
    ) -> Result<SignInOutcome, StorageError> {
        let keys = sign_in_keys(username, &client.network);
        let at_network = keys[0].0.clone();
        let reservation = match self.limiter.reserve(&keys, &[&at_network]).await? {
            Ok(reservation) => reservation,
            Err(seconds) => {
                let event = SecurityEvent::new(SecurityEventKind::SignInLimited)
                    .from_address(client.address)
                    .detail(format!("username {}", clip(username)));
                self.storage.record_security_event(&event).await?;
                return Ok(SignInOutcome::TooManyAttempts {
                    retry_after_seconds: seconds,
                });
            }
        };
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
                let event = SecurityEvent::new(SecurityEventKind::SignIn)
                    .by(record.user.id)
                    .from_address(client.address);
                self.limiter.succeeded(reservation, Some(&event)).await?;
                let token = self.start_session(record.user.id).await?;
                Ok(SignInOutcome::SignedIn {
                    user: record.user,
                    token,
                })
            }
            record => {
                let mut event = SecurityEvent::new(SecurityEventKind::SignInFailed)
                    .from_address(client.address);
                event = match record {
                    Some(record) => event.about(record.user.id),
                    None => event.detail(format!("unknown username {}", clip(username))),
                };
                self.limiter.counted(reservation, Some(&event)).await?;
                Ok(SignInOutcome::WrongCredentials)
            }
        }
    }

    /// Creates an account through the sign-up form: limited per network, hashed on the smaller
    /// pool that sign-ins never wait for.
    pub async fn sign_up(
        &self,
        username: &str,
        display_name: &str,
        password: &str,
        client: ClientAddress,
    ) -> Result<CurrentUser, SignUpError> {
        let (username, display_name) = check_new_account(username, display_name, password)?;
        let keys = [(
            format!("sign-up:{}", client.network),
            sign_ups_per_network(self.sign_ups_per_hour),
        )];
        let reservation = match self.limiter.reserve(&keys, &[]).await? {
            Ok(reservation) => reservation,
            Err(seconds) => {
                let event = SecurityEvent::new(SecurityEventKind::SignUpLimited)
                    .from_address(client.address);
                self.storage.record_security_event(&event).await?;
                return Err(SignUpError::TooMany(seconds));
            }
        };
        let hash = self.hasher.hash(password).await;
        let created = self
            .storage
            .create_user(username.as_str(), &display_name, &hash, Role::Learner)
            .await?;
        let Some(user) = created else {
            self.limiter.succeeded(reservation, None).await?;
            return Err(SignUpError::UsernameTaken);
        };
        let event = SecurityEvent::new(SecurityEventKind::SignUp)
            .by(user.id)
            .from_address(client.address);
        self.limiter.counted(reservation, Some(&event)).await?;
        Ok(user)
    }

    /// Creates an account with any role (the command line and tests; administrators).
    pub async fn create_account(
        &self,
        username: &str,
        display_name: &str,
        password: &str,
        role: Role,
    ) -> Result<CurrentUser, SignUpError> {
        let (username, display_name) = check_new_account(username, display_name, password)?;
        let hash = self.hasher.hash(password).await;
        self.storage
            .create_user(username.as_str(), &display_name, &hash, role)
            .await?
            .ok_or(SignUpError::UsernameTaken)
    }

    /// Sets a new password and ends the account's sessions, logging who reset whose.
    pub async fn reset_password(
        &self,
        user: &CurrentUser,
        password: &str,
        event: SecurityEvent,
    ) -> Result<Result<(), InputError>, StorageError> {
        if let Err(error) = check_password(password, &user.username) {
            return Ok(Err(error));
        }
        let hash = self.hasher.hash(password).await;
        self.storage
            .set_password_hash(user.id, &hash, &event)
            .await?;
        Ok(Ok(()))
    }
}

fn check_new_account(
    username: &str,
    display_name: &str,
    password: &str,
) -> Result<(Username, String), SignUpError> {
    let username = Username::parse(username).map_err(SignUpError::Username)?;
    let display_name = parse_display_name(display_name).map_err(SignUpError::DisplayName)?;
    check_password(password, username.as_str()).map_err(SignUpError::Password)?;
    Ok((username, display_name))
}

/// A username as typed, cut short for the log.
fn clip(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(64).collect()
}
