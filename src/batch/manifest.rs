//! Manifests: CSV with a `file,to` header, or JSON Lines
//! `{"file": "...", "to": ["4x1"] | "auto"}`. Read one line at a time;
//! paths are relative to the manifest's folder.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{BatchError, Targets};
use crate::l10n::Msg;
use crate::msg;

/// A manifest line that names an email, before it becomes an [`super::Entry`].
#[derive(Debug)]
pub struct Line {
    pub line: u64,
    pub file: PathBuf,
    pub targets: Targets,
    pub extra: Map<String, Value>,
}

/// A line that is not usable, with why.
#[derive(Debug)]
pub struct BadLine {
    pub line: u64,
    pub reason: Msg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

/// `.jsonl`/`.ndjson`/`.json` are JSON Lines, `.csv` CSV; otherwise a
/// first non-blank `{` means JSON Lines.
pub fn detect(path: &Path) -> Result<Format, BatchError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("jsonl" | "ndjson" | "json") => return Ok(Format::JsonLines),
        Some("csv") => return Ok(Format::Csv),
        _ => {}
    }
    let mut reader = BufReader::new(open(path)?);
    let mut first = Vec::new();
    while first.iter().all(u8::is_ascii_whitespace) {
        first.clear();
        let n = reader
            .read_until(b'\n', &mut first)
            .map_err(|e| bad(path, msg!("batch-cannot-read", detail = e.to_string())))?;
        if n == 0 {
            break;
        }
    }
    Ok(
        if first.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            Format::JsonLines
        } else {
            Format::Csv
        },
    )
}

fn open(path: &Path) -> Result<File, BatchError> {
    File::open(path).map_err(|e| {
        bad(
            path,
            msg!("batch-cannot-open-manifest", detail = e.to_string()),
        )
    })
}

fn bad(path: &Path, reason: Msg) -> BatchError {
    BatchError::BadSource {
        path: path.display().to_string(),
        reason,
    }
}

/// Read `path`, calling `each` per line in order; `each` returns false to stop.
/// `default` stands in for an empty or missing `to`. Fails only when the
/// manifest as a whole is unusable (missing, no `file` column).
pub fn read(
    path: &Path,
    default: Option<&Targets>,
    mut each: impl FnMut(Result<Line, BadLine>) -> bool,
) -> Result<(), BatchError> {
    // The folder of the manifest itself: through a symlink, its target's.
    let base = std::fs::canonicalize(path)
        .ok()
        .and_then(|real| real.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| path.parent().unwrap_or(Path::new("")).to_path_buf());
    match detect(path)? {
        Format::Csv => read_csv(path, &base, default, &mut each),
        Format::JsonLines => read_jsonl(path, &base, default, &mut each),
    }
}

fn targets_or_default(
    to: Option<Result<Targets, Msg>>,
    default: Option<&Targets>,
) -> Result<Targets, Msg> {
    match (to, default) {
        (Some(t), _) => t,
        (None, Some(d)) => Ok(d.clone()),
        (None, None) => Err(msg!("batch-no-to")),
    }
}

fn resolve(base: &Path, file: &str) -> PathBuf {
    let file = Path::new(file);
    if file.is_absolute() {
        file.to_path_buf()
    } else {
        base.join(file)
    }
}

fn read_csv(
    path: &Path,
    base: &Path,
    default: Option<&Targets>,
    each: &mut dyn FnMut(Result<Line, BadLine>) -> bool,
) -> Result<(), BatchError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::Headers)
        .from_reader(BufReader::new(open(path)?));
    let headers = reader
        .headers()
        .map_err(|e| bad(path, msg!("batch-csv-header", detail = e.to_string())))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let Some(file_col) = column("file") else {
        return Err(bad(path, msg!("batch-no-file-column")));
    };
    let to_col = column("to");
    if to_col.is_none() && default.is_none() {
        return Err(bad(path, msg!("batch-no-to-column")));
    }
    // The csv crate's own line numbers are off for CRLF files and after
    // blank lines: count the newlines before each record's first byte.
    let mut lines = LineCounter::new(open(path)?);
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte();
        let line = lines.line_at(start);
        let result = match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = record.position().map_or(line, |p| lines.line_at(p.byte()));
                csv_line(&headers, &record, file_col, to_col, base, default)
                    .map(|l| Line { line, ..l })
                    .map_err(|reason| BadLine { line, reason })
            }
            Err(e) => {
                let line = e.position().map_or(line, |p| lines.line_at(p.byte()));
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    // An I/O error: the rest of the file cannot be read either.
                    each(Err(BadLine {
                        line,
                        reason: msg!("batch-manifest-unreadable", detail = e.to_string()),
                    }));
                    return Ok(());
                }
                Err(BadLine {
                    line,
                    reason: msg!("batch-not-utf8"),
                })
            }
        };
        if !each(result) {
            return Ok(());
        }
    }
}

