//! Profiles: the non-secret settings of each CRM login, in a TOML file under
//! the platform config dir (`VTELINK_CONFIG_DIR` overrides it, so tests never
//! touch the real one). Secrets never go here; see `store`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::AuthError;

const FILE_NAME: &str = "config.toml";

/// How a profile logs in; decides what renewal uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AuthMethod {
    /// Password (+ second factor) once, then the CRM access key.
    #[default]
    Password,
    /// OpenID Connect device flow; renewal through the refresh token.
    Sso,
}

/// One profile's settings. Everything here is safe to show.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default)]
    pub auth: AuthMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub allow_http: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub allow_unsupported_version: bool,
    /// Secrets live in a 0600 plaintext file instead of the OS keyring.
    #[serde(default, skip_serializing_if = "is_false")]
    pub insecure_storage: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_client_id: Option<String>,
    /// The CRM's product version seen at the last login (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crm_version: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The whole config file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// Where the config file and the opt-in plaintext secrets live.
pub fn config_dir() -> Result<PathBuf, AuthError> {
    if let Some(dir) = std::env::var_os("VTELINK_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::config_dir()
        .map(|d| d.join("vtelink"))
        .ok_or_else(|| AuthError::Config(crate::msg!("config-no-dir")))
}

pub fn config_path() -> Result<PathBuf, AuthError> {
    Ok(config_dir()?.join(FILE_NAME))
}

/// Profile names become keyring accounts and file names: keep them plain.
pub fn validate_profile_name(name: &str) -> Result<(), AuthError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(AuthError::InvalidProfile(name.to_owned()))
    }
}

impl Config {
    /// Load the config; a missing file is an empty config.
    pub fn load() -> Result<Config, AuthError> {
        Self::load_from(&config_path()?)
    }

    pub fn load_from(path: &Path) -> Result<Config, AuthError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(AuthError::Config(crate::msg!(
                    "config-cannot-read",
                    path = path,
                    detail = e.to_string()
                )));
            }
        };
        toml::from_str(&text).map_err(|e| {
            AuthError::Config(crate::msg!(
                "config-invalid",
                path = path,
                detail = crate::sanitize::one_line(&e.to_string())
            ))
        })
    }

    pub fn save(&self) -> Result<PathBuf, AuthError> {
        let path = config_path()?;
        self.save_to(&path)?;
        Ok(path)
    }

    /// Write atomically (temp file + rename) so a crash never leaves half a file.
    pub fn save_to(&self, path: &Path) -> Result<(), AuthError> {
        let dir = path
            .parent()
            .ok_or_else(|| AuthError::Config(crate::msg!("config-bad-path", path = path)))?;
        std::fs::create_dir_all(dir).map_err(|e| {
            AuthError::Config(crate::msg!(
                "config-cannot-create",
                path = dir,
                detail = e.to_string()
            ))
        })?;
        let text = toml::to_string_pretty(self).map_err(|e| {
            AuthError::Config(crate::msg!("config-cannot-encode", detail = e.to_string()))
        })?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
            AuthError::Config(crate::msg!(
                "config-cannot-write-in",
                path = dir,
                detail = e.to_string()
            ))
        })?;
        std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(|e| {
            AuthError::Config(crate::msg!(
                "config-cannot-write",
                path = path,
                detail = e.to_string()
            ))
        })?;
        tmp.persist(path).map_err(|e| {
            AuthError::Config(crate::msg!(
                "config-cannot-write",
                path = path,
                detail = e.error.to_string()
            ))
        })?;
        Ok(())
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_skips_defaults() {
        let mut config = Config::default();
        config.profiles.insert(
            "work".into(),
            Profile {
                url: "https://crm.example.com".into(),
                user: Some("admin".into()),
                ..Profile::default()
            },
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        config.save_to(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("allow_http"), "{text}");
        assert_eq!(Config::load_from(&path).unwrap(), config);
    }

    #[test]
    fn profile_names_cannot_escape() {
        for bad in ["", "../x", "a/b", ".hidden", "a b", "x\u{1b}"] {
            assert!(validate_profile_name(bad).is_err(), "{bad:?}");
        }
        for good in ["default", "work-2", "crm.example_com"] {
            assert!(validate_profile_name(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn broken_file_is_a_config_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "profiles = 3").unwrap();
        assert!(matches!(
            Config::load_from(&path),
            Err(AuthError::Config(_))
        ));
    }
}
