//! Finding what earlier links stored: Messages by their key (`messageid`,
//! then the subject), Documents by the markers in their notes. Both take
//! many emails at once (`IN (...)`), within the server's limits: at most
//! [`ROWS`] rows per answer and a query string short enough for any web
//! server's request line ([`MAX_QUERY_BYTES`] once URL-encoded).

use std::collections::HashMap;

use super::Calls;
use super::outgoing::Key;
use crate::crm::vtql::{Query, Value};
use crate::crm::{Connection, CrmError, Record, field};

/// Rows asked for per query: the most the real server answers without an
/// explicit limit is 1000 (fact 25), but 100 keeps each answer small; an
/// answer that fills it is split and asked again.
const ROWS: u64 = 100;

/// Values per query: well below the row limit for ordinary data (one row
/// per value, a few duplicates at most); an answer that fills [`ROWS`] is
/// split anyway. Look-ups of many emails share queries (`window`), so this
/// is how many emails (or attachments) one query covers.
const VALUES_PER_QUERY: usize = 60;

/// The longest URL-encoded VTQL text per query. Apache's request line is
/// limited to 8190 bytes and other servers to about 8 KiB: the query is a
/// GET parameter, so it stays well under that with the session and host.
const MAX_QUERY_BYTES: usize = 6000;

/// Bytes `text` takes URL-encoded (form encoding: unreserved bytes as is,
/// the rest as `%XX`).
fn encoded_len(text: &str) -> usize {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                1
            } else {
                3
            }
        })
        .sum()
}

/// Bytes `value` takes URL-encoded inside a VTQL literal (`'` and `\\`
/// doubled, src/crm/vtql.rs).
fn literal_len(value: &str) -> usize {
    encoded_len(value) + 3 * value.bytes().filter(|b| matches!(b, b'\'' | b'\\')).count()
}

