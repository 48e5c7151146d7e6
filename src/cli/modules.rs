//! `vtelink modules`: the CRM modules the user may see, and which of them
//! can be matched by e-mail address (where suggestions come from).

use serde::Serialize;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {}

#[derive(Debug, Serialize)]
struct ModuleRow {
    name: String,
    label: String,
    singular: String,
    has_email_fields: bool,
}

pub async fn run(_args: Args, ctx: &Ctx) -> crate::Result<()> {
    let conn = super::connect(ctx).await?;
    let all = conn.listtypes().await?;
    let with_email = conn.listtypes_with_fields(&["email"]).await?;
    let rows: Vec<ModuleRow> = all
        .into_iter()
        .filter(|m| m.is_entity)
        .map(|m| ModuleRow {
            has_email_fields: with_email.iter().any(|e| e.name == m.name),
            name: m.name,
            label: m.label,
            singular: m.singular,
        })
        .collect();
    if ctx.out.is_json() {
        ctx.out.json(&serde_json::json!({ "modules": rows }))?;
    } else {
        for row in &rows {
            let mark = if row.has_email_fields {
                format!("  {}", crate::t!("modules-matched-by-email"))
            } else {
                String::new()
            };
            ctx.out.line(&format!(
                "{:<18} {}{}",
                row.name,
                crate::output::clean(&row.label),
                ctx.out.dim(&mark)
            ));
        }
    }
    Ok(())
}
