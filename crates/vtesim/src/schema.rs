//! Module metadata: the field lists recorded from a real vtenext (`describe` answers), loaded as data.
use serde_json::Value;
use std::collections::HashMap;

const DESCRIBES: &[&str] = &[
    include_str!("schema/describe_Contacts.json"),
    include_str!("schema/describe_Accounts.json"),
    include_str!("schema/describe_Leads.json"),
    include_str!("schema/describe_Potentials.json"),
    include_str!("schema/describe_HelpDesk.json"),
    include_str!("schema/describe_Messages.json"),
    include_str!("schema/describe_Documents.json"),
    include_str!("schema/describe_Users.json"),
    include_str!("schema/describe_Emails.json"),
    include_str!("schema/describe_Vendors.json"),
    include_str!("schema/describe_Subscriptions.json"),
];
const LISTTYPES: &str = include_str!("schema/listtypes.json");
const EXTRA: &str = include_str!("schema/extra.json");
/// What an it_it installation answers instead of the en_us labels (wire fact 49).
const LABELS_IT_IT: &str = include_str!("schema/labels_it_it.json");

/// The installation's `$default_language`: it decides the labels `listtypes` and `describe`
/// answer (module, field and picklist labels); names and values never change (wire fact 49).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    EnUs,
    ItIt,
}

impl Language {
    pub fn parse(text: &str) -> Result<Language, String> {
        match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "en_us" | "en" => Ok(Language::EnUs),
            "it_it" | "it" => Ok(Language::ItIt),
            _ => Err(format!("unknown language {text:?} (en_us or it_it)")),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::EnUs => "en_us",
            Language::ItIt => "it_it",
        }
    }
}

/// One field of a module, as `describe` reports it.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub type_name: String,
    pub refers_to: Vec<String>,
    pub mandatory: bool,
    pub default: String,
    pub uitype: String,
    pub def: Value,
    /// The column's size in characters when it is a `varchar` that matters (fact 50): a longer
    /// value is stored cut, as MariaDB does with `sql_mode = ''`.
    pub max_chars: Option<usize>,
}

impl Field {
    /// `value` as this column stores it: its first `max_chars` characters.
    pub fn fit<'a>(&self, value: &'a str) -> &'a str {
        match self.max_chars.and_then(|max| value.char_indices().nth(max)) {
            Some((cut_at, _)) => &value[..cut_at],
            None => value,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Module {
    pub name: String,
    pub prefix: u32,
    pub describe: Value,
    /// Visible fields in describe order.
    pub fields: Vec<Field>,
    /// Fields stored but hidden from describe/query (e.g. Contacts `yahooid`).
    pub hidden: Vec<Field>,
    /// Autonumber field and its prefix (contact_no → CON).
    pub autonumber: Option<(String, String)>,
}

impl Module {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
    pub fn hidden_field(&self, name: &str) -> Option<&Field> {
        self.hidden.iter().find(|f| f.name == name)
    }
    /// Every stored column (visible + hidden).
    pub fn columns(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().chain(self.hidden.iter())
    }
    pub fn email_fields(&self) -> impl Iterator<Item = &Field> {
        self.columns().filter(|f| f.type_name == "email")
    }
}

#[derive(Debug)]
pub struct Schema {
    pub modules: Vec<Module>,
    by_name: HashMap<String, usize>,
    pub listtypes: Value,
    pub email_modules: Vec<String>,
    /// prefix → module name for every registered entity (entity-prefixes.tsv).
    pub prefixes: HashMap<u32, String>,
}

/// vte_ws_entity: id prefix → module (entity-prefixes.tsv of the recorded server).
const ENTITY_PREFIXES: &[(u32, &str)] = &[
    (1, "Calendar"),
    (2, "Leads"),
    (3, "Accounts"),
    (4, "Contacts"),
    (5, "Potentials"),
    (6, "Products"),
    (7, "Documents"),
    (8, "Emails"),
    (9, "HelpDesk"),
    (10, "Faq"),
    (11, "Vendors"),
    (12, "PriceBooks"),
    (13, "Quotes"),
    (14, "PurchaseOrder"),
    (15, "SalesOrder"),
    (16, "Invoice"),
    (17, "Campaigns"),
    (18, "Events"),
    (19, "Users"),
    (20, "Reports"),
    (21, "ProductsBlock"),
    (22, "Groups"),
    (23, "Currency"),
    (24, "DocumentFolders"),
    (25, "Ddt"),
    (26, "Sms"),
    (27, "Services"),
    (28, "Timecards"),
    (29, "Assets"),
    (30, "Charts"),
    (31, "Myfiles"),
    (32, "ProjectMilestone"),
    (33, "ProjectTask"),
    (34, "JobOrder"),
    (35, "ProjectPlan"),
    (36, "ModComments"),
    (37, "MyNotes"),
    (38, "PBXManager"),
    (39, "Visitreport"),
    (40, "ServiceContracts"),
    (41, "Targets"),
    (42, "Newsletter"),
    (43, "Fax"),
    (44, "Messages"),
    (45, "ProductLines"),
    (46, "Processes"),
    (47, "Employees"),
    (48, "ConfProducts"),
    (49, "ModLightProdAttr"),
    // Not on the recorded install: a module made with Module Maker (docs/vtesim.md).
    (50, "Subscriptions"),
];

/// Modules vtesim has that the recorded install did not (custom modules).
pub const CUSTOM_MODULES: &[&str] = &["Subscriptions"];

fn parse_field(def: &Value) -> Field {
    let s = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let type_name = s(&def["type"]["name"]);
    let refers_to = strings(&def["type"]["refersTo"]);
    let mut default = s(&def["default"]);
    if type_name == "datetime" || type_name == "owner" || type_name == "reference" {
        default.clear();
    }
    if type_name == "boolean" && default.is_empty() {
        default = "0".into();
    }
    Field {
        name: s(&def["name"]),
        type_name,
        refers_to,
        mandatory: def["mandatory"].as_bool().unwrap_or(false),
        default,
        uitype: s(&def["uitype"]),
        def: def.clone(),
        max_chars: None,
    }
}

fn autonumber_prefix(module: &str) -> &'static str {
    match module {
        "Contacts" => "CON",
        "Accounts" => "ACC",
        "Leads" => "LEA",
        "Potentials" => "POT",
        "HelpDesk" => "TT",
        "Documents" => "DOC",
        "Vendors" => "VEN",
        "Subscriptions" => "SUB",
        _ => "NO",
    }
}

