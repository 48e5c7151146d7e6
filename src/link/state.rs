//! What the links of one run share: `describe` answers (one per module per
//! process) and the targets already checked. `link` of several files and
//! `replay` hold one [`RunState`] for the whole run; a single `link` makes
//! its own.
//!
//! What a cache may get wrong, and how it is caught (docs/protocol.md §5):
//! - a permission changed mid-run: `create` answers `ACCESS_DENIED` and the
//!   entry fails with the CRM's own answer;
//! - a target deleted mid-run: `relate` answers `ACCESS_DENIED` and only the
//!   entries naming it fail (the target is then forgotten, so a later
//!   entry checks it again).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use super::{Calls, LinkError};
use crate::crm::{Connection, CrmError, Describe};

/// What `describe` said about a module: its answer, or that the user may
/// not see the module at all.
#[derive(Debug, Clone)]
enum Described {
    Module(Arc<Describe>),
    Denied(String),
}

/// Per-run state shared by every link of one process.
#[derive(Default)]
pub struct RunState {
    describes: Mutex<HashMap<&'static str, Arc<OnceCell<Described>>>>,
    /// Targets found to exist and be visible.
    targets: Mutex<HashMap<String, Arc<OnceCell<()>>>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl RunState {
    pub fn new() -> RunState {
        RunState::default()
    }

    /// `describe` of `module`, asked once per run (concurrent callers share
    /// the one call). Transport failures are not kept: the next caller asks
    /// again.
    pub(super) async fn describe(
        &self,
        conn: &Connection,
        module: &'static str,
        calls: &Calls,
    ) -> Result<Arc<Describe>, CrmError> {
        let cell = lock(&self.describes).entry(module).or_default().clone();
        let described = cell
            .get_or_try_init(|| async {
                calls.add(1);
                match conn.describe(module).await {
                    Ok(d) => Ok(Described::Module(Arc::new(d))),
                    Err(CrmError::AccessDenied(why)) => Ok(Described::Denied(why)),
                    Err(e) => Err(e),
                }
            })
            .await?;
        match described {
            Described::Module(d) => Ok(d.clone()),
            Described::Denied(why) => Err(CrmError::AccessDenied(why.clone())),
        }
    }

    /// Is `target` there and visible? Asked once per run while it is.
    pub(super) async fn check_target(
        &self,
        conn: &Connection,
        target: &str,
        calls: &Calls,
    ) -> Result<(), LinkError> {
        let cell = lock(&self.targets)
            .entry(target.to_owned())
            .or_default()
            .clone();
        cell.get_or_try_init(|| async {
            calls.add(1);
            match conn.retrieve(target).await {
                Ok(_) => Ok(()),
                Err(
                    CrmError::AccessDenied(_)
                    | CrmError::InvalidId(_)
                    | CrmError::RecordNotFound(_),
                ) => Err(LinkError::TargetNotVisible {
                    id: target.to_owned(),
                }),
                Err(e) => Err(e.into()),
            }
        })
        .await
        .map(|_| ())
    }
}
