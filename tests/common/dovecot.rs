//! A real Dovecot (Debian's `dovecot-imapd`) for the IMAP tests: each test
//! starts its own instance with everything in a temp folder (`base_dir`,
//! logs, a `passwd-file` with `{PLAIN}` passwords, Maildir homes), listening
//! on free loopback ports (`imap` with STARTTLS, `imaps`), with a
//! certificate from a throwaway CA made by `openssl` (`ca_pem()`). No
//! system service is involved; the instance is stopped by its pid on drop.
//!
//! Seeding and checking go through [`Imap`], a few lines of plain IMAP over
//! loopback (APPEND with LITERAL+, so a thousand messages are one write).
//!
//! Needs root (Dovecot drops to the `dovecot` user for mail) and the
//! `dovecot` binary; without them [`Dovecot::start`] returns `None` and the
//! test says SKIPPED, except under `CI=true`, where it fails.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "certs.rs"]
mod certs;

pub const USER: &str = "alice";
pub const PASSWORD: &str = "alice-imap-secret";

pub struct Dovecot {
    dir: tempfile::TempDir,
    pub imap_port: u16,
    pub imaps_port: u16,
    running: bool,
    oauth: Option<OAuth>,
}

/// Tokens for XOAUTH2/OAUTHBEARER, checked by Dovecot's `oauth2` passdb at an
/// OpenID provider's introspection endpoint (RFC 7662; the test IdP's).
#[derive(Debug, Clone)]
pub struct OAuth {
    /// `http://CLIENT:SECRET@HOST:PORT/token/introspection`.
    pub introspection_url: String,
    /// What `auth_mechanisms` offers besides `plain login`: `xoauth2 oauthbearer`.
    pub mechanisms: String,
}

/// Why Dovecot cannot run here, if it cannot.
fn unavailable() -> Option<String> {
    let dovecot = ["/usr/sbin/dovecot", "/usr/bin/dovecot"]
        .iter()
        .any(|p| Path::new(p).exists())
        || std::process::Command::new("dovecot")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if !dovecot {
        return Some("the `dovecot` binary is missing (install dovecot-imapd)".into());
    }
    if current_uid() != 0 {
        return Some("Dovecot's own instance needs root (it runs mail as the dovecot user)".into());
    }
    if id("-u", "dovecot").is_none() {
        return Some("there is no `dovecot` user (install dovecot-imapd)".into());
    }
    None
}

fn current_uid() -> u32 {
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m))
        .unwrap_or(u32::MAX)
}

