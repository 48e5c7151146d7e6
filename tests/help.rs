//! Help that teaches: every command's `--help` (through the built binary)
//! ends with examples, and every example is a command line vtelink accepts
//! today, so the examples cannot drift from the flags.

/// Every subcommand the CLI has, so a new one without examples fails here.
fn commands() -> Vec<String> {
    vtelink::cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .filter(|name| name != "help")
        .collect()
}

fn help(command: Option<&str>) -> String {
    let mut cmd = assert_cmd::Command::cargo_bin("vtelink").unwrap();
    if let Some(command) = command {
        cmd.arg(command);
    }
    let out = cmd.arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

/// The example command lines of a help text: continuation lines joined,
/// comments, pipes and redirections dropped, `VAR=value` prefixes skipped.
fn example_commands(help: &str) -> Vec<Vec<String>> {
    let Some((_, examples)) = help.split_once("Examples") else {
        return Vec::new();
    };
    let mut joined: Vec<String> = Vec::new();
    let mut continued = false;
    for line in examples.lines() {
        let line = line.trim();
        if continued {
            if let Some(last) = joined.last_mut() {
                last.push(' ');
                last.push_str(line);
            }
        } else {
            joined.push(line.to_owned());
        }
        continued = line.ends_with('\\') || line.ends_with('|');
    }
    let mut commands = Vec::new();
    for line in joined {
        // `for f in ...; do vtelink ...; done` and `printf ... | vtelink ...`
        let Some(at) = line.find("vtelink ") else {
            continue;
        };
        if line.starts_with('#') || !(at == 0 || line[..at].ends_with([' ', '|'])) {
            continue;
        }
        let command = line[at..]
            .split(['#', '|', '<', '>', ';'])
            .next()
            .unwrap()
            .to_owned();
        let mut words: Vec<String> = command
            .split_whitespace()
            .filter(|w| *w != "\\")
            .map(|w| w.trim_matches(['"', '\'']).to_owned())
            .collect();
        // `2>log`: the split left the descriptor number behind.
        if words
            .last()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
        {
            words.pop();
        }
        commands.push(words);
    }
    commands
}

#[test]
fn every_command_has_examples_that_parse() {
    let commands = commands();
    assert!(commands.len() >= 11, "{commands:?}");
    let mut all = vec![None];
    all.extend(commands.iter().map(|c| Some(c.as_str())));
    for command in all {
        let text = help(command);
        let name = command.unwrap_or("vtelink");
        assert!(text.contains("\nExamples"), "{name} --help has no examples");
        let examples = example_commands(&text);
        assert!(
            examples.len() >= 2,
            "{name} --help: at least two examples, found {examples:?}"
        );
        for words in examples {
            if let Err(e) = vtelink::cli::command().try_get_matches_from(&words) {
                panic!("{name} --help example {words:?} is not accepted:\n{e}");
            }
            if let Some(command) = command {
                assert!(
                    words.iter().any(|w| w == command),
                    "{name} --help example {words:?} runs another command"
                );
            }
        }
    }
}

#[test]
fn the_help_names_stdin_several_files_and_environment_credentials() {
    let link = help(Some("link"));
    assert!(link.contains("vtelink link - "), "stdin");
    assert!(link.contains("saved/*.eml"), "several files");
    assert!(link.contains("VTELINK_ACCESS_KEY"), "CI credentials");
    let replay = help(Some("replay"));
    assert!(replay.contains("VTELINK_ACCESS_KEY") && replay.contains("--no-input"));
}

#[test]
fn examples_are_not_wrapped() {
    for command in commands() {
        let text = help(Some(&command));
        let (_, examples) = text.split_once("Examples").unwrap();
        for line in examples.lines() {
            assert!(
                line.chars().count() <= 80,
                "{command} --help: an example line longer than 80 columns gets wrapped: {line}"
            );
        }
    }
}
