//! The failed-entries file: a JSON Lines manifest of what needs another
//! go, replayable as is (`vtelink replay FILE`). Messages that lived inside
//! an mbox are saved next to it as `.eml` files so the manifest can name them.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{Map, Value};

use super::{BatchError, Entry, Outcome};
use crate::l10n::Msg;

pub struct FailedFile {
    path: PathBuf,
    /// Opened at the first failure, so a clean run leaves no file behind.
    out: Mutex<Option<std::io::BufWriter<std::fs::File>>>,
    pub written: std::sync::atomic::AtomicU64,
}

impl FailedFile {
    /// Remove the previous run's file: the new one lists this run's entries only.
    pub fn new(path: PathBuf) -> FailedFile {
        let _ = std::fs::remove_file(&path);
        FailedFile {
            path,
            out: Mutex::new(None),
            written: Default::default(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, source: std::io::Error) -> BatchError {
        BatchError::FailedFile {
            path: self.path.display().to_string(),
            source,
        }
    }

    /// Folder for messages that have no file of their own.
    fn messages_dir(&self) -> PathBuf {
        self.path.with_extension("messages")
    }

    pub fn add(&self, entry: &Entry, outcome: &Outcome) -> Result<(), BatchError> {
        let file = match &entry.data {
            None => std::path::absolute(&entry.file).unwrap_or_else(|_| entry.file.clone()),
            Some(data) => {
                let dir = self.messages_dir();
                std::fs::create_dir_all(&dir).map_err(|e| self.error(e))?;
                let path = dir.join(format!("{}.eml", entry.key));
                std::fs::write(&path, data).map_err(|e| self.error(e))?;
                path
            }
        };
        let mut line = Map::new();
        line.insert("file".into(), Value::String(file.display().to_string()));
        line.insert(
            "to".into(),
            serde_json::to_value(&entry.targets).unwrap_or(Value::Null),
        );
        for (k, v) in &entry.extra {
            line.insert(k.clone(), v.clone());
        }
        // Why, for the person reading it; echoed as an extra column by the next run.
        let why = match outcome {
            Outcome::Failed { error, .. } => error.clone(),
            // A manifest format: English, like JSON.
            Outcome::Skipped { reason } => reason.english(),
            Outcome::Partial { not_stored, .. } => {
                let names: Vec<String> = not_stored.iter().map(Msg::english).collect();
                format!("not stored: {}", names.join(", "))
            }
            _ => String::new(),
        };
        line.insert("error".into(), Value::String(why));
        line.insert("origin".into(), Value::String(entry.origin.english()));
        let text = Value::Object(line).to_string();
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        if out.is_none() {
            if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| self.error(e))?;
            }
            let file = std::fs::File::create(&self.path).map_err(|e| self.error(e))?;
            *out = Some(std::io::BufWriter::new(file));
        }
        if let Some(w) = out.as_mut() {
            writeln!(w, "{text}")
                .and_then(|_| w.flush())
                .map_err(|e| self.error(e))?;
        }
        self.written
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}
