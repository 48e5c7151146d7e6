//! A streaming mbox reader: splits on From_ lines and undoes the `>From `
//! quoting, one message in memory at a time.
//!
//! Quoting: mboxo writers turn a body line `From ...` into `>From ...`;
//! mboxrd writers add one `>` to every line matching `^>*From `. Removing one
//! `>` from every line matching `^>+From ` restores mboxrd exactly and mboxo
//! as well as it can be (a body line that really began with `>From ` is
//! indistinguishable there).
//!
//! Which `From ` lines start a message (docs/replay.md, "mbox"): the first
//! line of the file, and any line that *looks like a From_ line*, blank line
//! before it or not: `From `, a sender, then a date as writers put it,
//! `[Www] Mmm dd hh:mm[:ss] [zone] yyyy` (asctime, with or without a zone:
//! mutt, Thunderbird, Gmail Takeout, Netscape's `From - Www Mmm ...`) or
//! `[Www,] dd Mmm yyyy hh:mm[:ss] [zone]` (RFC 5322 style), or Netscape's
//! bare `From -`. Python's `mailbox` and MimeKit split on every `From `
//! line; a writer that quotes as it should leaves no other, so both rules
//! find the same messages in a well-formed file. In a sloppy one (a body line
//! "From here on, things change." left unquoted, even after a blank line)
//! the date decides, and prose does not split; a separator right after a
//! MIME closing boundary, with no blank line, still does.

use std::io::{self, BufRead};

/// One message: where its From_ line starts, and its bytes (unquoted,
/// without the From_ line and the blank line that separates it from the next).
#[derive(Debug)]
pub struct Message {
    pub offset: u64,
    /// 1-based line number of the From_ line.
    pub line: u64,
    pub data: Vec<u8>,
}

/// What the reader yields.
#[derive(Debug)]
pub enum Piece {
    Message(Message),
    /// Bytes that are no message (text before the first From_ line, an
    /// empty message), with where they start.
    Junk {
        offset: u64,
        line: u64,
        reason: crate::l10n::Msg,
    },
}

pub struct Reader<R> {
    input: R,
    offset: u64,
    line_no: u64,
    /// The From_ line already read that starts the next message: (offset, line).
    next_from: Option<(u64, u64)>,
    line: Vec<u8>,
    started: bool,
    finished: bool,
    /// Largest message accepted; the rest of a bigger one is skipped, not held.
    max_message: usize,
}

impl<R: BufRead> Reader<R> {
    pub fn new(input: R) -> Self {
        Reader {
            input,
            offset: 0,
            line_no: 0,
            next_from: None,
            line: Vec::new(),
            started: false,
            finished: false,
            max_message: crate::mail::MAX_INPUT_BYTES as usize,
        }
    }

    /// Read one line into `self.line`; false at the end.
    fn read_line(&mut self) -> io::Result<bool> {
        self.line.clear();
        let n = self.input.read_until(b'\n', &mut self.line)?;
        Ok(n > 0)
    }

