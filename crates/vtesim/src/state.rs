//! In-memory authentication state: users, challenge tokens, sessions, failed-login counters,
//! second-factor codes. Sessions are not persisted (a restart behaves like a wiped PHP session dir).
use crate::rng::Rng;
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    None,
    Read,
    Write,
}

#[derive(Debug, Clone)]
pub struct Account {
    pub id: u32,
    pub name: String,
    pub password: String,
    pub access_key: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub active: bool,
    pub admin: bool,
    pub otp: bool,
    /// Module → access; modules not listed are read-write.
    pub perms: HashMap<String, Access>,
    pub sso_subject: Option<String>,
}

impl Account {
    pub fn ws_id(&self) -> String {
        format!("19x{}", self.id)
    }
    pub fn access(&self, module: &str) -> Access {
        if self.admin {
            return Access::Write;
        }
        self.perms.get(module).copied().unwrap_or(Access::Write)
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: u32,
    pub calls: u64,
    pub last_used: Instant,
    /// Set when the session was ended by idle/expire-every/admin in "forged" mode: the next
    /// answer is the plain-text `No valid user ID found.` and the session is then removed.
    pub doomed: bool,
}

#[derive(Debug, Clone)]
pub struct OtpCode {
    pub code: String,
    pub sent: Instant,
    pub used: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct OutboxEntry {
    pub user: String,
    pub code: String,
    pub sent_at: String,
}

#[derive(Debug)]
pub struct AuthState {
    pub accounts: Vec<Account>,
    /// user id (0 = unknown user) → (token, expiry unix seconds)
    pub tokens: HashMap<u32, Vec<(String, i64)>>,
    pub sessions: HashMap<String, Session>,
    /// (user id, client ip) → consecutive failures
    pub failures: HashMap<(u32, IpAddr), u32>,
    pub locked: HashSet<(u32, IpAddr)>,
    pub banned: HashSet<IpAddr>,
    pub otp: HashMap<u32, OtpCode>,
    pub outbox: Vec<OutboxEntry>,
    pub licensed: bool,
    pub rng: Rng,
}

pub const LOCK_AT: u32 = 5;
pub const BAN_AT: u32 = 100;
pub const TOKEN_TTL: i64 = 300;
pub const OTP_TTL: Duration = Duration::from_secs(60);

impl AuthState {
    pub fn new(accounts: Vec<Account>, licensed: bool, seed: u64) -> AuthState {
        AuthState {
            accounts,
            tokens: HashMap::new(),
            sessions: HashMap::new(),
            failures: HashMap::new(),
            locked: HashSet::new(),
            banned: HashSet::new(),
            otp: HashMap::new(),
            outbox: Vec::new(),
            licensed,
            rng: Rng::new(seed ^ 0x5e55_10a5),
        }
    }

    /// User names are case-insensitive (fact 11).
    pub fn by_name(&self, name: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
    pub fn by_id(&self, id: u32) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }
    pub fn by_id_mut(&mut self, id: u32) -> Option<&mut Account> {
        self.accounts.iter_mut().find(|a| a.id == id)
    }

    pub fn new_session(&mut self, user_id: u32) -> String {
        // Shape of HTTP_Session ids: uniqid(dechex(rand())) → ~21 lowercase hex chars.
        let name = self.rng.hex(21);
        self.sessions.insert(
            name.clone(),
            Session {
                user_id,
                calls: 0,
                last_used: Instant::now(),
                doomed: false,
            },
        );
        name
    }

    /// Records a failed login; returns nothing — callers re-check lock/ban state.
    pub fn fail(&mut self, user_id: u32, ip: IpAddr) {
        let n = self.failures.entry((user_id, ip)).or_insert(0);
        *n += 1;
        if *n >= LOCK_AT {
            self.locked.insert((user_id, ip));
        }
        if *n >= BAN_AT {
            self.banned.insert(ip);
        }
    }

    /// A successful login clears a counter that has not locked yet (fact 17).
    pub fn succeed(&mut self, user_id: u32, ip: IpAddr) {
        if !self.locked.contains(&(user_id, ip)) {
            self.failures.remove(&(user_id, ip));
        }
    }

    pub fn unlock(&mut self, user_id: u32) {
        self.locked.retain(|(u, _)| *u != user_id);
        self.failures.retain(|(u, _), _| *u != user_id);
    }
}
