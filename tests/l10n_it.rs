//! The main paths through the built binary under `LANG=it_IT.UTF-8`: help,
//! demo, parse, suggest, link, unlink, replay with its summary, login
//! errors and every error exit code. Each output is checked against the
//! English catalog (no English sentence, no raw message id); JSON stays
//! English. Under `LANG=C` the same paths stay English.

use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "common/crm.rs"]
mod crm;
use crm::Crm;
#[path = "common/italian.rs"]
mod italian;
use italian::{IT, assert_italian, code, login, text, vtelink};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/cli/demo-quote-request.eml"
);

/// vtelink in Italian as a seeded user of `crm`, with environment credentials.
async fn as_user(crm: &Crm, user: &str, state: &Path, args: &[&str]) -> Output {
    let seeded = crm.server.user(user).expect("seeded user").clone();
    let url = crm.url();
    let state = state.to_owned();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        vtelink(IT)
            .env("VTELINK_URL", &url)
            .env("VTELINK_USER", &seeded.name)
            .env("VTELINK_ACCESS_KEY", &seeded.access_key)
            .env("VTELINK_STATE_DIR", &state)
            .args(&args)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

#[test]
fn help_is_italian() {
    for args in [
        &["--help"][..],
        &["help"],
        &["link", "--help"],
        &["replay", "--help"],
        &["login", "--help"],
        &["parse", "-h"],
    ] {
        let out = vtelink(IT).args(args).output().unwrap();
        assert_eq!(code(&out), 0, "{args:?}");
        let all = text(&out);
        assert!(all.contains("Uso:"), "{args:?}: {all}");
        // clap's own tags and usage placeholders too.
        for english in ["[default:", "[possible values:", "[OPTIONS]", "<COMMAND>"] {
            assert!(!all.contains(english), "{args:?}: {english} in {all}");
        }
        assert_italian(&format!("{args:?}"), &out);
    }
    let out = vtelink(IT).args(["link", "--help"]).output().unwrap();
    let all = text(&out);
    assert!(
        all.contains("[predefinito: 8]") && all.contains("[valori possibili: auto, always, never]"),
        "{all}"
    );
}

/// clap's own failures (unknown flag, missing or invalid value, unknown
/// command) are worded from the catalog too; exit 2 as before.
#[test]
fn command_line_mistakes_are_italian() {
    for (args, italian) in [
        (
            &["link", "--frobnicate", "x.eml"][..],
            "argomento inatteso '--frobnicate'",
        ),
        (
            &["link", "--min-score"],
            "serve un valore per '--min-score <PUNTEGGIO>'",
        ),
        (
            &["--color", "sometimes", "parse", "x"],
            "valore 'sometimes' non valido",
        ),
        (
            &["link", "--concurrency", "99", "x.eml"],
            "99 non è compreso in 1..=32",
        ),
        (&["--timeout", "5x", "parse", "x"], "unità 'x' sconosciuta"),
        (&["link"], "mancano questi argomenti obbligatori"),
        (&["lnk"], "esiste un comando simile: 'link'"),
    ] {
        let out = vtelink(IT).args(args).output().unwrap();
        assert_eq!(code(&out), 2, "{args:?}");
        let all = text(&out);
        assert!(
            all.contains(italian) && all.contains("errore:"),
            "{args:?}: {all}"
        );
        for english in ["error:", "Usage:", "tip:", "For more information"] {
            assert!(!all.contains(english), "{args:?}: {english} in {all}");
        }
        assert_italian(&format!("{args:?}"), &out);
    }
    // English stays clap's own.
    let out = vtelink("C")
        .args(["link", "--frobnicate", "x.eml"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(
        text(&out).contains("error: unexpected argument '--frobnicate' found"),
        "{}",
        text(&out)
    );
}

#[test]
fn demo_and_parse_are_italian() {
    let out = vtelink(IT).arg("demo").output().unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(text(&out).contains("Fatto:"));
    assert_italian("demo", &out);

    let out = vtelink(IT).args(["parse", SAMPLE]).output().unwrap();
    assert_eq!(code(&out), 0);
    let all = text(&out);
    assert!(
        all.contains("Oggetto:") && all.contains("20/11/2026 10:15"),
        "{all}"
    );
    assert!(all.contains("2,8 KiB"), "sizes use a decimal comma: {all}");
    assert_italian("parse", &out);
}

/// Parse warnings and "not an email" reasons come from `mail`: Italian for
/// people, English in JSON. Every malformed corpus file when the corpus is
/// there, and a damaged email made here in any case.
#[test]
fn parse_warnings_are_italian() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = dir.path().join("damaged.eml");
    std::fs::write(
        &damaged,
        b"From: a@b.test\rSubject: old Mac\rDate: someday\r\rbody\r",
    )
    .unwrap();
    let damaged = damaged.display().to_string();
    let out = vtelink(IT).args(["parse", &damaged]).output().unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
    let all = text(&out);
    assert!(
        all.contains("righe terminate solo da CR") && all.contains("intestazione Date illeggibile"),
        "{all}"
    );
    assert_italian("parse (damaged)", &out);
    let out = vtelink(IT)
        .args(["--json", "parse", &damaged])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["warnings"][0], "bare CR line endings (read as CRLF)");
    let out = vtelink(IT)
        .args(["parse", &dir.path().display().to_string()])
        .output()
        .unwrap();
    assert_eq!(code(&out), 9);
    assert!(text(&out).contains("è una cartella"), "{}", text(&out));
    assert_italian("parse (a directory)", &out);

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(corpus) = [
        root.join("../shared/corpus/malformed"),
        root.join("../../shared/corpus/malformed"),
    ]
    .into_iter()
    .find(|d| d.is_dir()) else {
        eprintln!("SKIPPED the corpus part: ../shared/corpus/malformed not found");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let out = vtelink(IT).arg("parse").arg(&file).output().unwrap();
        assert!(
            matches!(code(&out), 0 | 9),
            "{}: {}",
            file.display(),
            text(&out)
        );
        assert_italian(&file.display().to_string(), &out);
    }
}

#[test]
fn json_stays_english() {
    let out = vtelink(IT)
        .args(["--json", "parse", "/nonexistent/mail.eml"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 9);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = doc["error"]["message"].as_str().unwrap();
    assert!(message.contains("cannot read"), "{message}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("impossibile leggere"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggest_link_unlink_and_replay_are_italian() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let state = tempfile::tempdir().unwrap();

    let out = as_user(&crm, "admin", state.path(), &["suggest", SAMPLE]).await;
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(text(&out).contains("punteggio"));
    assert_italian("suggest", &out);
    let (_, json, _) = crm.vtelink("admin", &["--json", "suggest", SAMPLE]).await;
    let contact = json["suggestions"][0]["id"].as_str().unwrap().to_owned();

    let out = as_user(
        &crm,
        "admin",
        state.path(),
        &["link", SAMPLE, "--to", &contact],
    )
    .await;
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(text(&out).contains("collegato a"), "{}", text(&out));
    assert_italian("link", &out);

    let out = as_user(
        &crm,
        "admin",
        state.path(),
        &["unlink", SAMPLE, "--dry-run"],
    )
    .await;
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(text(&out).contains("verrebbe eliminato"), "{}", text(&out));
    assert_italian("unlink --dry-run", &out);
    let out = as_user(&crm, "admin", state.path(), &["unlink", SAMPLE, "--yes"]).await;
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(text(&out).contains("eliminati"), "{}", text(&out));
    assert_italian("unlink", &out);

    // replay: one good line, one broken file, one unknown record.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(SAMPLE, dir.path().join("good.eml")).unwrap();
    std::fs::write(dir.path().join("broken.eml"), b"").unwrap();
    let manifest = dir.path().join("links.csv");
    std::fs::write(
        &manifest,
        format!(
            "file,to\ngood.eml,{contact}\nbroken.eml,{contact}\ngood.eml,4x99999999\n\
             good.eml,{contact}\ngood.eml,bob\n"
        ),
    )
    .unwrap();
    let manifest = manifest.display().to_string();
    let out = as_user(&crm, "admin", state.path(), &["replay", &manifest]).await;
    assert_eq!(code(&out), 6, "{}", text(&out));
    let all = text(&out);
    assert!(
        all.contains("collegate") && all.contains("non riuscite"),
        "{all}"
    );
    // Skip reasons and malformed lines come from `batch`.
    assert!(
        all.contains("la stessa email e gli stessi record di")
            && all.contains("'bob' non è un id di record"),
        "{all}"
    );
    assert_italian("replay", &out);
    let out = as_user(
        &crm,
        "admin",
        state.path(),
        &["replay", "--status", &manifest],
    )
    .await;
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert_italian("replay --status", &out);

    // An mbox: text before the first message, and a message `--auto` finds
    // no record for (it waits for review).
    let mbox = dir.path().join("archive.mbox");
    std::fs::write(
        &mbox,
        "stray text\n\nFrom nobody@nowhere.test Sat Jan  3 10:00:00 2026\n\
         From: nobody@nowhere.test\nSubject: hello\nMessage-ID: <l10n-mbox@nowhere.test>\n\nbody\n",
    )
    .unwrap();
    let mbox = mbox.display().to_string();
    let out = as_user(
        &crm,
        "admin",
        state.path(),
        &["replay", "--mbox", &mbox, "--auto"],
    )
    .await;
    assert_eq!(code(&out), 6, "{}", text(&out));
    let all = text(&out);
    assert!(
        all.contains("testo che non appartiene a nessun messaggio")
            && all.contains("attende una revisione"),
        "{all}"
    );
    assert_italian("replay --mbox --auto", &out);
}

/// Suggest's reasons and `--auto`'s why are sentences from the domain
/// (`suggest`): Italian for people, with the CRM's label for a status;
/// English with the stored value in JSON; English under `LANG=C`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggest_reasons_and_auto_why_are_italian() {
    let crm = Crm::start(vtesim::Config {
        language: vtesim::Language::ItIt,
        ..vtesim::Config::default()
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let out = as_user(
        &crm,
        "admin",
        state.path(),
        &["suggest", SAMPLE, "--min-score", "200"],
    )
    .await;
    assert_eq!(code(&out), 0, "{}", text(&out));
    let all = text(&out);
    for italian in [
        "del contatto è",
        "azienda del contatto",
        "ticket aperto di",
        "(Aperto)",
        "il miglior suggerimento",
        "(sotto 200)",
    ] {
        assert!(all.contains(italian), "{italian:?} missing from\n{all}");
    }
    assert_italian("suggest reasons", &out);

    let (_, json, _) = crm
        .vtelink(
            "admin",
            &["--json", "suggest", SAMPLE, "--min-score", "200"],
        )
        .await;
    let reasons = json["suggestions"].to_string();
    assert!(reasons.contains("account of contact"), "{reasons}");
    assert!(
        reasons.contains("(Open)") && !reasons.contains("Aperto"),
        "{reasons}"
    );
    let why = json["auto"]["why"].as_str().unwrap();
    assert!(why.starts_with("the best suggestion"), "{why}");

    // An Account's card: vtesim's Italian labels for a module the captures
    // did not record in Italian.
    let account = json["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["module"] == "Accounts")
        .and_then(|s| s["id"].as_str())
        .unwrap()
        .to_owned();
    let out = as_user(&crm, "admin", state.path(), &["show", &account]).await;
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(
        text(&out).contains("Nome Azienda") && text(&out).contains("Aziende"),
        "{}",
        text(&out)
    );
    assert_italian("show (an Account)", &out);

    let url = crm.url();
    let seeded = crm.server.user("admin").unwrap().clone();
    let out = tokio::task::spawn_blocking(move || {
        vtelink("C")
            .env("VTELINK_URL", &url)
            .env("VTELINK_USER", &seeded.name)
            .env("VTELINK_ACCESS_KEY", &seeded.access_key)
            .args(["suggest", SAMPLE])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let all = text(&out);
    assert!(
        all.contains("open ticket of") && all.contains("(Aperto)"),
        "English sentences, the CRM's label: {all}"
    );
}

/// An attachment the CRM does not keep: link's per-attachment `problem`
/// comes from `link`, in Italian with Italian sizes; English in JSON.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attachment_not_stored_is_said_in_italian() {
    let crm = Crm::start(vtesim::Config {
        max_upload_file_size: 1000,
        ..vtesim::Config::default()
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let file = state.path().join("big.eml");
    let data = "QUJD".repeat(500); // 1500 bytes once decoded
    std::fs::write(
        &file,
        format!(
            "From: Mario Rossi <mario@example.test>\r\nTo: ufficio@example.test\r\n\
             Subject: Allegato grande\r\nMessage-ID: <l10n-big@example.test>\r\n\
             MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
             --b\r\nContent-Type: text/plain\r\n\r\nciao\r\n\
             --b\r\nContent-Type: application/octet-stream\r\n\
             Content-Disposition: attachment; filename=\"grande.bin\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{data}\r\n--b--\r\n"
        ),
    )
    .unwrap();
    let file = file.display().to_string();
    let out = as_user(
        &crm,
        "admin",
        state.path(),
        &["link", &file, "--to", "4x143"],
    )
    .await;
    assert_eq!(code(&out), 6, "{}", text(&out));
    let all = text(&out);
    assert!(
        all.contains("grande.bin (1,5 KiB) è più grande di quanto questo CRM accetta"),
        "{all}"
    );
    assert_italian("link (not stored)", &out);
    let (_, json, _) = crm
        .vtelink("admin", &["--json", "link", &file, "--to", "4x143"])
        .await;
    let problem = json["documents"][0]["problem"].as_str().unwrap();
    assert!(
        problem.starts_with("grande.bin (1.5 KiB) is larger than this CRM accepts"),
        "{problem}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_exit_code_is_italian() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let state = tempfile::tempdir().unwrap();
    let empty = state.path().join("empty.eml");
    std::fs::write(&empty, b"").unwrap();
    let empty = empty.display().to_string();
    let mut seen = Vec::new();

    // 1: a directory that cannot be created (/proc refuses even root).
    let out = vtelink(IT)
        .args(["parse", SAMPLE, "--extract", "/proc/vtelink-l10n-test"])
        .output()
        .unwrap();
    seen.push((1, out));
    // 2: the command line is wrong (ours, not clap's).
    let out = as_user(&crm, "admin", state.path(), &["search", " "]).await;
    seen.push((2, out));
    // 3: not logged in; wrong access key.
    let out = vtelink(IT)
        .args(["--profile", "nobody", "link", SAMPLE, "--to", "4x1"])
        .output()
        .unwrap();
    seen.push((3, out));
    let url = crm.url();
    let out = tokio::task::spawn_blocking(move || {
        vtelink(IT)
            .env("VTELINK_URL", &url)
            .env("VTELINK_USER", "admin")
            .env("VTELINK_ACCESS_KEY", "wrong")
            .args(["search", "acme"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    seen.push((3, out));
    // 4: nothing found.
    let out = as_user(&crm, "admin", state.path(), &["search", "zzqqxxnothing"]).await;
    seen.push((4, out));
    // 6: a batch with a failure.
    let out = as_user(
        &crm,
        "admin",
        state.path(),
        &["link", SAMPLE, &empty, "--to", "4x1"],
    )
    .await;
    seen.push((6, out));
    // 7: nothing answers.
    let out = vtelink(IT)
        .env("VTELINK_URL", "http://127.0.0.1:9")
        .env("VTELINK_USER", "admin")
        .env("VTELINK_ACCESS_KEY", "x")
        .args(["search", "acme"])
        .output()
        .unwrap();
    seen.push((7, out));
    // 9: not an email.
    let out = vtelink(IT).args(["parse", &empty]).output().unwrap();
    seen.push((9, out));
    // 5 and 8: an unlicensed and an old CRM (login refuses both).
    for (expected, config) in [
        (
            5,
            vtesim::Config {
                licensed: false,
                ..vtesim::Config::default()
            },
        ),
        (
            8,
            vtesim::Config {
                crm_version: "24.05.1".into(),
                ..vtesim::Config::default()
            },
        ),
    ] {
        let other = Crm::start(config).await;
        let password = other.server.user("admin").unwrap().password.clone();
        let home = tempfile::tempdir().unwrap();
        let out = login(
            vtelink(IT),
            &other.url(),
            &password,
            home.path(),
            &["--insecure-storage"],
        )
        .await;
        seen.push((expected, out));
    }
    for (expected, out) in &seen {
        assert_eq!(code(out), *expected, "{}", text(out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("vtelink: errore:"),
            "exit {expected}: {stderr}"
        );
        assert_italian(&format!("exit {expected}"), out);
    }
}

/// Login on an old CRM let through by --allow-unsupported-version (the
/// version warning comes from `crm`), then `status` (where the secrets are
/// comes from `auth`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn version_warning_and_secrets_place_are_italian() {
    let crm = Crm::start(vtesim::Config {
        crm_version: "24.05.1".into(),
        ..vtesim::Config::default()
    })
    .await;
    let password = crm.server.user("admin").unwrap().password.clone();
    let url = crm.url();
    let home = tempfile::tempdir().unwrap();
    let config_dir: PathBuf = home.path().to_owned();
    let (login, status) = tokio::task::spawn_blocking(move || {
        let login = vtelink(IT)
            .env("VTELINK_CONFIG_DIR", &config_dir)
            .args([
                "--no-input",
                "login",
                "--url",
                &url,
                "--user",
                "admin",
                "--password-stdin",
                "--insecure-storage",
                "--allow-unsupported-version",
            ])
            .write_stdin(format!("{password}\n"))
            .output()
            .unwrap();
        let status = vtelink(IT)
            .env("VTELINK_CONFIG_DIR", &config_dir)
            .args(["status", "--offline"])
            .output()
            .unwrap();
        (login, status)
    })
    .await
    .unwrap();
    assert_eq!(code(&login), 0, "{}", text(&login));
    assert!(
        text(&login).contains("questo CRM ha la versione 24.05.1"),
        "{}",
        text(&login)
    );
    assert!(text(&login).contains("file in chiaro"), "{}", text(&login));
    assert_italian("login --allow-unsupported-version", &login);
    assert_eq!(code(&status), 0, "{}", text(&status));
    assert_italian("status", &status);
}

/// What `auth` says about an identity provider (here: a plain-http issuer
/// it refuses) is Italian too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sso_details_are_italian() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let url = crm.url();
    let home = tempfile::tempdir().unwrap();
    let config_dir: PathBuf = home.path().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        vtelink(IT)
            .env("VTELINK_CONFIG_DIR", &config_dir)
            .args([
                "--no-input",
                "login",
                "--insecure-storage",
                "--sso",
                "--url",
                &url,
                "--user",
                "admin",
                "--sso-issuer",
                "http://idp.example.test",
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_ne!(code(&out), 0, "{}", text(&out));
    assert!(
        text(&out).contains("rifiuto http:// in chiaro verso idp.example.test"),
        "{}",
        text(&out)
    );
    assert_italian("login --sso (plain http issuer)", &out);
}

#[test]
fn the_c_locale_stays_english() {
    let out = vtelink("C").arg("--help").output().unwrap();
    assert!(text(&out).contains("Usage:"));
    let out = vtelink("C")
        .args(["parse", "/nonexistent/mail.eml"])
        .output()
        .unwrap();
    assert!(text(&out).contains("vtelink: error:"));
    assert!(text(&out).contains("cannot read"));
    // LC_ALL beats LANG; LANGUAGE lists preferences in front of the locale.
    let out = vtelink(IT)
        .env("LC_ALL", "C")
        .arg("--help")
        .output()
        .unwrap();
    assert!(text(&out).contains("Usage:"));
    let out = vtelink("de_DE.UTF-8")
        .env("LANGUAGE", "fr:it")
        .arg("--help")
        .output()
        .unwrap();
    assert!(text(&out).contains("Uso:"));
}