    fn next_piece(&mut self) -> io::Result<Option<Piece>> {
        if self.finished {
            return Ok(None);
        }
        let mut data: Vec<u8> = Vec::new();
        let mut too_big = false;
        // Where the current piece starts, and whether it is a message.
        let (start, start_line, is_message) = match self.next_from.take() {
            Some((offset, line)) => (offset, line, true),
            None => (self.offset, self.line_no + 1, false),
        };
        loop {
            let line_offset = self.offset;
            if !self.read_line()? {
                self.finished = true;
                break;
            }
            self.offset += self.line.len() as u64;
            self.line_no += 1;
            let is_separator = self.line.starts_with(b"From ")
                && (!self.started || looks_like_separator(&self.line));
            if is_separator {
                let first = !self.started;
                self.started = true;
                if first && data.iter().all(u8::is_ascii_whitespace) {
                    // The file starts with its first From_ line: read that message.
                    self.next_from = Some((line_offset, self.line_no));
                    return self.next_piece();
                }
                self.next_from = Some((line_offset, self.line_no));
                break;
            }
            self.started = true;
            if too_big {
                continue;
            }
            let body = unquote(&self.line);
            if data.len() + body.len() > self.max_message {
                too_big = true;
                data = Vec::new();
                continue;
            }
            data.extend_from_slice(body);
        }
        if !is_message {
            if data.iter().all(u8::is_ascii_whitespace) {
                return if self.finished {
                    Ok(None)
                } else {
                    self.next_piece()
                };
            }
            return Ok(Some(Piece::Junk {
                offset: start,
                line: start_line,
                reason: crate::msg!("batch-mbox-junk"),
            }));
        }
        if too_big {
            return Ok(Some(Piece::Junk {
                offset: start,
                line: start_line,
                reason: crate::msg!("batch-mbox-too-large", limit = self.max_message),
            }));
        }
        // The blank line before the next From_ line belongs to the mbox, not the message.
        if data.ends_with(b"\r\n\r\n") {
            data.truncate(data.len() - 2);
        } else if data.ends_with(b"\n\n") {
            data.truncate(data.len() - 1);
        }
        if data.iter().all(u8::is_ascii_whitespace) {
            return Ok(Some(Piece::Junk {
                offset: start,
                line: start_line,
                reason: crate::msg!("batch-mbox-empty"),
            }));
        }
        Ok(Some(Piece::Message(Message {
            offset: start,
            line: start_line,
            data,
        })))
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = io::Result<Piece>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_piece() {
            Ok(Some(piece)) => Some(Ok(piece)),
            Ok(None) => None,
            Err(e) => {
                self.finished = true;
                Some(Err(e))
            }
        }
    }
}

/// `>From ` / `>>From ` → one `>` less; other lines unchanged.
fn unquote(line: &[u8]) -> &[u8] {
    let quotes = line.iter().take_while(|&&b| b == b'>').count();
    if quotes > 0 && line[quotes..].starts_with(b"From ") {
        &line[1..]
    } else {
        line
    }
}

/// `From sender Tue Dec  1 20:11:53 2026` (and the other forms in the
/// module documentation).
fn looks_like_separator(line: &[u8]) -> bool {
    if line.len() >= 1000 {
        return false;
    }
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let text = String::from_utf8_lossy(rest);
    let mut words = text.split_whitespace();
    let Some(sender) = words.next() else {
        return false;
    };
    let mut date: Vec<&str> = words.collect();
    if date.is_empty() {
        // Netscape's bare `From - `.
        return sender == "-";
    }
    if date.first().is_some_and(|w| is_weekday(w)) {
        date.remove(0);
    }
    let zone = |w: &&str| is_zone(w);
    match date.as_slice() {
        // asctime: Mmm dd hh:mm[:ss] [zone] yyyy
        [month, day, time, rest @ ..] if is_month(month) && is_day(day) && is_time(time) => {
            match rest {
                [year, ..] if is_year(year) => true,
                [z, year, ..] => zone(z) && is_year(year),
                _ => false,
            }
        }
        // RFC 5322: dd Mmm yyyy hh:mm[:ss] [zone]
        [day, month, year, time, ..] => {
            is_day(day) && is_month(month) && is_year(year) && is_time(time)
        }
        _ => false,
    }
}

fn word(w: &str) -> &str {
    w.trim_end_matches(',')
}

fn is_weekday(w: &str) -> bool {
    let w = word(w);
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .any(|d| w.is_ascii() && w.len() >= 3 && w[..3].eq_ignore_ascii_case(d))
}

