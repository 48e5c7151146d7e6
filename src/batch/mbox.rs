//! A streaming mbox reader: splits on From_ lines and undoes the `>From `
//! quoting, one message in memory at a time.
//!
//! Quoting: mboxo writers turn a body line `From ...` into `>From ...`;
//! mboxrd writers add one `>` to every line matching `^>*From `. Removing one
//! `>` from every line matching `^>+From ` restores mboxrd exactly and mboxo
//! as well as it can be (a body line that really began with `>From ` is
//! indistinguishable there).
//!
//! A From_ line counts as a separator at the start of the file, after an
//! empty line, or when it carries the `hh:mm` time every writer puts in
//! it, so a sloppy writer's missing blank line still splits, while an
//! unquoted "From here on..." in a body after text does not.

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
        reason: String,
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
        let mut previous_blank = !self.started;
        loop {
            let line_offset = self.offset;
            if !self.read_line()? {
                self.finished = true;
                break;
            }
            self.offset += self.line.len() as u64;
            self.line_no += 1;
            let is_separator = self.line.starts_with(b"From ")
                && (previous_blank || !self.started || looks_like_separator(&self.line));
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
            previous_blank = self.line == b"\n" || self.line == b"\r\n";
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
                reason: "text that is not in any message (no From_ line before it)".into(),
            }));
        }
        if too_big {
            return Ok(Some(Piece::Junk {
                offset: start,
                line: start_line,
                reason: format!("message larger than {} bytes", self.max_message),
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
                reason: "empty message".into(),
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

/// `From sender Tue Dec  1 20:11:53 2026`: has an `hh:mm` time.
fn looks_like_separator(line: &[u8]) -> bool {
    line.windows(5).any(|w| {
        w[0].is_ascii_digit() && w[1].is_ascii_digit() && w[2] == b':' && w[3].is_ascii_digit()
    }) && line.len() < 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<Result<(u64, String), (u64, String)>> {
        Reader::new(text.as_bytes())
            .map(|piece| match piece.unwrap() {
                Piece::Message(m) => Ok((m.offset, String::from_utf8(m.data).unwrap())),
                Piece::Junk { offset, reason, .. } => Err((offset, reason)),
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
    fn empty_input_has_no_messages() {
        assert!(split("").is_empty());
        assert!(split("\n\n").is_empty());
    }
}
