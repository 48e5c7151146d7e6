//! Record storage in SQLite: one table per module (one TEXT column per field, case-insensitive
//! collation like MariaDB's utf8_general_ci), a global crmid registry, relations and file contents.
use crate::schema::{Module, Schema, table};
use crate::vtql::{Cond, Op};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the built-in schema lacks module {0}")]
    Schema(String),
}

pub type DbResult<T> = Result<T, DbError>;

pub struct Store {
    pub conn: Connection,
    pub schema: Arc<Schema>,
    /// module → INSERT statement text (all columns, positional)
    insert_sql: std::collections::HashMap<String, String>,
}

/// What a select found: (crmid, selected column values) rows, or a count.
#[derive(Debug)]
pub enum Selected {
    Rows(Vec<(i64, Vec<String>)>),
    Count(u64),
}

/// A stored record: its crmid, module and field values.
#[derive(Debug, Clone)]
pub struct Record {
    pub crmid: i64,
    pub module: String,
    pub values: Map<String, Value>,
}

impl Record {
    pub fn get(&self, field: &str) -> &str {
        self.values.get(field).and_then(Value::as_str).unwrap_or("")
    }
}

fn quote(col: &str) -> String {
    format!("\"{}\"", col.replace('"', "\"\""))
}

/// Parses a webservice id `<prefix>x<crmid>`.
pub fn parse_ws_id(id: &str) -> Option<(u32, i64)> {
    let (p, c) = id.split_once('x')?;
    Some((p.parse().ok()?, c.parse().ok()?))
}