fn id(flag: &str, user: &str) -> Option<u32> {
    let out = std::process::Command::new("id")
        .args([flag, user])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Dovecot {
    /// A fresh instance with the user [`USER`] / [`PASSWORD`]; `None` (with a
    /// SKIPPED line on stderr) where Dovecot cannot run, a panic under CI.
    pub fn start(test: &str) -> Option<Dovecot> {
        Dovecot::start_with(test, None)
    }

    /// [`start`](Self::start), also taking OAuth 2.0 bearer tokens (the
    /// token's `email` must be the user's name).
    pub fn start_with_oauth(test: &str, oauth: OAuth) -> Option<Dovecot> {
        Dovecot::start_with(test, Some(oauth))
    }

    fn start_with(test: &str, oauth: Option<OAuth>) -> Option<Dovecot> {
        if let Some(why) = unavailable() {
            if std::env::var_os("CI").is_some_and(|v| v == "true") {
                panic!("{test}: {why}");
            }
            eprintln!("SKIPPED {test}: {why}");
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("vtelink-dovecot-")
            .tempdir()
            .unwrap();
        // The auth worker runs as the dovecot user: every folder above its
        // files needs o+x (mktemp makes them 0700).
        for folder in dir.path().ancestors() {
            let Ok(meta) = std::fs::metadata(folder) else {
                continue;
            };
            let mode = meta.permissions().mode();
            if mode & 0o001 == 0 {
                if folder == dir.path() {
                    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755))
                        .unwrap();
                } else {
                    panic!(
                        "{test}: {} is not o+x; Dovecot's auth worker cannot reach its files \
                         (set TMPDIR to a folder that is)",
                        folder.display()
                    );
                }
            }
        }
        let root = dir.path();
        std::fs::create_dir_all(root.join("base")).unwrap();
        std::fs::create_dir_all(root.join("home")).unwrap();
        let uid = id("-u", "dovecot").unwrap();
        let gid = id("-g", "dovecot").unwrap();
        std::os::unix::fs::chown(root.join("home"), Some(uid), Some(gid)).unwrap();
        let certs = root.join("certs");
        std::fs::create_dir_all(&certs).unwrap();
        assert!(
            certs::make_certificates(&certs),
            "{test}: openssl could not make the test certificates"
        );
        let mut dovecot = Dovecot {
            dir,
            imap_port: 0,
            imaps_port: 0,
            running: false,
            oauth,
        };
        dovecot.set_users(&[(USER, PASSWORD)]);
        // A free port can be taken between our look and Dovecot's bind: try again.
        for attempt in 0..5 {
            dovecot.imap_port = free_port();
            dovecot.imaps_port = free_port();
            dovecot.write_config(uid, gid);
            match dovecot.launch() {
                Ok(()) => return Some(dovecot),
                Err(e) if attempt < 4 => eprintln!("{test}: Dovecot did not start ({e}); again"),
                Err(e) => panic!("{test}: Dovecot did not start: {e}\n{}", dovecot.log()),
            }
        }
        unreachable!()
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The CA that issued the server's certificate (for `--ca-cert`).
    pub fn ca_pem(&self) -> PathBuf {
        self.root().join("certs/ca.pem")
    }

    /// `imaps://USER@127.0.0.1:PORT/FOLDER` (the folder as given: encode it yourself).
    pub fn imaps_url(&self, user: &str, folder: &str) -> String {
        format!("imaps://{user}@127.0.0.1:{}/{folder}", self.imaps_port)
    }

    /// `imap://USER@127.0.0.1:PORT/FOLDER` (STARTTLS offered; plaintext on loopback).
    pub fn imap_url(&self, user: &str, folder: &str) -> String {
        format!("imap://{user}@127.0.0.1:{}/{folder}", self.imap_port)
    }

    /// Replace the users (name, password); Dovecot rereads the file on change.
    pub fn set_users(&self, users: &[(&str, &str)]) {
        let text: String = users
            .iter()
            .map(|(name, password)| format!("{name}:{{PLAIN}}{password}::::::\n"))
            .collect();
        std::fs::write(self.root().join("passwd"), text).unwrap();
    }

    /// A user's Maildir as Dovecot keeps it (`INBOX` is the root, other
    /// folders are `.Name`).
    pub fn maildir(&self, user: &str, folder: &str) -> PathBuf {
        let base = self.root().join("home").join(user).join("Maildir");
        if folder.eq_ignore_ascii_case("INBOX") {
            base
        } else {
            base.join(format!(".{folder}"))
        }
    }

    fn write_config(&self, uid: u32, gid: u32) {
        let root = self.root().display().to_string();
        let (mechanisms, oauth_passdb) = match &self.oauth {
            None => ("plain login".to_owned(), String::new()),
            Some(oauth) => {
                std::fs::write(
                    self.root().join("oauth2.conf.ext"),
                    format!(
                        "introspection_mode = post\nintrospection_url = {}\n\
                         username_attribute = email\nactive_attribute = active\n\
                         active_value = true\nforce_introspection = yes\n",
                        oauth.introspection_url
                    ),
                )
                .unwrap();
                (
                    format!("plain login {}", oauth.mechanisms),
                    format!(
                        "passdb {{\n  driver = oauth2\n  mechanisms = {}\n  args = {root}/oauth2.conf.ext\n}}\n",
                        oauth.mechanisms
                    ),
                )
            }
        };
        let config = format!(
            r#"base_dir = {root}/base
state_dir = {root}/base/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/certs/server.pem
ssl_key = <{root}/certs/server.key
disable_plaintext_auth = no
auth_mechanisms = {mechanisms}
auth_failure_delay = 0
auth_verbose = yes
first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_max_userip_connections = 100
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
{oauth_passdb}userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"#,
            imap = self.imap_port,
            imaps = self.imaps_port,
        );
        std::fs::write(self.root().join("dovecot.conf"), config).unwrap();
    }

    fn launch(&mut self) -> Result<(), String> {
        // The daemon keeps the fds it was given: no pipes (they would never
        // reach end of file), its early errors go to a file.
        let errors = self.root().join("dovecot.stderr");
        let status = std::process::Command::new("dovecot")
            .arg("-c")
            .arg(self.root().join("dovecot.conf"))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&errors).unwrap())
            .status()
            .map_err(|e| format!("cannot run dovecot: {e}"))?;
        if !status.success() {
            return Err(format!(
                "dovecot exited with {status}: {}",
                std::fs::read_to_string(&errors).unwrap_or_default().trim()
            ));
        }
        self.running = true;
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            let up = [self.imap_port, self.imaps_port]
                .iter()
                .all(|port| TcpStream::connect(("127.0.0.1", *port)).is_ok());
            if up {
                return Ok(());
            }
            if self
                .pid()
                .is_none_or(|pid| !Path::new(&format!("/proc/{pid}")).exists())
            {
                self.running = false;
                return Err("the master process went away".into());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        self.stop();
        Err("nothing listens after 15 s".into())
    }

    /// The master process's pid, while it runs.
    pub fn pid(&self) -> Option<u32> {
        std::fs::read_to_string(self.root().join("base/master.pid"))
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    /// Stop the instance (SIGTERM to its master; SIGKILL after 10 s), and
    /// every process it started: open IMAP sessions end, as a server
    /// restart ends them.
    pub fn stop(&mut self) {
        if !self.running {
            return;
        }
        self.running = false;
        let Some(pid) = self.pid() else { return };
        let children = children_of(pid);
        let signal = |sig: &str, pid: u32| {
            let _ = std::process::Command::new("kill")
                .args([sig, &pid.to_string()])
                .stderr(std::process::Stdio::null())
                .status();
        };
        signal("-TERM", pid);
        let alive = |pid: u32| Path::new(&format!("/proc/{pid}")).exists() && !is_zombie(pid);
        let deadline = Instant::now() + Duration::from_secs(10);
        while alive(pid) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        if alive(pid) {
            signal("-KILL", pid);
        }
        for child in children {
            if alive(child) {
                signal("-KILL", child);
            }
        }
        let _ = std::fs::remove_file(self.root().join("base/master.pid"));
    }

    /// Start it again after [`stop`](Self::stop), on the same ports.
    pub fn start_again(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            match self.launch() {
                Ok(()) => return,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => panic!("Dovecot did not start again: {e}\n{}", self.log()),
            }
        }
    }

    /// Dovecot's log so far (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.root().join("dovecot.log")).unwrap_or_default()
    }

    /// A logged-in plain IMAP session on loopback, for seeding and checking.
    pub fn client(&self, user: &str, password: &str) -> Imap {
        Imap::login(self.imap_port, user, password)
    }

    /// The default user's session.
    pub fn alice(&self) -> Imap {
        self.client(USER, PASSWORD)
    }
}

