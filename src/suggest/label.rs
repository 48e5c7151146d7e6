//! The text users know a record by.

use crate::crm::{Describe, Record, field};

/// The record's label fields joined, people as "First Last".
pub fn record_label(describe: Option<&Describe>, record: &Record) -> String {
    let fields: Vec<&str> = match describe {
        Some(d) if !d.label_fields.is_empty() => {
            d.label_fields.iter().map(String::as_str).collect()
        }
        _ => vec![
            "accountname",
            "firstname",
            "lastname",
            "ticket_title",
            "potentialname",
            "vendorname",
        ],
    };
    // vtenext lists "lastname,firstname" but people read "First Last".
    let mut ordered = fields.clone();
    if let (Some(l), Some(f)) = (
        ordered.iter().position(|f| *f == "lastname"),
        ordered.iter().position(|f| *f == "firstname"),
    ) && l < f
    {
        ordered.swap(l, f);
    }
    let parts: Vec<&str> = ordered
        .iter()
        .map(|f| field(record, f).trim())
        .filter(|v| !v.is_empty())
        .collect();
    if parts.is_empty() {
        field(record, "id").to_owned()
    } else {
        parts.join(" ")
    }
}