fn is_month(w: &str) -> bool {
    let w = word(w);
    w.is_ascii()
        && w.len() >= 3
        && [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        .iter()
        .any(|m| w[..3].eq_ignore_ascii_case(m))
}

fn is_day(w: &str) -> bool {
    word(w).parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

fn is_year(w: &str) -> bool {
    let w = word(w);
    w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())
}

/// `hh:mm` or `hh:mm:ss`.
fn is_time(w: &str) -> bool {
    let parts: Vec<&str> = word(w).split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// `+0000`, `-0500`, `UTC`, `CET`, `GMT`...
fn is_zone(w: &str) -> bool {
    let w = word(w);
    let numeric = (w.starts_with('+') || w.starts_with('-'))
        && w.len() == 5
        && w[1..].bytes().all(|b| b.is_ascii_digit());
    let named = (2..=5).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase());
    numeric || named
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<Result<(u64, String), (u64, String)>> {
        Reader::new(text.as_bytes())
            .map(|piece| match piece.unwrap() {
                Piece::Message(m) => Ok((m.offset, String::from_utf8(m.data).unwrap())),
                Piece::Junk { offset, reason, .. } => Err((offset, reason.english())),
            })
            .collect()
    }

    #[test]
    fn splits_and_unquotes() {
        let mbox = "From a@x Tue Dec  1 20:11:53 2026\nSubject: one\n\n>From the start\n>>From quoted\nFrom here on, body (no blank line before)\n\nFrom b@x Tue Dec  1 20:12:00 2026\nSubject: two\n\nbody\n";
        let got = split(mbox);
        assert_eq!(got.len(), 2, "{got:?}");
        let (offset, first) = got[0].clone().unwrap();
        assert_eq!(offset, 0);
        assert_eq!(
            first,
            "Subject: one\n\nFrom the start\n>From quoted\nFrom here on, body (no blank line before)\n"
        );
        let (offset, second) = got[1].clone().unwrap();
        assert_eq!(&mbox[offset as usize..offset as usize + 7], "From b@");
        assert_eq!(second, "Subject: two\n\nbody\n");
    }

    #[test]
    fn junk_and_empty_messages_are_reported_with_offsets() {
        let mbox = "garbage\nFrom a@x Tue Dec  1 20:11:53 2026\n\nFrom b@x Tue Dec  1 20:11:53 2026\r\nSubject: b\r\n\r\nx\r\n";
        let got = split(mbox);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].clone().unwrap_err().0, 0);
        assert_eq!(got[1].clone().unwrap_err(), (8, "empty message".into()));
        assert_eq!(got[2].clone().unwrap().1, "Subject: b\r\n\r\nx\r\n");
    }

    #[test]
    fn prose_after_a_blank_line_does_not_split() {
        let mbox = "From a@x Tue Dec  1 20:11:53 2026\nSubject: one\n\nHello.\n\nFrom here on, things change.\n\nFrom 9:00 to 17:00 on Dec 24 2026 we are closed.\nFrom b@x Tue Dec  1 20:12:00 2026\nSubject: two\n\nbody\n";
        let got = split(mbox);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0]
                .clone()
                .unwrap()
                .1
                .contains("From here on, things change.\n")
        );
        assert!(got[0].clone().unwrap().1.contains("we are closed.\n"));
    }

    #[test]
    fn a_separator_right_after_a_closing_boundary_splits() {
        let part = |n: u32| {
            format!(
                "Subject: {n}\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n"
            )
        };
        let mbox = format!(
            "From - Mon Nov 24 10:20:30 2003\r\n{}From - \r\n{}From - Tue Nov 25 10:20:30 2003\r\n{}From someone@example.com Wed, 26 Nov 2003 10:20:30 +0100\r\n{}From MAILER-DAEMON Thu Nov 27 10:20:30 +0000 2003\r\n{}",
            part(1),
            part(2),
            part(3),
            part(4),
            part(5)
        );
        let got = split(&mbox);
        assert_eq!(got.len(), 5, "{got:?}");
        for (n, piece) in got.iter().enumerate() {
            let data = piece.clone().unwrap().1;
            assert!(data.starts_with(&format!("Subject: {}", n + 1)), "{data:?}");
            assert!(data.ends_with("--b--\r\n"), "{data:?}");
        }
    }

    #[test]
    fn from_line_shapes() {
        for yes in [
            "From a@x Tue Dec  1 20:11:53 2026\n",
            "From - Mon Nov 24 10:20:30 2003\r\n",
            "From -\n",
            "From - \r\n",
            "From 123@xxx Mon Nov 24 10:20:30 +0000 2003\n",
            "From a@x Dec 1 20:11 2026\n",
            "From a@x Mon, 24 Nov 2003 10:20:30 +0000\n",
        ] {
            assert!(looks_like_separator(yes.as_bytes()), "{yes:?}");
        }
        for no in [
            "From here on, things change.\n",
            "From 9:00 to 17:00 on Dec 24 2026\n",
            "From a@x\n",
            "From \n",
            "From Müller Dez 1 20:11 2026\n",
            "From: a@x Tue Dec  1 20:11:53 2026\n",
        ] {
            assert!(!looks_like_separator(no.as_bytes()), "{no:?}");
        }
    }

    #[test]
    fn empty_input_has_no_messages() {
        assert!(split("").is_empty());
        assert!(split("\n\n").is_empty());
    }
}