/// The processes whose parent is `pid`.
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| {
            std::fs::read_to_string(format!("/proc/{child}/stat"))
                .ok()
                .and_then(|s| {
                    let (_, rest) = s.rsplit_once(')')?;
                    rest.split_whitespace().nth(1)?.parse::<u32>().ok()
                })
                == Some(pid)
        })
        .collect()
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(true)
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An IMAP quoted string.
pub fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A minimal IMAP client for the tests' own use (never vtelink's code):
/// commands are written as given, responses read up to their tagged line.
pub struct Imap {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    tag: u64,
    /// Commands written since the last read: `(tag)`.
    pending: Vec<String>,
}

impl Imap {
    fn login(port: u16, user: &str, password: &str) -> Imap {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("Dovecot listens");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut imap = Imap {
            reader: BufReader::new(stream.try_clone().unwrap()),
            writer: stream,
            tag: 0,
            pending: Vec::new(),
        };
        let mut greeting = String::new();
        imap.reader.read_line(&mut greeting).unwrap();
        assert!(greeting.starts_with("* OK"), "greeting: {greeting}");
        let answer = imap.run(&format!("LOGIN {} {}", quote(user), quote(password)));
        assert!(answer.ok, "LOGIN {user}: {}", answer.status);
        imap
    }

    /// Write a command without waiting (pipelining); `bytes` follows as a
    /// LITERAL+ literal when given.
    pub fn send(&mut self, command: &str, literal: Option<&[u8]>) -> String {
        self.tag += 1;
        let tag = format!("T{}", self.tag);
        let mut line = format!("{tag} {command}").into_bytes();
        if let Some(bytes) = literal {
            line.extend_from_slice(format!(" {{{}+}}\r\n", bytes.len()).as_bytes());
            line.extend_from_slice(bytes);
        }
        line.extend_from_slice(b"\r\n");
        self.writer.write_all(&line).unwrap();
        self.pending.push(tag.clone());
        tag
    }

    /// Read every pending command's responses; the last one's answer.
    pub fn finish(&mut self) -> Answer {
        let mut last = Answer::default();
        while !self.pending.is_empty() {
            let tag = self.pending.remove(0);
            last = self.read_until(&tag);
            assert!(
                last.ok,
                "IMAP command {tag} failed: {}\n{}",
                last.status,
                last.untagged.join("\n")
            );
        }
        last
    }

