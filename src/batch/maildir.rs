//! Maildir folders: every message file in `cur/` and `new/`, in name order
//! (delivery order for the usual `time.unique.host` names).

use std::path::{Path, PathBuf};

use super::BatchError;

/// The message files of a Maildir; refuses a folder with neither `cur/` nor `new/`.
pub fn messages(dir: &Path) -> Result<Vec<PathBuf>, BatchError> {
    let bad = |reason: crate::l10n::Msg| BatchError::BadSource {
        path: dir.display().to_string(),
        reason,
    };
    let mut found = false;
    let mut files = Vec::new();
    for sub in ["cur", "new"] {
        let path = dir.join(sub);
        let entries = match std::fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(bad(crate::msg!(
                    "batch-maildir-unlisted",
                    folder = sub,
                    detail = e.to_string()
                )));
            }
        };
        found = true;
        for entry in entries {
            let entry = entry.map_err(|e| {
                bad(crate::msg!(
                    "batch-maildir-unlisted",
                    folder = sub,
                    detail = e.to_string()
                ))
            })?;
            let name = entry.file_name();
            // Dot files are editor and tool droppings, never messages.
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
                files.push(entry.path());
            }
        }
    }
    if !found {
        return Err(bad(crate::msg!("batch-not-maildir")));
    }
    files.sort_by(|a, b| unique_name(a).cmp(unique_name(b)).then(a.cmp(b)));
    Ok(files)
}

/// A message's name without its `:2,FLAGS` info part, which changes when
/// the message is read or flagged (and moved from `new/` to `cur/`): it
/// names the message across runs.
pub fn unique_name(path: &Path) -> &str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // `;` is the info separator on file systems without `:`.
    name.split([':', ';']).next().unwrap_or(name)
}

/// Where a message listed at `path` (in `new/` or `cur/`) is now, when it
/// is gone from there: the file with the same unique name in either folder.
pub fn moved(path: &Path) -> Option<PathBuf> {
    if path.is_file() {
        return None;
    }
    let folder = path.parent()?;
    if !matches!(folder.file_name()?.to_str()?, "cur" | "new") {
        return None;
    }
    let name = unique_name(path);
    let dir = folder.parent()?;
    ["cur", "new"].iter().find_map(|sub| {
        std::fs::read_dir(dir.join(sub))
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| unique_name(p) == name && p.is_file())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_cur_and_new_without_flags_in_the_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("cur")).unwrap();
        std::fs::create_dir(dir.path().join("new")).unwrap();
        std::fs::create_dir(dir.path().join("tmp")).unwrap();
        std::fs::write(dir.path().join("cur/2.b.host:2,S"), "x").unwrap();
        std::fs::write(dir.path().join("new/1.a.host"), "x").unwrap();
        std::fs::write(dir.path().join("new/.hidden"), "x").unwrap();
        std::fs::write(dir.path().join("tmp/0.c.host"), "x").unwrap();
        let files = messages(dir.path()).unwrap();
        let names: Vec<&str> = files.iter().map(|f| unique_name(f)).collect();
        assert_eq!(names, ["1.a.host", "2.b.host"]);
        assert!(messages(&dir.path().join("cur")).is_err());
    }
}