impl Store {
    pub fn open(schema: Arc<Schema>, path: Option<&Path>) -> DbResult<(Store, bool)> {
        let conn = match path {
            Some(p) => Connection::open(p)?,
            None => Connection::open_in_memory()?,
        };
        register_case_folding(&conn)?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;
             CREATE TABLE IF NOT EXISTS entity(crmid INTEGER PRIMARY KEY, module TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
             CREATE TABLE IF NOT EXISTS relation(src INTEGER NOT NULL, dst INTEGER NOT NULL, via TEXT NOT NULL, PRIMARY KEY(src, dst, via));
             CREATE INDEX IF NOT EXISTS relation_dst ON relation(dst);
             CREATE TABLE IF NOT EXISTS doc_file(crmid INTEGER PRIMARY KEY, name TEXT NOT NULL, content_type TEXT NOT NULL, content BLOB NOT NULL);
             CREATE TABLE IF NOT EXISTS counter(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);",
        )?;
        for m in &schema.modules {
            let cols: Vec<String> = m
                .columns()
                .map(|f| format!("{} TEXT NOT NULL DEFAULT '' COLLATE NOCASE", quote(&f.name)))
                .collect();
            conn.execute_batch(&format!(
                "CREATE TABLE IF NOT EXISTS {} (crmid INTEGER PRIMARY KEY, deleted INTEGER NOT NULL DEFAULT 0, {});",
                table(&m.name),
                cols.join(", ")
            ))?;
        }
        let seeded: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key='seeded'", [], |r| {
                r.get(0)
            })
            .optional()?;
        let insert_sql = schema
            .modules
            .iter()
            .map(|m| {
                let cols: Vec<String> = m.columns().map(|f| quote(&f.name)).collect();
                let marks: Vec<String> = (0..cols.len()).map(|i| format!("?{}", i + 2)).collect();
                let sql = format!(
                    "INSERT INTO {} (crmid, {}) VALUES (?1, {})",
                    table(&m.name),
                    cols.join(", "),
                    marks.join(", ")
                );
                (m.name.clone(), sql)
            })
            .collect();
        Ok((
            Store {
                conn,
                schema,
                insert_sql,
            },
            seeded.is_some(),
        ))
    }

    /// Indexes that make e-mail / domain / message-id look-ups fast; created after bulk seeding.
    pub fn create_indexes(&self) -> DbResult<()> {
        for m in &self.schema.modules {
            let mut cols: Vec<&str> = m.email_fields().map(|f| f.name.as_str()).collect();
            for extra in [
                "website",
                "messageid",
                "account_id",
                "lastname",
                "parent_id",
                "related_to",
                "user_name",
            ] {
                if m.columns().any(|f| f.name == extra) {
                    cols.push(extra);
                }
            }
            for c in cols {
                self.conn.execute_batch(&format!(
                    "CREATE INDEX IF NOT EXISTS {t}_{c} ON {t}({qc});",
                    t = table(&m.name),
                    c = c,
                    qc = quote(c)
                ))?;
            }
        }
        self.conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES('seeded', '1')",
            [],
        )?;
        Ok(())
    }

    pub fn next_counter(&self, name: &str, start: i64) -> DbResult<i64> {
        self.conn.execute(
            "INSERT INTO counter(name, value) VALUES(?1, ?2) ON CONFLICT(name) DO UPDATE SET value = value + 1",
            params![name, start],
        )?;
        Ok(self
            .conn
            .query_row("SELECT value FROM counter WHERE name=?1", [name], |r| {
                r.get(0)
            })?)
    }

    pub fn set_counter_at_least(&self, name: &str, value: i64) -> DbResult<()> {
        self.conn.execute(
            "INSERT INTO counter(name, value) VALUES(?1, ?2) ON CONFLICT(name) DO UPDATE SET value = max(value, ?2)",
            params![name, value],
        )?;
        Ok(())
    }

    /// Inserts a record with a chosen crmid; `values` must hold only known columns.
    pub fn insert(&self, module: &Module, crmid: i64, values: &Map<String, Value>) -> DbResult<()> {
        let row: Vec<&str> = module
            .columns()
            .map(|f| f.fit(values.get(&f.name).and_then(Value::as_str).unwrap_or("")))
            .collect();
        self.insert_row(module, crmid, &row)?;
        self.set_counter_at_least("crmid", crmid)
    }

    /// Inserts one record given its values in `Module::columns()` order (bulk seeding path:
    /// no map building, cached statement, crmid counter left to the caller).
    pub fn insert_row<S: AsRef<str>>(
        &self,
        module: &Module,
        crmid: i64,
        row: &[S],
    ) -> DbResult<()> {
        let sql = self
            .insert_sql
            .get(&module.name)
            .cloned()
            .unwrap_or_default();
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut args: Vec<&str> = Vec::with_capacity(row.len() + 1);
        let id = crmid.to_string();
        args.push(&id);
        args.extend(row.iter().map(AsRef::as_ref));
        stmt.execute(params_from_iter(args.iter()))?;
        self.conn
            .prepare_cached("INSERT INTO entity(crmid, module, deleted) VALUES(?1, ?2, 0)")?
            .execute(params![crmid, module.name])?;
        Ok(())
    }

    /// Highest crmid in use; the counter continues from there.
    pub fn sync_crmid_counter(&self) -> DbResult<()> {
        let max: i64 =
            self.conn
                .query_row("SELECT coalesce(max(crmid), 0) FROM entity", [], |r| {
                    r.get(0)
                })?;
        self.set_counter_at_least("crmid", max)
    }

    pub fn update(&self, module: &Module, crmid: i64, values: &Map<String, Value>) -> DbResult<()> {
        let sql = format!(
            "UPDATE {} SET {} WHERE crmid = ?1",
            table(&module.name),
            module
                .columns()
                .enumerate()
                .map(|(i, f)| format!("{} = ?{}", quote(&f.name), i + 2))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut args: Vec<String> = vec![crmid.to_string()];
        for f in module.columns() {
            args.push(
                f.fit(values.get(&f.name).and_then(Value::as_str).unwrap_or(""))
                    .to_string(),
            );
        }
        self.conn
            .prepare_cached(&sql)?
            .execute(params_from_iter(args.iter()))?;
        Ok(())
    }

    /// Module and deleted flag of a crmid, if it ever existed.
    pub fn entity(&self, crmid: i64) -> DbResult<Option<(String, bool)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT module, deleted FROM entity WHERE crmid = ?1")?
            .query_row([crmid], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? != 0))
            })
            .optional()?)
    }

    pub fn mark_deleted(&self, module: &Module, crmid: i64) -> DbResult<()> {
        self.conn
            .execute("UPDATE entity SET deleted = 1 WHERE crmid = ?1", [crmid])?;
        self.conn.execute(
            &format!(
                "UPDATE {} SET deleted = 1 WHERE crmid = ?1",
                table(&module.name)
            ),
            [crmid],
        )?;
        Ok(())
    }

    /// Loads a live (not deleted) record with all stored columns.
    pub fn load(&self, module: &Module, crmid: i64) -> DbResult<Option<Record>> {
        let cols: Vec<&str> = module.columns().map(|f| f.name.as_str()).collect();
        let sql = format!(
            "SELECT {} FROM {} WHERE crmid = ?1 AND deleted = 0",
            cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", "),
            table(&module.name)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let row = stmt
            .query_row([crmid], |r| {
                let mut values = Map::new();
                for (i, c) in cols.iter().enumerate() {
                    values.insert(c.to_string(), Value::String(r.get::<_, String>(i)?));
                }
                Ok(values)
            })
            .optional()?;
        Ok(row.map(|values| Record {
            crmid,
            module: module.name.clone(),
            values,
        }))
    }

    /// Runs a filtered select. `owner` restricts to records assigned to that ws user id.
    /// Returns (crmid, values of `columns`) rows, or the count when `count` is set.
    #[allow(clippy::too_many_arguments)]
    pub fn select(
        &self,
        module: &Module,
        columns: &[String],
        filter: &[Vec<Cond>],
        owner: Option<&str>,
        order: &[(String, bool)],
        limit: Option<(u64, u64)>,
        count: bool,
    ) -> DbResult<Selected> {
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut sql = String::new();
        if count {
            sql.push_str("SELECT count(*)");
        } else {
            sql.push_str("SELECT crmid");
            for c in columns {
                sql.push_str(", ");
                sql.push_str(&quote(c));
            }
        }
        sql.push_str(&format!(" FROM {} WHERE deleted = 0", table(&module.name)));
        if let Some(owner) = owner {
            sql.push_str(" AND assigned_user_id = ?");
            args.push(owner.to_string().into());
        }
        if !filter.is_empty() {
            let groups: Vec<String> = filter
                .iter()
                .map(|group| {
                    let parts: Vec<String> = group
                        .iter()
                        .map(|c| cond_sql(module, c, &mut args))
                        .collect();
                    format!("({})", parts.join(" AND "))
                })
                .collect();
            sql.push_str(&format!(" AND ({})", groups.join(" OR ")));
        }
        if count {
            let n: i64 = self
                .conn
                .prepare_cached(&sql)?
                .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
            return Ok(Selected::Count(n.max(0) as u64));
        }
        if !order.is_empty() {
            let parts: Vec<String> = order
                .iter()
                .map(|(c, desc)| {
                    let col = if c == "id" {
                        "crmid".to_string()
                    } else {
                        quote(c)
                    };
                    format!("{} {}", col, if *desc { "DESC" } else { "ASC" })
                })
                .collect();
            sql.push_str(&format!(" ORDER BY {}, crmid", parts.join(", ")));
        } else {
            sql.push_str(" ORDER BY crmid");
        }
        let (offset, n) = limit.unwrap_or((0, 1000));
        sql.push_str(&format!(
            " LIMIT {} OFFSET {}",
            n.min(i64::MAX as u64),
            offset.min(i64::MAX as u64)
        ));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
            let crmid: i64 = r.get(0)?;
            let mut vals = Vec::with_capacity(columns.len());
            for i in 0..columns.len() {
                vals.push(r.get::<_, String>(i + 1)?);
            }
            Ok((crmid, vals))
        })?;
        Ok(Selected::Rows(rows.collect::<Result<Vec<_>, _>>()?))
    }

    pub fn relate(&self, src: i64, dst: i64, via: &str) -> DbResult<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO relation(src, dst, via) VALUES(?1, ?2, ?3)",
            params![src, dst, via],
        )?;
        Ok(())
    }

    /// Relations touching a crmid: (other crmid, via, outgoing?).
    pub fn relations(&self, crmid: i64) -> DbResult<Vec<(i64, String, bool)>> {
        let mut out = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT dst, via FROM relation WHERE src = ?1 ORDER BY rowid")?;
        for row in stmt.query_map([crmid], |r| Ok((r.get(0)?, r.get(1)?, true)))? {
            out.push(row?);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT src, via FROM relation WHERE dst = ?1 ORDER BY rowid")?;
        for row in stmt.query_map([crmid], |r| Ok((r.get(0)?, r.get(1)?, false)))? {
            out.push(row?);
        }
        Ok(out)
    }

    pub fn save_file(
        &self,
        crmid: i64,
        name: &str,
        content_type: &str,
        content: &[u8],
    ) -> DbResult<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO doc_file(crmid, name, content_type, content) VALUES(?1, ?2, ?3, ?4)",
            params![crmid, name, content_type, content],
        )?;
        Ok(())
    }

    pub fn file(&self, crmid: i64) -> DbResult<Option<(String, String, Vec<u8>)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT name, content_type, content FROM doc_file WHERE crmid = ?1",
                [crmid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    pub fn module_counts(&self) -> DbResult<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT module, count(*) FROM entity WHERE deleted = 0 GROUP BY module ORDER BY module",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

/// Unicode lower-case folding, a close stand-in for MariaDB's `utf8_general_ci` (which also
/// ignores accents; this does not).
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

/// Columns use SQLite's fast built-in `NOCASE` (ASCII folding) so indexes stay cheap to build
/// and use; a condition whose value has non-ASCII letters switches to the `VTE` collation and
/// `vte_like`, so `'MÜLLER%'` finds `Müller` as on the real server.
fn register_case_folding(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_collation("VTE", |a: &str, b: &str| folded(a).cmp(folded(b)))?;
    conn.create_scalar_function(
        "vte_like",
        2,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8
            | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let pattern: String = ctx.get(0)?;
            let text: String = ctx.get(1)?;
            Ok(like_match(
                &folded(&pattern).collect::<Vec<_>>(),
                &folded(&text).collect::<Vec<_>>(),
            ))
        },
    )
}

