//! Helpers shared by the integration tests: running the real `attest` binary.

#![allow(dead_code)]

pub mod gui;
pub mod words;

use std::path::Path;
use std::process::{Command, Output};

/// What a run of the binary did.
pub struct Run {
    /// Exit status code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Self {
        Self {
            code: output
                .status
                .code()
                .expect("attest exited normally, not by a signal"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Asserts success and returns standard output without its final newline.
    pub fn ok(self) -> String {
        assert_eq!(self.code, 0, "attest failed: {}", self.stderr);
        self.stdout.trim_end().to_owned()
    }

    /// Asserts a clean failure with status 2 and returns standard error.
    pub fn fails(self) -> String {
        assert_eq!(
            self.code, 2,
            "expected exit status 2; stdout: {}",
            self.stdout
        );
        assert!(
            self.stderr.lines().any(|l| l.starts_with("error: ")),
            "{}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert!(!self.stderr.contains("RUST_BACKTRACE"), "{}", self.stderr);
        self.stderr
    }
}

/// Runs `attest` with arguments.
pub fn attest<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run(args, |command| {
        command.env("RUST_BACKTRACE", "1");
    })
}

/// Runs `attest` with arguments in the working folder `dir`.
pub fn attest_in<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run(args, |command| {
        command.env("RUST_BACKTRACE", "1").current_dir(dir);
    })
}

/// Runs `attest` with arguments and extra environment variables.
pub fn attest_with_env<I, S>(args: I, env: &[(&str, &str)]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run(args, |command| {
        command.env("RUST_BACKTRACE", "1");
        for (key, value) in env {
            command.env(key, value);
        }
    })
}

/// Runs `attest` with no display to open a window on.
pub fn attest_without_display<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run(args, |command| {
        command
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env("XDG_RUNTIME_DIR", std::env::temp_dir());
    })
}

fn run<I, S>(args: I, environment: impl FnOnce(&mut Command)) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_attest"));
    command.args(args);
    environment(&mut command);
    Run::from(command.output().expect("attest runs"))
}

/// Cites `quote` of `source` in `claim` (supporting), asserting success;
/// returns the quote ID.
pub fn cite(dir: &Path, claim: &str, source: &str, quote: &str) -> String {
    attest([
        "cite",
        &arg(dir),
        claim,
        "--source",
        source,
        "--quote",
        quote,
    ])
    .ok()
}

/// The path as a string argument.
pub fn arg(path: &Path) -> String {
    path.to_str().expect("test paths are UTF-8").to_owned()
}

/// The repository's top folder.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    copy_dir_but(from, to, &|_| false);
}

/// Copies the sample project to `to` as a clean checkout has it: without
/// what git ignores in a project folder (the cache of what passages mean,
/// the journal, the lock, the backup), which running `attest` by hand on
/// the sample leaves there.
pub fn copy_sample(to: &Path) {
    copy_dir_but(&repo().join("projects/islamabad-protests"), to, &|name| {
        name.starts_with(".attest") || name == "project.ron.bak"
    });
}

fn copy_dir_but(from: &Path, to: &Path, left_out: &dyn Fn(&str) -> bool) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if left_out(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir_but(&entry.path(), &target, left_out);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Gives a record of a saved project another ID, as projects made before
/// random IDs have (`s1`, `c1`), so that a test can name it; a source's
/// snapshot files are renamed with it.
pub fn rename_record(dir: &Path, from: &str, to: &str) {
    let file = dir.join("project.ron");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace(&format!("\"{from}\""), &format!("\"{to}\""))
        .replace(&format!("sources/{from}-"), &format!("sources/{to}-"))
        .replace(&format!("originals/{from}-"), &format!("originals/{to}-"));
    std::fs::write(&file, text).unwrap();
    for folder in [dir.join("sources"), dir.join("sources/originals")] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if let Some(rest) = name.strip_prefix(&format!("{from}-")) {
                std::fs::rename(&path, folder.join(format!("{to}-{rest}"))).unwrap();
            }
        }
    }
}