/// The 1-based line where a record starting at a byte offset begins, for
/// offsets that only grow: reads the file once, alongside the CSV reader,
/// counting `\n`.
struct LineCounter {
    input: BufReader<File>,
    /// Bytes read so far, and the newlines among them.
    offset: u64,
    newlines: u64,
}

impl LineCounter {
    fn new(file: File) -> LineCounter {
        LineCounter {
            input: BufReader::new(file),
            offset: 0,
            newlines: 0,
        }
    }

    fn line_at(&mut self, byte: u64) -> u64 {
        while self.offset < byte {
            let Ok(buffer) = self.input.fill_buf() else {
                break;
            };
            if buffer.is_empty() {
                break;
            }
            let want = usize::try_from(byte - self.offset).unwrap_or(usize::MAX);
            let take = buffer.len().min(want);
            self.newlines += buffer[..take].iter().filter(|&&b| b == b'\n').count() as u64;
            self.offset += take as u64;
            self.input.consume(take);
        }
        // The csv crate may point at the line end before a record (CRLF,
        // blank lines): a record starts at its first other byte.
        while let Ok(buffer) = self.input.fill_buf() {
            let ends = buffer
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            if ends == 0 {
                break;
            }
            self.newlines += buffer[..ends].iter().filter(|&&b| b == b'\n').count() as u64;
            self.offset += ends as u64;
            self.input.consume(ends);
        }
        self.newlines + 1
    }
}

fn csv_line(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
    file_col: usize,
    to_col: Option<usize>,
    base: &Path,
    default: Option<&Targets>,
) -> Result<Line, Msg> {
    let file = record.get(file_col).map(str::trim).unwrap_or("");
    if file.is_empty() {
        return Err(msg!("batch-file-column-empty"));
    }
    let to = to_col
        .and_then(|c| record.get(c))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(Targets::parse);
    let targets = targets_or_default(to, default)?;
    let mut extra = Map::new();
    for (index, name) in headers.iter().enumerate() {
        if index == file_col || Some(index) == to_col {
            continue;
        }
        let value = record.get(index).unwrap_or("");
        extra.insert(name.to_owned(), Value::String(value.to_owned()));
    }
    Ok(Line {
        line: 0,
        file: resolve(base, file),
        targets,
        extra,
    })
}

/// Longest JSON line read; longer ones are reported, not held.
const MAX_LINE: u64 = 1024 * 1024;

fn read_jsonl(
    path: &Path,
    base: &Path,
    default: Option<&Targets>,
    each: &mut dyn FnMut(Result<Line, BadLine>) -> bool,
) -> Result<(), BatchError> {
    let mut reader = BufReader::new(open(path)?);
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        line_no += 1;
        let n = std::io::Read::take(&mut reader, MAX_LINE)
            .read_until(b'\n', &mut buf)
            .map_err(|e| {
                bad(
                    path,
                    msg!(
                        "batch-line-unreadable",
                        line = line_no,
                        detail = e.to_string()
                    ),
                )
            })?;
        if n == 0 {
            return Ok(());
        }
        if !buf.ends_with(b"\n") && n as u64 == MAX_LINE {
            // Skip the rest of the over-long line.
            let mut rest = Vec::new();
            let _ = reader.read_until(b'\n', &mut rest);
            if !each(Err(BadLine {
                line: line_no,
                reason: msg!("batch-line-too-long", limit = MAX_LINE),
            })) {
                return Ok(());
            }
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let result = json_line(&buf, base, default)
            .map(|l| Line { line: line_no, ..l })
            .map_err(|reason| BadLine {
                line: line_no,
                reason,
            });
        if !each(result) {
            return Ok(());
        }
    }
}

