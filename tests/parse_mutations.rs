//! A deterministic, CI-sized complement to the cargo-fuzz targets in `fuzz/`:
//! every small fixture (and, when present, every small corpus file) is
//! mutated a few hundred times — bytes flipped, cut short, spliced, boundaries
//! and headers duplicated — and each result must parse to an email or a
//! clean error, with bounded output. A crash, abort or stack overflow fails
//! the test binary; the fixed seed makes any failure reproducible.

use std::path::{Path, PathBuf};

const MUTATIONS_PER_FILE: usize = 200;
const MAX_FILE: u64 = 256 * 1024;

/// xorshift64*: tiny, seeded, good enough to pick offsets.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(original: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut data = original.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(6) {
            // Flip a few bytes.
            0 => {
                for _ in 0..1 + rng.below(8) {
                    let at = rng.below(len);
                    if let Some(b) = data.get_mut(at) {
                        *b ^= 1 << rng.below(8);
                    }
                }
            }
            // Cut short.
            1 => data.truncate(rng.below(len + 1)),
            // Duplicate a slice somewhere else (repeats boundaries, headers, streams).
            2 => {
                let start = rng.below(len);
                let end = (start + rng.below(512)).min(len);
                let slice = data[start..end].to_vec();
                let at = rng.below(data.len() + 1);
                data.splice(at..at, slice);
            }
            // Delete a slice.
            3 => {
                let start = rng.below(len);
                let end = (start + rng.below(256)).min(len);
                data.drain(start..end);
            }
            // Insert bytes that mean something to MIME or CFB parsers.
            4 => {
                const TOKENS: &[&[u8]] = &[
                    b"\r\n--",
                    b"=?utf-8?B?",
                    b"?=",
                    b"\r\n\r\n",
                    b"Content-Type: multipart/mixed; boundary=x\r\n",
                    b"=\r\n",
                    b"\xff\xff\xff\xff",
                    b"\x00\x00\x00\x00",
                    b"\xfe\xff\xff\xff",
                    b"*0*=utf-8''%",
                ];
                let token = TOKENS[rng.below(TOKENS.len())];
                let at = rng.below(len + 1);
                data.splice(at..at, token.iter().copied());
            }
            // Overwrite a little-endian u32 with an extreme value (CFB sector ids, sizes).
            _ => {
                if len >= 4 {
                    let at = rng.below(len - 3);
                    let value: u32 = [0, 1, 0x7fff_ffff, 0xffff_fffe, 0xffff_ffff][rng.below(5)];
                    data[at..at + 4].copy_from_slice(&value.to_le_bytes());
                }
            }
        }
    }
    data
}

fn inputs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = Vec::new();
    let mut add_dir = |dir: PathBuf| {
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                let small = entry
                    .metadata()
                    .map(|m| m.is_file() && m.len() <= MAX_FILE)
                    .unwrap_or(false);
                let mail = path.extension().is_some_and(|e| e == "eml" || e == "msg");
                if small && mail {
                    files.push(path);
                }
            }
        }
    };
    add_dir(root.join("tests/fixtures/mail"));
    let corpus = root.join("../shared/corpus");
    if corpus.is_dir() {
        for sub in ["eml", "msg", "malformed"] {
            add_dir(corpus.join(sub));
        }
    } else {
        eprintln!(
            "SKIPPED corpus part of parse_mutations: ../shared/corpus not found (fixtures only)"
        );
    }
    files.push(root.join("src/cli/demo-quote-request.eml"));
    files.sort();
    files
}

#[test]
fn mutated_emails_parse_or_fail_cleanly() {
    let files = inputs();
    assert!(!files.is_empty());
    let mut rng = Rng(0x005e_ed0f_7e1e_u64);
    let (mut parsed, mut refused) = (0usize, 0usize);
    for path in &files {
        let original = std::fs::read(path).unwrap();
        for round in 0..MUTATIONS_PER_FILE {
            let data = mutate(&original, &mut rng);
            match vtelink::mail::parse_bytes(&data, path) {
                Ok(email) => {
                    parsed += 1;
                    // Bounded: the model never holds more attachment bytes than
                    // a small multiple of the input (no amplification).
                    let held: u64 = email.attachments.iter().map(|a| a.size).sum();
                    assert!(
                        held <= 8 * data.len() as u64 + 4096,
                        "{}: mutation {round} turned {} bytes into {held} attachment bytes",
                        path.display(),
                        data.len()
                    );
                    assert!(
                        email.attachments.len() <= data.len() / 8 + 16,
                        "{}: mutation {round}",
                        path.display()
                    );
                }
                Err(e) => {
                    refused += 1;
                    let message = e.to_string();
                    assert!(!message.contains('\n'), "one-line error: {message}");
                }
            }
        }
    }
    eprintln!(
        "{} files × {MUTATIONS_PER_FILE} mutations: {parsed} parsed, {refused} refused",
        files.len()
    );
}
