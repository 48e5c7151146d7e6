//! How much of a value the real server keeps (wire facts 50 and 52).
//!
//! A real vtenext runs MariaDB with `sql_mode = ''`, so a value longer than
//! its column is stored cut, silently, and `create` answers the cut value. A
//! client that later looks a record up by a value it sent must send, or look
//! up, what the column holds: [`fit`] gives that value and says whether it
//! was cut.
//!
//! Sizes count characters, as MariaDB counts a `varchar(n)` in the `utf8`
//! (3-byte) character set: `n` characters, whatever their UTF-8 length. The
//! captures (335–337, 342–344) show the cut at exactly `n` characters.
//! Characters outside the Basic Multilingual Plane (emoji) do not fit `utf8`
//! at all; what the server does with them is not recorded, and they are
//! counted as one character here.

use std::borrow::Cow;

/// A column the client writes and may look up again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub module: &'static str,
    pub field: &'static str,
    /// The most characters it holds; `None` for `longtext` (no practical limit).
    pub max_chars: Option<usize>,
}

/// The columns of fact 50. Fields not listed here are not known to be limited.
pub const COLUMNS: &[Column] = &[
    varchar("Messages", "messageid", 255),
    varchar("Messages", "subject", 255),
    varchar("Messages", "mfrom", 255),
    varchar("Messages", "mreplyto", 255),
    varchar("Messages", "in_reply_to", 255),
    varchar("Messages", "thread_index", 255),
    longtext("Messages", "mto"),
    longtext("Messages", "mcc"),
    longtext("Messages", "mbcc"),
    longtext("Messages", "mreferences"),
    longtext("Messages", "description"),
    varchar("Documents", "notes_title", 50),
    varchar("Documents", "filename", 255),
];

const fn varchar(module: &'static str, field: &'static str, n: usize) -> Column {
    Column {
        module,
        field,
        max_chars: Some(n),
    }
}

const fn longtext(module: &'static str, field: &'static str) -> Column {
    Column {
        module,
        field,
        max_chars: None,
    }
}

/// The most characters `module`'s `field` holds, if it is known to be limited.
pub fn max_chars(module: &str, field: &str) -> Option<usize> {
    COLUMNS
        .iter()
        .find(|c| c.module == module && c.field == field)
        .and_then(|c| c.max_chars)
}

/// A value as its column stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fitted<'a> {
    /// What the server keeps: the value itself, or its first characters.
    pub value: Cow<'a, str>,
    /// How many characters the original value had (equal to the stored
    /// value's count when nothing was cut).
    pub original_chars: usize,
    /// The column's limit, when it has one.
    pub max_chars: Option<usize>,
    /// Whether the server stores less than was given.
    pub cut: bool,
}

impl Fitted<'_> {
    pub fn into_owned(self) -> String {
        self.value.into_owned()
    }
}

/// `value` as `module`'s `field` stores it (see the module documentation).
pub fn fit<'a>(module: &str, field: &str, value: &'a str) -> Fitted<'a> {
    fit_chars(value, max_chars(module, field))
}

/// `value` cut to at most `max_chars` characters (`None`: kept whole).
pub fn fit_chars(value: &str, max_chars: Option<usize>) -> Fitted<'_> {
    let original_chars = value.chars().count();
    // The byte offset of the first character past the limit, if any.
    let cut_at = max_chars.and_then(|max| value.char_indices().nth(max).map(|(at, _)| at));
    let (value, cut) = match cut_at {
        Some(at) => (Cow::Owned(value[..at].to_owned()), true),
        None => (Cow::Borrowed(value), false),
    };
    Fitted {
        value,
        original_chars,
        max_chars,
        cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_of_fact_50() {
        assert_eq!(max_chars("Messages", "messageid"), Some(255));
        assert_eq!(max_chars("Messages", "subject"), Some(255));
        assert_eq!(max_chars("Messages", "mfrom"), Some(255));
        assert_eq!(max_chars("Messages", "mreplyto"), Some(255));
        assert_eq!(max_chars("Messages", "in_reply_to"), Some(255));
        assert_eq!(max_chars("Messages", "thread_index"), Some(255));
        assert_eq!(max_chars("Documents", "notes_title"), Some(50));
        assert_eq!(max_chars("Documents", "filename"), Some(255));
        for longtext in ["mto", "mcc", "mbcc", "mreferences", "description"] {
            assert_eq!(max_chars("Messages", longtext), None, "{longtext}");
        }
        assert_eq!(max_chars("Contacts", "email"), None);
    }

    #[test]
    fn a_315_character_message_id_keeps_its_first_255() {
        // Capture 335: `<` + 300 × `L` + `@long.example>` is stored as its first 255.
        let sent = format!("<{}@long.example>", "L".repeat(300));
        assert_eq!(sent.chars().count(), 315);
        let fitted = fit("Messages", "messageid", &sent);
        assert!(fitted.cut);
        assert_eq!(fitted.original_chars, 315);
        assert_eq!(fitted.value, format!("<{}", "L".repeat(254)));
    }

    #[test]
    fn a_document_title_keeps_50_characters() {
        // Capture 342: an 84-character title is stored as its first 50.
        let sent = format!("{}.pdf", "T".repeat(80));
        let fitted = fit("Documents", "notes_title", &sent);
        assert!(fitted.cut);
        assert_eq!(fitted.into_owned(), "T".repeat(50));
    }

    #[test]
    fn values_that_fit_are_kept_and_borrowed() {
        let exact = "x".repeat(255);
        let fitted = fit("Messages", "subject", &exact);
        assert!(!fitted.cut);
        assert!(matches!(fitted.value, Cow::Borrowed(_)));
        let long = "y".repeat(10_000);
        assert!(!fit("Messages", "description", &long).cut);
        assert!(!fit("Messages", "subject", "").cut);
    }

    #[test]
    fn counts_characters_not_bytes() {
        // 50 two-byte characters fit a varchar(50); a 51st is cut, whole.
        let title = "è".repeat(50);
        assert!(!fit("Documents", "notes_title", &title).cut);
        let fitted = fit("Documents", "notes_title", "àèìòù".repeat(11).as_str()).into_owned();
        assert_eq!(fitted.chars().count(), 50);
        assert_eq!(fitted, "àèìòù".repeat(10));
    }
}
