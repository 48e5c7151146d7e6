//! Suggestions through the built binary: the labelled evaluation set in
//! `tests/fixtures/suggest-eval/` (precision@1 and recall@3 must not fall
//! below what this version reaches), `link --auto`, `--pick` refusing
//! without a terminal, and the round trips one `suggest` costs.

#[path = "common/crm.rs"]
mod crm;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crm::Crm;
use serde_json::Value;

fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/suggest-eval")
}

fn read_json(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(eval_dir().join(name)).unwrap()).unwrap()
}

/// Create the seed's records through the webservice; name → ws id. An
/// optional record of a module this CRM lacks (Vendors on older vtesim) is
/// left out, and so are the cases that need it.
async fn seed(crm: &Crm) -> HashMap<String, String> {
    let conn = crm.admin_conn().await;
    let mut ids = HashMap::new();
    for entry in read_json("seed.json").as_array().unwrap() {
        let module = entry["module"].as_str().unwrap();
        let optional = entry["optional"].as_bool() == Some(true);
        if optional && conn.describe(module).await.is_err() {
            continue;
        }
        let record = match conn.create(module, &entry["element"]).await {
            Ok(record) => record,
            Err(e) if optional => {
                eprintln!("seed: {module} left out ({e})");
                continue;
            }
            Err(e) => panic!("seed {module}: {e}"),
        };
        let id = record["id"].as_str().unwrap().to_owned();
        ids.insert(format!("${}", entry["name"].as_str().unwrap()), id);
    }
    ids
}

fn eml(name: &str) -> String {
    eval_dir().join(name).to_string_lossy().into_owned()
}

