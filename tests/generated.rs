//! `completions/` and `man/` are generated from the CLI definition; this test
//! fails when they are stale. Regenerate with:
//! `VTELINK_BLESS=1 cargo test --test generated`.

use std::path::Path;

use vtelink::cli::completions::{render_completions, render_man};

fn check_or_write(path: &Path, expected: &[u8], stale: &mut Vec<String>) {
    if std::env::var_os("VTELINK_BLESS").is_some() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, expected).unwrap();
        return;
    }
    match std::fs::read(path) {
        Ok(actual) if actual == expected => {}
        _ => stale.push(path.display().to_string()),
    }
}

#[test]
fn completions_and_man_pages_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (shell, file) in [
        (clap_complete::Shell::Bash, "vtelink.bash"),
        (clap_complete::Shell::Zsh, "_vtelink"),
        (clap_complete::Shell::Fish, "vtelink.fish"),
        (clap_complete::Shell::PowerShell, "_vtelink.ps1"),
        (clap_complete::Shell::Elvish, "vtelink.elv"),
    ] {
        let text = render_completions(shell);
        check_or_write(
            &root.join("completions").join(file),
            text.as_bytes(),
            &mut stale,
        );
    }
    let pages = render_man();
    assert!(pages.len() > 5, "one man page per subcommand");
    for (name, roff) in pages {
        check_or_write(&root.join("man").join(name), &roff, &mut stale);
    }
    assert!(
        stale.is_empty(),
        "stale generated files (run `VTELINK_BLESS=1 cargo test --test generated`): {stale:?}"
    );
}
