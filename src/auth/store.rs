//! Where a profile's secrets live: the OS keyring (service `vtelink`, one
//! entry per profile holding a small JSON document), or, only when the user
//! opted in with `--insecure-storage`, a 0600 plaintext file.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, Serializer};

use super::AuthError;
use super::config;
use crate::redact::Secret;

/// The keyring service name every entry is filed under.
pub const KEYRING_SERVICE: &str = "vtelink";

/// What a profile keeps secret. Debug never shows a value (`Secret`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoredSecrets {
    pub user: String,
    /// The CRM access key (password logins). Renews sessions without asking again.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "expose_opt"
    )]
    pub access_key: Option<Secret>,
    /// The identity provider's refresh token (SSO logins).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "expose_opt"
    )]
    pub refresh_token: Option<Secret>,
    /// The current CRM session id.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "expose_opt"
    )]
    pub session_name: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// When the user logged in interactively.
    pub login_time: DateTime<Utc>,
    /// When the current session was opened (login or last renewal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_time: Option<DateTime<Utc>>,
}

fn expose_opt<S: Serializer>(value: &Option<Secret>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(secret) => serializer.serialize_some(secret.expose()),
        None => serializer.serialize_none(),
    }
}

/// The backend holding one profile's secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretStore {
    Keyring { profile: String },
    PlaintextFile { path: PathBuf },
}

impl SecretStore {
    pub fn keyring(profile: &str) -> Self {
        SecretStore::Keyring {
            profile: profile.to_owned(),
        }
    }

    pub fn plaintext(profile: &str) -> Result<Self, AuthError> {
        config::validate_profile_name(profile)?;
        Ok(SecretStore::PlaintextFile {
            path: config::config_dir()?
                .join("insecure-secrets")
                .join(format!("{profile}.json")),
        })
    }

    /// The store a profile's settings call for.
    pub fn for_profile(profile: &str, insecure_storage: bool) -> Result<Self, AuthError> {
        if insecure_storage {
            Self::plaintext(profile)
        } else {
            Ok(Self::keyring(profile))
        }
    }

    /// For `status`: where the secrets are, without any value (a sentence
    /// for people; English in JSON).
    pub fn describe(&self) -> crate::l10n::Msg {
        match self {
            SecretStore::Keyring { profile } => crate::msg!(
                "secrets-keyring",
                service = KEYRING_SERVICE,
                account = profile.as_str()
            ),
            SecretStore::PlaintextFile { path } => {
                crate::msg!("secrets-plaintext-file", path = path)
            }
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            SecretStore::Keyring { .. } => "keyring",
            SecretStore::PlaintextFile { .. } => "plaintext_file",
        }
    }

    /// Fail early (before the user types a password) when the store is unusable.
    pub async fn check(&self) -> Result<(), AuthError> {
        match self {
            SecretStore::Keyring { .. } => self.load().await.map(|_| ()),
            SecretStore::PlaintextFile { .. } => Ok(()),
        }
    }

    pub async fn load(&self) -> Result<Option<StoredSecrets>, AuthError> {
        let text = match self {
            SecretStore::Keyring { profile } => {
                let profile = profile.clone();
                blocking(move || match keyring_entry(&profile)?.get_password() {
                    Ok(text) => Ok(Some(text)),
                    Err(keyring::Error::NoEntry) => Ok(None),
                    Err(e) => Err(keyring_error(e)),
                })
                .await?
            }
            SecretStore::PlaintextFile { path } => match std::fs::read_to_string(path) {
                Ok(text) => Some(text),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => {
                    return Err(AuthError::Config(crate::msg!(
                        "config-cannot-read",
                        path = path,
                        detail = e.to_string()
                    )));
                }
            },
        };
        let Some(text) = text else { return Ok(None) };
        // A damaged entry is treated like a missing one: the fix is to log in again.
        match serde_json::from_str(&text) {
            Ok(secrets) => Ok(Some(secrets)),
            Err(_) => {
                tracing::warn!("stored secrets for this profile are unreadable; ignoring them");
                Ok(None)
            }
        }
    }

    pub async fn save(&self, secrets: &StoredSecrets) -> Result<(), AuthError> {
        let text = serde_json::to_string(secrets).map_err(|e| {
            AuthError::Config(crate::msg!("secrets-cannot-encode", detail = e.to_string()))
        })?;
        match self {
            SecretStore::Keyring { profile } => {
                let profile = profile.clone();
                blocking(move || {
                    keyring_entry(&profile)?
                        .set_password(&text)
                        .map_err(keyring_error)
                })
                .await
            }
            SecretStore::PlaintextFile { path } => write_private(path, &text),
        }
    }

