//! The vtenext webservice client: typed operations over `webservice.php`.
//!
//! [`Client`] sends single calls (login, challenge, version report);
//! [`Connection`] adds a session that renews itself once when the CRM drops
//! it; [`vtql`] builds queries with every value escaped; [`columns`] says how
//! much of a value the server keeps.

mod client;
pub mod columns;
mod connection;
mod error;
mod info;
mod types;
pub mod vtql;

pub use client::{Challenge, Client, ClientOptions, DEFAULT_CALL_TIMEOUT, Pace, Session};
pub use connection::{AccessKeyRenew, BoxFuture, Connection, NoRenew, Renew};
pub use error::CrmError;
pub use info::{CrmInfo, MIN_VERSION, SsoInfo, check_supported, version_at_least};
pub use types::{Describe, FieldInfo, ModuleInfo, Record, field};
