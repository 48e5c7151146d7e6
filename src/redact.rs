//! A string type for secrets (passwords, access keys, session ids, tokens):
//! its `Debug` and `Display` never show the value, so it cannot leak through
//! logs, `{:?}` or error messages by accident.

use std::fmt;

#[derive(Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call only where it is sent or stored.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// The `user:password@` part of a URL's authority, if it has one
/// (`https://admin:pw@host/crm` → `admin:pw`). Works on text that does not
/// parse as a URL too, so even a mistyped URL is never shown with it.
fn userinfo_range(url: &str) -> Option<std::ops::Range<usize>> {
    let start = url.find("://").map(|i| i + 3)?;
    let rest = &url[start..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let at = rest[..end].rfind('@')?;
    Some(start..start + at)
}

/// Does this URL carry a user name or password (`https://user:pw@host`)?
pub fn url_has_credentials(url: &str) -> bool {
    userinfo_range(url.trim()).is_some()
}

/// The URL without its `user:password@` (what to store or suggest instead).
pub fn strip_userinfo(url: &str) -> String {
    match userinfo_range(url) {
        Some(range) => format!("{}{}", &url[..range.start], &url[range.end + 1..]),
        None => url.to_owned(),
    }
}

/// The URL with any `user:password@` replaced by `***@`: safe to print or log.
pub fn url(url: &str) -> std::borrow::Cow<'_, str> {
    match userinfo_range(url) {
        Some(range) => {
            let mut shown = String::with_capacity(url.len());
            shown.push_str(&url[..range.start]);
            shown.push_str("***");
            shown.push_str(&url[range.end..]);
            std::borrow::Cow::Owned(shown)
        }
        None => std::borrow::Cow::Borrowed(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_userinfo() {
        assert_eq!(
            url("http://admin:SECRET@host:8080/crm?x=a@b"),
            "http://***@host:8080/crm?x=a@b"
        );
        assert_eq!(url("https://a@b@host"), "https://***@host");
        assert_eq!(url("https://host/p@th"), "https://host/p@th");
        assert_eq!(url("not a url"), "not a url");
        assert_eq!(strip_userinfo("http://a:b@host/x"), "http://host/x");
        assert!(url_has_credentials(" https://admin@host"));
        assert!(!url_has_credentials("https://host/crm"));
    }

    #[test]
    fn never_prints_the_value() {
        let secret = Secret::new("hunter2");
        assert!(!format!("{secret:?} {secret}").contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2");
    }
}
