//! Checking that output reads Italian: no sentence of the English catalog,
//! no raw message id (tests/l10n_it.rs, tests/l10n_it_mail.rs).
#![allow(dead_code)]

use std::process::Output;

use vtelink::l10n::Lang;

pub const IT: &str = "it_IT.UTF-8";

/// English text that would betray an untranslated sentence: the literal
/// pieces (between placeholders) of every English message that are not in
/// the Italian catalog too, at least two words and 12 characters long.
pub fn english_fragments() -> Vec<String> {
    let it = Lang::It.catalog();
    let mut out = Vec::new();
    for line in Lang::En.catalog().lines() {
        if line.starts_with('#') {
            continue;
        }
        let value = match line.split_once(" = ") {
            Some((key, value)) if !key.starts_with(' ') => value,
            _ => line,
        };
        // Literal text between placeables.
        let mut depth = 0;
        let mut piece = String::new();
        let mut pieces = Vec::new();
        for c in value.chars() {
            match c {
                '{' => {
                    depth += 1;
                    pieces.push(std::mem::take(&mut piece));
                }
                '}' => depth -= 1,
                c if depth == 0 => piece.push(c),
                _ => {}
            }
        }
        pieces.push(piece);
        for piece in pieces {
            let piece = piece.trim().trim_start_matches(['[', '*']).trim();
            if piece.chars().count() >= 12 && piece.contains(' ') && !it.contains(piece) {
                out.push(piece.to_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

pub fn keys() -> Vec<String> {
    Lang::En
        .catalog()
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
        .collect()
}

pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Fails on any English catalog sentence or raw message id in the output.
pub fn assert_italian(what: &str, out: &Output) {
    let all = text(out);
    for fragment in english_fragments() {
        assert!(
            !all.contains(&fragment),
            "{what}: English sentence {fragment:?} in:\n{all}"
        );
    }
    for key in keys() {
        assert!(
            !all.contains(&key),
            "{what}: raw message id {key} in:\n{all}"
        );
    }
}

/// vtelink in a language: `lang` is LANG; LC_ALL (set for every test by
/// .cargo/config.toml), LC_MESSAGES and LANGUAGE are removed.
pub fn vtelink(lang: &str) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("vtelink").unwrap();
    cmd.env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env_remove("VTELINK_URL")
        .env_remove("VTELINK_USER")
        .env_remove("VTELINK_ACCESS_KEY")
        .env_remove("VTELINK_PROFILE")
        .env(
            "VTELINK_CONFIG_DIR",
            std::env::temp_dir().join("vtelink-l10n-tests-no-config"),
        );
    cmd
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// `vtelink login` as admin of the CRM at `url` through `cmd` (the password
/// on stdin, no prompts), its config in `config`, with `extra` flags.
pub async fn login(
    mut cmd: assert_cmd::Command,
    url: &str,
    password: &str,
    config: &std::path::Path,
    extra: &[&str],
) -> Output {
    cmd.env("VTELINK_CONFIG_DIR", config)
        .args(["--no-input", "login", "--url", url, "--user", "admin"])
        .arg("--password-stdin")
        .args(extra)
        .write_stdin(format!("{password}\n"));
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}