    fn read_until(&mut self, tag: &str) -> Answer {
        let mut answer = Answer::default();
        loop {
            let mut line = Vec::new();
            let n = self.reader.read_until(b'\n', &mut line).unwrap();
            assert!(n > 0, "the IMAP server closed the connection");
            let mut text = String::from_utf8_lossy(&line).trim_end().to_owned();
            // A literal: `{n}` at the end of the line, then n bytes, then more of the line.
            while let Some(size) = text
                .strip_suffix('}')
                .and_then(|t| t.rsplit_once('{'))
                .and_then(|(_, n)| n.parse::<usize>().ok())
            {
                let mut bytes = vec![0u8; size];
                self.reader.read_exact(&mut bytes).unwrap();
                answer.literals.push(bytes);
                let mut rest = Vec::new();
                self.reader.read_until(b'\n', &mut rest).unwrap();
                text.push_str(" {literal}");
                text.push_str(String::from_utf8_lossy(&rest).trim_end());
            }
            if let Some(status) = text.strip_prefix(&format!("{tag} ")) {
                answer.ok = status.starts_with("OK");
                answer.status = status.to_owned();
                return answer;
            }
            answer.untagged.push(text);
        }
    }

    /// One command, its answer (not asserted: check `ok`).
    pub fn run(&mut self, command: &str) -> Answer {
        self.tag += 1;
        let tag = format!("T{}", self.tag);
        self.writer
            .write_all(format!("{tag} {command}\r\n").as_bytes())
            .unwrap();
        self.read_until(&tag)
    }

    /// One command that must succeed.
    pub fn ok(&mut self, command: &str) -> Answer {
        let answer = self.run(command);
        assert!(answer.ok, "{command}: {}", answer.status);
        answer
    }

    pub fn create(&mut self, folder: &str) {
        self.ok(&format!("CREATE {}", quote(folder)));
    }

    pub fn delete(&mut self, folder: &str) {
        self.ok(&format!("DELETE {}", quote(folder)));
    }

    /// APPEND every message to `folder` in one write (LITERAL+), with `flags`
    /// (e.g. `\Seen`, or "" for none).
    pub fn append_all(&mut self, folder: &str, flags: &str, messages: &[Vec<u8>]) {
        for message in messages {
            self.send(
                &format!("APPEND {} ({flags})", quote(folder)),
                Some(message),
            );
        }
        self.finish();
    }

    pub fn append(&mut self, folder: &str, flags: &str, message: &[u8]) {
        self.append_all(folder, flags, &[message.to_vec()]);
    }

    /// `UID FLAGS` per message of `folder`, read-only (EXAMINE), without
    /// the session-only `\Recent`: `["1 \Seen", "2 ", ...]`.
    pub fn flags(&mut self, folder: &str) -> Vec<String> {
        self.ok(&format!("EXAMINE {}", quote(folder)));
        let answer = self.ok("UID FETCH 1:* (UID FLAGS)");
        let mut out: Vec<(u64, String)> = answer
            .untagged
            .iter()
            .filter(|l| l.contains(" FETCH "))
            .filter_map(|l| {
                let uid = l
                    .split("UID ")
                    .nth(1)?
                    .split([' ', ')'])
                    .next()?
                    .parse()
                    .ok()?;
                let flags = l.split("FLAGS (").nth(1)?.split(')').next()?;
                let mut flags: Vec<&str> = flags
                    .split_whitespace()
                    .filter(|f| !f.eq_ignore_ascii_case("\\Recent"))
                    .collect();
                flags.sort();
                Some((uid, flags.join(" ")))
            })
            .collect();
        out.sort();
        self.ok("CLOSE");
        out.into_iter().map(|(u, f)| format!("{u} {f}")).collect()
    }

    /// The folder's UIDVALIDITY.
    pub fn uidvalidity(&mut self, folder: &str) -> u64 {
        let answer = self.ok(&format!("STATUS {} (UIDVALIDITY)", quote(folder)));
        answer
            .untagged
            .iter()
            .find_map(|l| {
                l.split("UIDVALIDITY ")
                    .nth(1)?
                    .split(')')
                    .next()?
                    .parse()
                    .ok()
            })
            .expect("a UIDVALIDITY")
    }

    /// How many messages `folder` holds.
    pub fn count(&mut self, folder: &str) -> u64 {
        let answer = self.ok(&format!("STATUS {} (MESSAGES)", quote(folder)));
        answer
            .untagged
            .iter()
            .find_map(|l| l.split("MESSAGES ").nth(1)?.split(')').next()?.parse().ok())
            .expect("a MESSAGES count")
    }

    pub fn logout(mut self) {
        let _ = self.run("LOGOUT");
    }
}

#[derive(Debug, Default)]
pub struct Answer {
    pub ok: bool,
    /// The tagged line after the tag (`OK ...`, `NO ...`).
    pub status: String,
    /// Untagged lines, literals shown as `{literal}`.
    pub untagged: Vec<String>,
    pub literals: Vec<Vec<u8>>,
}
