//! Which CRM and which user a command acts as, known without a network call.
//!
//! A replay journal is bound to them (`docs/replay.md`): what was linked to
//! one CRM as one user says nothing about another.

use super::{AuthError, Config, ConnectOptions};

/// The CRM (its URL in one canonical spelling) and the user name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrmIdentity {
    /// Lower-case scheme and host, no credentials, no `/webservice.php`, no
    /// trailing slash: `https://crm.example.com/crm`.
    pub url: String,
    /// The user name as typed at login, lower-cased (vtenext user names are
    /// case-insensitive, wire capture 036). An SSO profile that kept no user
    /// name is named by its profile: `profile:NAME`.
    pub user: String,
}

/// The identity `auth::connect` would use for `opts`, with the same
/// precedence (environment credentials, else the profile) and the same
/// errors when it is incomplete.
pub fn identity(opts: &ConnectOptions) -> Result<CrmIdentity, AuthError> {
    if let Some(env) = &opts.env {
        let (url, user) = env.url_and_user(opts)?;
        return Ok(CrmIdentity {
            url: canonical_url(&url),
            user: user.trim().to_lowercase(),
        });
    }
    super::config::validate_profile_name(&opts.profile)?;
    let config = Config::load()?;
    let profile = config
        .profile(&opts.profile)
        .ok_or_else(|| AuthError::NotLoggedIn {
            profile: opts.profile.clone(),
        })?;
    if let Some(requested) = &opts.url
        && canonical_url(requested) != canonical_url(&profile.url)
    {
        return Err(AuthError::WrongCrm {
            profile: opts.profile.clone(),
            stored: profile.url.clone(),
            requested: requested.clone(),
        });
    }
    Ok(CrmIdentity {
        url: canonical_url(&profile.url),
        user: match &profile.user {
            Some(user) => user.trim().to_lowercase(),
            None => format!("profile:{}", opts.profile),
        },
    })
}

/// One spelling per CRM: `HTTPS://Crm.Example.com/crm/webservice.php/` and
/// `https://crm.example.com/crm` are the same CRM. Credentials in the URL
/// are dropped, so they are never written anywhere from here.
pub fn canonical_url(url: &str) -> String {
    let trimmed = url.trim();
    let Ok(mut parsed) = url::Url::parse(trimmed) else {
        let plain = trimmed.trim_end_matches('/');
        let plain = plain.strip_suffix("/webservice.php").unwrap_or(plain);
        return plain.trim_end_matches('/').to_ascii_lowercase();
    };
    let _ = parsed.set_username("");
    let _ = parsed.set_password(None);
    parsed.set_query(None);
    parsed.set_fragment(None);
    let path = parsed.path().trim_end_matches('/');
    let path = path.strip_suffix("/webservice.php").unwrap_or(path);
    let path = path.trim_end_matches('/').to_owned();
    parsed.set_path(&path);
    // `Url` lower-cases scheme and host and drops a default port.
    parsed.as_str().trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_spelling_per_crm() {
        let same = [
            "https://crm.example.com/crm",
            "HTTPS://Crm.Example.COM/crm/",
            "https://crm.example.com:443/crm/webservice.php",
            " https://crm.example.com/crm/webservice.php/ ",
            "https://admin:secret@crm.example.com/crm",
        ];
        for url in same {
            assert_eq!(canonical_url(url), "https://crm.example.com/crm", "{url}");
        }
        assert_eq!(
            canonical_url("http://127.0.0.1:8080/"),
            "http://127.0.0.1:8080"
        );
        assert_ne!(
            canonical_url("http://127.0.0.1:8080"),
            canonical_url("http://127.0.0.1:8081")
        );
        assert!(!canonical_url("https://u:SECRET@h.example/").contains("SECRET"));
    }
}
