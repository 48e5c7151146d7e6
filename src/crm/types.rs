//! Typed views of webservice answers that vtelink reads field by field.

use serde::Serialize;
use serde_json::{Map, Value};

use super::CrmError;

/// A CRM record as the webservice returns it: every value is a string
/// (wire fact 23), references are ws ids.
pub type Record = Map<String, Value>;

/// A string field of a record ("" when absent).
pub fn field<'a>(record: &'a Record, name: &str) -> &'a str {
    record.get(name).and_then(Value::as_str).unwrap_or("")
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleInfo {
    pub name: String,
    pub label: String,
    pub singular: String,
    pub is_entity: bool,
}

/// `listtypes`: the modules this user may see.
pub fn parse_listtypes(result: &Value) -> Result<Vec<ModuleInfo>, CrmError> {
    let types = result
        .get("types")
        .and_then(Value::as_array)
        .ok_or_else(|| CrmError::Decode("listtypes".into()))?;
    let information = result.get("information");
    Ok(types
        .iter()
        .filter_map(Value::as_str)
        .map(|name| {
            let info = information.and_then(|i| i.get(name));
            let text = |key: &str| {
                info.and_then(|i| i.get(key))
                    .and_then(Value::as_str)
                    .unwrap_or(name)
                    .to_owned()
            };
            ModuleInfo {
                name: name.to_owned(),
                label: text("label"),
                singular: text("singular"),
                is_entity: info
                    .and_then(|i| i.get("isEntity"))
                    .and_then(Value::as_bool)
                    .unwrap_or(true),
            }
        })
        .collect())
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FieldInfo {
    pub name: String,
    pub label: String,
    /// `string`, `email`, `url`, `reference`, `picklist`, ...
    pub type_name: String,
    pub refers_to: Vec<String>,
    pub mandatory: bool,
    pub editable: bool,
    /// `maxUploadFileSize` of a file field (Documents `filename`, wire
    /// fact 42): vtenext's own limit, not PHP's (which is often lower).
    pub max_upload_size: Option<u64>,
    /// A picklist's stored values (`value`, not the translated `label`), in
    /// the CRM's order.
    pub picklist_values: Vec<String>,
    /// The picklist's (value, label) pairs: the label is what people read,
    /// in the CRM's language (wire fact 49); decisions read the value.
    #[serde(skip)]
    pub picklist_labels: Vec<(String, String)>,
    /// Where the CRM shows the field: its block, then its place in the block.
    pub block: Option<u32>,
    pub sequence: Option<u32>,
}

impl FieldInfo {
    /// The label people read for a stored picklist value (the value itself
    /// when the CRM gives none).
    pub fn picklist_label<'a>(&'a self, value: &'a str) -> &'a str {
        self.picklist_labels
            .iter()
            .find(|(v, _)| v == value)
            .map(|(_, label)| label.as_str())
            .filter(|label| !label.is_empty())
            .unwrap_or(value)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Describe {
    pub name: String,
    pub label: String,
    pub id_prefix: String,
    pub createable: bool,
    pub updateable: bool,
    pub retrieveable: bool,
    pub label_fields: Vec<String>,
    pub fields: Vec<FieldInfo>,
}

impl Describe {
    pub fn fields_of_type<'a>(
        &'a self,
        type_name: &'a str,
    ) -> impl Iterator<Item = &'a FieldInfo> + 'a {
        self.fields.iter().filter(move |f| f.type_name == type_name)
    }

    /// The largest file the CRM says it accepts in this module, if it says.
    pub fn max_upload_size(&self) -> Option<u64> {
        self.fields.iter().filter_map(|f| f.max_upload_size).min()
    }

    pub fn has_field(&self, name: &str) -> bool {
        self.fields.iter().any(|f| f.name == name)
    }
}

pub fn parse_describe(result: &Value) -> Result<Describe, CrmError> {
    let decode = || CrmError::Decode("describe".into());
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    let flag = |key: &str| result.get(key).and_then(Value::as_bool).unwrap_or(false);
    let fields = result
        .get("fields")
        .and_then(Value::as_array)
        .ok_or_else(decode)?
        .iter()
        .map(|f| {
            let ty = f.get("type");
            FieldInfo {
                name: text(f, "name"),
                label: text(f, "label"),
                type_name: ty.map(|t| text(t, "name")).unwrap_or_default(),
                refers_to: ty
                    .and_then(|t| t.get("refersTo"))
                    .and_then(Value::as_array)
                    .map(|list| {
                        list.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
                mandatory: f.get("mandatory").and_then(Value::as_bool).unwrap_or(false),
                editable: f.get("editable").and_then(Value::as_bool).unwrap_or(false),
                max_upload_size: ty.and_then(|t| t.get("maxUploadFileSize")).and_then(|v| {
                    v.as_u64()
                        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                }),
                picklist_values: ty
                    .and_then(|t| t.get("picklistValues"))
                    .and_then(Value::as_array)
                    .map(|list| {
                        list.iter()
                            .filter_map(|v| v.get("value").and_then(Value::as_str))
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
                picklist_labels: ty
                    .and_then(|t| t.get("picklistValues"))
                    .and_then(Value::as_array)
                    .map(|list| {
                        list.iter()
                            .filter_map(|v| {
                                let value = v.get("value").and_then(Value::as_str)?;
                                let label = v.get("label").and_then(Value::as_str).unwrap_or(value);
                                Some((value.to_owned(), label.to_owned()))
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                block: number(f.get("blockid")),
                sequence: number(f.get("sequence")),
            }
        })
        .collect();
    Ok(Describe {
        name: text(result, "name"),
        label: text(result, "label"),
        id_prefix: text(result, "idPrefix"),
        createable: flag("createable"),
        updateable: flag("updateable"),
        retrieveable: flag("retrieveable"),
        label_fields: text(result, "labelFields")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        fields,
    })
}

/// A number the CRM may send as a string (`"4"`) or a number.
fn number(value: Option<&Value>) -> Option<u32> {
    match value? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Records from a `query` answer.
pub fn parse_records(result: Value, operation: &str) -> Result<Vec<Record>, CrmError> {
    match result {
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Object(map) => Ok(map),
                _ => Err(CrmError::Decode(operation.to_owned())),
            })
            .collect(),
        _ => Err(CrmError::Decode(operation.to_owned())),
    }
}

pub fn parse_record(result: Value, operation: &str) -> Result<Record, CrmError> {
    match result {
        Value::Object(map) => Ok(map),
        _ => Err(CrmError::Decode(operation.to_owned())),
    }
}
