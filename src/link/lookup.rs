//! Finding what an earlier link stored: the Message by its `messageid`,
//! the Documents by the markers in their notes.

use std::collections::HashMap;

use super::Calls;
use crate::crm::vtql::{Query, Value};
use crate::crm::{Connection, CrmError, Record, field};

pub(super) async fn find_message(
    conn: &Connection,
    messageid: &str,
    calls: &Calls,
) -> Result<Option<String>, CrmError> {
    let Some(value) = Value::text(messageid) else {
        return Ok(None);
    };
    // The real server keeps duplicates made by other tools (wire fact 32):
    // reuse the oldest. (ORDER BY id is not a recorded VTQL form, so sort here.)
    let vtql = Query::select("Messages", &["id"])
        .eq("messageid", value)
        .limit(0, 50)
        .build()
        .map_err(|e| CrmError::Decode(e.to_string()))?;
    calls.add(1);
    let rows = conn.query(&vtql).await?;
    Ok(rows
        .iter()
        .map(|r| field(r, "id"))
        .filter(|id| !id.is_empty())
        .min_by_key(|id| crm_number(id))
        .map(str::to_owned))
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

/// Documents carrying these markers, in one query: marker → Documents,
/// oldest first.
pub(super) async fn find_documents(
    conn: &Connection,
    markers: &[String],
    calls: &Calls,
) -> Result<HashMap<String, Vec<FoundDocument>>, CrmError> {
    let values: Vec<Value> = markers.iter().filter_map(|m| Value::text(m)).collect();
    if values.is_empty() {
        return Ok(HashMap::new());
    }
    let vtql = Query::select("Documents", &["id", "notecontent", "filesize"])
        .in_list("notecontent", values)
        .limit(0, markers.len() as u64 * 4)
        .build()
        .map_err(|e| CrmError::Decode(e.to_string()))?;
    let mut found: HashMap<String, Vec<FoundDocument>> = HashMap::new();
    calls.add(1);
    for row in conn.query(&vtql).await? {
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
    }
    Ok(found)
}
