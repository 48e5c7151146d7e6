//! `vtelink suggest FILE`: CRM records matching the email's people.

use std::path::PathBuf;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .eml or .msg file, or - for standard input
    pub file: PathBuf,
    /// At most this many suggestions
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
}

pub async fn run(_args: Args, _ctx: &Ctx) -> crate::Result<()> {
    Err(crate::Error::Unsupported(
        "`vtelink suggest` is not available in this build yet".into(),
    ))
}
