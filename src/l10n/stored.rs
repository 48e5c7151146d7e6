//! A message kept for later: its catalog key and arguments, so a sentence
//! written to a journal today is read in the reader's language tomorrow.
//!
//! [`Msg`]'s own `Serialize` writes English text (what JSON documents
//! carry); [`Stored`] writes the key and arguments instead. Reading one back
//! checks every key against the English catalog: a key this version does
//! not know (a journal written by another version) gives `None`, and the
//! caller falls back to the English text it kept beside it.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{Arg, Lang, Msg, has};

/// A message as a journal keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    args: Vec<(String, StoredArg)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum StoredArg {
    Str(String),
    Num(f64),
    Msg(Stored),
    Shown { value: String, label: String },
    Size(u64),
}

impl From<&Msg> for Stored {
    fn from(msg: &Msg) -> Stored {
        Stored {
            id: msg.id.to_string(),
            args: msg
                .args
                .iter()
                .map(|(name, arg)| (name.to_string(), StoredArg::from(arg)))
                .collect(),
        }
    }
}

impl From<&Arg> for StoredArg {
    fn from(arg: &Arg) -> StoredArg {
        match arg {
            Arg::Str(s) => StoredArg::Str(s.clone()),
            Arg::Num(n) => StoredArg::Num(*n),
            Arg::Msg(m) => StoredArg::Msg(Stored::from(m.as_ref())),
            Arg::Shown { value, label } => StoredArg::Shown {
                value: value.clone(),
                label: label.clone(),
            },
            Arg::Size(bytes) => StoredArg::Size(*bytes),
        }
    }
}

impl Stored {
    /// The message again; `None` when a key is not in this version's
    /// English catalog.
    pub fn to_msg(&self) -> Option<Msg> {
        if !has(Lang::En, &self.id) {
            return None;
        }
        let mut args = Vec::with_capacity(self.args.len());
        for (name, arg) in &self.args {
            let arg = match arg {
                StoredArg::Str(s) => Arg::Str(s.clone()),
                StoredArg::Num(n) => Arg::Num(*n),
                StoredArg::Msg(m) => Arg::Msg(Box::new(m.to_msg()?)),
                StoredArg::Shown { value, label } => Arg::shown(value.clone(), label.clone()),
                StoredArg::Size(bytes) => Arg::Size(*bytes),
            };
            args.push((Cow::Owned(name.clone()), arg));
        }
        Some(Msg {
            id: Cow::Owned(self.id.clone()),
            args,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_message_reads_back_in_any_language() {
        let m = crate::msg!(
            "reason-open",
            module = "HelpDesk",
            who = "Mario Rossi",
            status = Arg::shown("Open", "Aperto")
        );
        let text = serde_json::to_string(&Stored::from(&m)).unwrap();
        let back: Stored = serde_json::from_str(&text).unwrap();
        let again = back.to_msg().unwrap();
        assert_eq!(again, m);
        assert_eq!(again.render(Lang::It), m.render(Lang::It));
        assert_eq!(again.english(), m.english());
    }

    #[test]
    fn an_unknown_key_is_not_read_back() {
        let back: Stored = serde_json::from_str(r#"{"id":"no-such-message"}"#).unwrap();
        assert_eq!(back.to_msg(), None);
    }
}