/// One element of a LIKE pattern.
enum LikeToken {
    /// `%`
    Any,
    /// `_`
    One,
    /// A character that matches itself, and how many pattern characters it took.
    Literal(char, usize),
}

fn like_token(pattern: &[char], p: usize) -> Option<LikeToken> {
    Some(match *pattern.get(p)? {
        '%' => LikeToken::Any,
        '_' => LikeToken::One,
        // MariaDB's default escape; a backslash at the very end is a literal backslash.
        '\\' => match pattern.get(p + 1) {
            Some(&escaped) => LikeToken::Literal(escaped, 2),
            None => LikeToken::Literal('\\', 1),
        },
        c => LikeToken::Literal(c, 1),
    })
}

/// SQL LIKE with `%`, `_` and MariaDB's default escape character `\` (`\%` is a literal `%`),
/// on already-folded text.
pub fn like_match(pattern: &[char], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while t < text.len() {
        match like_token(pattern, p) {
            Some(LikeToken::Any) => {
                backtrack = Some((p, t));
                p += 1;
                continue;
            }
            Some(LikeToken::One) => {
                p += 1;
                t += 1;
                continue;
            }
            Some(LikeToken::Literal(c, width)) if c == text[t] => {
                p += width;
                t += 1;
                continue;
            }
            _ => {}
        }
        if let Some((bp, bt)) = backtrack {
            p = bp + 1;
            t = bt + 1;
            backtrack = Some((bp, bt + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '%')
}

fn cond_sql(module: &Module, c: &Cond, args: &mut Vec<rusqlite::types::Value>) -> String {
    let is_id = c.column == "id";
    let col = if is_id {
        "crmid".to_string()
    } else {
        quote(&c.column)
    };
    let push = |v: &str, args: &mut Vec<rusqlite::types::Value>| {
        if is_id {
            // `id` compares against the crmid of a ws id of this module; anything else matches nothing.
            let crmid = parse_ws_id(v)
                .filter(|(p, _)| *p == module.prefix)
                .map(|(_, c)| c)
                .unwrap_or(-1);
            args.push(crmid.into());
        } else {
            args.push(v.to_string().into());
        }
    };
    let first = c.values.first().map(String::as_str).unwrap_or("");
    let unicode = !is_id && c.values.iter().any(|v| !v.is_ascii());
    let collate = if unicode { " COLLATE VTE" } else { "" };
    let op = match c.op {
        Op::Eq => "=",
        Op::Ne => "!=",
        Op::Lt => "<",
        Op::Gt => ">",
        Op::Le => "<=",
        Op::Ge => ">=",
        Op::Like if unicode => {
            push(first, args);
            return format!("vte_like(?, {col})");
        }
        Op::Like => {
            push(first, args);
            return format!("{col} LIKE ? ESCAPE '\\'");
        }
        Op::In => {
            for v in &c.values {
                push(v, args);
            }
            return format!(
                "{}{} IN ({})",
                col,
                collate,
                vec!["?"; c.values.len()].join(", ")
            );
        }
    };
    push(first, args);
    format!("{col} {op} ?{collate}")
}

#[cfg(test)]
mod tests {
    use super::like_match;

    fn like(p: &str, t: &str) -> bool {
        like_match(
            &p.chars().collect::<Vec<_>>(),
            &t.chars().collect::<Vec<_>>(),
        )
    }

    #[test]
    fn like_semantics() {
        assert!(like("%acme-example%", "john.smith@acme-example.com"));
        assert!(like("john_smith%", "john.smith@acme-example.com"));
        assert!(!like("john_smith", "john.smith@acme-example.com"));
        assert!(like("%", ""));
        assert!(like("a%b%c", "axxbyyc"));
        assert!(!like("a%b%c", "axxbyy"));
        assert!(like("%%x", "x"));
    }

    #[test]
    fn like_escapes_with_backslash() {
        assert!(like(r"50\%%", "50% off"));
        assert!(!like(r"50\%%", "500 off"));
        assert!(like(r"a\_b", "a_b"));
        assert!(!like(r"a\_b", "axb"));
        assert!(like(r"%o\\x%", r"<o\x@h>"));
        assert!(!like(r"%o\\x%", "<ox@h>"));
        assert!(like(r"end\", r"end\"));
    }
}
