//! The layering rule of `docs/architecture.md`, checked on the source: the
//! domain modules never reach up into the command line or the printer, and
//! never touch the terminal themselves.

use std::path::{Path, PathBuf};

/// The domain: modules that must stay usable without a terminal.
const DOMAIN: &[&str] = &["mail", "crm", "auth", "link", "suggest", "batch", "card"];

/// What a domain file may not name (after comments are dropped and spaces
/// removed): the layers above it, and terminal machinery.
const FORBIDDEN: &[&str] = &[
    "crate::cli",
    "crate::output",
    "super::cli",
    "super::output",
    "vtelink::cli",
    "vtelink::output",
    "IsTerminal",
    "indicatif::",
    "rpassword::",
    "println!",
    "eprintln!",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.to_owned());
        }
        return;
    }
    if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            rust_files(&entry.path(), out);
        }
    }
}

fn domain_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for module in DOMAIN {
        rust_files(&src().join(format!("{module}.rs")), &mut files);
        rust_files(&src().join(module), &mut files);
    }
    files
}

/// Code without `//` comments, with whitespace kept only between two
/// identifier characters, so `crate :: cli`, `use crate::{cli, ..}` and
/// multi-line paths are all caught while word boundaries stay.
fn squeezed(code: &str) -> String {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let text: String = code
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && out.chars().next_back().is_some_and(ident) && ident(c) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// Names imported through a `crate::{...}` group, e.g. `crate::{cli, crm}`.
fn grouped_imports(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::{") {
        rest = &rest[at + "crate::{".len()..];
        let group = rest.split('}').next().unwrap_or("");
        names.extend(
            group
                .split(',')
                .map(|n| n.split("::").next().unwrap_or("").to_owned()),
        );
    }
    names
}

/// `needle` as a whole path: `super::client` is not `super::cli`.
fn names(code: &str, needle: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(needle).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + needle.len()..].chars().next();
        !before.is_some_and(|c| ident(c) && ident(needle.chars().next().unwrap_or(' ')))
            && !after.is_some_and(|c| ident(c) && needle.ends_with(ident))
    })
}

fn violations(code: &str) -> Vec<String> {
    let code = squeezed(code);
    let mut found: Vec<String> = FORBIDDEN
        .iter()
        .filter(|f| names(&code, f))
        .map(|f| (*f).to_owned())
        .collect();
    found.extend(
        grouped_imports(&code)
            .into_iter()
            .filter(|n| n == "cli" || n == "output")
            .map(|n| format!("crate::{{{n}}}")),
    );
    found
}

#[test]
fn domain_modules_do_not_use_the_cli_or_the_terminal() {
    let files = domain_files();
    assert!(
        files.len() >= 10,
        "expected the domain modules under src/, found {files:?}"
    );
    let mut broken = Vec::new();
    for file in files {
        let code = std::fs::read_to_string(&file).unwrap();
        for what in violations(&code) {
            broken.push(format!(
                "{} uses {what}",
                file.strip_prefix(src()).unwrap().display()
            ));
        }
    }
    assert!(
        broken.is_empty(),
        "domain modules must not depend on `cli`, `output` or the terminal \
         (docs/architecture.md):\n  {}",
        broken.join("\n  ")
    );
}

#[test]
fn the_sanitizer_is_a_leaf() {
    let code = std::fs::read_to_string(src().join("sanitize.rs")).unwrap();
    assert!(
        !squeezed(&code).contains("crate::"),
        "src/sanitize.rs must not depend on other modules"
    );
}

#[test]
fn the_check_catches_what_it_should() {
    assert_eq!(violations("use crate::cli::GlobalArgs;"), ["crate::cli"]);
    assert_eq!(violations("use crate::{crm, output};"), ["crate::{output}"]);
    assert_eq!(
        violations("let x = super::super::cli::Ctx::new();"),
        ["super::cli"]
    );
    assert_eq!(
        violations("crate ::\n  output::clean(x)"),
        ["crate::output"]
    );
    assert!(violations("// see crate::cli for prompts\nuse crate::crm;").is_empty());
    assert!(violations("use crate::sanitize::clean;").is_empty());
    assert!(violations("use super::client::Call;").is_empty());
    assert_eq!(violations("eprintln!(\"{x}\");"), ["eprintln!"]);
}