/// The snapshot file of a source's current text in a project folder
/// (`sources/ID-HASH.txt`).
pub fn snapshot_file(dir: &Path, source: &str) -> std::path::PathBuf {
    std::fs::read_dir(dir.join("sources"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{source}-"))
        })
        .unwrap_or_else(|| panic!("no snapshot of {source} in {}", dir.display()))
}

/// A web server on 127.0.0.1 answering each path with a fixed response
/// (see [`http`]); a path answered with an empty response is held open
/// without an answer, as a stalled server would. Returns its address.
pub fn serve(routes: Vec<(&'static str, Vec<u8>)>) -> String {
    let site = Site::start();
    for (path, response) in routes {
        site.set(path, response);
    }
    site.address
}

/// An HTTP/1.1 response with a status, extra header lines and a body.
pub fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A web server on 127.0.0.1 whose pages a test changes while it runs, and
/// which keeps the head of every request it gets. A page set with an ETag
/// is answered `304 Not Modified` to a request that names that tag.
pub struct Site {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    pages: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, Page>>>,
    requests: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

#[derive(Clone)]
enum Page {
    /// A fixed response (empty: held open without an answer).
    Raw(Vec<u8>),
    /// An HTML page with an ETag.
    Tagged { etag: String, body: Vec<u8> },
}

impl Site {
    /// Starts a server with no pages (every path answers 404).
    pub fn start() -> Self {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let pages = std::sync::Arc::new(std::sync::Mutex::new(std::collections::HashMap::<
            String,
            Page,
        >::new()));
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (served, log) = (pages.clone(), requests.clone());
        std::thread::spawn(move || {
            let mut stalled = Vec::new();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let request = String::from_utf8_lossy(&request).into_owned();
                log.lock().unwrap().push(request.clone());
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let page = served.lock().unwrap().get(&path).cloned();
                let response = match page {
                    None => http("404 Not Found", "", b""),
                    Some(Page::Raw(bytes)) => bytes,
                    Some(Page::Tagged { etag, body }) => {
                        let asked = request.lines().any(|l| {
                            l.to_ascii_lowercase().starts_with("if-none-match:")
                                && l.contains(&etag)
                        });
                        if asked {
                            b"HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n".to_vec()
                        } else {
                            http(
                                "200 OK",
                                &format!(
                                    "Content-Type: text/html; charset=utf-8\r\nETag: {etag}\r\n"
                                ),
                                &body,
                            )
                        }
                    }
                };
                if response.is_empty() {
                    stalled.push(stream);
                    continue;
                }
                let _ = stream.write_all(&response);
            }
        });
        Self {
            address,
            pages,
            requests,
        }
    }

    /// The address of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Serves `path` with a fixed response (see [`http`]); empty holds
    /// the connection open without an answer.
    pub fn set(&self, path: &str, response: Vec<u8>) {
        self.pages
            .lock()
            .unwrap()
            .insert(path.to_owned(), Page::Raw(response));
    }

    /// Serves `path` as an HTML page.
    pub fn html(&self, path: &str, body: &str) {
        self.set(
            path,
            http(
                "200 OK",
                "Content-Type: text/html; charset=utf-8\r\n",
                body.as_bytes(),
            ),
        );
    }

    /// Serves `path` as an HTML page with an ETag.
    pub fn tagged(&self, path: &str, etag: &str, body: &str) {
        self.pages.lock().unwrap().insert(
            path.to_owned(),
            Page::Tagged {
                etag: etag.to_owned(),
                body: body.as_bytes().to_vec(),
            },
        );
    }

    /// The heads of the requests for `path` so far.
    pub fn requests_for(&self, path: &str) -> Vec<String> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.split_whitespace().nth(1) == Some(path))
            .cloned()
            .collect()
    }
}
