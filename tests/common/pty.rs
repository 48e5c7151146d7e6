//! Reading what a program under util-linux `script` shows on its
//! pseudo-terminal, for tests that type into a real terminal.
#![allow(dead_code)]

use std::io::Read;
use std::sync::mpsc;
use std::time::Duration;

/// Everything the terminal showed so far, fed by a reader thread.
pub struct Screen {
    chunks: mpsc::Receiver<Vec<u8>>,
    pub text: String,
}

impl Screen {
    /// Start reading `output` (the `script` process's stdout) in the background.
    pub fn reading(mut output: impl Read + Send + 'static) -> Screen {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = output.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Screen {
            chunks: rx,
            text: String::new(),
        }
    }

    /// Wait until `needle` appears after `from`; the limit only guards against a hang.
    pub fn wait_for(&mut self, needle: &str, from: usize) -> bool {
        while !self.text[from.min(self.text.len())..].contains(needle) {
            match self.chunks.recv_timeout(Duration::from_secs(30)) {
                Ok(chunk) => self.text.push_str(&String::from_utf8_lossy(&chunk)),
                Err(_) => return false,
            }
        }
        true
    }

    /// Take in what is left once the program has ended.
    pub fn drain(&mut self) {
        while let Ok(chunk) = self.chunks.recv_timeout(Duration::from_millis(200)) {
            self.text.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

/// Is util-linux `script` (the pseudo-terminal) available?
pub fn have_script() -> bool {
    std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok()
}
