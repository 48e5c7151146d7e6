//! Saved mailboxes (`vtelink mailbox add/list/remove`): an IMAP account,
//! its folders, the CRM profile it links into and the rule (`--to` ids or
//! `auto`), kept in `mailboxes.toml` in the config directory; the password
//! in the OS keyring (service `vtelink`, account `mailbox:NAME`), as the
//! CRM's secrets are.
//!
//! Each saved mailbox has its own replay journal ([`journal_path`]):
//! `replay --mailbox NAME` and `watch NAME` write it, `mailbox list` reads
//! its counts.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::AuthError;
use super::store::{blocking, keyring_entry, keyring_error};
use crate::redact::Secret;

/// One saved mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedMailbox {
    /// The account, without a folder: `imaps://user@host:993`.
    pub url: String,
    /// Folders to read, in order (`INBOX` when none were named).
    pub folders: Vec<String>,
    /// The CRM profile it links into.
    pub profile: String,
    /// Record ids every message is linked to; empty with `auto`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    /// Link each message to its best suggestion when clearly ahead.
    #[serde(default)]
    pub auto: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_plaintext: bool,
}

impl SavedMailbox {
    /// The folder URLs to read.
    pub fn folder_urls(&self) -> Result<Vec<crate::mail::imap::MailboxUrl>, AuthError> {
        let account = crate::mail::imap::MailboxUrl::parse(&self.url).map_err(|e| {
            AuthError::Config(crate::msg!(
                "config-invalid",
                path = "mailboxes.toml",
                detail = e.to_string()
            ))
        })?;
        Ok(self
            .folders
            .iter()
            .map(|f| account.with_folder(f))
            .collect())
    }
}

/// `mailboxes.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Mailboxes {
    #[serde(default)]
    pub mailboxes: BTreeMap<String, SavedMailbox>,
}

pub fn path() -> Result<PathBuf, AuthError> {
    Ok(super::config::config_dir()?.join("mailboxes.toml"))
}

/// A mailbox name: what a profile name may be (letters, digits, `-`, `_`, `.`).
pub fn validate_name(name: &str) -> Result<(), AuthError> {
    super::config::validate_profile_name(name)
}

impl Mailboxes {
    pub fn load() -> Result<Mailboxes, AuthError> {
        let path = path()?;
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| {
                AuthError::Config(crate::msg!(
                    "config-invalid",
                    path = path.display().to_string(),
                    detail = e.to_string()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Mailboxes::default()),
            Err(e) => Err(AuthError::Config(crate::msg!(
                "config-cannot-read",
                path = path.display().to_string(),
                detail = e.to_string()
            ))),
        }
    }

    pub fn save(&self) -> Result<PathBuf, AuthError> {
        let path = path()?;
        let text = toml::to_string_pretty(self).map_err(|e| {
            AuthError::Config(crate::msg!("config-cannot-encode", detail = e.to_string()))
        })?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                AuthError::Config(crate::msg!(
                    "config-cannot-create",
                    path = dir.display().to_string(),
                    detail = e.to_string()
                ))
            })?;
        }
        std::fs::write(&path, text).map_err(|e| {
            AuthError::Config(crate::msg!(
                "config-cannot-write",
                path = path.display().to_string(),
                detail = e.to_string()
            ))
        })?;
        Ok(path)
    }

    pub fn get(&self, name: &str) -> Option<&SavedMailbox> {
        self.mailboxes.get(name)
    }
}

fn account(name: &str) -> String {
    format!("mailbox:{name}")
}

/// The saved password of mailbox `name` (`None` when there is none).
pub async fn load_password(name: &str) -> Result<Option<Secret>, AuthError> {
    let account = account(name);
    blocking(move || match keyring_entry(&account)?.get_password() {
        Ok(text) => Ok(Some(Secret::new(text))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keyring_error(e)),
    })
    .await
}

pub async fn save_password(name: &str, password: &Secret) -> Result<(), AuthError> {
    let account = account(name);
    let password = password.clone();
    blocking(move || {
        keyring_entry(&account)?
            .set_password(password.expose())
            .map_err(keyring_error)
    })
    .await
}

/// Delete the saved password; `Ok(false)` when there was none.
pub async fn delete_password(name: &str) -> Result<bool, AuthError> {
    let account = account(name);
    blocking(move || match keyring_entry(&account)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(keyring_error(e)),
    })
    .await
}

/// The replay journal of mailbox `name` (in the state directory).
pub fn journal_path(name: &str) -> Result<PathBuf, crate::batch::BatchError> {
    Ok(crate::batch::journal::state_dir()?.join(format!("mailbox-{name}.sqlite")))
}
