//! What a link did (or, with `dry_run`, would do).

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct LinkReport {
    /// The Message's CRM id (`44x…`); empty in a dry run that would create it.
    pub message: String,
    pub messageid: String,
    /// False when the Message already existed (linked before).
    pub message_created: bool,
    pub documents: Vec<DocumentReport>,
    /// Records the Message (and every stored Document) is related to.
    pub related_to: Vec<String>,
    pub dry_run: bool,
    /// True when every attachment is stored in full: false means the link
    /// is partial (see each Document's `problem`) and exits 6.
    pub complete: bool,
    /// Webservice calls this link made.
    pub requests: u64,
    /// Fields of the email longer than their CRM column: the CRM keeps only
    /// their first characters (wire facts 50, 52).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cut: Vec<super::outgoing::CutField>,
    /// Records this link created and then removed because another link of
    /// the same email (another machine, at the same moment) had stored it
    /// first: the oldest is kept (docs/protocol.md, "Converging").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed_duplicates: Vec<String>,
}

impl LinkReport {
    /// Attachments the CRM did not keep.
    pub fn not_stored(&self) -> impl Iterator<Item = &DocumentReport> {
        self.documents.iter().filter(|d| !d.stored)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport {
    /// The Document's id; empty when none holds the file (or in a dry run).
    pub id: String,
    pub file_name: String,
    /// The name the CRM stores the file under, when it differs (vtenext
    /// appends `.txt` to names on its bad-extension list, wire fact 43).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_name: Option<String>,
    /// The Document's title when the CRM keeps only part of the file name
    /// (`notes_title` holds 50 characters, wire fact 50).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_title: Option<String>,
    /// Bytes of the attachment.
    pub size: u64,
    /// Created by this run (false: found from an earlier link).
    pub created: bool,
    /// The CRM holds every byte (its `filesize` equals `size`). In a dry run:
    /// the upload is expected to fit.
    pub stored: bool,
    /// Why the attachment is not stored: for people (English in JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<crate::l10n::Msg>,
    /// Empty Documents of earlier attempts that this one replaced (deleted).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaced: Vec<String>,
}

/// The name vtenext stores a file under: names on its bad-extension list get
/// `.txt` appended (wire fact 43; `filename` cannot be read back, so this is
/// the documented rule, not an answer).
pub fn stored_name(file_name: &str) -> Option<String> {
    const BAD_EXTENSIONS: &[&str] = &[
        "php", "php3", "php4", "php5", "pht", "phtml", "phps", "phar", "htm", "html", "xhtml",
        "js", "pl", "py", "rb", "cgi", "asp", "cfm", "vbs", "jsp", "exe", "bin", "bat", "com",
        "sh", "dll", "msi", "htaccess", "htpasswd",
    ];
    let extension = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    BAD_EXTENSIONS
        .contains(&extension.as_str())
        .then(|| format!("{file_name}.txt"))
}

/// The title a Document gets for `file_name`, when its column cuts it.
pub fn stored_title(file_name: &str) -> Option<String> {
    let fitted = crate::crm::columns::fit("Documents", "notes_title", file_name);
    fitted.cut.then(|| fitted.into_owned())
}
