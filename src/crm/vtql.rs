//! Building VTQL queries safely.
//!
//! VTQL as the real server parses it (wire facts 24–27): string literals in
//! single quotes with `'` doubled (backslash is an ordinary character, not an
//! escape), no parentheses, `AND` binds tighter than `OR`, `IN (...)`, and a
//! mandatory trailing `;`. An empty literal `''` makes the server fail with
//! `INTERNAL_SERVER_ERROR`, so the builder never emits one: a condition on an
//! empty value is dropped by the caller (see [`Value::text`]).

use std::fmt::Write;

/// A value that can appear in a condition, already checked to be safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value(String);

impl Value {
    /// A string literal. `None` for values the server cannot take (empty
    /// after removing control characters).
    pub fn text(raw: &str) -> Option<Value> {
        // Control characters have no place in a CRM field we match on, and a
        // NUL or newline inside a literal is a parser hazard.
        let cleaned: String = raw.chars().filter(|c| !c.is_control()).collect();
        if cleaned.is_empty() {
            return None;
        }
        Some(Value(cleaned))
    }

    fn write_literal(&self, out: &mut String) {
        out.push('\'');
        for c in self.0.chars() {
            if c == '\'' {
                out.push('\'');
            }
            out.push(c);
        }
        out.push('\'');
    }
}

/// Quote one string as a VTQL literal (`'O''Brien'`); `None` if empty.
pub fn quote(raw: &str) -> Option<String> {
    let value = Value::text(raw)?;
    let mut out = String::new();
    value.write_literal(&mut out);
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
    Like(String, Value),
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

    /// `AND field LIKE value` (the value's own `%`/`_` are wildcards: VTQL has no escape for them).
    pub fn like(mut self, field: &str, value: Value) -> Self {
        self.current()
            .push(Condition::Like(field.to_owned(), value));
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
                            value.write_literal(&mut out);
                        }
                        Condition::Like(field, value) => {
                            check(field)?;
                            let _ = write!(out, "{field} LIKE ");
                            value.write_literal(&mut out);
                        }
                        Condition::In(field, values) => {
                            check(field)?;
                            let _ = write!(out, "{field} IN (");
                            for (vi, value) in values.iter().enumerate() {
                                if vi > 0 {
                                    out.push_str(", ");
                                }
                                value.write_literal(&mut out);
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
    fn doubles_apostrophes_and_keeps_backslashes() {
        assert_eq!(quote("O'Brien").unwrap(), "'O''Brien'");
        assert_eq!(quote(r"a\'b").unwrap(), r"'a\''b'");
        assert_eq!(
            quote("x'; SELECT id FROM Users;").unwrap(),
            "'x''; SELECT id FROM Users;'"
        );
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
