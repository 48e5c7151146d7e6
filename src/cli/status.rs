//! `vtelink status`: profile, CRM, user, version and session state.
//! (Filled in by the login issue.)

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Do not contact the CRM; show only what is stored locally
    #[arg(long)]
    pub offline: bool,
}

pub async fn run(_args: Args, _ctx: &Ctx) -> crate::Result<()> {
    Err(crate::Error::Unsupported(
        "`vtelink status` is not available in this build yet".into(),
    ))
}
