//! Every file in `../shared/corpus/malformed/` is survived, with the
//! behaviour SOURCES.md asks for: a clear error (exit 9, one line naming the
//! file) for what is not an email, a partial result with warnings for damage.
//! Skips with a message when the corpus is absent.

use std::path::{Path, PathBuf};

use vtelink::mail::{self, Email, Format, MailError};

fn malformed(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/malformed")
        .join(name);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("SKIPPED: {} not found (corpus absent)", path.display());
        None
    }
}

fn ok(name: &str) -> Option<Email> {
    let path = malformed(name)?;
    match mail::parse_path(&path) {
        Ok(email) => Some(email),
        Err(e) => panic!("{name}: expected a partial result, got error {e}"),
    }
}

fn err(name: &str) -> Option<MailError> {
    let path = malformed(name)?;
    match mail::parse_path(&path) {
        Ok(email) => panic!("{name}: expected an error, got {email:?}"),
        Err(e) => {
            let text = e.to_string();
            assert!(text.starts_with(&path.display().to_string()), "{text}");
            assert!(!text.contains('\n'), "{text}");
            assert_eq!(
                vtelink::Error::from(e).exit(),
                vtelink::error::Exit::BadInput,
                "{name}"
            );
            None
        }
    }
}

fn warned(email: &Email, needle: &str) -> bool {
    email.warnings.iter().any(|w| w.english().contains(needle))
}

fn names(email: &Email) -> Vec<String> {
    email
        .attachments
        .iter()
        .map(|a| a.filename.clone().unwrap_or_default())
        .collect()
}

#[test]
fn bad_base64_keeps_best_effort_bytes() {
    let Some(email) = ok("bad_base64.eml") else {
        return;
    };
    assert_eq!(email.subject.as_deref(), Some("bad base64"));
    assert!(email.text_body.is_some());
    assert_eq!(names(&email), ["broken.png"]);
    assert!(email.attachments[0].size > 0);
    assert!(warned(&email, "broken.png"));
}

#[test]
fn binary_garbage_is_not_an_email() {
    err("binary_garbage.eml");
}

#[test]
fn zero_bytes_is_an_error() {
    err("zero_bytes.eml");
}

#[test]
fn cfb_garbage_truncated_and_fuzzed_are_clear_errors() {
    for name in [
        "cfb_magic_then_garbage.msg",
        "truncated_half.msg",
        "poi_clusterfuzz_4735011465854976.msg",
        "poi_clusterfuzz_5336473854148608.msg",
    ] {
        err(name);
    }
}

#[test]
fn cfb_attachment_data_missing_is_partial() {
    let Some(email) = ok("cfb_attachment_data_missing.msg") else {
        return;
    };
    assert_eq!(email.format, Format::Msg);
    assert_eq!(
        email.subject.as_deref(),
        Some("Attachments announced but data streams missing")
    );
    assert_eq!(email.attachments.len(), 2);
    assert!(email.warnings.len() >= 2, "{:?}", email.warnings);
}

#[test]
fn cfb_missing_streams_is_partial() {
    let Some(email) = ok("cfb_missing_streams.msg") else {
        return;
    };
    assert_eq!(
        email.subject.as_deref(),
        Some("CFB container with missing streams")
    );
    assert!(warned(&email, "property stream"));
}

#[test]
fn deeply_nested_reaches_the_bottom() {
    let Some(email) = ok("deeply_nested_200.eml") else {
        return;
    };
    assert_eq!(names(&email), ["deep.txt"]);
    assert!(email.text_body.is_some());
}

#[test]
fn boundary_prefix_is_survived() {
    let Some(email) = ok("dovecot_001_boundary_prefix.eml") else {
        return;
    };
    assert_eq!(email.format, Format::Eml);
}

#[test]
fn eightbit_headers_decode_best_effort() {
    let Some(email) = ok("eightbit_headers.eml") else {
        return;
    };
    assert!(email.subject.is_some());
    assert_eq!(email.attachments.len(), 1);
    assert!(warned(&email, "8-bit"));
}

#[test]
fn eightbit_filename_gets_a_name_and_warning() {
    let Some(email) = ok("flanker_outlook_express_8bit_filename.eml") else {
        return;
    };
    assert_eq!(email.attachments.len(), 1);
    assert!(email.attachments[0].filename.is_some());
    assert!(warned(&email, "8-bit"));
}

#[test]
fn huge_header_line_still_reads_the_body() {
    let Some(email) = ok("header_line_1mb.eml") else {
        return;
    };
    assert!(email.text_body.is_some());
    assert!(email.subject.is_some());
}

#[test]
fn header_without_colon_does_not_end_the_block() {
    let Some(email) = ok("mimekit_issue358_header_without_colon.eml") else {
        return;
    };
    assert!(email.subject.is_some());
    assert!(warned(&email, "no colon"));
}

#[test]
fn missing_final_boundary_keeps_the_last_part() {
    let Some(email) = ok("missing_final_boundary.eml") else {
        return;
    };
    assert!(email.text_body.is_some());
    assert_eq!(names(&email), ["notes.txt"]);
    assert!(warned(&email, "never closed"));
}

#[test]
fn eml_renamed_to_msg_is_detected_by_content() {
    let Some(email) = ok("not_cfb_renamed.msg") else {
        return;
    };
    assert_eq!(email.format, Format::Eml);
    assert_eq!(email.subject.as_deref(), Some("I am really an .eml file"));
}

#[test]
fn nul_bytes_and_bare_cr() {
    let Some(email) = ok("nul_bytes_bare_cr.eml") else {
        return;
    };
    assert!(email.subject.as_deref().is_some_and(|s| !s.contains('\0')));
    assert!(warned(&email, "bare CR"));
    assert!(email.text_body.is_some());
}

#[test]
fn truncated_multipart_keeps_decoded_bytes() {
    let Some(email) = ok("truncated_multipart.eml") else {
        return;
    };
    assert!(email.text_body.is_some());
    assert_eq!(names(&email), ["report.pdf"]);
    assert!(email.attachments[0].data.starts_with(b"%PDF"));
    assert!(warned(&email, "never closed"));
}

#[test]
fn unknown_charsets_and_impossible_date() {
    let Some(email) = ok("unknown_charset_cte_rfc2231.eml") else {
        return;
    };
    assert!(email.date.is_none(), "no date rather than a wrong one");
    assert!(warned(&email, "Date"));
    assert!(warned(&email, "charset"));
}