    /// `save` for callers outside the async runtime (a plain thread).
    pub fn save_blocking(&self, secrets: &StoredSecrets) -> Result<(), AuthError> {
        let text = serde_json::to_string(secrets).map_err(|e| {
            AuthError::Config(crate::msg!("secrets-cannot-encode", detail = e.to_string()))
        })?;
        match self {
            SecretStore::Keyring { profile } => keyring_entry(profile)?
                .set_password(&text)
                .map_err(keyring_error),
            SecretStore::PlaintextFile { path } => write_private(path, &text),
        }
    }

    /// Delete the secrets; `Ok(false)` when there were none.
    pub async fn delete(&self) -> Result<bool, AuthError> {
        match self {
            SecretStore::Keyring { profile } => {
                let profile = profile.clone();
                blocking(move || match keyring_entry(&profile)?.delete_credential() {
                    Ok(()) => Ok(true),
                    Err(keyring::Error::NoEntry) => Ok(false),
                    Err(e) => Err(keyring_error(e)),
                })
                .await
            }
            SecretStore::PlaintextFile { path } => match std::fs::remove_file(path) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
                Err(e) => Err(AuthError::Config(crate::msg!(
                    "config-cannot-delete",
                    path = path,
                    detail = e.to_string()
                ))),
            },
        }
    }
}

/// One keyring entry of service `vtelink` by its account name, for secrets
/// that belong to no profile (a mailbox's OAuth tokens): its text, if any.
/// Blocking (D-Bus): call from a blocking thread.
pub(crate) fn keyring_get(account: &str) -> Result<Option<String>, AuthError> {
    match keyring_entry(account)?.get_password() {
        Ok(text) => Ok(Some(text)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keyring_error(e)),
    }
}

/// Set the entry `account` to `text` (blocking).
pub(crate) fn keyring_set(account: &str, text: &str) -> Result<(), AuthError> {
    keyring_entry(account)?
        .set_password(text)
        .map_err(keyring_error)
}

/// Delete the entry `account`; `Ok(false)` when there was none (blocking).
pub(crate) fn keyring_delete(account: &str) -> Result<bool, AuthError> {
    match keyring_entry(account)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(keyring_error(e)),
    }
}

/// The keyring crate's calls block on D-Bus: keep them off the async workers.
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AuthError> + Send + 'static,
) -> Result<T, AuthError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AuthError::Keyring(format!("keyring task failed: {e}")))?
}

pub(super) fn keyring_entry(profile: &str) -> Result<keyring::Entry, AuthError> {
    keyring::Entry::new(KEYRING_SERVICE, profile).map_err(keyring_error)
}

pub(super) fn keyring_error(error: keyring::Error) -> AuthError {
    match error {
        keyring::Error::NoDefaultStore | keyring::Error::PlatformFailure(_) => {
            // The real cause of NoDefaultStore is only in store_status().
            let cause = match keyring::Entry::store_status() {
                Err(e) => e.to_string(),
                Ok(()) => error.to_string(),
            };
            AuthError::NoKeyring(crate::sanitize::one_line(&cause))
        }
        keyring::Error::NoStorageAccess(e) => AuthError::KeyringLocked(e.to_string()),
        other => AuthError::Keyring(other.to_string()),
    }
}

/// Write a file only its owner can read, atomically.
fn write_private(path: &std::path::Path, text: &str) -> Result<(), AuthError> {
    let fail = |e: std::io::Error| {
        AuthError::Config(crate::msg!(
            "config-cannot-write",
            path = path,
            detail = e.to_string()
        ))
    };
    let dir = path
        .parent()
        .ok_or_else(|| AuthError::Config(crate::msg!("secrets-bad-path", path = path)))?;
    std::fs::create_dir_all(dir).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(fail)?;
    }
    // NamedTempFile is created 0600 on unix, before any byte is written.
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(fail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_holds_values_but_debug_does_not() {
        let secrets = StoredSecrets {
            user: "admin".into(),
            access_key: Some(Secret::new("KEY123")),
            session_name: Some(Secret::new("SESS456")),
            login_time: Utc::now(),
            ..StoredSecrets::default()
        };
        let json = serde_json::to_string(&secrets).unwrap();
        assert!(json.contains("KEY123") && json.contains("SESS456"));
        let back: StoredSecrets = serde_json::from_str(&json).unwrap();
        assert_eq!(back.access_key.unwrap().expose(), "KEY123");
        let debug = format!("{secrets:?}");
        assert!(
            !debug.contains("KEY123") && !debug.contains("SESS456"),
            "{debug}"
        );
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn plaintext_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s").join("p.json");
        let store = SecretStore::PlaintextFile { path: path.clone() };
        assert!(store.load().await.unwrap().is_none());
        store
            .save(&StoredSecrets {
                user: "u".into(),
                login_time: Utc::now(),
                ..StoredSecrets::default()
            })
            .await
            .unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(store.load().await.unwrap().unwrap().user, "u");
        assert!(store.delete().await.unwrap());
        assert!(!store.delete().await.unwrap());
    }
}
