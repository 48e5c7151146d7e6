//! Turning an attachment's (untrusted) name into a file name that is safe
//! to create on Linux, macOS and Windows.

/// Longest name we produce, in bytes (most file systems allow 255).
const MAX_NAME_BYTES: usize = 150;
/// Longest extension kept when a long name is shortened.
const MAX_EXT_BYTES: usize = 20;

const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

pub(crate) fn safe_filename(name: Option<&str>, content_type: &str, index: usize) -> String {
    let cleaned = name.map(clean_component).unwrap_or_default();
    let name = if cleaned.is_empty() {
        format!("attachment-{}{}", index + 1, extension_for(content_type))
    } else {
        cleaned
    };
    let name = avoid_reserved(name);
    shorten(name)
}

/// Keep only the last path component and drop everything a file system or
/// terminal could misread.
fn clean_component(raw: &str) -> String {
    let text = crate::sanitize::clean(raw);
    // Never a path: only what follows the last separator of any OS.
    let last = text.rsplit(['/', '\\']).next().unwrap_or("");
    let mapped: String = last
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c => c,
        })
        .collect();
    // Windows drops trailing dots and spaces; leading dots hide files.
    let trimmed = mapped.trim_matches(|c: char| c == '.' || c.is_whitespace());
    trimmed.to_owned()
}

fn avoid_reserved(name: String) -> String {
    let stem = name.split('.').next().unwrap_or("").trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        format!("_{name}")
    } else {
        name
    }
}

/// Bound the length in bytes, keeping a short extension, on a char boundary.
fn shorten(name: String) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name;
    }
    let ext = match name.rfind('.') {
        Some(dot) if name.len() - dot <= MAX_EXT_BYTES && dot > 0 => &name[dot..],
        _ => "",
    };
    let mut cut = MAX_NAME_BYTES - ext.len();
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let stem = name[..cut].trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    format!("{stem}{ext}")
}

/// A plausible extension for an unnamed attachment.
pub(crate) fn extension_for(content_type: &str) -> &'static str {
    match content_type.to_ascii_lowercase().as_str() {
        "application/pdf" => ".pdf",
        "image/png" => ".png",
        "image/jpeg" | "image/jpg" | "image/pjpeg" => ".jpg",
        "image/gif" => ".gif",
        "image/bmp" => ".bmp",
        "image/webp" => ".webp",
        "image/svg+xml" => ".svg",
        "text/plain" => ".txt",
        "text/html" => ".html",
        "text/calendar" => ".ics",
        "text/csv" => ".csv",
        "message/rfc822" | "message/global" => ".eml",
        "application/vnd.ms-outlook" => ".msg",
        "application/ms-tnef" | "application/vnd.ms-tnef" => ".dat",
        "application/zip" => ".zip",
        "application/pkcs7-signature" | "application/x-pkcs7-signature" => ".p7s",
        "application/msword" => ".doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ".docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => ".xlsx",
        "application/vnd.ms-excel" => ".xls",
        _ => ".bin",
    }
}

/// Guess a content type from a file name (for `.msg` attachments without a
/// MIME tag).
pub(crate) fn content_type_for(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "bmp" => "image/bmp",
        "txt" => "text/plain",
        "htm" | "html" => "text/html",
        "eml" => "message/rfc822",
        "msg" => "application/vnd.ms-outlook",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ics" => "text/calendar",
        "csv" => "text/csv",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(name: &str) -> String {
        safe_filename(Some(name), "application/octet-stream", 0)
    }

    #[test]
    fn never_a_path() {
        assert_eq!(safe("../../etc/passwd"), "passwd");
        assert_eq!(safe("..\\..\\Windows\\win.ini"), "win.ini");
        assert_eq!(safe("/"), "attachment-1.bin");
        assert_eq!(safe(".."), "attachment-1.bin");
        assert_eq!(safe(".bashrc"), "bashrc");
    }

    #[test]
    fn reserved_and_control() {
        assert_eq!(safe("CON.txt"), "_CON.txt");
        assert_eq!(safe("lpt1"), "_lpt1");
        assert_eq!(safe("a\x1b[31mred\x07.txt"), "ared.txt");
        assert_eq!(safe("a\tb\r\n.txt"), "ab.txt");
        assert_eq!(safe("what?.txt "), "what_.txt");
    }

    #[test]
    fn bounded_length_keeps_extension() {
        let long = format!("{}.pdf", "é".repeat(200));
        let out = safe(&long);
        assert!(out.len() <= MAX_NAME_BYTES);
        assert!(out.ends_with(".pdf"));
    }

    #[test]
    fn unnamed_gets_index_and_extension() {
        assert_eq!(safe_filename(None, "image/png", 2), "attachment-3.png");
    }
}
