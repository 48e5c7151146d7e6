//! Large emails are streamed (hashed once, long base64 bodies decoded
//! straight from the file) and must read exactly as the in-memory parse.

use std::path::Path;

use base64::Engine as _;
use sha2::Digest as _;

fn payload(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[2] ^ seed)
        .collect()
}

fn base64_lines(data: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(data);
    let mut out = String::new();
    for line in encoded.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(line).unwrap());
        out.push_str("\r\n");
    }
    out
}

fn assert_same(path: &Path) {
    let raw = std::fs::read(path).unwrap();
    let expected = vtelink::mail::parse_bytes(&raw, path).unwrap();
    let loaded = vtelink::mail::load(path).unwrap();
    assert_eq!(loaded.sha256, <[u8; 32]>::from(sha2::Sha256::digest(&raw)));
    let got = &loaded.email;
    assert_eq!(
        serde_json::to_value(got).unwrap(),
        serde_json::to_value(&expected).unwrap(),
        "{}",
        path.display()
    );
    assert_eq!(got.attachments.len(), expected.attachments.len());
    for (a, b) in got.attachments.iter().zip(&expected.attachments) {
        assert!(a.data == b.data, "{:?}: bytes differ", a.filename);
    }
}

#[test]
fn a_large_email_streams_to_the_same_result() {
    let dir = tempfile::tempdir().unwrap();
    let big = payload(17 * 1024 * 1024 + 5, 1);
    let small = payload(3000, 2);
    let eml = format!(
        "From: A <a@example.com>\r\nTo: b@example.com\r\nSubject: big\r\n\
         Message-ID: <large@example.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n\
         --outer\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n\
         --alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\
         --alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>hello</p>\r\n--alt--\r\n\
         --outer\r\nContent-Type: application/pdf; name=\"big.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"big.pdf\"\r\nContent-Transfer-Encoding: BASE64\r\n\r\n{}\
         --outer\r\nContent-Type: text/csv; name=\"small.csv\"\r\n\
         Content-Disposition: attachment; filename=\"small.csv\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\
         --outer--\r\n",
        base64_lines("héllo wörld\r\n".as_bytes()),
        base64_lines(&big),
        base64_lines(&small),
    );
    let path = dir.path().join("big.eml");
    std::fs::write(&path, eml).unwrap();
    assert_same(&path);
    let loaded = vtelink::mail::load(&path).unwrap();
    assert_eq!(loaded.email.attachments[0].data, big);
    assert_eq!(loaded.email.attachments[0].size, big.len() as u64);
}

#[test]
fn a_long_base64_body_inside_a_forwarded_message_falls_back_to_the_ordinary_parse() {
    let dir = tempfile::tempdir().unwrap();
    let inner = payload(17 * 1024 * 1024, 3);
    let eml = format!(
        "From: A <a@example.com>\r\nTo: b@example.com\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n\
         --outer\r\nContent-Type: text/plain\r\n\r\nsee below\r\n\
         --outer\r\nContent-Type: message/rfc822\r\n\r\n\
         From: C <c@example.com>\r\nSubject: inner\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"inner\"\r\n\r\n\
         --inner\r\nContent-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\
         --inner--\r\n--outer--\r\n",
        base64_lines(&inner),
    );
    let path = dir.path().join("fwd.eml");
    std::fs::write(&path, eml).unwrap();
    assert_same(&path);
}

#[test]
fn small_files_read_the_same_through_the_streaming_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("tests/fixtures/mail")];
    let corpus = root.join("../shared/corpus");
    if corpus.is_dir() {
        dirs.extend(["eml", "msg", "malformed"].map(|d| corpus.join(d)));
    } else {
        eprintln!("../shared/corpus not found: checking the repo's own fixtures only");
    }
    let mut checked = 0;
    for path in dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
    {
        let raw = std::fs::read(&path).unwrap();
        let Ok(expected) = vtelink::mail::parse_bytes(&raw, &path) else {
            continue;
        };
        let streamed = vtelink::mail::load_streaming(&path).unwrap();
        assert_eq!(
            serde_json::to_value(&streamed.email).unwrap(),
            serde_json::to_value(&expected).unwrap(),
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 4, "files found: {checked}");
}
