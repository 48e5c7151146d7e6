//! `vtelink modules`: the CRM modules the user may see and link to.

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(_args: Args, _ctx: &Ctx) -> crate::Result<()> {
    Err(crate::Error::Unsupported(
        "`vtelink modules` needs a login; it is not available in this build yet".into(),
    ))
}
