//! `vtelink search TEXT`: find CRM records by hand.

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Name, e-mail address or record number to look for
    pub text: String,
    /// Only this module (repeatable)
    #[arg(long = "module", value_name = "MODULE")]
    pub modules: Vec<String>,
}

pub async fn run(_args: Args, _ctx: &Ctx) -> crate::Result<()> {
    Err(crate::Error::Unsupported(
        "`vtelink search` is not available in this build yet".into(),
    ))
}
