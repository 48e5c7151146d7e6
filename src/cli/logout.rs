//! `vtelink logout`: end the CRM session and delete local secrets. Never
//! changes CRM data. (Filled in by the login issue.)

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Log out of every profile
    #[arg(long)]
    pub all: bool,
}

pub async fn run(_args: Args, _ctx: &Ctx) -> crate::Result<()> {
    Err(crate::Error::Unsupported(
        "`vtelink logout` is not available in this build yet".into(),
    ))
}
