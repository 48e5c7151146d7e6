//! `vtelink link FILE --to ID...`: copy an email into the CRM and relate it.

use std::path::PathBuf;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .eml or .msg file, or - for standard input
    pub file: PathBuf,
    /// Record ids to relate the message to (e.g. 4x143); repeatable
    #[arg(long = "to", value_name = "ID")]
    pub to: Vec<String>,
    /// Show what would be created without changing the CRM
    #[arg(long)]
    pub dry_run: bool,
}

pub async fn run(_args: Args, _ctx: &Ctx) -> crate::Result<()> {
    Err(crate::Error::Unsupported(
        "`vtelink link` is not available in this build yet".into(),
    ))
}
