//! `vtelink parse FILE|-`: show what vtelink reads from an email, and
//! optionally write its attachments to a directory.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Ctx;
use crate::Error;
use crate::mail::{self, Address, Email};
use crate::output::{clean, one_line};

/// How much of the body the summary shows.
const PREVIEW_LINES: usize = 6;
const PREVIEW_CHARS: usize = 400;
/// Give up finding a free name after this many numbered variants.
const MAX_NAME_TRIES: usize = 10_000;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .eml or .msg file, or - for standard input
    pub file: PathBuf,
    /// Write the attachments into this directory (safe, unique names)
    #[arg(long, value_name = "DIR")]
    pub extract: Option<PathBuf>,
}

/// The `--json` document: the full model plus what `--extract` wrote.
#[derive(Serialize)]
struct Doc<'a> {
    file: String,
    #[serde(flatten)]
    email: &'a Email,
    date_utc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extracted: Option<Vec<Extracted>>,
}

#[derive(Serialize)]
struct Extracted {
    index: usize,
    path: PathBuf,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let file = args.file.clone();
    let email = tokio::task::spawn_blocking(move || mail::parse_path(&file))
        .await
        .map_err(|e| Error::io(crate::t!("parse-task-failed"), std::io::Error::other(e)))??;

    let extracted = match &args.extract {
        Some(dir) => Some(extract(&email, dir)?),
        None => None,
    };

    if ctx.out.is_json() {
        let doc = Doc {
            file: args.file.display().to_string(),
            email: &email,
            date_utc: email
                .date_utc()
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            extracted,
        };
        return ctx.out.json(&doc);
    }

    print_summary(&args.file, &email, ctx);
    if let Some(written) = extracted {
        ctx.out.info(&crate::t!(
            "parse-wrote",
            count = written.len(),
            dir = clean(&args.extract.unwrap_or_default().display().to_string())
        ));
        for item in written {
            ctx.out.line(&crate::t!(
                "parse-extracted",
                path = clean(&item.path.display().to_string())
            ));
        }
    }
    for warning in &email.warnings {
        ctx.out.warn(&warning.to_string());
    }
    Ok(())
}

fn print_summary(path: &Path, email: &Email, ctx: &Ctx) {
    let out = &ctx.out;
    let format = match email.format {
        mail::Format::Eml => "eml",
        mail::Format::Msg => "msg",
    };
    let none = crate::t!("parse-none");
    // Labels padded to the longest one, in whatever language.
    let label =
        |key: &'static str| crate::l10n::lookup(crate::l10n::lang(), key).unwrap_or_default();
    let labels = [
        "parse-file",
        "parse-subject",
        "parse-from",
        "parse-sender",
        "parse-reply-to",
        "parse-to",
        "parse-date",
        "parse-references",
        "parse-body",
        "parse-attachments",
    ];
    let width = labels
        .iter()
        .map(|k| label(k).chars().count())
        .chain(["In-Reply-To:".len()])
        .max()
        .unwrap_or(0)
        + 1;
    let field = |label: &str, value: &str| {
        out.line(&format!(
            "{} {}",
            out.bold(&format!("{label:<width$}")),
            one_line(&clean(value))
        ));
    };
    field(
        &label("parse-file"),
        &format!(
            "{} ({format}, {})",
            path.display(),
            crate::l10n::size(email.raw_size)
        ),
    );
    field(
        &label("parse-subject"),
        email.subject.as_deref().unwrap_or(&none),
    );
    field(
        &label("parse-from"),
        &email
            .from
            .as_ref()
            .map(show_address)
            .unwrap_or_else(|| none.clone()),
    );
    if let Some(sender) = &email.sender {
        field(&label("parse-sender"), &show_address(sender));
    }
    if let Some(reply_to) = &email.reply_to {
        field(&label("parse-reply-to"), &show_address(reply_to));
    }
    for (key, list) in [
        ("parse-to", &email.to),
        ("parse-cc", &email.cc),
        ("parse-bcc", &email.bcc),
    ] {
        if !list.is_empty() || key == "parse-to" {
            field(&label(key), &show_list(list));
        }
    }
    let date = match (email.date, email.date_utc()) {
        (Some(local), Some(utc)) => crate::t!(
            "parse-date-value",
            local = format!("{} {}", crate::l10n::datetime(&local), local.format("%:z")),
            utc = crate::l10n::datetime(&utc)
        ),
        _ => none.clone(),
    };
    field(&label("parse-date"), &date);
    for (name, value) in [
        ("Message-ID:", &email.message_id),
        ("In-Reply-To:", &email.in_reply_to),
        ("X-Mailer:", &email.x_mailer),
    ] {
        if let Some(value) = value {
            field(name, value);
        }
    }
    if !email.references.is_empty() {
        field(
            &label("parse-references"),
            &crate::t!("parse-messages", count = email.references.len()),
        );
    }
    let chars = |body: &Option<String>| {
        body.as_ref().map_or(none.clone(), |t| {
            crate::t!("parse-chars", count = t.chars().count())
        })
    };
    let body = crate::t!(
        "parse-body-value",
        text = chars(&email.text_body),
        html = chars(&email.html_body)
    );
    field(&label("parse-body"), &body);
    if let Some(text) = email.text_body.as_deref().filter(|t| !t.trim().is_empty()) {
        for line in preview(text) {
            out.line(&format!("  {}", out.dim(&line)));
        }
    }
    out.line(&format!(
        "{} {}",
        out.bold(&format!("{:<width$}", label("parse-attachments"))),
        email.attachments.len()
    ));
    let no_name = crate::t!("parse-no-name");
    for (index, attachment) in email.attachments.iter().enumerate() {
        let mut flags = Vec::new();
        if attachment.inline {
            flags.push(crate::t!("parse-inline"));
        }
        if let Some(cid) = &attachment.content_id {
            flags.push(format!("cid:{}", one_line(&clean(cid))));
        }
        out.line(&format!(
            "  {:>3}  {:>10}  {:<28}  {}{}",
            index + 1,
            crate::l10n::size(attachment.size),
            one_line(&clean(&attachment.content_type)),
            one_line(&clean(attachment.filename.as_deref().unwrap_or(&no_name))),
            if flags.is_empty() {
                String::new()
            } else {
                format!("  [{}]", flags.join(", "))
            }
        ));
    }
}

