//! `vtelink replay MANIFEST`: many links from a manifest, resumably.

use std::path::PathBuf;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The manifest (CSV: file,record ids)
    pub manifest: PathBuf,
}

pub async fn run(_args: Args, _ctx: &Ctx) -> crate::Result<()> {
    Err(crate::Error::Unsupported(
        "`vtelink replay` is not available in this build yet".into(),
    ))
}
