//! The inputs of a replay and how they become numbered, keyed entries.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use crate::l10n::Msg;

use super::{BatchError, Entry, Item, Targets, digest, maildir, manifest, mbox};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Manifest(PathBuf),
    Mbox(PathBuf),
    Maildir(PathBuf),
    /// One folder of an IMAP mailbox (read by [`super::imap`]).
    Imap(Box<super::imap::ImapSource>),
}

impl Source {
    fn kind(&self) -> &'static str {
        match self {
            Source::Manifest(_) => "manifest",
            Source::Mbox(_) => "mbox",
            Source::Maildir(_) => "maildir",
            Source::Imap(_) => "imap",
        }
    }

    /// The file or folder; for a mailbox its URL (`imaps://user@host:993/INBOX`).
    pub fn path(&self) -> &Path {
        match self {
            Source::Manifest(p) | Source::Mbox(p) | Source::Maildir(p) => p,
            Source::Imap(source) => &source.shown,
        }
    }

    /// What names this source in keys: the real path of a file or folder,
    /// the URL of a mailbox folder.
    fn identity(&self) -> Vec<u8> {
        match self {
            Source::Imap(source) => source.url.to_string().into_bytes(),
            other => path_bytes(&canonical(other.path())).to_vec(),
        }
    }

    /// Fail early, before any write, when a source as a whole is unusable.
    pub fn check(&self, default: Option<&Targets>) -> Result<(), BatchError> {
        let bad = |reason: crate::l10n::Msg| BatchError::BadSource {
            path: self.path().display().to_string(),
            reason,
        };
        match self {
            Source::Manifest(path) => {
                if manifest::detect(path)? == manifest::Format::Csv {
                    // Reads the header only: the first call stops the reader.
                    manifest::read(path, default, |_| false)?;
                }
                Ok(())
            }
            Source::Mbox(path) => match std::fs::metadata(path) {
                Ok(m) if m.is_file() => Ok(()),
                Ok(_) => Err(bad(crate::msg!("batch-mbox-not-file"))),
                Err(e) => Err(bad(crate::msg!(
                    "batch-cannot-open-mbox",
                    detail = e.to_string()
                ))),
            },
            Source::Maildir(path) => maildir::messages(path).map(|_| ()),
            // Reached when the run starts (a failure there ends it before any link).
            Source::Imap(_) if default.is_none() => Err(no_targets(self)),
            Source::Imap(_) => Ok(()),
        }
    }
}

/// One name per file however it was spelled (a symlink, `../dir/links.csv`):
/// the real path when the file exists, else the absolute one (a missing file
/// still names itself).
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn path_bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

/// Names a set of sources and default targets, linked to one CRM as one
/// user: the default journal's file name.
pub fn sources_key(
    sources: &[Source],
    default: Option<&Targets>,
    identity: &crate::auth::CrmIdentity,
) -> String {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    for source in sources {
        parts.push(source.kind().as_bytes().to_vec());
        parts.push(source.identity());
    }
    parts.push(default.map(Targets::key).unwrap_or_default().into_bytes());
    parts.push(identity.url.as_bytes().to_vec());
    parts.push(identity.user.as_bytes().to_vec());
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    digest(&refs)
}

pub(super) fn entry_key(kind: &str, path: &Path, locator: &str, targets: &Targets) -> String {
    digest(&[
        kind.as_bytes(),
        path_bytes(&canonical(path)),
        locator.as_bytes(),
        targets.key().as_bytes(),
    ])
}