fn ids_of(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|items| {
            items
                .iter()
                .map(|s| s["id"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evaluation_set_precision_and_recall() {
    let plain = Crm::start(vtesim::Config::default()).await;
    let secondary = Crm::start(vtesim::Config {
        show_secondary_email: true,
        ..Default::default()
    })
    .await;
    let seeded = [seed(&plain).await, seed(&secondary).await];
    let cases = read_json("cases.json");
    let (mut judged, mut top_right, mut recall_sum, mut recall_cases) = (0, 0, 0.0, 0);
    let mut report = String::new();
    for case in cases.as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (crm, names) = if case["config"] == "secondary" {
            (&secondary, &seeded[1])
        } else {
            (&plain, &seeded[0])
        };
        let resolve = |v: &Value| -> Option<String> {
            let id = v.as_str().unwrap();
            if id.starts_with('$') {
                names.get(id).cloned()
            } else {
                Some(id.to_owned())
            }
        };
        if let Some(module) = case["requires"].as_str()
            && case["expect"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| resolve(v).is_none())
        {
            report.push_str(&format!("  {name:<28} skipped: no {module} in this CRM\n"));
            continue;
        }
        let expect: Vec<String> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(resolve)
            .collect();
        let user = case["user"].as_str().unwrap();
        let (code, out, stderr) = crm
            .vtelink(
                user,
                &["--json", "suggest", &eml(case["file"].as_str().unwrap())],
            )
            .await;
        assert!(code == 0 || code == 4, "{name}: exit {code}: {stderr}");
        let got = ids_of(&out["suggestions"]);
        judged += 1;
        let top_ok = match (got.first(), expect.is_empty()) {
            (None, true) => true,
            (Some(top), false) => expect.contains(top),
            _ => false,
        };
        top_right += usize::from(top_ok);
        let recall = if expect.is_empty() {
            None
        } else {
            let top3: Vec<&String> = got.iter().take(3).collect();
            Some(expect.iter().filter(|e| top3.contains(e)).count() as f64 / expect.len() as f64)
        };
        if let Some(r) = recall {
            recall_sum += r;
            recall_cases += 1;
        }
        report.push_str(&format!(
            "  {name:<28} p@1 {} r@3 {}  expected {expect:?} got {:?}\n",
            if top_ok { "ok " } else { "MISS" },
            recall.map_or("-".to_owned(), |r| format!("{r:.2}")),
            got.iter().take(3).collect::<Vec<_>>()
        ));
        for forbidden in case["forbid"].as_array().into_iter().flatten() {
            let id = resolve(forbidden).unwrap();
            assert!(
                !got.contains(&id),
                "{name}: {id} must not be suggested: {out}"
            );
        }
        if let Some(tied) = case["tie"].as_array() {
            for id in tied.iter().filter_map(resolve) {
                let s = out["suggestions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|s| s["id"] == id.as_str())
                    .unwrap_or_else(|| panic!("{name}: {id} missing: {out}"));
                assert_eq!(
                    s["tie"], true,
                    "{name}: {id} should be marked as a tie: {s}"
                );
            }
            assert_eq!(out["auto"]["link"], false, "{name}: a tie is never auto");
        }
    }
    let precision = top_right as f64 / judged as f64;
    let recall = recall_sum / recall_cases.max(1) as f64;
    println!(
        "suggest evaluation: {judged} cases, precision@1 {precision:.3}, recall@3 {recall:.3}\n{report}"
    );
    // The figures this version reaches; raise them when suggestions improve.
    assert!(
        precision >= PRECISION_AT_1,
        "precision@1 {precision:.3}\n{report}"
    );
    assert!(recall >= RECALL_AT_3, "recall@3 {recall:.3}\n{report}");
}

const PRECISION_AT_1: f64 = 0.90;
const RECALL_AT_3: f64 = 0.93;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_links_only_a_clear_winner() {
    let crm = Crm::start(vtesim::Config::default()).await;

    // Clear: the contact, and its account taken along.
    let (code, out, stderr) = crm
        .vtelink(
            "admin",
            &["--json", "link", &eml("plain-contact.eml"), "--auto"],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    let mut related: Vec<String> = out["related_to"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    related.sort();
    assert_eq!(related, vec!["3x140", "4x143"], "{out}");
    assert!(stderr.contains("--auto:"), "{stderr}");

    // Ambiguous and no match: one line, exit 4, nothing written.
    for (file, why) in [
        ("twins.eml", "tied"),
        ("contact-and-lead.eml", "tied"),
        ("free-mail-stranger.eml", "no suggestion"),
        ("sub-domain-stranger.eml", "below 85"),
    ] {
        let (code, out, stderr) = crm
            .vtelink("admin", &["--json", "link", &eml(file), "--auto"])
            .await;
        assert_eq!(code, 4, "{file}: {stderr}");
        assert_eq!(out["error"]["kind"], "not_found", "{file}");
        let message = out["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(why), "{file}: {message}");
        let stem = file.trim_end_matches(".eml");
        assert_eq!(
            crm.count_messages(&format!("<eval-{stem}@vtelink.test>"))
                .await,
            0,
            "{file}: nothing may be written"
        );
    }

    // For people: one line on stderr, nothing on stdout.
    let out = crm
        .run("admin", &["link", &eml("twins.eml"), "--auto"])
        .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(out.stdout.is_empty());

    // A lower bar, on purpose: the organisation's account is enough.
    let (code, out, stderr) = crm
        .vtelink(
            "admin",
            &[
                "--json",
                "link",
                &eml("sub-domain-stranger.eml"),
                "--auto",
                "--min-score",
                "60",
            ],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(out["related_to"], serde_json::json!(["3x140"]));

    // `suggest --json` says the same as `--auto` does.
    let (code, out, _) = crm
        .vtelink("admin", &["--json", "suggest", &eml("twins.eml")])
        .await;
    assert_eq!(code, 0);
    assert_eq!(out["auto"]["link"], false);
    assert_eq!(out["auto"]["min_score"], 85);
    assert_eq!(out["auto"]["margin"], 15);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pick_refuses_without_a_terminal() {
    let crm = Crm::start(vtesim::Config::default()).await;
    for extra in [&[][..], &["--no-input"][..]] {
        let mut args = vec!["link", "--pick"];
        args.extend_from_slice(extra);
        let file = eml("plain-contact.eml");
        args.insert(1, &file);
        let (code, _, stderr) = crm.vtelink("admin", &args).await;
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("--pick needs a terminal"), "{stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    }
    assert_eq!(
        crm.count_messages("<eval-plain-contact@vtelink.test>")
            .await,
        0
    );
    // Refused before any network: no CRM is needed to say so.
    let out = assert_cmd::Command::cargo_bin("vtelink")
        .unwrap()
        .env("VTELINK_URL", "http://127.0.0.1:9")
        .env("VTELINK_USER", "nobody")
        .env("VTELINK_ACCESS_KEY", "x")
        .env(
            "VTELINK_CONFIG_DIR",
            std::env::temp_dir().join("vtelink-suggest-tests-no-config"),
        )
        .args(["link", &eml("plain-contact.eml"), "--pick"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let (code, _, stderr) = crm
        .vtelink(
            "admin",
            &["link", &eml("plain-contact.eml"), "--pick", "--auto"],
        )
        .await;
    assert_eq!(code, 2, "--pick and --auto conflict: {stderr}");
}

/// A sender and a Cc that both match, at 150 ms of latency with a session
/// already open: at most 5 round trips' worth of wall time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sender_and_cc_cost_few_round_trips() {
    let crm = Crm::start(vtesim::Config {
        latency_ms: 150,
        ..Default::default()
    })
    .await;
    let conn = crm.admin_conn().await;
    let t = Instant::now();
    conn.client().getchallenge("admin").await.unwrap();
    let round_trip = t.elapsed();
    let raw = std::fs::read(eval_dir().join("cc-known-sender.eml")).unwrap();
    let email = vtelink::mail::parse_bytes(&raw, Path::new("cc.eml")).unwrap();
    let t = Instant::now();
    let found = vtelink::cli::suggest::suggestions_for(&conn, &email, 10)
        .await
        .unwrap();
    let elapsed = t.elapsed();
    let worth = elapsed.as_secs_f64() / round_trip.as_secs_f64();
    println!(
        "suggest, sender + Cc at 150 ms: {} calls, {:.0} ms, {worth:.1} round trips' worth",
        found.requests,
        elapsed.as_secs_f64() * 1000.0
    );
    let ids: Vec<&str> = found.suggestions.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.contains(&"4x143") && ids.contains(&"4x147"), "{ids:?}");
    assert!(found.requests <= 16, "{} calls", found.requests);
    assert!(worth <= 5.0, "{worth:.1} round trips' worth");
}