impl Schema {
    pub fn load(language: Language) -> anyhow::Result<Schema> {
        let extra: Value = serde_json::from_str(EXTRA)?;
        let labels: Option<Value> = match language {
            Language::EnUs => None,
            Language::ItIt => Some(serde_json::from_str(LABELS_IT_IT)?),
        };
        let mut listtypes: Value = serde_json::from_str(LISTTYPES)?;
        if let Some(labels) = &labels {
            translate_listtypes(&mut listtypes, labels);
        }
        let mut modules = Vec::new();
        for text in DESCRIBES {
            let mut describe: Value = serde_json::from_str(text)?;
            if let Some(labels) = &labels {
                translate_describe(&mut describe, labels);
            }
            let name = describe["name"].as_str().unwrap_or_default().to_string();
            let prefix: u32 = describe["idPrefix"].as_str().unwrap_or("0").parse()?;
            let mut fields: Vec<Field> = describe["fields"]
                .as_array()
                .map(|a| a.iter().map(parse_field).collect())
                .unwrap_or_default();
            for field in &mut fields {
                field.max_chars = extra["column_chars"][&name][&field.name]
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok());
            }
            let mut hidden: Vec<Field> = extra["hidden"][&name]
                .as_array()
                .map(|a| a.iter().map(parse_field).collect())
                .unwrap_or_default();
            if name == "Leads" {
                // Leads also carry the hidden secondary e-mail (fact 21); same definition as on Contacts.
                if let Some(def) = extra["hidden"]["Contacts"].get(0) {
                    hidden.push(parse_field(def));
                }
            }
            let autonumber = fields
                .iter()
                .find(|f| f.uitype == "4")
                .map(|f| (f.name.clone(), autonumber_prefix(&name).to_string()));
            modules.push(Module {
                name,
                prefix,
                describe,
                fields,
                hidden,
                autonumber,
            });
        }
        let by_name = modules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name.clone(), i))
            .collect();
        let email_modules = strings(&extra["email_modules"]);
        Ok(Schema {
            modules,
            by_name,
            listtypes,
            email_modules,
            prefixes: ENTITY_PREFIXES
                .iter()
                .map(|(p, n)| (*p, n.to_string()))
                .collect(),
        })
    }

    /// Exact (case-sensitive) module lookup.
    pub fn module(&self, name: &str) -> Option<&Module> {
        self.by_name.get(name).map(|i| &self.modules[*i])
    }

    /// Case-insensitive lookup (query FROM is case-insensitive, fact 20).
    pub fn module_ci(&self, name: &str) -> Option<&Module> {
        self.modules
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(name))
    }

    pub fn module_by_prefix(&self, prefix: u32) -> Option<&Module> {
        self.modules.iter().find(|m| m.prefix == prefix)
    }
}

/// Module labels and singulars of `listtypes` in the installation's language.
fn translate_listtypes(listtypes: &mut Value, labels: &Value) {
    let Some(info) = listtypes["information"].as_object_mut() else {
        return;
    };
    for (name, entry) in info.iter_mut() {
        for key in ["label", "singular"] {
            if let Some(text) = labels["modules"][name][key].as_str() {
                entry[key] = Value::String(text.to_string());
            }
        }
    }
}

/// The module label, field labels and picklist labels of a `describe` in the installation's
/// language; names and picklist values stay as they are.
fn translate_describe(describe: &mut Value, labels: &Value) {
    let name = describe["name"].as_str().unwrap_or_default().to_string();
    if let Some(text) = labels["modules"][&name]["label"].as_str() {
        describe["label"] = Value::String(text.to_string());
    }
    let Some(fields) = describe["fields"].as_array_mut() else {
        return;
    };
    for field in fields {
        let field_name = field["name"].as_str().unwrap_or_default().to_string();
        if let Some(text) = labels["fields"][&name][&field_name].as_str() {
            field["label"] = Value::String(text.to_string());
        }
        let entries = &labels["picklists"][&name][&field_name];
        let values = field
            .get_mut("type")
            .and_then(|t| t.get_mut("picklistValues"))
            .and_then(Value::as_array_mut);
        if let Some(values) = values {
            for entry in values {
                let value = entry["value"].as_str().unwrap_or_default().to_string();
                if let Some(text) = entries[&value].as_str() {
                    entry["label"] = Value::String(text.to_string());
                }
            }
        }
    }
}

/// Table name holding a module's records.
pub fn table(module: &str) -> String {
    format!("m_{}", module)
}

/// The strings of a JSON array (empty when it is not one).
fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}
