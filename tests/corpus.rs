//! Compare vtelink's parse of every corpus file with `EXPECTED.tsv` (values
//! from independent parsers, see `../shared/corpus/SOURCES.md`), print an
//! agreement table, and fail unless the disagreements are exactly the known,
//! documented ones (`docs/parsing.md`). Also: every `malformed/` file must be
//! survived. Skips with a message when the corpus is absent.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use vtelink::mail::{self, Email, Format};

const COLUMNS: [&str; 12] = [
    "message_id",
    "date_utc",
    "from_address",
    "from_name",
    "to_addresses",
    "cc_addresses",
    "subject",
    "attachment_count",
    "attachment_names",
    "attachment_sizes",
    "body_text_sha256",
    "has_html",
];

/// (file, column) pairs where vtelink deliberately differs from the oracle.
/// Each one is explained in docs/parsing.md.
const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[];

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.join("EXPECTED.tsv").is_file().then_some(dir)
}

fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn py_trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

fn norm_ws(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {}
            c => out.push(c),
        }
    }
    py_trim(&out).to_owned()
}

fn body_hash(body: Option<&str>) -> String {
    let Some(body) = body else {
        return String::new();
    };
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = body
        .split('\n')
        .map(|l| l.trim_end_matches([' ', '\t', '\u{b}', '\u{c}']))
        .collect();
    let joined = lines.join("\n");
    let joined = joined.trim_end_matches('\n');
    if joined.is_empty() {
        return String::new();
    }
    Sha256::digest(joined.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn subject_field(subject: Option<&str>) -> String {
    let subject = norm_ws(subject.unwrap_or(""));
    if subject.chars().count() > 1000 {
        let hash: String = Sha256::digest(subject.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("sha256:{hash}")
    } else {
        subject
    }
}

/// Embedded messages have no byte size in the oracle's view.
fn is_embedded(email: &Email, content_type: &str) -> bool {
    match email.format {
        Format::Eml => content_type.starts_with("message/"),
        Format::Msg => content_type == "application/vnd.ms-outlook",
    }
}

fn actual(email: &Email, column: &str) -> String {
    let join = |list: &[mail::Address]| {
        list.iter()
            .map(|a| a.address.as_str())
            .collect::<Vec<_>>()
            .join(",")
    };
    match column {
        "message_id" => email.message_id.clone().unwrap_or_default(),
        "date_utc" => email
            .date_utc()
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default(),
        "from_address" => email
            .from
            .as_ref()
            .map(|a| a.address.clone())
            .unwrap_or_default(),
        "from_name" => email
            .from
            .as_ref()
            .and_then(|a| a.name.clone())
            .unwrap_or_default(),
        "to_addresses" => join(&email.to),
        "cc_addresses" => join(&email.cc),
        "subject" => subject_field(email.subject.as_deref()),
        "attachment_count" => email.attachments.len().to_string(),
        "attachment_names" => email
            .attachments
            .iter()
            .map(|a| norm_ws(a.filename.as_deref().unwrap_or("")))
            .collect::<Vec<_>>()
            .join(" | "),
        "attachment_sizes" => email
            .attachments
            .iter()
            .map(|a| {
                if is_embedded(email, &a.content_type) {
                    "-".to_owned()
                } else {
                    a.size.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" | "),
        "body_text_sha256" => body_hash(email.text_body.as_deref()),
        "has_html" => if email.html_body.is_some() { "1" } else { "0" }.to_owned(),
        other => panic!("unknown column {other}"),
    }
}

#[test]
fn corpus_agrees_with_expected_tsv() {
    let Some(dir) = corpus_dir() else {
        eprintln!("SKIPPED: ../shared/corpus/EXPECTED.tsv not found (corpus absent)");
        return;
    };
    let tsv = std::fs::read_to_string(dir.join("EXPECTED.tsv")).expect("EXPECTED.tsv is UTF-8");
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().expect("header row").split('\t').collect();
    assert_eq!(header[0], "file");
    let mut agree = vec![0usize; COLUMNS.len()];
    let mut total = vec![0usize; COLUMNS.len()];
    let mut disagreements: BTreeSet<(String, String)> = BTreeSet::new();
    let mut details = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let fields: Vec<String> = line.split('\t').map(unescape).collect();
        let file = fields[0].clone();
        let email = match mail::parse_path(&dir.join(&file)) {
            Ok(email) => email,
            Err(e) => {
                for column in COLUMNS {
                    total[COLUMNS.iter().position(|c| *c == column).unwrap()] += 1;
                    disagreements.insert((file.clone(), column.to_owned()));
                }
                details.push(format!("{file}: parse failed: {e}"));
                continue;
            }
        };
        for (i, column) in COLUMNS.iter().enumerate() {
            let col = header.iter().position(|h| h == column).expect("column");
            let expected = &fields[col];
            let got = actual(&email, column);
            total[i] += 1;
            if &got == expected {
                agree[i] += 1;
            } else {
                disagreements.insert((file.clone(), (*column).to_owned()));
                details.push(format!(
                    "{file} {column}:\n    expected {:?}\n    got      {:?}",
                    expected.chars().take(300).collect::<String>(),
                    got.chars().take(300).collect::<String>()
                ));
            }
        }
    }
    println!("\n| column | agree/total | disagreeing files |\n|---|---|---|");
    for (i, column) in COLUMNS.iter().enumerate() {
        let files: Vec<&str> = disagreements
            .iter()
            .filter(|(_, c)| c == column)
            .map(|(f, _)| f.as_str())
            .collect();
        println!(
            "| {column} | {}/{} | {} |",
            agree[i],
            total[i],
            files.join(", ")
        );
    }
    for detail in &details {
        println!("{detail}");
    }
    let known: BTreeSet<(String, String)> = KNOWN_DISAGREEMENTS
        .iter()
        .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
        .collect();
    let unexpected: Vec<_> = disagreements.difference(&known).collect();
    let fixed: Vec<_> = known.difference(&disagreements).collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "disagreements changed ({} new, {} fixed).\n  new: {unexpected:?}\n  no longer disagreeing (update KNOWN_DISAGREEMENTS and docs/parsing.md): {fixed:?}",
        unexpected.len(),
        fixed.len()
    );
}