/// Stream every file source in order, numbering items from 1; `each`
/// returns false to stop. Runs on a blocking thread: it reads files.
/// Mailboxes ([`Source::Imap`]) are passed over: they are read by
/// [`super::imap::read`], on the runtime.
pub fn read_all(
    sources: &[Source],
    default: Option<&Targets>,
    mut each: impl FnMut(Item) -> bool,
) -> Result<(), BatchError> {
    let mut seq = 0u64;
    let mut go_on = true;
    for source in sources {
        if !go_on {
            break;
        }
        let shown = source.path().display().to_string();
        match source {
            Source::Manifest(path) => {
                manifest::read(path, default, |line| {
                    seq += 1;
                    let item = match line {
                        Ok(line) => Item::Entry(Entry {
                            seq,
                            key: entry_key("file", &line.file, "", &line.targets),
                            origin: crate::msg!(
                                "origin-line",
                                file = shown.as_str(),
                                line = line.line.to_string()
                            ),
                            file: line.file,
                            data: None,
                            targets: line.targets,
                            extra: line.extra,
                        }),
                        Err(bad) => Item::Malformed {
                            seq,
                            origin: crate::msg!(
                                "origin-line",
                                file = shown.as_str(),
                                line = bad.line.to_string()
                            ),
                            reason: bad.reason,
                        },
                    };
                    go_on = each(item);
                    go_on
                })?;
            }
            Source::Mbox(path) => {
                let Some(targets) = default else {
                    return Err(no_targets(source));
                };
                let file = std::fs::File::open(path).map_err(|e| BatchError::BadSource {
                    path: shown.clone(),
                    reason: crate::msg!("batch-cannot-open-mbox", detail = e.to_string()),
                })?;
                for piece in mbox::Reader::new(BufReader::with_capacity(256 * 1024, file)) {
                    seq += 1;
                    let item = match piece {
                        Ok(mbox::Piece::Message(m)) => Item::Entry(Entry {
                            seq,
                            key: entry_key("mbox", path, &m.offset.to_string(), targets),
                            origin: crate::msg!(
                                "origin-mbox",
                                file = shown.as_str(),
                                offset = m.offset.to_string(),
                                line = m.line.to_string()
                            ),
                            file: path.clone(),
                            data: Some(m.data),
                            targets: targets.clone(),
                            extra: Default::default(),
                        }),
                        Ok(mbox::Piece::Junk {
                            offset,
                            line,
                            reason,
                        }) => Item::Malformed {
                            seq,
                            origin: crate::msg!(
                                "origin-mbox",
                                file = shown.as_str(),
                                offset = offset.to_string(),
                                line = line.to_string()
                            ),
                            reason,
                        },
                        Err(e) => Item::Malformed {
                            seq,
                            origin: Msg::verbatim(&shown),
                            reason: crate::msg!("batch-mbox-unreadable", detail = e.to_string()),
                        },
                    };
                    go_on = each(item);
                    if !go_on {
                        break;
                    }
                }
            }
            Source::Imap(_) => {}
            Source::Maildir(dir) => {
                let Some(targets) = default else {
                    return Err(no_targets(source));
                };
                for file in maildir::messages(dir)? {
                    seq += 1;
                    let key = entry_key("maildir", dir, maildir::unique_name(&file), targets);
                    go_on = each(Item::Entry(Entry {
                        seq,
                        key,
                        origin: Msg::verbatim(&file.display().to_string()),
                        file,
                        data: None,
                        targets: targets.clone(),
                        extra: Default::default(),
                    }));
                    if !go_on {
                        break;
                    }
                }
            }
        }
    }
    Ok(())
}

pub(super) fn no_targets(source: &Source) -> BatchError {
    BatchError::BadSource {
        path: source.path().display().to_string(),
        reason: crate::msg!("batch-no-targets"),
    }
}

/// How many items the sources hold (for a progress bar's length): one
/// streaming pass, nothing kept.
pub fn count(sources: &[Source], default: Option<&Targets>) -> u64 {
    let mut n = 0u64;
    for source in sources {
        match source {
            Source::Manifest(path) => {
                let _ = manifest::read(path, default, |_| {
                    n += 1;
                    true
                });
            }
            Source::Mbox(path) => {
                if let Ok(file) = std::fs::File::open(path) {
                    n += mbox::Reader::new(BufReader::with_capacity(256 * 1024, file)).count()
                        as u64;
                }
            }
            Source::Maildir(dir) => {
                n += maildir::messages(dir).map_or(0, |m| m.len() as u64);
            }
            // Unknown until the server is asked: the bar grows as they come.
            Source::Imap(_) => {}
        }
    }
    n
}