fn show_address(address: &Address) -> String {
    match &address.name {
        Some(name) => format!("{name} <{}>", address.address),
        None => address.address.clone(),
    }
}

fn show_list(list: &[Address]) -> String {
    const SHOWN: usize = 10;
    if list.is_empty() {
        return crate::t!("parse-none");
    }
    let mut text = list
        .iter()
        .take(SHOWN)
        .map(show_address)
        .collect::<Vec<_>>()
        .join(", ");
    if list.len() > SHOWN {
        text.push_str(&crate::t!("parse-and-more", count = list.len() - SHOWN));
    }
    text
}

/// The first lines of the plain body, cleaned, bounded.
fn preview(text: &str) -> Vec<String> {
    let mut budget = PREVIEW_CHARS;
    let mut lines = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(PREVIEW_LINES)
    {
        if budget == 0 {
            break;
        }
        let line: String = clean(line).chars().take(budget).collect();
        budget = budget.saturating_sub(line.chars().count());
        lines.push(line);
    }
    lines
}

/// Write every attachment into `dir` under its safe name, never replacing
/// an existing file: a taken name gets ` (2)`, ` (3)`, ... before the
/// extension.
fn extract(email: &Email, dir: &Path) -> crate::Result<Vec<Extracted>> {
    // A file where the directory should be is a wrong argument, not an I/O
    // failure: exit 2 with one line, and nothing is overwritten.
    let not_a_dir = || {
        Error::usage(crate::msg!(
            "err-parse-extract-not-a-dir",
            path = clean(&dir.display().to_string())
        ))
    };
    if dir.exists() && !dir.is_dir() {
        return Err(not_a_dir());
    }
    std::fs::create_dir_all(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotADirectory | std::io::ErrorKind::AlreadyExists => not_a_dir(),
        _ => Error::io(crate::t!("parse-cannot-create", path = dir), e),
    })?;
    let mut written = Vec::with_capacity(email.attachments.len());
    for (index, attachment) in email.attachments.iter().enumerate() {
        let name = attachment.safe_filename(index);
        let (stem, ext) = match name.rfind('.') {
            Some(dot) if dot > 0 => (&name[..dot], &name[dot..]),
            _ => (name.as_str(), ""),
        };
        let mut done = None;
        for attempt in 1..=MAX_NAME_TRIES {
            let candidate = if attempt == 1 {
                dir.join(&name)
            } else {
                dir.join(format!("{stem} ({attempt}){ext}"))
            };
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&candidate)
            {
                Ok(mut file) => {
                    file.write_all(&attachment.data)
                        .and_then(|()| file.flush())
                        .map_err(|e| {
                            Error::io(crate::t!("parse-cannot-write", path = &candidate), e)
                        })?;
                    done = Some(candidate);
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(Error::io(
                        crate::t!("parse-cannot-create", path = &candidate),
                        e,
                    ));
                }
            }
        }
        let path = done.ok_or_else(|| {
            Error::io(
                crate::t!("parse-no-free-name", name = &name, dir = dir),
                std::io::Error::from(std::io::ErrorKind::AlreadyExists),
            )
        })?;
        written.push(Extracted { index, path });
    }
    Ok(written)
}