fn json_line(bytes: &[u8], base: &Path, default: Option<&Targets>) -> Result<Line, Msg> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| msg!("batch-json-invalid", detail = e.to_string()))?;
    let Value::Object(mut object) = value else {
        return Err(msg!("batch-json-not-object"));
    };
    let file = match object.remove("file") {
        Some(Value::String(f)) if !f.trim().is_empty() => f,
        Some(Value::String(_)) | None => return Err(msg!("batch-json-no-file")),
        Some(_) => return Err(msg!("batch-json-file-not-string")),
    };
    let to = match object.remove("to") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(Targets::parse(&s)),
        Some(Value::Array(items)) => {
            let ids: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
            match ids {
                Some(ids) => Some(Targets::from_ids(ids.iter().map(|s| s.trim()))),
                None => Some(Err(msg!("batch-json-to-not-strings"))),
            }
        }
        Some(_) => Some(Err(msg!("batch-json-to-bad"))),
    };
    let targets = targets_or_default(to, default)?;
    Ok(Line {
        line: 0,
        file: resolve(base, file.trim()),
        targets,
        extra: object,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn collect(name: &str, text: &str, default: Option<&Targets>) -> Vec<Result<Line, BadLine>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let mut out = Vec::new();
        read(&path, default, |l| {
            out.push(l);
            true
        })
        .unwrap();
        out
    }

    #[test]
    fn csv_lines_extra_columns_and_errors() {
        let got = collect(
            "m.csv",
            "file,to,ticket\na.eml,4x1;4x2,T-1\n,4x1,x\nb.eml,bob,y\n\"c d.eml\",auto,z\n",
            None,
        );
        assert_eq!(got.len(), 4);
        let first = got[0].as_ref().unwrap();
        assert_eq!(first.line, 2);
        assert!(first.file.ends_with("a.eml"));
        assert_eq!(first.extra["ticket"], "T-1");
        assert_eq!(got[1].as_ref().unwrap_err().line, 3);
        assert!(
            got[2]
                .as_ref()
                .unwrap_err()
                .reason
                .english()
                .contains("bob")
        );
        assert_eq!(got[3].as_ref().unwrap().targets, Targets::Auto);
    }

    #[test]
    fn jsonl_lines() {
        let default = Targets::Ids(vec!["4x9".into()]);
        let got = collect(
            "m.jsonl",
            "{\"file\":\"a.eml\",\"to\":[\"4x1\"],\"note\":3}\n\nnot json\n{\"file\":\"b.eml\"}\n[1]\n",
            Some(&default),
        );
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].as_ref().unwrap().extra["note"], 3);
        assert_eq!(got[1].as_ref().unwrap_err().line, 3);
        assert_eq!(got[2].as_ref().unwrap().targets, default);
        assert_eq!(got[3].as_ref().unwrap_err().line, 5);
    }

    #[test]
    fn csv_line_numbers_with_crlf_and_blank_lines() {
        for (text, want) in [
            (
                "file,to\r\na.eml,4x1\r\nb.eml,4x1\r\n\r\nc.eml,4x1\r\n",
                vec![2, 3, 5],
            ),
            (
                "file,to\na.eml,4x1\n\nb.eml,4x1\n\n\nc.eml,4x1\n",
                vec![2, 4, 7],
            ),
            (
                "\nfile,to\na.eml,4x1\n\"x\ny.eml\",4x1\nc.eml,4x1",
                vec![3, 4, 6],
            ),
        ] {
            let got: Vec<u64> = collect("m.csv", text, None)
                .iter()
                .map(|l| match l {
                    Ok(l) => l.line,
                    Err(b) => b.line,
                })
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn a_csv_without_file_column_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.csv");
        std::fs::write(&path, "name,to\na,4x1\n").unwrap();
        assert!(read(&path, None, |_| true).is_err());
    }
}
