//! Which ids an email may be linked to, and checking that they exist.

use super::state::RunState;
use super::{Calls, LinkError, is_ws_id};
use crate::crm::Connection;

/// Records that are never link targets, by their (fixed, vtenext-wide)
/// webservice prefix (wire `entity-prefixes.tsv`): they have no Messages or
/// Documents relation, so a link to one would fail half-way, after writing.
const NOT_TARGETS: &[(&str, &str)] = &[
    ("7", "Documents"),
    ("8", "Emails"),
    ("19", "Users"),
    ("22", "Groups"),
    ("23", "Currency"),
    ("24", "DocumentFolders"),
    ("44", "Messages"),
];

/// Target ids in order, without repeats; refuses ids that are not ids, or
/// not records an email can be linked to.
pub(super) fn checked_targets(targets: &[String]) -> Result<Vec<String>, LinkError> {
    if targets.is_empty() {
        return Err(LinkError::NoTargets);
    }
    let mut unique: Vec<String> = Vec::new();
    for target in targets {
        if !is_ws_id(target) {
            return Err(LinkError::BadTargetId(target.clone()));
        }
        let prefix = target.split_once('x').map_or("", |(p, _)| p);
        if let Some((_, module)) = NOT_TARGETS.iter().find(|(p, _)| *p == prefix) {
            return Err(LinkError::NotATarget {
                id: target.clone(),
                module,
            });
        }
        if !unique.contains(target) {
            unique.push(target.clone());
        }
    }
    Ok(unique)
}

/// Every target exists and is visible, checked before anything is written
/// (once per run: `state` remembers the targets already found): a typo must
/// not leave a half-linked message behind.
pub(super) async fn check_targets(
    conn: &Connection,
    state: &RunState,
    targets: &[String],
    calls: &Calls,
) -> Result<(), LinkError> {
    let checks = futures::future::join_all(
        targets
            .iter()
            .map(|target| state.check_target(conn, target, calls)),
    )
    .await;
    checks.into_iter().collect()
}

/// What `link` checks about `targets` before writing anything, and nothing
/// else: for a dry run, which must refuse exactly what the real run refuses.
/// The targets in order, without repeats.
pub async fn verify_targets(
    conn: &Connection,
    state: &RunState,
    targets: &[String],
) -> Result<Vec<String>, LinkError> {
    let unique = checked_targets(targets)?;
    check_targets(conn, state, &unique, &Calls::default()).await?;
    Ok(unique)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_documents_and_messages_are_not_targets() {
        for id in ["19x1", "7x12", "44x3"] {
            assert!(matches!(
                checked_targets(&[id.to_owned()]),
                Err(LinkError::NotATarget { .. })
            ));
        }
        let ok = checked_targets(&["4x143".into(), "3x140".into(), "4x143".into()]).unwrap();
        assert_eq!(ok, ["4x143", "3x140"]);
        // 44 is Messages, 4 is Contacts: the whole prefix counts.
        assert!(checked_targets(&["4x44".into()]).is_ok());
    }
}
