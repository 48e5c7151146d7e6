//! `vtelink search` and `vtelink modules` through the built binary: values
//! from the user are escaped for VTQL, and only what the CRM user may see is
//! listed.

#[path = "common/crm.rs"]
mod crm;
use crm::Crm;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finds_names_with_apostrophes_and_ids() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let (code, hits, stderr) = crm.vtelink("admin", &["--json", "search", "O'Brien"]).await;
    assert_eq!(code, 0, "{stderr}");
    let first = &hits["records"][0];
    assert_eq!(first["module"], "Contacts");
    assert_eq!(first["label"], "Mary O'Brien");

    let id = first["id"].as_str().unwrap().to_owned();
    let (code, by_id, stderr) = crm.vtelink("admin", &["--json", "search", &id]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(by_id["records"][0]["id"], id.as_str());
    assert_eq!(by_id["records"][0]["module"], "Contacts");

    // A quote and a would-be second statement are just text to match.
    let (code, none, stderr) = crm
        .vtelink("admin", &["--json", "search", "x'; SELECT id FROM Users;"])
        .await;
    assert_eq!(code, 4, "no match, not an error: {stderr}");
    assert_eq!(none["error"]["kind"], "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restricted_users_see_only_their_modules() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let (code, admin, stderr) = crm.vtelink("admin", &["--json", "modules"]).await;
    assert_eq!(code, 0, "{stderr}");
    let names = |list: &serde_json::Value| -> Vec<String> {
        list["modules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(names(&admin).contains(&"Leads".to_owned()));

    let (code, restricted, stderr) = crm.vtelink("restricted", &["--json", "modules"]).await;
    assert_eq!(code, 0, "{stderr}");
    let restricted = names(&restricted);
    assert!(
        !restricted.contains(&"Leads".to_owned()) && !restricted.contains(&"HelpDesk".to_owned()),
        "{restricted:?}"
    );
    assert!(restricted.contains(&"Contacts".to_owned()));

    let (code, _, stderr) = crm
        .vtelink("restricted", &["search", "--module", "Leads", "a"])
        .await;
    assert_eq!(code, 4, "{stderr}");
    assert!(stderr.contains("not visible to you"), "{stderr}");
}
