//! Make untrusted text (from an email, the CRM, an identity provider) safe
//! to show: no terminal control sequences, and one line where one is due.
//!
//! A neutral leaf module: parsing (`mail`), `auth`, `link` and printing
//! (`output`) all use it, so none of them has to depend on another for it.
//! It also says durations in human units ([`human_duration`]) for error
//! texts; sizes are [`crate::l10n::size`] (they follow the language).

use std::borrow::Cow;

/// Remove terminal control sequences and control characters from untrusted
/// text (keeps `\n` and `\t`). ESC sequences (CSI, OSC, ...) are dropped whole.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI / OSC introducers: skip like their ESC forms.
            '\u{9b}' => skip_until_final(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\n' | '\t' => out.push(c),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Fold a message to one line (errors must be one line).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_until_final(chars),
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => skip_string(chars),
        _ => {}
    }
}

/// CSI: parameters and intermediates, then one final byte in `@`..=`~`.
fn skip_until_final(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS/...: up to BEL or ST (ESC \).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        if c == '\u{7}' || c == '\u{9c}' {
            break;
        }
        if c == '\u{1b}' {
            if chars.peek() == Some(&'\\') {
                chars.next();
            }
            break;
        }
    }
}

/// A time limit for messages: `60 s`, `1.5 s`, `500 ms`.
pub fn human_duration(duration: std::time::Duration) -> String {
    if duration < std::time::Duration::from_secs(1) {
        format!("{} ms", duration.as_millis())
    } else if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences() {
        assert_eq!(clean("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(clean("title\x1b]0;pwned\x07 ok"), "title ok");
        assert_eq!(clean("x\x1b]8;;http://e\x1b\\link"), "xlink");
        assert_eq!(clean("bell\x07\r\0end"), "bellend");
        assert_eq!(clean("rtl\u{202e}txt"), "rtltxt");
        assert_eq!(clean("line\nnext\ttab"), "line\nnext\ttab");
        assert!(matches!(clean("plain äöü"), Cow::Borrowed(_)));
    }

    #[test]
    fn folds_to_one_line() {
        assert_eq!(one_line("a\n  b\tc "), "a b c");
    }
}
