//! `vtelink parse FILE|-`: show what vtelink reads from an email.
//! (Filled in by the parsing issue.)

use std::path::PathBuf;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .eml or .msg file, or - for standard input
    pub file: PathBuf,
    /// Write the attachments into this directory (safe, unique names)
    #[arg(long, value_name = "DIR")]
    pub extract: Option<PathBuf>,
}

pub async fn run(_args: Args, _ctx: &Ctx) -> crate::Result<()> {
    Err(crate::Error::Unsupported(
        "`vtelink parse` is not available in this build yet".into(),
    ))
}
