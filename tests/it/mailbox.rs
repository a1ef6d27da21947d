//! A real SMTP server for the tests: Debian's aiosmtpd on a free 127.0.0.1 port, keeping
//! every mail it receives in a Maildir the tests read the links from. Stopped when dropped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Mailbox {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Mailbox {
    pub async fn start() -> Mailbox {
        let dir = tempfile::tempdir().expect("maildir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        // Debian's Python: a pyenv or venv python3 first on PATH lacks the Debian package.
        let python = ["/usr/bin/python3", "python3"]
            .into_iter()
            .find(|p| !p.starts_with('/') || std::path::Path::new(p).exists())
            .unwrap_or("python3");
        let mut child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts (Debian package python3-aiosmtpd)");
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Mailbox { child, port, dir };
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not listen on {port}");
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path().join("mail").join("new"))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files
    }

    /// Every mail received so far, as text, oldest first.
    pub fn mails(&self) -> Vec<String> {
        self.files()
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .map(|m| decode_quoted_printable(&m))
            .collect()
    }

    /// Every mail received so far as sent (MIME, not decoded), oldest first.
    pub fn raw_mails(&self) -> Vec<Vec<u8>> {
        self.files().iter().filter_map(|p| std::fs::read(p).ok()).collect()
    }

    /// Waits for the `n`-th mail (1-based) to `to` and answers it.
    pub async fn wait_for_mail(&self, to: &str, n: usize) -> String {
        for _ in 0..400 {
            let mails: Vec<String> = self
                .mails()
                .into_iter()
                .filter(|m| m.lines().any(|l| l.starts_with("To:") && l.contains(to)))
                .collect();
            if mails.len() >= n {
                return mails[n - 1].clone();
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("no mail #{n} to {to}; have: {:#?}", self.mails());
    }
}

/// A quoted-printable body decoded (soft line breaks joined, `=XX` bytes restored).
pub fn decode_quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The token of the first link to the UI page `page` (`verify` or `reset`) in a mail.
pub fn link_token(mail: &str, page: &str) -> String {
    let marker = format!("/account/{page}?token=");
    let start = mail
        .find(&marker)
        .unwrap_or_else(|| panic!("no {page} link in:\n{mail}"))
        + marker.len();
    mail[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect()
}

impl Drop for Mailbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
