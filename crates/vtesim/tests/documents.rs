//! Documents as a real vtenext stores them (facts 40–46): PHP upload limits, bad extensions,
//! `filename` refused in queries, record ↔ Document relations, delete; and the Vendors module.
mod common;

use common::{Client, access_key, error_code, start};
use serde_json::{Value, json};
use vtesim::{Config, Server};

const MIB: u64 = 1024 * 1024;

/// The recorded install's PHP limits (captures 312–314).
fn recorded_limits() -> Config {
    Config {
        upload_max_filesize: 2 * MIB,
        post_max_size: 8 * MIB,
        ..Config::default()
    }
}

async fn session(server: &Server, c: &Client, user: &str) -> String {
    c.session(user, &access_key(server, user)).await
}

/// `create` Documents with one file part; (HTTP status, content type, body).
async fn upload(
    c: &Client,
    session: &str,
    title: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> (u16, String, String) {
    let element = json!({
        "notes_title": title, "assigned_user_id": "19x1",
        "filelocationtype": "B", "backend_name": "file", "filestatus": "1"
    });
    let form = reqwest::multipart::Form::new()
        .text("operation", "create")
        .text("sessionName", session.to_string())
        .text("elementType", "Documents")
        .text("element", element.to_string())
        .part(
            "filename",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(file_name.to_string())
                .mime_str("application/octet-stream")
                .unwrap(),
        );
    let r = c.http.post(&c.ws).multipart(form).send().await.unwrap();
    Client::read(r).await
}

async fn upload_json(c: &Client, session: &str, title: &str, name: &str, bytes: Vec<u8>) -> Value {
    let (status, _, body) = upload(c, session, title, name, bytes).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn relate(c: &Client, session: &str, id: &str, list: &[&str]) -> Value {
    c.post_json(&[
        ("operation", "relate"),
        ("sessionName", session),
        ("id", id),
        ("relatelist", &json!(list).to_string()),
    ])
    .await
}

async fn retrieve(c: &Client, session: &str, id: &str) -> Value {
    c.get_json(&[
        ("operation", "retrieve"),
        ("sessionName", session),
        ("id", id),
    ])
    .await
}

/// (id, via) of what the test endpoint lists for a record.
async fn listed(server: &Server, id: &str) -> Vec<(String, String)> {
    let v: Value = reqwest::get(format!("{}/__vtesim/relations?id={id}", server.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["via"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pair(id: &str, via: &str) -> (String, String) {
    (id.to_string(), via.to_string())
}

#[tokio::test]
async fn a_file_over_upload_max_filesize_leaves_an_empty_document() {
    let server = start(recorded_limits()).await;
    let c = Client::new(&server);
    let s = session(&server, &c, "admin").await;
    let v = upload_json(&c, &s, "scan.pdf", "scan.pdf", vec![7u8; 3 * MIB as usize]).await;
    assert_eq!(v["success"], true, "create answers success (fact 40): {v}");
    let result = &v["result"];
    assert_eq!(result["notes_title"], "scan.pdf");
    assert_eq!(result["filesize"], "0");
    assert_eq!(result["filetype"], "B", "as recorded in 312");
    let id = result["id"].as_str().unwrap();
    let again = retrieve(&c, &s, id).await;
    assert_eq!(again["result"]["filesize"], "0", "{again}");
    let doc = server.document(id).expect("the Document exists");
    assert_eq!(doc.notes_title, "scan.pdf");
    assert!(doc.content.is_empty() && doc.stored_content_type.is_none());
    assert_eq!(server.document_file(id), None, "no stored file");
    let content = reqwest::get(format!("{}/__vtesim/documents/{id}/content", server.url()))
        .await
        .unwrap();
    assert_eq!(content.status(), 200);
    assert!(content.bytes().await.unwrap().is_empty());
    let meta: Value = reqwest::get(format!("{}/__vtesim/documents/{id}", server.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (&meta["filesize"], &meta["has_file"], &meta["stored_bytes"]),
        (&json!("0"), &json!(false), &json!(0))
    );

    // Exactly at the limit is still accepted, byte for byte.
    let bytes: Vec<u8> = (0..2 * MIB as u32).map(|i| (i % 253) as u8).collect();
    let v = upload_json(&c, &s, "at-limit.bin", "at-limit.bin", bytes.clone()).await;
    assert_eq!(v["result"]["filesize"], bytes.len().to_string());
    let doc = server
        .document(v["result"]["id"].as_str().unwrap())
        .unwrap();
    assert_eq!(doc.content, bytes);
    assert_eq!(doc.filename, "at-limit.bin.txt", "bin is a bad extension");

    // describe keeps reporting vtenext's own limit, not PHP's (fact 42).
    let d = c
        .get_json(&[
            ("operation", "describe"),
            ("sessionName", &s),
            ("elementType", "Documents"),
        ])
        .await;
    let max = d["result"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|f| f["type"].get("maxUploadFileSize"))
        .cloned();
    assert_eq!(max, Some(json!(64000000)), "{d}");
    server.shutdown().await;
}

async fn document_count(c: &Client, s: &str) -> Value {
    c.query(s, "SELECT count(*) FROM Documents;").await["result"][0]["count"].clone()
}

#[tokio::test]
async fn a_request_over_post_max_size_is_dropped_whole() {
    let server = start(recorded_limits()).await;
    let c = Client::new(&server);
    let s = session(&server, &c, "admin").await;
    let before = document_count(&c, &s).await;
    let (status, ct, body) =
        upload(&c, &s, "huge.pdf", "huge.pdf", vec![1u8; 9 * MIB as usize]).await;
    assert_eq!(
        (status, ct.as_str(), body.as_str()),
        (500, "text/html; charset=UTF-8", ""),
        "answered like an unknown operation (fact 41)"
    );
    assert_eq!(document_count(&c, &s).await, before, "nothing was created");
    // The connection and the session are fine afterwards.
    let v = upload_json(&c, &s, "small.pdf", "small.pdf", b"%PDF small".to_vec()).await;
    assert_eq!(v["result"]["filesize"], "10");
    // A urlencoded body over the limit is dropped the same way.
    let long = "x".repeat(9 * MIB as usize);
    let (status, _, body) = c
        .post(&[
            ("operation", "create"),
            ("sessionName", &s),
            ("elementType", "Contacts"),
            (
                "element",
                &json!({"lastname": long, "assigned_user_id": "19x1"}).to_string(),
            ),
        ])
        .await;
    assert_eq!((status, body.as_str()), (500, ""));
    server.shutdown().await;
}

#[tokio::test]
async fn bad_extensions_get_txt_and_filename_stays_unqueryable() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let s = session(&server, &c, "admin").await;
    for (sent, stored) in [
        ("setup.exe", "setup.exe.txt"),
        ("Run Me.PHP", "Run_Me.PHP.txt"),
        ("page.HTML", "page.HTML.txt"),
        (".htaccess", ".htaccess.txt"),
        ("script.js.pdf", "script.js.pdf"),
        ("report.pdf", "report.pdf"),
        ("noextension", "noextension"),
    ] {
        let v = upload_json(&c, &s, sent, sent, b"MZ fake".to_vec()).await;
        assert_eq!(v["result"]["notes_title"], sent, "title unchanged");
        assert!(
            v["result"].get("filename").is_none(),
            "never returned (fact 28)"
        );
        let id = v["result"]["id"].as_str().unwrap();
        let doc = server.document(id).unwrap();
        assert_eq!(doc.filename, stored, "{sent}");
        assert_eq!(doc.content, b"MZ fake");
        assert_eq!(
            server.document_file(id).map(|f| f.0),
            Some(stored.to_string())
        );
    }
    let q = |text: &'static str| {
        let (c, s) = (&c, s.clone());
        async move { c.query(&s, text).await }
    };
    let v = q("SELECT id, filename FROM Documents WHERE notes_title = 'setup.exe';").await;
    assert_eq!(
        v["error"],
        json!({"code": "ACCESS_DENIED", "message": "Permission to access '.filename.' attribute denied."})
    );
    let v = q("SELECT id FROM Documents WHERE filename = 'setup.exe.txt';").await;
    assert_eq!(
        v["error"],
        json!({"code": "ACCESS_DENIED", "message": "Permission to access filename attribute denied."})
    );
    let v = q("SELECT id FROM Documents ORDER BY filename;").await;
    assert_eq!(error_code(&v), "ACCESS_DENIED");
    let v = q("SELECT id, filesize, filetype FROM Documents WHERE notes_title = 'setup.exe' AND filesize = '7';").await;
    assert_eq!(
        v["result"][0]["filetype"], "application/octet-stream",
        "filesize and filetype can be selected and filtered on: {v}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn documents_join_related_lists_from_either_side() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let s = session(&server, &c, "admin").await;
    let doc = upload_json(&c, &s, "related.pdf", "related.pdf", b"%PDF".to_vec()).await;
    let doc = doc["result"]["id"].as_str().unwrap().to_string();
    let ok = json!({"success": true, "result": null});
    // Record → [Document] (319) and Document → [records] (320) land in the same table.
    assert_eq!(relate(&c, &s, "4x143", &[&doc]).await, ok);
    assert_eq!(
        relate(&c, &s, &doc, &["3x140", "2x148", "5x149", "9x150"]).await,
        ok
    );
    assert_eq!(
        relate(&c, &s, &doc, &["4x143"]).await,
        ok,
        "again is harmless"
    );
    for record in ["4x143", "3x140", "2x148", "5x149", "9x150"] {
        assert_eq!(
            listed(&server, record).await,
            [pair(&doc, "documents")],
            "{record} lists the Document"
        );
    }
    let rows = server.relations("4x143");
    assert_eq!(
        rows[0]["direction"], "from_this",
        "record → Document, whoever called"
    );
    let mut from_doc: Vec<String> = listed(&server, &doc)
        .await
        .into_iter()
        .map(|p| p.0)
        .collect();
    from_doc.sort();
    assert_eq!(from_doc, ["2x148", "3x140", "4x143", "5x149", "9x150"]);

    // A Message related to a Document does not put it in the Contact's list (fact 44).
    let other = upload_json(
        &c,
        &s,
        "via-message.pdf",
        "via-message.pdf",
        b"%PDF 2".to_vec(),
    )
    .await;
    let other = other["result"]["id"].as_str().unwrap().to_string();
    assert_eq!(relate(&c, &s, "44x156", &["4x144", &other]).await, ok);
    assert_eq!(listed(&server, "4x144").await, [pair("44x156", "messages")]);
    assert_eq!(listed(&server, &other).await, [pair("44x156", "messages")]);
    server.shutdown().await;
}

#[tokio::test]
async fn restricted_relates_documents_only_from_the_documents_side() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let s = session(&server, &c, "restricted").await;
    let element = json!({
        "notes_title": "restricted.pdf", "assigned_user_id": "19x4",
        "filelocationtype": "B", "backend_name": "file", "filestatus": "1"
    });
    let form = reqwest::multipart::Form::new()
        .text("operation", "create")
        .text("sessionName", s.clone())
        .text("elementType", "Documents")
        .text("element", element.to_string())
        .part(
            "filename",
            reqwest::multipart::Part::bytes(b"restricted bytes".to_vec())
                .file_name("restricted.pdf"),
        );
    let v: Value = c
        .http
        .post(&c.ws)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let doc = v["result"]["id"]
        .as_str()
        .expect("restricted may create Documents")
        .to_string();
    let error = |v: &Value| (v["error"]["code"].clone(), v["error"]["message"].clone());
    // Read-only Account → [Document]: refused (322); Document → [Account]: fine (323).
    assert_eq!(
        error(&relate(&c, &s, "3x140", &[&doc]).await),
        (
            json!("ACCESS_DENIED"),
            json!("Permission to read given object is denied")
        )
    );
    assert_eq!(listed(&server, "3x140").await, []);
    assert_eq!(
        relate(&c, &s, &doc, &["3x140", "4x143"]).await["success"],
        true
    );
    assert_eq!(listed(&server, "3x140").await, [pair(&doc, "documents")]);
    assert_eq!(listed(&server, "4x143").await, [pair(&doc, "documents")]);
    // Leads are invisible to restricted: refused both ways, in the recorded words (324).
    assert_eq!(
        error(&relate(&c, &s, "2x148", &[&doc]).await),
        (
            json!("ACCESS_DENIED"),
            json!("Permission to perform the operation is denied")
        )
    );
    assert_eq!(
        error(&relate(&c, &s, &doc, &["2x148"]).await),
        (
            json!("ACCESS_DENIED"),
            json!("There is no relation with module Leads")
        )
    );
    assert_eq!(listed(&server, "2x148").await, []);
    // A writable record still relates from its own side.
    assert_eq!(relate(&c, &s, "4x144", &[&doc]).await["success"], true);
    assert_eq!(listed(&server, "4x144").await, [pair(&doc, "documents")]);
    server.shutdown().await;
}

#[tokio::test]
async fn deleted_documents_and_messages_leave_the_lists() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let s = session(&server, &c, "admin").await;
    let doc = upload_json(&c, &s, "gone.pdf", "gone.pdf", b"%PDF gone".to_vec()).await;
    let doc = doc["result"]["id"].as_str().unwrap().to_string();
    let msg = c
        .post_json(&[
            ("operation", "create"),
            ("sessionName", &s),
            ("elementType", "Messages"),
            (
                "element",
                &json!({"subject": "To unlink", "messageid": "<unlink-1@vtesim.example>", "assigned_user_id": "19x1"})
                    .to_string(),
            ),
        ])
        .await;
    let msg = msg["result"]["id"].as_str().unwrap().to_string();
    relate(&c, &s, &msg, &["4x143", &doc]).await;
    relate(&c, &s, &doc, &["4x143"]).await;
    assert_eq!(listed(&server, "4x143").await.len(), 2);
    for id in [&doc, &msg] {
        let v = c
            .post_json(&[("operation", "delete"), ("sessionName", &s), ("id", id)])
            .await;
        assert_eq!(v["result"], json!({"status": "successful"}));
        let v = retrieve(&c, &s, id).await;
        assert_eq!(
            v["error"],
            json!({"code": "ACCESS_DENIED", "message": "Permission to perform the operation is denied"}),
            "fact 30"
        );
        assert_eq!(listed(&server, id).await, []);
    }
    assert_eq!(
        listed(&server, "4x143").await,
        [],
        "the Contact lists neither any more"
    );
    assert_eq!(server.document(&doc), None);
    assert_eq!(server.document_file(&doc), None);
    let content = reqwest::get(format!("{}/__vtesim/documents/{doc}/content", server.url()))
        .await
        .unwrap();
    assert_eq!(content.status(), 404);
    let v = c
        .query(
            &s,
            "SELECT id FROM Documents WHERE notes_title = 'gone.pdf';",
        )
        .await;
    assert_eq!(v["result"], json!([]));
    server.shutdown().await;
}

#[tokio::test]
async fn vendors_are_described_listed_and_queryable() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    for user in ["admin", "restricted"] {
        let s = session(&server, &c, user).await;
        let d = c
            .get_json(&[
                ("operation", "describe"),
                ("sessionName", &s),
                ("elementType", "Vendors"),
            ])
            .await;
        assert_eq!(d["result"]["idPrefix"], "11", "{user}: {d}");
        let types = c
            .get_json(&[
                ("operation", "listtypes"),
                ("sessionName", &s),
                ("fieldTypeList", r#"["email"]"#),
            ])
            .await;
        assert!(
            types["result"]["types"]
                .as_array()
                .unwrap()
                .contains(&json!("Vendors")),
            "{user}: {types}"
        );
        let v = c
            .query(&s, "SELECT id, vendorname, email FROM Vendors WHERE email = 'supplies@initech.example';")
            .await;
        assert_eq!(
            v["result"],
            json!([{"id": "11x246", "vendorname": "Initech Supplies", "email": "Supplies@Initech.example"}]),
            "{user}"
        );
        let v = c
            .query(&s, "SELECT id FROM Vendors WHERE email IN ('orders@vendoronly-example.com', 'mary@company.com');")
            .await;
        assert_eq!(
            v["result"],
            json!([{"id": "11x59"}, {"id": "11x245"}]),
            "{user}"
        );
        if user == "admin" {
            for (module, field) in [
                ("Contacts", "email"),
                ("Accounts", "email1"),
                ("Leads", "email"),
            ] {
                let text = format!(
                    "SELECT count(*) FROM {module} WHERE {field} LIKE '%vendoronly-example.com';"
                );
                let v = c.query(&s, &text).await;
                assert_eq!(
                    v["result"][0]["count"], "0",
                    "only a Vendor holds it: {module} {v}"
                );
            }
        }
    }
    // Vendors can be created too (vendor_no is generated).
    let s = session(&server, &c, "admin").await;
    let v = c
        .post_json(&[
            ("operation", "create"),
            ("sessionName", &s),
            ("elementType", "Vendors"),
            (
                "element",
                r#"{"vendorname":"New Vendor","email":"new@vendor.example"}"#,
            ),
        ])
        .await;
    assert!(
        v["result"]["vendor_no"]
            .as_str()
            .unwrap()
            .starts_with("VEN"),
        "{v}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn db_file_keeps_document_relations_and_vendors() {
    let dir = std::env::temp_dir().join(format!(
        "vtesim-documents-{}-{}",
        std::process::id(),
        chrono_free_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("crm.sqlite");
    let config = || Config {
        db: Some(db.clone()),
        ..Config::default()
    };
    let server = start(config()).await;
    let c = Client::new(&server);
    let s = session(&server, &c, "admin").await;
    let doc = upload_json(&c, &s, "kept.exe", "kept.exe", b"kept".to_vec()).await;
    let doc = doc["result"]["id"].as_str().unwrap().to_string();
    relate(&c, &s, "4x147", &[&doc]).await;
    relate(&c, &s, &doc, &["3x141"]).await;
    server.shutdown().await;

    let server = start(Config {
        upload_max_filesize: 4 * MIB,
        ..config()
    })
    .await;
    assert_eq!(listed(&server, "4x147").await, [pair(&doc, "documents")]);
    assert_eq!(listed(&server, "3x141").await, [pair(&doc, "documents")]);
    let stored = server.document(&doc).unwrap();
    assert_eq!(
        (stored.filename.as_str(), stored.content.as_slice()),
        ("kept.exe.txt", &b"kept"[..])
    );
    let c = Client::new(&server);
    let s = session(&server, &c, "admin").await;
    let v = c.query(&s, "SELECT count(*) FROM Vendors;").await;
    assert_eq!(v["result"][0]["count"], "7", "{v}");
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// A per-test unique suffix without a clock crate.
fn chrono_free_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// POSTs `body` to webservice.php with `Transfer-Encoding: chunked` (no declared length) over
/// a raw connection; returns the status line and the body of the answer.
async fn post_chunked(server: &Server, content_type: &str, body: &[u8]) -> (String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = server.url().trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /webservice.php HTTP/1.1\r\nHost: vtesim\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.chunks(64 * 1024) {
        stream
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .await
            .unwrap();
        stream.write_all(chunk).await.unwrap();
        stream.write_all(b"\r\n").await.unwrap();
    }
    stream.write_all(b"0\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.lines().next().unwrap_or("").to_string();
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

#[tokio::test]
async fn a_body_without_declared_length_meets_the_same_limit() {
    let server = start(recorded_limits()).await;
    let c = Client::new(&server);
    let s = session(&server, &c, "admin").await;
    let form = |lastname: &str| {
        serde_urlencoded::to_string([
            ("operation", "create"),
            ("sessionName", s.as_str()),
            ("elementType", "Contacts"),
            (
                "element",
                &json!({"lastname": lastname, "assigned_user_id": "19x1"}).to_string(),
            ),
        ])
        .unwrap()
    };
    let urlencoded = "application/x-www-form-urlencoded";
    let (status, body) = post_chunked(&server, urlencoded, form("Chunked").as_bytes()).await;
    assert!(status.contains(" 200 "), "{status}");
    assert!(body.contains("\"lastname\":\"Chunked\""), "{body}");
    let big = form(&"y".repeat(9 * MIB as usize));
    let (status, _) = post_chunked(&server, urlencoded, big.as_bytes()).await;
    assert!(status.contains(" 500 "), "{status}");
    let v = c
        .query(
            &s,
            "SELECT count(*) FROM Contacts WHERE lastname LIKE 'yyyy%';",
        )
        .await;
    assert_eq!(v["result"][0]["count"], "0");
    // The same for a multipart upload: over the limit nothing is created, under it all is kept.
    let multipart = |size: usize| {
        let mut body = Vec::new();
        for (k, v) in [
            ("operation", "create"),
            ("sessionName", s.as_str()),
            ("elementType", "Documents"),
            (
                "element",
                r#"{"notes_title":"chunked.pdf","assigned_user_id":"19x1","filelocationtype":"B","backend_name":"file"}"#,
            ),
        ] {
            body.extend_from_slice(
                format!("--XyZ\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                    .as_bytes(),
            );
        }
        body.extend_from_slice(b"--XyZ\r\nContent-Disposition: form-data; name=\"filename\"; filename=\"chunked.pdf\"\r\nContent-Type: application/pdf\r\n\r\n");
        body.extend(std::iter::repeat_n(b'z', size));
        body.extend_from_slice(b"\r\n--XyZ--\r\n");
        body
    };
    let ct = "multipart/form-data; boundary=XyZ";
    let before = document_count(&c, &s).await;
    let (status, body) = post_chunked(&server, ct, &multipart(9 * MIB as usize)).await;
    assert!(
        status.contains(" 500 ") && body.is_empty(),
        "{status} {body:.200}"
    );
    assert_eq!(document_count(&c, &s).await, before);
    let (status, body) = post_chunked(&server, ct, &multipart(1000)).await;
    assert!(
        status.contains(" 200 ") && body.contains("\"filesize\":\"1000\""),
        "{status} {body}"
    );
    server.shutdown().await;
}
