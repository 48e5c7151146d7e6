//! The exit-code table in the README is the contract scripts rely on: it must
//! list exactly the codes `vtelink::Exit` defines.

use vtelink::Exit;

#[test]
fn readme_lists_every_exit_code() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table: Vec<(u8, String)> = readme
        .lines()
        .skip_while(|l| !l.starts_with("## Exit codes"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let code = cells.get(1)?.parse::<u8>().ok()?;
            Some((code, cells.get(2)?.trim_matches('`').to_owned()))
        })
        .collect();
    let expected: Vec<(u8, String)> = Exit::ALL
        .iter()
        .map(|e| (e.code(), e.kind().to_owned()))
        .collect();
    assert_eq!(table, expected, "README exit-code table out of date");
}

#[test]
fn usage_errors_exit_2() {
    let out = assert_cmd::Command::cargo_bin("vtelink")
        .unwrap()
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
