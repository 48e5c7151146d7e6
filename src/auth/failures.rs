//! Failed password logins in a row, per CRM and user, kept on this machine.
//!
//! vtenext locks a user (per client IP) from the 5th failed webservice login
//! in a row, and then refuses even the right password — but `login_pwd`
//! answers a locked user exactly like a wrong password (wire fact 17,
//! captures 256–257). Counting the refusals here is the only way to tell the
//! user that they are probably locked out rather than mistyping. A
//! successful login clears the count. Best effort: a file that cannot be
//! read or written only loses the hint.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// vtenext locks from this failure on (`vte_check_logins`, wire fact 17).
pub const LOCK_AT: u32 = 5;

const FILE_NAME: &str = "failed-logins.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Counts {
    #[serde(default)]
    failures: BTreeMap<String, u32>,
}

fn key(url: &str, user: &str) -> String {
    format!(
        "{} {}",
        url.trim().trim_end_matches('/').to_ascii_lowercase(),
        user.trim().to_lowercase()
    )
}

fn path() -> Option<PathBuf> {
    super::config::config_dir().ok().map(|d| d.join(FILE_NAME))
}

fn load() -> Counts {
    path()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn save(counts: &Counts) {
    let Some(path) = path() else { return };
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            let text = serde_json::to_string_pretty(counts).unwrap_or_default();
            std::fs::write(&path, text)
        });
    if let Err(e) = written {
        tracing::debug!("could not keep the failed-login count: {e}");
    }
}

/// One more refused login for `user` at `url`: the count in a row, this one included.
pub fn record(url: &str, user: &str) -> u32 {
    let mut counts = load();
    let n = counts.failures.entry(key(url, user)).or_insert(0);
    *n = n.saturating_add(1);
    let now = *n;
    save(&counts);
    now
}

/// A successful login: start counting again.
pub fn clear(url: &str, user: &str) {
    let mut counts = load();
    if counts.failures.remove(&key(url, user)).is_some() {
        save(&counts);
    }
}

/// What to add to a refused login's message after `failures` in a row.
pub enum Hint {
    None,
    /// The next failure locks the user.
    LastTry,
    /// The user is most likely locked (even the right password is refused).
    Locked,
}

pub fn hint(failures: u32) -> Hint {
    if failures >= LOCK_AT {
        Hint::Locked
    } else if failures + 1 == LOCK_AT {
        Hint::LastTry
    } else {
        Hint::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_follow_the_lock() {
        assert!(matches!(hint(1), Hint::None));
        assert!(matches!(hint(4), Hint::LastTry));
        assert!(matches!(hint(5), Hint::Locked));
        assert!(matches!(hint(9), Hint::Locked));
        assert_eq!(key("HTTPS://Crm/ ", "JDoe"), "https://crm jdoe");
    }
}
