//! Building VTQL queries safely.
//!
//! VTQL as the real server parses it (wire facts 24–27, 51): string literals
//! in single quotes, no parentheses, `AND` binds tighter than `OR`,
//! `IN (...)`, and a mandatory trailing `;`. The server's lexer ends a literal
//! at the first lone `'` (so a quote is doubled, and `\'` is a syntax error),
//! then copies the literal, quotes included, into the SQL it sends to MariaDB,
//! where the backslash is an escape character. So a literal doubles both `'`
//! and `\`: `<o'brien\x@h>` is written `'<o''brien\\x@h>'` (captures
//! 338–341). A `LIKE` pattern has one more level: MariaDB's `LIKE` also
//! escapes with `\`, so a literal `\`, `%` or `_` in a [`Pattern`] becomes
//! `\\`, `\%`, `\_` before the string level doubles each backslash.
//!
//! An empty literal `''` makes the server fail with `INTERNAL_SERVER_ERROR`,
//! so the builder never emits one: a condition on an empty value is dropped by
//! the caller (see [`Value::text`]).

use std::fmt::Write;

/// A value that can appear in a condition, already checked to be safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value(String);

impl Value {
    /// A string literal. `None` for values the server cannot take (empty
    /// after removing control characters).
    pub fn text(raw: &str) -> Option<Value> {
        let cleaned = without_controls(raw);
        if cleaned.is_empty() {
            return None;
        }
        Some(Value(cleaned))
    }

    /// The value as it will be compared (control characters removed).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

// Control characters have no place in a CRM field we match on, and a NUL or
// newline inside a literal is a parser hazard.
fn without_controls(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_control()).collect()
}

/// A `LIKE` pattern: literal text and `%` wildcards, escaped for MariaDB's
/// `LIKE` (a literal `\`, `%`, `_` is preceded by `\`).
///
/// Build one with [`Pattern::contains`], [`Pattern::starts_with`],
/// [`Pattern::ends_with`], or piece by piece with [`Pattern::new`],
/// [`Pattern::text`], [`Pattern::any`] and [`Pattern::finish`]. A [`Value`]
/// converts into a pattern whose own `%` and `_` stay wildcards (its
/// backslashes stay literal).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as MariaDB's `LIKE` reads it.
    like: String,
    /// Whether any literal text went in (a pattern of wildcards only would
    /// match every record).
    has_text: bool,
}

impl Pattern {
    /// An empty pattern, to add pieces to.
    pub fn new() -> Pattern {
        Pattern::default()
    }

    /// Append literal text: its `%` and `_` match only themselves.
    pub fn text(mut self, raw: &str) -> Pattern {
        for c in raw.chars().filter(|c| !c.is_control()) {
            if matches!(c, '\\' | '%' | '_') {
                self.like.push('\\');
            }
            self.like.push(c);
            self.has_text = true;
        }
        self
    }

    /// Append `%`: any run of characters, also none.
    pub fn any(mut self) -> Pattern {
        self.like.push('%');
        self
    }

    /// The pattern, or `None` if it holds no literal text.
    pub fn finish(self) -> Option<Pattern> {
        self.has_text.then_some(self)
    }

    /// `%text%`; `None` when `text` is empty.
    pub fn contains(text: &str) -> Option<Pattern> {
        Pattern::new().any().text(text).any().finish()
    }

    /// `text%`; `None` when `text` is empty.
    pub fn starts_with(text: &str) -> Option<Pattern> {
        Pattern::new().text(text).any().finish()
    }

    /// `%text`; `None` when `text` is empty.
    pub fn ends_with(text: &str) -> Option<Pattern> {
        Pattern::new().any().text(text).finish()
    }
}

impl From<Value> for Pattern {
    /// The value's `%` and `_` are wildcards; a backslash matches itself.
    fn from(value: Value) -> Pattern {
        let mut like = String::with_capacity(value.0.len());
        for c in value.0.chars() {
            if c == '\\' {
                like.push('\\');
            }
            like.push(c);
        }
        Pattern {
            like,
            has_text: true,
        }
    }
}

