//! vtelink: link saved emails (.eml / .msg) to records in a vtenext CRM.
//!
//! The binary is a thin layer (`cli`) over domain modules that know nothing
//! about terminals: `crm` speaks the webservice, `mail` parses files,
//! `auth` keeps profiles and secrets, `suggest` ranks records, `link`
//! copies an email into the CRM, `batch` replays many links resumably,
//! `card` gathers one record's card (`vtelink show`),
//! `output` prints for humans or scripts, `sanitize` makes untrusted text
//! safe to show. The rule of who may use whom is in `docs/architecture.md`
//! (checked by `tests/architecture.rs`).

pub mod auth;
pub mod batch;
pub mod card;
pub mod cli;
pub mod crm;
pub mod error;
pub mod error_text;
pub mod l10n;
pub mod link;
pub mod mail;
pub mod output;
pub mod redact;
pub mod sanitize;
pub mod suggest;

pub use error::{Error, Exit, Result};
