//! The catalogs (`locales/*.ftl`) against each other and against the code:
//! both parse, hold the same keys with the same variables, every key the
//! code uses is in both, and every `--help` text has its keys (the English
//! one saying what the doc comment says).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use vtelink::l10n::{Lang, Msg};

/// `key -> variables` of a catalog, read the simple way Fluent lays it out:
/// an entry starts at column 0 (`key = …`), continues on indented lines.
fn entries(ftl: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in ftl.lines() {
        if line.starts_with('#') {
            current = None;
            continue;
        }
        if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let (key, rest) = line
                .split_once('=')
                .unwrap_or_else(|| panic!("not an entry: {line}"));
            let key = key.trim().to_owned();
            assert!(
                out.insert(key.clone(), variables(rest)).is_none(),
                "{key} is defined twice"
            );
            current = Some(key);
            continue;
        }
        if let Some(key) = &current {
            let vars = variables(line);
            out.get_mut(key).expect("entry").extend(vars);
        }
    }
    out
}

fn variables(text: &str) -> BTreeSet<String> {
    let mut vars = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        let name: String = rest[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if !name.is_empty() {
            vars.insert(name);
        }
        rest = &rest[at + 1..];
    }
    vars
}

#[test]
fn catalogs_parse_without_errors() {
    for lang in Lang::ALL {
        if let Err((_, errors)) = fluent_bundle::FluentResource::try_new(lang.catalog().to_owned())
        {
            panic!("locales/{}.ftl: {errors:?}", lang.code());
        }
    }
}

#[test]
fn catalogs_have_the_same_keys_and_variables() {
    let en = entries(Lang::En.catalog());
    let it = entries(Lang::It.catalog());
    let en_keys: BTreeSet<_> = en.keys().collect();
    let it_keys: BTreeSet<_> = it.keys().collect();
    let only_en: Vec<_> = en_keys.difference(&it_keys).collect();
    let only_it: Vec<_> = it_keys.difference(&en_keys).collect();
    assert!(
        only_en.is_empty(),
        "missing from locales/it.ftl: {only_en:?}"
    );
    assert!(
        only_it.is_empty(),
        "missing from locales/en.ftl: {only_it:?}"
    );
    for (key, vars) in &en {
        assert_eq!(
            vars, &it[key],
            "{key}: the variables differ between en.ftl and it.ftl"
        );
    }
    // The bundles see every entry (no entry dropped by a syntax slip).
    for key in en.keys() {
        for lang in Lang::ALL {
            assert!(
                vtelink::l10n::has(lang, key),
                "{key} has no value in locales/{}.ftl",
                lang.code()
            );
        }
    }
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

/// Every message key named in the code: `t!("key"`, `msg!("key"`,
/// `Msg::new("key"`, and `"err-…"` literals (src/error_text.rs).
fn keys_in_code() -> BTreeSet<(String, String)> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut keys = BTreeSet::new();
    for file in files {
        let code = std::fs::read_to_string(&file).expect("read source");
        let name = file.display().to_string();
        for opener in ["t!(", "msg!(", "Msg::new(", "with("] {
            let mut rest = code.as_str();
            while let Some(at) = rest.find(opener) {
                rest = &rest[at + opener.len()..];
                let after = rest.trim_start();
                if let Some(literal) = after.strip_prefix('"') {
                    let key: String = literal.chars().take_while(|c| *c != '"').collect();
                    let is_key = !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                    if is_key && (opener != "with(" || key.starts_with("err-")) {
                        keys.insert((key, name.clone()));
                    }
                }
            }
        }
    }
    keys
}

#[test]
fn every_key_the_code_uses_is_in_both_catalogs() {
    let keys = keys_in_code();
    assert!(keys.len() > 50, "the scan found only {} keys", keys.len());
    let mut missing = Vec::new();
    for (key, file) in &keys {
        for lang in Lang::ALL {
            if !vtelink::l10n::has(lang, key) {
                missing.push(format!("{key} ({file}) in locales/{}.ftl", lang.code()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing messages:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_help_text_is_in_both_catalogs_and_english_matches_the_code() {
    let cmd = vtelink::cli::command();
    let keys = vtelink::cli::help::english_keys(&cmd);
    assert!(keys.len() > 40);
    let mut problems = Vec::new();
    for (key, english) in &keys {
        for lang in Lang::ALL {
            if vtelink::l10n::lookup(lang, key).is_none() {
                problems.push(format!("{key} is missing from locales/{}.ftl", lang.code()));
            }
        }
        if let Some(catalog) = vtelink::l10n::lookup(Lang::En, key)
            && catalog.trim() != english.trim()
        {
            problems.push(format!(
                "{key}: locales/en.ftl says\n{catalog}\nbut the code says\n{english}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_message_renders_in_each_language_and_never_as_its_id() {
    let en = entries(Lang::En.catalog());
    for (key, vars) in &en {
        let id: &'static str = Box::leak(key.clone().into_boxed_str());
        let args: Vec<(&'static str, vtelink::l10n::Arg)> = vars
            .iter()
            .map(|v| (&*Box::leak(v.clone().into_boxed_str()), "7".into()))
            .collect();
        for lang in Lang::ALL {
            let text = Msg::new(id, args.clone()).render(lang);
            assert!(!text.contains(id), "{key} renders as its id in {lang:?}");
        }
    }
}

#[test]
#[ignore]
fn dump_help_ftl() {
    let cmd = vtelink::cli::command();
    for (key, text) in vtelink::cli::help::english_keys(&cmd) {
        let text: String = text
            .chars()
            .map(|c| match c {
                '{' => "{\"{\"}".to_owned(),
                '}' => "{\"}\"}".to_owned(),
                c => c.to_string(),
            })
            .collect();
        if text.contains('\n') {
            println!("{key} =");
            for line in text.lines() {
                if line.is_empty() {
                    println!();
                } else {
                    println!("    {line}");
                }
            }
        } else {
            println!("{key} = {text}");
        }
    }
}
