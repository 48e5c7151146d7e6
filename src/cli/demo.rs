//! `vtelink demo`: the main job, end to end, against an embedded vtesim.

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Seed for the simulator's generated CRM data
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

pub async fn run(_args: Args, _ctx: &Ctx) -> crate::Result<()> {
    Err(crate::Error::Unsupported("demo not ready".into()))
}