/// Split `values` into groups that each make one query of acceptable size
/// (`overhead`: the encoded bytes of the query around the values).
fn chunks(values: &[String], overhead: usize) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut bytes = overhead;
    for value in values {
        // The literal as sent (a quote or backslash doubled), its quotes and ", ".
        let cost = literal_len(value) + 12;
        if !current.is_empty()
            && (current.len() >= VALUES_PER_QUERY || bytes + cost > MAX_QUERY_BYTES)
        {
            out.push(std::mem::take(&mut current));
            bytes = overhead;
        }
        bytes += cost;
        current.push(value.clone());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Run `select ... WHERE field IN (values)` over as many queries as the
/// limits need; an answer that fills [`ROWS`] is asked again in halves.
async fn query_in(
    conn: &Connection,
    module: &str,
    select: &[&str],
    in_field: &str,
    values: &[String],
    calls: &Calls,
) -> Result<Vec<Record>, CrmError> {
    let mut unique: Vec<String> = Vec::new();
    for value in values {
        if Value::text(value).is_some() && !unique.contains(value) {
            unique.push(value.clone());
        }
    }
    let overhead = 64 + select.iter().map(|s| s.len() + 2).sum::<usize>() + module.len();
    let mut work = chunks(&unique, overhead);
    let mut rows = Vec::new();
    while let Some(group) = work.pop() {
        let values: Vec<Value> = group.iter().filter_map(|v| Value::text(v)).collect();
        let vtql = Query::select(module, select)
            .in_list(in_field, values)
            .limit(0, ROWS)
            .build()
            .map_err(|e| CrmError::Decode(e.to_string()))?;
        calls.add(1);
        let answer = conn.query(&vtql).await?;
        if answer.len() as u64 >= ROWS {
            if group.len() > 1 {
                let (a, b) = group.split_at(group.len() / 2);
                work.push(a.to_vec());
                work.push(b.to_vec());
                continue;
            }
            tracing::warn!(
                "{module}: {ROWS} or more records share one {in_field}; only the oldest found are used"
            );
        }
        rows.extend(answer);
    }
    Ok(rows)
}

/// The Messages of each key, oldest first (several when other tools, or
/// another machine at the same moment, stored the same email).
pub(super) async fn find_messages(
    conn: &Connection,
    keys: &[Key],
    calls: &Calls,
) -> Result<HashMap<Key, Vec<String>>, CrmError> {
    let ids: Vec<String> = keys.iter().map(|k| k.messageid.clone()).collect();
    let rows = query_in(
        conn,
        "Messages",
        &["id", "messageid", "subject"],
        "messageid",
        &ids,
        calls,
    )
    .await?;
    let mut found: HashMap<Key, Vec<String>> = HashMap::new();
    for row in &rows {
        let id = field(row, "id");
        if id.is_empty() {
            continue;
        }
        // The server matches case-insensitively (fact 26): keep exact ones.
        let messageid = field(row, "messageid");
        for key in keys
            .iter()
            .filter(|k| k.messageid == messageid && k.subject_matches(field(row, "subject")))
        {
            let list = found.entry(key.clone()).or_default();
            if !list.iter().any(|known| known == id) {
                list.push(id.to_owned());
            }
        }
    }
    for list in found.values_mut() {
        // ORDER BY id is not a recorded VTQL form, so sort here.
        list.sort_by_key(|id| crm_number(id));
    }
    Ok(found)
}

/// The oldest Message of one key.
pub(super) async fn find_message(
    conn: &Connection,
    key: &Key,
    calls: &Calls,
) -> Result<Option<String>, CrmError> {
    let mut found = find_messages(conn, std::slice::from_ref(key), calls).await?;
    Ok(found.remove(key).and_then(|list| list.into_iter().next()))
}

/// The numeric part of a ws id (`44x1390` → 1390), for ordering.
pub(super) fn crm_number(id: &str) -> u64 {
    id.split_once('x')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(u64::MAX)
}

/// A Document found by its marker.
#[derive(Debug, Clone)]
pub(super) struct FoundDocument {
    pub(super) id: String,
    /// What the CRM says it stored (`None` when it says nothing usable).
    pub(super) filesize: Option<u64>,
}

impl FoundDocument {
    pub(super) fn from_record(record: &Record) -> FoundDocument {
        FoundDocument {
            id: field(record, "id").to_owned(),
            filesize: field(record, "filesize").trim().parse().ok(),
        }
    }
}

/// Documents carrying these markers: marker → Documents, oldest first.
pub(super) async fn find_documents(
    conn: &Connection,
    markers: &[String],
    calls: &Calls,
) -> Result<HashMap<String, Vec<FoundDocument>>, CrmError> {
    let rows = query_in(
        conn,
        "Documents",
        &["id", "notecontent", "filesize"],
        "notecontent",
        markers,
        calls,
    )
    .await?;
    let mut found: HashMap<String, Vec<FoundDocument>> = HashMap::new();
    for row in rows {
        let document = FoundDocument::from_record(&row);
        if document.id.is_empty() {
            continue;
        }
        found
            .entry(field(&row, "notecontent").trim().to_owned())
            .or_default()
            .push(document);
    }
    for documents in found.values_mut() {
        documents.sort_by_key(|d| crm_number(&d.id));
        documents.dedup_by(|a, b| a.id == b.id);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_split_by_count_and_by_size() {
        let short: Vec<String> = (0..100).map(|i| format!("<{i}@x>")).collect();
        let groups = chunks(&short, 100);
        assert!(groups.iter().all(|g| g.len() <= VALUES_PER_QUERY));
        assert_eq!(groups.concat(), short);
        let long: Vec<String> = (0..30)
            .map(|i| format!("<{i}{}@x>", "é".repeat(120)))
            .collect();
        for group in chunks(&long, 100) {
            let bytes: usize = 100 + group.iter().map(|v| literal_len(v) + 12).sum::<usize>();
            assert!(bytes <= MAX_QUERY_BYTES || group.len() == 1);
        }
    }
}
