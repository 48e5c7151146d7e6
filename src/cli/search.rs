//! `vtelink search TEXT`: find CRM records by hand — by id, name, e-mail or
//! anything in the module's label fields — in the modules the user may see.

use serde::Serialize;

use super::Ctx;
use crate::crm::vtql::{Pattern, Query};
use crate::crm::{Connection, CrmError, field};
use crate::output::clean;
use crate::suggest::record_label;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Name, e-mail address or record id to look for (% and _ are wildcards)
    pub text: String,
    /// Only this module (repeatable; default: Contacts, Accounts, Leads, Potentials, HelpDesk, Vendors)
    #[arg(long = "module", value_name = "MODULE")]
    pub modules: Vec<String>,
    /// At most this many results per module
    #[arg(long, default_value_t = 20)]
    pub limit: u64,
}

pub const DEFAULT_MODULES: &[&str] = &[
    "Contacts",
    "Accounts",
    "Leads",
    "Potentials",
    "HelpDesk",
    "Vendors",
];

#[derive(Debug, Serialize)]
pub struct Hit {
    pub id: String,
    pub module: String,
    pub label: String,
    pub matched: String,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let text = args.text.trim();
    if text.is_empty() {
        return Err(crate::Error::usage(crate::msg!("search-nothing")));
    }
    let conn = super::connect(ctx).await?;
    let hits = search(&conn, text, &args.modules, args.limit).await?;
    if hits.is_empty() {
        return Err(crate::Error::not_found(crate::msg!(
            "search-no-match",
            text = clean(text)
        )));
    }
    if ctx.out.is_json() {
        ctx.out.json(&serde_json::json!({ "records": hits }))?;
    } else {
        for hit in &hits {
            ctx.out.line(&format!(
                "{:<10} {:<11} {}  {}",
                hit.id,
                hit.module,
                ctx.out.bold(&clean(&hit.label)),
                ctx.out.dim(&clean(&hit.matched))
            ));
        }
    }
    Ok(())
}

pub async fn search(
    conn: &Connection,
    text: &str,
    only: &[String],
    limit: u64,
) -> crate::Result<Vec<Hit>> {
    if crate::link::is_ws_id(text) {
        return match conn.retrieve(text).await {
            Ok(record) => {
                let module = module_of(conn, text).await.unwrap_or_default();
                let describe = conn.describe(&module).await.ok();
                Ok(vec![Hit {
                    id: text.to_owned(),
                    label: record_label(describe.as_ref(), &record),
                    module,
                    matched: "id".into(),
                }])
            }
            Err(CrmError::AccessDenied(_) | CrmError::InvalidId(_)) => Ok(Vec::new()),
            Err(e) => Err(e.into()),
        };
    }
    let visible = conn.listtypes().await?;
    let wanted: Vec<String> = if only.is_empty() {
        DEFAULT_MODULES.iter().map(|m| (*m).to_owned()).collect()
    } else {
        only.to_vec()
    };
    let mut hits = Vec::new();
    let Some(pattern) = Pattern::contains(text) else {
        return Ok(hits);
    };
    for module in wanted {
        if !visible.iter().any(|m| m.name == module) {
            if !only.is_empty() {
                return Err(crate::Error::not_found(crate::msg!(
                    "search-no-module",
                    module = module.as_str()
                )));
            }
            continue;
        }
        let describe = match conn.describe(&module).await {
            Ok(d) => d,
            Err(CrmError::AccessDenied(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        let mut search_fields: Vec<String> = describe.label_fields.clone();
        search_fields.extend(describe.fields_of_type("email").map(|f| f.name.clone()));
        search_fields.retain(|f| describe.has_field(f));
        search_fields.dedup();
        if search_fields.is_empty() {
            continue;
        }
        let mut select = vec!["id".to_owned()];
        select.extend(search_fields.iter().cloned());
        let select_refs: Vec<&str> = select.iter().map(String::as_str).collect();
        let mut query = Query::select(&module, &select_refs);
        for (i, f) in search_fields.iter().enumerate() {
            if i > 0 {
                query = query.or();
            }
            query = query.like(f, pattern.clone());
        }
        let Ok(vtql) = query.limit(0, limit).build() else {
            continue;
        };
        let rows = match conn.query(&vtql).await {
            Ok(rows) => rows,
            Err(CrmError::AccessDenied(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        let needle = text.to_lowercase();
        for row in rows {
            let matched = search_fields
                .iter()
                .find(|f| field(&row, f).to_lowercase().contains(&needle))
                .map(|f| format!("{f}: {}", field(&row, f)))
                .unwrap_or_default();
            hits.push(Hit {
                id: field(&row, "id").to_owned(),
                module: module.clone(),
                label: record_label(Some(&describe), &row),
                matched,
            });
        }
    }
    Ok(hits)
}

/// The module of a ws id, from the prefixes `describe` reports.
async fn module_of(conn: &Connection, id: &str) -> Option<String> {
    let prefix = id.split_once('x')?.0;
    for module in DEFAULT_MODULES {
        if let Ok(d) = conn.describe(module).await
            && d.id_prefix == prefix
        {
            return Some((*module).to_owned());
        }
    }
    None
}
