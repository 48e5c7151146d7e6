//! Printing: human text or JSON on stdout, progress and errors on stderr.
//!
//! Everything that came from an email or the CRM is untrusted: callers pass
//! it through [`clean`] (from [`crate::sanitize`]) before it reaches a
//! terminal, so a subject line cannot move the cursor, change the title or
//! hide text.

use std::io::{IsTerminal, Write};

use crate::error::Error;
// Re-exported: printing code and older call sites say `output::clean`.
pub use crate::sanitize::{clean, one_line};

/// The version of the JSON contract (`docs/json.md`, `docs/schemas/`),
/// carried as `schema_version` by every JSON document vtelink prints. Raised
/// only for a breaking change: a field removed, renamed or retyped, or a
/// meaning changed. New fields and new enum values are not breaking.
pub const SCHEMA_VERSION: u32 = 1;

/// A document with `schema_version` in front of the command's own fields.
#[derive(serde::Serialize)]
pub struct Versioned<'a, T: ?Sized> {
    pub schema_version: u32,
    #[serde(flatten)]
    pub doc: &'a T,
}

impl<'a, T: ?Sized> Versioned<'a, T> {
    pub fn new(doc: &'a T) -> Self {
        Versioned {
            schema_version: SCHEMA_VERSION,
            doc,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Which stream a colour decision is for: each is decided on its own, so
/// `vtelink parse x 2>log` colours the terminal and keeps the log plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl ColorChoice {
    /// Colour for this stream? `always` and `never` win; `auto` means the
    /// stream is a terminal and `NO_COLOR` is unset or empty (no-color.org).
    pub fn colors(self, stream: Stream) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let is_terminal = match stream {
                    Stream::Stdout => std::io::stdout().is_terminal(),
                    Stream::Stderr => std::io::stderr().is_terminal(),
                };
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Output {
    json: bool,
    quiet: bool,
    /// Colours for the command's output (stdout).
    color: bool,
    /// Colours for warnings and errors (stderr).
    color_stderr: bool,
}

impl Output {
    pub fn new(json: bool, quiet: bool, choice: ColorChoice) -> Self {
        Output {
            json,
            quiet,
            color: choice.colors(Stream::Stdout),
            color_stderr: choice.colors(Stream::Stderr),
        }
    }

    /// An output that prints plain text without colours (tests, demo).
    pub fn plain() -> Self {
        Output {
            json: false,
            quiet: false,
            color: false,
            color_stderr: false,
        }
    }

    pub fn is_json(&self) -> bool {
        self.json
    }

    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// The command's JSON document on stdout (one document, pretty-printed),
    /// with `schema_version` as its first field. `value` must serialize to a
    /// JSON object (a struct or a map): lists go under a named field.
    pub fn json<T: serde::Serialize + ?Sized>(&self, value: &T) -> crate::Result<()> {
        let text = serde_json::to_string_pretty(&Versioned::new(value))
            .map_err(|e| Error::io("cannot encode JSON output", e.into()))?;
        self.stdout_line(&text);
        Ok(())
    }

    /// One compact JSON document on one line of stdout, with
    /// `schema_version`: for streams of events (JSON Lines), where each line
    /// must parse on its own.
    pub fn json_line<T: serde::Serialize + ?Sized>(&self, value: &T) -> crate::Result<()> {
        let text = serde_json::to_string(&Versioned::new(value))
            .map_err(|e| Error::io("cannot encode JSON output", e.into()))?;
        self.stdout_line(&text);
        Ok(())
    }

    /// A line of the command's human output on stdout. The caller cleans
    /// untrusted parts with [`clean`].
    pub fn line(&self, text: &str) {
        self.stdout_line(text);
    }

    /// Progress and hints on stderr; silent with `--quiet`.
    pub fn info(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    /// A warning on stderr (shown even with `--quiet`, never with `--json` on stdout).
    pub fn warn(&self, text: &str) {
        let prefix = paint(self.color_stderr, &crate::t!("output-warning-prefix"), "33");
        eprintln!("{prefix} {}", clean(text));
    }

    /// The final error: one line on stderr; with `--json` also a JSON
    /// document on stdout so pipelines always get something to parse.
    pub fn error(&self, error: &Error) {
        let exit = error.exit();
        let text = error.message();
        let message = one_line(&clean(&text.to_string()));
        let prefix = paint(self.color_stderr, &crate::t!("output-error-prefix"), "31");
        eprintln!("vtelink: {prefix} {message}");
        if self.json && !matches!(error, Error::Reported { .. } | Error::Partial { .. }) {
            // Machines read English whatever the language (docs/json.md).
            let message = one_line(&clean(&text.english()));
            let doc = serde_json::json!({
                "schema_version": SCHEMA_VERSION,
                "error": {"kind": exit.kind(), "exit_code": exit.code(), "message": message}
            });
            self.stdout_line(&doc.to_string());
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint(text, "1")
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint(text, "2")
    }

    pub fn green(&self, text: &str) -> String {
        self.paint(text, "32")
    }

    pub fn red(&self, text: &str) -> String {
        self.paint(text, "31")
    }

    fn paint(&self, text: &str, code: &str) -> String {
        paint(self.color, text, code)
    }

    fn stdout_line(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`vtelink parse x | head`) is not an error worth a panic.
        let _ = writeln!(stdout, "{text}");
    }
}

fn paint(color: bool, text: &str, code: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_start_with_their_schema_version() {
        #[derive(serde::Serialize)]
        struct Doc {
            zeta: u8,
            alpha: &'static str,
        }
        let text = serde_json::to_string(&Versioned::new(&Doc {
            zeta: 1,
            alpha: "a",
        }))
        .unwrap();
        assert_eq!(text, r#"{"schema_version":1,"zeta":1,"alpha":"a"}"#);
        // A bare list cannot carry the version: commands name their lists.
        assert!(serde_json::to_string(&Versioned::new(&[1, 2])).is_err());
    }
}
