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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone)]
pub struct Output {
    json: bool,
    quiet: bool,
    color: bool,
}

impl Output {
    pub fn new(json: bool, quiet: bool, choice: ColorChoice) -> Self {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        Output { json, quiet, color }
    }

    /// An output that prints plain text without colours (tests, demo).
    pub fn plain() -> Self {
        Output {
            json: false,
            quiet: false,
            color: false,
        }
    }

    pub fn is_json(&self) -> bool {
        self.json
    }

    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// The command's JSON document on stdout (one document, pretty-printed).
    pub fn json<T: serde::Serialize + ?Sized>(&self, value: &T) -> crate::Result<()> {
        let text = serde_json::to_string_pretty(value)
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
        let prefix = self.paint("warning:", "33");
        eprintln!("{prefix} {}", clean(text));
    }

    /// The final error: one line on stderr; with `--json` also a JSON
    /// document on stdout so pipelines always get something to parse.
    pub fn error(&self, error: &Error) {
        let exit = error.exit();
        let message = one_line(&clean(&error.to_string()));
        let prefix = self.paint("error:", "31");
        eprintln!("vtelink: {prefix} {message}");
        if self.json {
            let doc = serde_json::json!({
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

    fn paint(&self, text: &str, code: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn stdout_line(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`vtelink parse x | head`) is not an error worth a panic.
        let _ = writeln!(stdout, "{text}");
    }
}

/// Human-readable byte size.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_size(12), "12 B");
        assert_eq!(human_size(2048), "2.0 KiB");
    }
}
