//! The `.msg` reader on a message built here with the `cfb` writer (so it
//! runs without the shared corpus): Unicode and ANSI strings, recipients,
//! attachments, an embedded message copied out as a standalone `.msg`, and a
//! body recovered from compressed RTF.

use std::io::Cursor;
use std::path::Path;

use vtelink::mail::{self, Format};

#[path = "common/msg_builder.rs"]
mod msg_builder;
use msg_builder::{long, props, stream, utf16};

/// 2024-05-06T07:08:09Z as FILETIME.
fn filetime() -> [u8; 8] {
    let unix: i64 = 1_714_979_289;
    ((unix + 11_644_473_600) * 10_000_000).to_le_bytes()
}

/// Compressed-RTF stream holding `rtf` uncompressed ("MELA").
fn mela(rtf: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&((rtf.len() + 12) as u32).to_le_bytes());
    out.extend_from_slice(&(rtf.len() as u32).to_le_bytes());
    out.extend_from_slice(&0x414c_454du32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(rtf);
    out
}

fn build() -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    stream(
        &mut cfb,
        "/__properties_version1.0",
        &props(
            32,
            &[
                (0x0039_0040, filetime()),
                (0x0e07_0003, long(1)),
                (0x3ffd_0003, long(1251)),
            ],
        ),
    );
    stream(&mut cfb, "/__substg1.0_0037001F", &utf16("Счёт № 7\0"));
    stream(&mut cfb, "/__substg1.0_0C1A001E", b"\xc8\xe2\xe0\xed"); // "Иван" in cp1251
    stream(&mut cfb, "/__substg1.0_5D01001F", &utf16("Ivan@Example.RU"));
    stream(
        &mut cfb,
        "/__substg1.0_1035001F",
        &utf16("<msg-1@example.ru>"),
    );
    let rtf = br"{\rtf1\ansi\ansicpg1252\fromhtml1 {\*\htmltag19 <html><body>}\htmlrtf {\b hi}\htmlrtf0 caf\'e9{\*\htmltag0 </body></html>}}";
    stream(&mut cfb, "/__substg1.0_10090102", &mela(rtf));

    for (i, (kind, addr)) in [
        (1u32, "to@example.com"),
        (2, "cc@example.com"),
        (3, "bcc@example.com"),
    ]
    .into_iter()
    .enumerate()
    {
        let dir = format!("/__recip_version1.0_#{i:08X}");
        cfb.create_storage(&dir).unwrap();
        stream(
            &mut cfb,
            &format!("{dir}/__properties_version1.0"),
            &props(8, &[(0x0c15_0003, long(kind))]),
        );
        stream(
            &mut cfb,
            &format!("{dir}/__substg1.0_39FE001F"),
            &utf16(addr),
        );
    }

    let att = "/__attach_version1.0_#00000000";
    cfb.create_storage(att).unwrap();
    stream(
        &mut cfb,
        &format!("{att}/__properties_version1.0"),
        &props(8, &[(0x3705_0003, long(1))]),
    );
    stream(
        &mut cfb,
        &format!("{att}/__substg1.0_3707001F"),
        &utf16("../../отчёт.pdf"),
    );
    stream(
        &mut cfb,
        &format!("{att}/__substg1.0_37010102"),
        b"%PDF-1.4 tiny",
    );

    let att = "/__attach_version1.0_#00000001";
    cfb.create_storage(att).unwrap();
    stream(
        &mut cfb,
        &format!("{att}/__properties_version1.0"),
        &props(8, &[(0x3705_0003, long(5))]),
    );
    stream(
        &mut cfb,
        &format!("{att}/__substg1.0_3001001F"),
        &utf16("Inner note"),
    );
    let inner = format!("{att}/__substg1.0_3701000D");
    cfb.create_storage(&inner).unwrap();
    stream(
        &mut cfb,
        &format!("{inner}/__properties_version1.0"),
        &props(24, &[]),
    );
    stream(
        &mut cfb,
        &format!("{inner}/__substg1.0_0037001F"),
        &utf16("Inner subject"),
    );
    stream(
        &mut cfb,
        &format!("{inner}/__substg1.0_1000001F"),
        &utf16("inner body"),
    );

    let att = "/__attach_version1.0_#00000002";
    cfb.create_storage(att).unwrap();
    stream(
        &mut cfb,
        &format!("{att}/__properties_version1.0"),
        &props(8, &[(0x3705_0003, long(6))]),
    );
    stream(
        &mut cfb,
        &format!("{att}/__substg1.0_3707001F"),
        &utf16("Picture.doc"),
    );
    let object = format!("{att}/__substg1.0_3701000D");
    cfb.create_storage(&object).unwrap();
    stream(
        &mut cfb,
        &format!("{object}/WordDocument"),
        b"ole object bytes",
    );
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