/// Write `text` as a VTQL string literal: `'` and `\` doubled (wire fact 51).
fn write_literal(text: &str, out: &mut String) {
    out.push('\'');
    for c in text.chars() {
        if c == '\'' || c == '\\' {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
}

/// Quote one string as a VTQL literal (`'O''Brien'`, `'a\\b'`); `None` if
/// empty.
pub fn quote(raw: &str) -> Option<String> {
    let value = Value::text(raw)?;
    let mut out = String::new();
    write_literal(&value.0, &mut out);
    Some(out)
}

/// Module and field names come from `describe`/`listtypes`, but are still
/// checked: only ASCII letters, digits and `_` may reach a query unquoted.
pub fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[derive(Debug, Clone)]
enum Condition {
    Eq(String, Value),
    Like(String, Pattern),
    In(String, Vec<Value>),
}

/// `SELECT ... FROM Module [WHERE a AND b OR c AND d] [ORDER BY f] [LIMIT o,n];`
///
/// Conditions are grouped as a disjunction of conjunctions, which is all
/// VTQL without parentheses can express.
#[derive(Debug, Clone)]
pub struct Query {
    module: String,
    fields: Vec<String>,
    count: bool,
    groups: Vec<Vec<Condition>>,
    order_by: Option<(String, bool)>,
    limit: Option<(u64, u64)>,
}

/// Why a query could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("'{0}' is not a valid CRM module or field name")]
    BadIdentifier(String),
}

impl Query {
    /// `SELECT <fields> FROM <module>`; an empty field list selects `*`.
    pub fn select(module: &str, fields: &[&str]) -> Query {
        Query {
            module: module.to_owned(),
            fields: fields.iter().map(|f| (*f).to_owned()).collect(),
            count: false,
            groups: vec![Vec::new()],
            order_by: None,
            limit: None,
        }
    }

    /// `SELECT count(*) FROM <module>`.
    pub fn count(module: &str) -> Query {
        let mut q = Query::select(module, &[]);
        q.count = true;
        q
    }

    /// `AND field = value` in the current group.
    pub fn eq(mut self, field: &str, value: Value) -> Self {
        self.current().push(Condition::Eq(field.to_owned(), value));
        self
    }

    /// `AND field LIKE pattern`. A [`Value`] given here keeps its `%` and
    /// `_` as wildcards; build a [`Pattern`] to match them literally.
    pub fn like(mut self, field: &str, pattern: impl Into<Pattern>) -> Self {
        self.current()
            .push(Condition::Like(field.to_owned(), pattern.into()));
        self
    }

    /// `AND field IN (v1, v2, ...)`; an empty list is not added.
    pub fn in_list(mut self, field: &str, values: Vec<Value>) -> Self {
        if !values.is_empty() {
            self.current().push(Condition::In(field.to_owned(), values));
        }
        self
    }

    /// Start a new `OR` group.
    pub fn or(mut self) -> Self {
        if self.current().is_empty() {
            return self;
        }
        self.groups.push(Vec::new());
        self
    }

    pub fn order_by(mut self, field: &str, ascending: bool) -> Self {
        self.order_by = Some((field.to_owned(), ascending));
        self
    }

    pub fn limit(mut self, offset: u64, count: u64) -> Self {
        self.limit = Some((offset, count));
        self
    }

    fn current(&mut self) -> &mut Vec<Condition> {
        if self.groups.is_empty() {
            self.groups.push(Vec::new());
        }
        let last = self.groups.len() - 1;
        &mut self.groups[last]
    }

    /// The query text, ending in `;`.
    pub fn build(&self) -> Result<String, QueryError> {
        let check = |name: &str| {
            if is_identifier(name) {
                Ok(())
            } else {
                Err(QueryError::BadIdentifier(name.to_owned()))
            }
        };
        check(&self.module)?;
        let mut out = String::from("SELECT ");
        if self.count {
            out.push_str("count(*)");
        } else if self.fields.is_empty() {
            out.push('*');
        } else {
            for (i, field) in self.fields.iter().enumerate() {
                check(field)?;
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(field);
            }
        }
        let _ = write!(out, " FROM {}", self.module);
        let groups: Vec<&Vec<Condition>> = self.groups.iter().filter(|g| !g.is_empty()).collect();
        if !groups.is_empty() {
            out.push_str(" WHERE ");
            for (gi, group) in groups.iter().enumerate() {
                if gi > 0 {
                    out.push_str(" OR ");
                }
                for (ci, cond) in group.iter().enumerate() {
                    if ci > 0 {
                        out.push_str(" AND ");
                    }
                    match cond {
                        Condition::Eq(field, value) => {
                            check(field)?;
                            let _ = write!(out, "{field} = ");
                            write_literal(&value.0, &mut out);
                        }
                        Condition::Like(field, pattern) => {
                            check(field)?;
                            let _ = write!(out, "{field} LIKE ");
                            write_literal(&pattern.like, &mut out);
                        }
                        Condition::In(field, values) => {
                            check(field)?;
                            let _ = write!(out, "{field} IN (");
                            for (vi, value) in values.iter().enumerate() {
                                if vi > 0 {
                                    out.push_str(", ");
                                }
                                write_literal(&value.0, &mut out);
                            }
                            out.push(')');
                        }
                    }
                }
            }
        }
        if let Some((field, ascending)) = &self.order_by {
            check(field)?;
            let _ = write!(
                out,
                " ORDER BY {field} {}",
                if *ascending { "ASC" } else { "DESC" }
            );
        }
        if let Some((offset, count)) = self.limit {
            if offset == 0 {
                let _ = write!(out, " LIMIT {count}");
            } else {
                let _ = write!(out, " LIMIT {offset},{count}");
            }
        }
        out.push(';');
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Value {
        Value::text(s).unwrap()
    }

    #[test]
    fn doubles_apostrophes_and_backslashes() {
        assert_eq!(quote("O'Brien").unwrap(), "'O''Brien'");
        assert_eq!(quote(r"a\b").unwrap(), r"'a\\b'");
        assert_eq!(quote(r"a\'b").unwrap(), r"'a\\''b'");
        // A trailing backslash cannot swallow the closing quote.
        assert_eq!(quote(r"end\").unwrap(), r"'end\\'");
        assert_eq!(
            quote("x'; SELECT id FROM Users;").unwrap(),
            "'x''; SELECT id FROM Users;'"
        );
    }

    #[test]
    fn finds_a_backslash_message_id_as_the_real_server_needs() {
        // The query of capture 340 (found), not the one of 339 (not found)
        // or 341 (syntax error).
        let q = Query::select("Messages", &["id"])
            .eq("messageid", v(r"<bs-o'brien\x@vtelink.test>"))
            .build()
            .unwrap();
        assert_eq!(
            q,
            r"SELECT id FROM Messages WHERE messageid = '<bs-o''brien\\x@vtelink.test>';"
        );
    }

    #[test]
    fn like_patterns_escape_their_literal_text() {
        let like = |p: Pattern| {
            Query::select("Contacts", &["id"])
                .like("email", p)
                .build()
                .unwrap()
        };
        assert_eq!(
            like(Pattern::contains("50%_off").unwrap()),
            r"SELECT id FROM Contacts WHERE email LIKE '%50\\%\\_off%';"
        );
        assert_eq!(
            like(Pattern::ends_with(r"o'b\x").unwrap()),
            r"SELECT id FROM Contacts WHERE email LIKE '%o''b\\\\x';"
        );
        assert_eq!(
            like(
                Pattern::new()
                    .text("a_b+")
                    .any()
                    .text("@x.com")
                    .finish()
                    .unwrap()
            ),
            r"SELECT id FROM Contacts WHERE email LIKE 'a\\_b+%@x.com';"
        );
        // A Value keeps its wildcards; only its backslash is escaped.
        assert_eq!(
            like(v(r"ab:%").into()),
            r"SELECT id FROM Contacts WHERE email LIKE 'ab:%';"
        );
        assert_eq!(
            like(v(r"a\%").into()),
            r"SELECT id FROM Contacts WHERE email LIKE 'a\\\\%';"
        );
    }

    #[test]
    fn a_pattern_without_text_is_refused() {
        assert!(Pattern::contains("").is_none());
        assert!(Pattern::contains("\u{0}\n").is_none());
        assert!(Pattern::new().any().finish().is_none());
        assert!(Pattern::starts_with("x").is_some());
    }

    #[test]
    fn never_emits_an_empty_literal() {
        assert!(quote("").is_none());
        assert!(quote("\u{0}\r\n").is_none());
    }

    #[test]
    fn builds_or_of_ands_without_parentheses() {
        let q = Query::select("Contacts", &["id", "email"])
            .in_list("email", vec![v("a@x.com"), v("o'b@x.com")])
            .or()
            .eq("lastname", v("Smith"))
            .eq("firstname", v("John"))
            .limit(0, 50)
            .build()
            .unwrap();
        assert_eq!(
            q,
            "SELECT id, email FROM Contacts WHERE email IN ('a@x.com', 'o''b@x.com') OR lastname = 'Smith' AND firstname = 'John' LIMIT 50;"
        );
        assert!(!q.contains('('.to_string().repeat(2).as_str()));
    }

    #[test]
    fn rejects_bad_identifiers() {
        let err = Query::select("Contacts; DROP", &[]).build().unwrap_err();
        assert!(matches!(err, QueryError::BadIdentifier(_)));
        assert!(Query::select("Contacts", &["id) OR (1"]).build().is_err());
    }

    #[test]
    fn count_and_paging() {
        assert_eq!(
            Query::count("Messages").build().unwrap(),
            "SELECT count(*) FROM Messages;"
        );
        assert_eq!(
            Query::select("Accounts", &[])
                .order_by("accountname", true)
                .limit(100, 100)
                .build()
                .unwrap(),
            "SELECT * FROM Accounts ORDER BY accountname ASC LIMIT 100,100;"
        );
    }
}
