//! Outlook `.msg` reader (stub).
use super::Email;
pub(crate) fn parse(_bytes: &[u8], _depth: usize) -> Result<Email, String> {
    Err("not implemented".into())
}