#[test]
fn hand_built_msg_reads_every_field() {
    let bytes = build();
    let email = mail::parse_bytes(&bytes, Path::new("built.msg")).unwrap();
    assert_eq!(email.format, Format::Msg);
    assert_eq!(email.subject.as_deref(), Some("Счёт № 7"));
    assert_eq!(email.message_id.as_deref(), Some("<msg-1@example.ru>"));
    let from = email.from.as_ref().unwrap();
    assert_eq!(from.address, "ivan@example.ru");
    assert_eq!(
        from.name.as_deref(),
        Some("Иван"),
        "ANSI string in code page 1251"
    );
    assert_eq!(
        email.date.unwrap().to_rfc3339(),
        "2024-05-06T07:08:09+00:00"
    );
    assert_eq!(email.to[0].address, "to@example.com");
    assert_eq!(email.cc[0].address, "cc@example.com");
    assert_eq!(email.bcc[0].address, "bcc@example.com");
    assert_eq!(email.text_body, None);
    assert_eq!(
        email.html_body.as_deref(),
        Some("<html><body>café</body></html>"),
        "HTML recovered from compressed RTF"
    );

    assert_eq!(email.attachments.len(), 3);
    let pdf = &email.attachments[0];
    assert_eq!(pdf.filename.as_deref(), Some("../../отчёт.pdf"));
    assert_eq!(pdf.safe_filename(0), "отчёт.pdf");
    assert_eq!(pdf.content_type, "application/pdf");
    assert_eq!(pdf.data, b"%PDF-1.4 tiny");

    let embedded = &email.attachments[1];
    assert_eq!(embedded.filename.as_deref(), Some("Inner note.msg"));
    assert_eq!(embedded.content_type, "application/vnd.ms-outlook");
    assert!(vtelink::mail::is_cfb(&embedded.data));
    let inner = mail::parse_bytes(&embedded.data, Path::new("inner.msg")).unwrap();
    assert_eq!(inner.subject.as_deref(), Some("Inner subject"));
    assert_eq!(inner.text_body.as_deref(), Some("inner body"));

    // An OLE attachment is copied out as the compound file it is.
    let ole = &email.attachments[2];
    assert_eq!(ole.filename.as_deref(), Some("Picture.doc"));
    let mut copy = cfb::CompoundFile::open(Cursor::new(ole.data.clone())).unwrap();
    let mut content = Vec::new();
    std::io::Read::read_to_end(
        &mut copy.open_stream("/WordDocument").unwrap(),
        &mut content,
    )
    .unwrap();
    assert_eq!(content, b"ole object bytes");
    assert!(!copy.exists("/__nameid_version1.0"));
}

#[test]
fn truncated_msg_is_a_clean_error() {
    let bytes = build();
    for cut in [8usize, 512, 600, bytes.len() / 2] {
        if let Err(e) = mail::parse_bytes(&bytes[..cut], Path::new("cut.msg")) {
            assert!(e.to_string().starts_with("cut.msg: "), "{e}");
        }
    }
}

#[test]
fn compound_file_that_is_not_a_message_is_refused() {
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    stream(&mut cfb, "/WordDocument", b"not mail");
    cfb.flush().unwrap();
    let bytes = cfb.into_inner().into_inner();
    let err = mail::parse_bytes(&bytes, Path::new("letter.doc")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "letter.doc: not an Outlook message: a compound file without MAPI properties"
    );
}
