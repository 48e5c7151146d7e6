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
    // Placeholders in the reader's language (`<NOME>`), before the usage
    // line is drawn from them.
    cmd = cmd.mut_args(|arg| placeholders(arg, lang));
    // clap's usage line names its own placeholders in English.
    let line = cmd.render_usage().to_string();
    let line = line.trim();
    let line = line.strip_prefix("Usage:").unwrap_or(line).trim_start();
    let line = line
        .replace("[OPTIONS]", &word("help-usage-options", "[OPTIONS]"))
        .replace("<COMMAND>", &word("help-usage-command", "<COMMAND>"));
    cmd = cmd.override_usage(line);
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
                let help = text(lang, &key)
                    .or_else(|| arg.get_help().map(ToString::to_string))
                    .unwrap_or_default();
                let (arg, tags) = value_tags(arg, lang);
                let help = [help, tags].join(" ").trim().to_owned();
                if arg.get_long_help().is_some() {
                    arg.help(help.clone()).long_help(help)
                } else {
                    arg.help(help)
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

/// An argument's placeholders (`NAME`, `DATE`) in `lang`, where the
/// catalog has `help-value-<NAME>`; technical ones (`URL`, `ID`, `FILE`)
/// have no entry and stay.
fn placeholders(arg: clap::Arg, lang: Lang) -> clap::Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let names: Vec<String> = match arg.get_value_names() {
        Some(names) => names.iter().map(ToString::to_string).collect(),
        None if arg.is_positional() => vec![arg.get_id().as_str().to_uppercase()],
        None => return arg,
    };
    let mut changed = false;
    let local: Vec<String> = names
        .iter()
        .map(|name| match text(lang, &format!("help-value-{name}")) {
            Some(word) if word != *name => {
                changed = true;
                word
            }
            _ => name.clone(),
        })
        .collect();
    if changed { arg.value_names(local) } else { arg }
}

/// clap's `[default: …]` and `[possible values: …]` tags in `lang`: clap's
/// own are hidden and ours returned, to follow the help text.
fn value_tags(arg: clap::Arg, lang: Lang) -> (clap::Arg, String) {
    let mut arg = arg;
    let mut tags = Vec::new();
    if !arg.get_action().takes_values() {
        return (arg, String::new());
    }
    if !arg.is_hide_default_value_set() && !arg.get_default_values().is_empty() {
        let values: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        tags.push(
            crate::l10n::Msg::new("help-default", vec![("value", values.join(", ").into())])
                .render(lang),
        );
        arg = arg.hide_default_value(true);
    }
    if !arg.is_hide_possible_values_set() {
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        if !values.is_empty() {
            tags.push(
                crate::l10n::Msg::new(
                    "help-possible-values",
                    vec![("values", values.join(", ").into())],
                )
                .render(lang),
            );
            arg = arg.hide_possible_values(true);
        }
    }
    (arg, tags.join(" "))
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

/// clap's own failures (an unknown flag, a missing or invalid value, ...)
/// worded in `lang`, laid out as clap lays them out: the sentence, tips, the
/// usage line and the hint to `--help`. `None`: clap's English text stands
/// (English, and kinds that are not failures, such as `--help` itself).
pub fn error_text(e: &clap::Error, lang: Lang) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if lang == Lang::En {
        return None;
    }
    let get = |kind: ContextKind| -> Option<String> {
        match e.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(list) => Some(list.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut tips: Vec<String> = Vec::new();
    let mut message = match e.kind() {
        ErrorKind::UnknownArgument => {
            if let Some(similar) = get(ContextKind::SuggestedArg) {
                tips.push(crate::t!("clap-similar-argument", arg = similar));
            }
            if let Some(ContextValue::StyledStrs(list)) = e.get(ContextKind::Suggested) {
                // clap's own tips, e.g. "to pass '-x' as a value, use '-- -x'".
                for tip in list {
                    let tip = tip.to_string();
                    tips.push(if tip.starts_with("to pass ") {
                        crate::t!("clap-as-value", arg = arg.as_str())
                    } else {
                        tip
                    });
                }
            }
            crate::t!("clap-unknown-argument", arg = arg.as_str())
        }
        ErrorKind::InvalidSubcommand => {
            if let Some(similar) = get(ContextKind::SuggestedSubcommand) {
                tips.push(crate::t!("clap-similar-subcommand", name = similar));
            }
            crate::t!(
                "clap-unknown-subcommand",
                name = get(ContextKind::InvalidSubcommand).unwrap_or_default()
            )
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            crate::t!("clap-value-required", arg = arg.as_str())
        }
        ErrorKind::InvalidValue => {
            let mut text = crate::t!(
                "clap-invalid-value",
                value = value.as_str(),
                arg = arg.as_str()
            );
            if let Some(values) = get(ContextKind::ValidValue) {
                text.push_str("\n  ");
                text.push_str(&crate::t!("help-possible-values", values = values));
            }
            if let Some(similar) = get(ContextKind::SuggestedValue) {
                tips.push(crate::t!("clap-similar-value", value = similar));
            }
            text
        }
        ErrorKind::ValueValidation => {
            let detail = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            // clap's range check: "99 is not in 1..=64".
            let detail = match detail.split_once(" is not in ") {
                Some((number, range)) => {
                    crate::t!("clap-not-in-range", value = number, range = range)
                }
                None => detail,
            };
            crate::t!(
                "clap-invalid-value-detail",
                value = value.as_str(),
                arg = arg.as_str(),
                detail = detail
            )
        }
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            Some(prior) if prior == arg => crate::t!("clap-repeated", arg = arg.as_str()),
            Some(prior) => crate::t!("clap-conflict", arg = arg.as_str(), other = prior),
            None => crate::t!("clap-conflict-others", arg = arg.as_str()),
        },
        ErrorKind::MissingRequiredArgument => {
            let mut text = crate::t!("clap-missing-required");
            if let Some(ContextValue::Strings(list)) = e.get(ContextKind::InvalidArg) {
                for missing in list {
                    text.push_str("\n  ");
                    text.push_str(missing);
                }
            }
            text
        }
        ErrorKind::TooManyValues => {
            crate::t!(
                "clap-too-many-values",
                value = value.as_str(),
                arg = arg.as_str()
            )
        }
        ErrorKind::NoEquals => crate::t!("clap-no-equals", arg = arg.as_str()),
        _ => return None,
    };
    message = crate::t!("clap-error", message = message);
    let mut out = message;
    if !tips.is_empty() {
        out.push('\n');
        for tip in tips {
            out.push_str("\n  ");
            out.push_str(&crate::t!("clap-tip", tip = tip));
        }
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim_start();
        out.push_str("\n\n");
        out.push_str(&crate::t!("help-usage"));
        out.push(' ');
        out.push_str(usage);
    }
    out.push_str("\n\n");
    out.push_str(&crate::t!("clap-more-info"));
    out.push('\n');
    Some(out)
}
