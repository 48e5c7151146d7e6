//! `--help` in the user's language. The clap definitions (doc comments,
//! `examples.rs`) are the English text; for another language the built
//! command is rewritten from catalog keys before parsing:
//!
//! - `cmd-<path>`: a command's about (`cmd-vtelink`, `cmd-vtelink-link`);
//! - `cmd-<path>-examples`: the examples after its help;
//! - `arg-<path>-<id>`: a flag's or argument's help (`arg-vtelink-link-dry-run`;
//!   global options under the root's path: `arg-vtelink-json`);
//! - `help-…`: clap's own words (headings, `--help`, `--version`, `help`).
//!
//! `tests/l10n.rs` checks every command and argument has its keys in both
//! catalogs, and that the English catalog says what the doc comments say.
//! Man pages and completions are generated from the English definitions.

use clap::Command;

use crate::l10n::{self, Lang};

/// The `--help` heading of the options every command accepts.
pub const GLOBAL_HEADING: &str = "Global options";

/// The command line in `lang` (the English definitions untouched).
pub fn localize(cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    let mut cmd = cmd;
    cmd.build();
    let root = cmd.get_name().to_owned();
    localize_command(cmd, &root, &root, lang)
}

fn text(lang: Lang, key: &str) -> Option<String> {
    l10n::lookup(lang, key)
}

fn localize_command(mut cmd: Command, path: &str, root: &str, lang: Lang) -> Command {
    let word = |key: &str, english: &str| text(lang, key).unwrap_or_else(|| english.to_owned());
    if cmd.get_name() == "help" && path != root {
        // clap's own `help` subcommand.
        cmd = cmd.about(word(
            "help-subcommand",
            "Print this message or the help of the given subcommand(s)",
        ));
        cmd = cmd.mut_args(|a| {
            if a.get_id() == "subcommand" {
                a.help(word(
                    "help-subcommand-arg",
                    "Print help for the subcommand(s)",
                ))
            } else {
                a
            }
        });
        return cmd.mut_subcommands(|sub| {
            let name = format!("{path}-{}", sub.get_name());
            localize_command(sub, &name, root, lang)
        });
    }
    if let Some(about) = text(lang, &format!("cmd-{path}")) {
        cmd = cmd.about(about);
    }
    if cmd.get_after_help().is_some()
        && let Some(examples) = text(lang, &format!("cmd-{path}-examples"))
    {
        cmd = cmd.after_help(examples);
    }
    let usage = word("help-usage", "Usage:");
    cmd = cmd
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage} {{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .subcommand_help_heading(word("help-commands", "Commands"));
    let options = word("help-options", "Options");
    let arguments = word("help-arguments", "Arguments");
    let global = word("help-global-options", GLOBAL_HEADING);
    cmd = cmd.mut_args(|arg| {
        let id = arg.get_id().as_str().to_owned();
        let owner = if arg.is_global_set() { root } else { path };
        let arg = match id.as_str() {
            "help" => {
                let short = word("help-flag-help", "Print help");
                arg.help(short.clone()).long_help(short)
            }
            "version" => arg.help(word("help-flag-version", "Print version")),
            _ => {
                let key = format!("arg-{owner}-{}", id.replace('_', "-"));
                match text(lang, &key) {
                    Some(help) => arg.help(help),
                    None => arg,
                }
            }
        };
        let heading = match arg.get_help_heading() {
            Some(GLOBAL_HEADING) => global.clone(),
            Some(other) => other.to_owned(),
            None if arg.is_positional() => arguments.clone(),
            None => options.clone(),
        };
        arg.help_heading(heading)
    });
    cmd.mut_subcommands(|sub| {
        let name = format!("{path}-{}", sub.get_name());
        localize_command(sub, &name, root, lang)
    })
}

/// Every help key of the command line with its English text (the doc
/// comment or the examples), for the catalog tests.
pub fn english_keys(cmd: &Command) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let root = cmd.get_name().to_owned();
    collect(cmd, &root, &root, &mut out);
    out
}

fn collect(cmd: &Command, path: &str, root: &str, out: &mut Vec<(String, String)>) {
    if let Some(about) = cmd.get_about() {
        out.push((format!("cmd-{path}"), about.to_string()));
    }
    if let Some(examples) = cmd.get_after_help() {
        out.push((format!("cmd-{path}-examples"), examples.to_string()));
    }
    for arg in cmd.get_arguments() {
        // Global options are listed once, under the root.
        if arg.is_global_set() && path != root {
            continue;
        }
        if let Some(help) = arg.get_help() {
            let id = arg.get_id().as_str().replace('_', "-");
            out.push((format!("arg-{path}-{id}"), help.to_string()));
        }
    }
    for sub in cmd.get_subcommands() {
        collect(sub, &format!("{path}-{}", sub.get_name()), root, out);
    }
}
