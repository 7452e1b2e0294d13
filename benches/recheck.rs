//! `attest recheck` on 100 web sources served from 127.0.0.1, timed as the
//! whole command a user waits for, with the time the command reports it
//! spent fetching and comparing, beside two baselines in the same run: the
//! same 100 pages fetched one after another with plain HTTP requests (the
//! network alone), and the recheck when every server answers "not
//! modified".
//!
//! ```text
//! cargo bench --bench recheck
//! ```
//!
//! A quarter of the pages change before the recheck: a figure in a cited
//! sentence on every tenth, an uncited paragraph on the others. Without
//! `--bench` (as `cargo test --benches` runs it) there are 8 sources.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The pages served, by path: (ETag, body).
type Pages = Arc<Mutex<HashMap<String, (String, String)>>>;

/// A server answering each connection on a thread of its own, with an
/// ETag, and `304 Not Modified` to a request naming it. Returns the port.
fn serve(pages: Pages) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let pages = Arc::clone(&pages);
            std::thread::spawn(move || {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let request = String::from_utf8_lossy(&request);
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let page = pages.lock().unwrap().get(path).cloned();
                let response = match page {
                    None => {
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .to_owned()
                    }
                    Some((etag, _))
                        if request.contains(&format!("If-None-Match: {etag}"))
                            || request.contains(&format!("if-none-match: {etag}")) =>
                    {
                        "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n".to_owned()
                    }
                    Some((etag, body)) => format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nETag: {etag}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    ),
                };
                let _ = stream.write_all(response.as_bytes());
            });
        }
    });
    port
}

/// A news article of about 6 KB, different for each `n`.
fn article(n: usize, figure: usize, homes: usize) -> String {
    let mut body = format!(
        "<!doctype html><html><head><title>Report {n}: floods in valley {n}</title>\
         <meta name=\"author\" content=\"Reporter {n}\"></head><body><nav>Home · World · Sport</nav>\
         <article><h1>Report {n}: floods in valley {n}</h1>\
         <p>{figure} people died when the river burst its banks in valley {n} on Tuesday night, officials said, in the worst flooding the region has seen since records began.</p>\
         <p>More than {homes} homes were flooded in valley {n}, and the council said the damage would take months to repair.</p>"
    );
    for p in 0..24 {
        body.push_str(&format!(
            "<p>Paragraph {p} of report {n}: rescue teams worked through the night to reach villages cut off by the water, \
             and residents of district {p} were asked to stay away from the river until the level drops, the mayor said.</p>"
        ));
    }
    body.push_str("</article><footer>© The Example Times</footer></body></html>");
    body
}

fn attest(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(args)
        .output()
        .expect("attest runs");
    assert!(
        out.status.success(),
        "attest {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Runs `attest recheck` on `dir` as a process; returns its wall time and
/// the fetching and comparing seconds it reports.
fn recheck(dir: &Path) -> (Duration, String) {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(["recheck", &dir.display().to_string()])
        .output()
        .expect("attest runs");
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("Checked "))
        .unwrap_or("(no timing line)")
        .to_owned();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "recheck failed: {stderr}"
    );
    (wall, line)
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let sources = if full { 100 } else { 8 };
    let pages: Pages = Arc::new(Mutex::new(HashMap::new()));
    let port = serve(Arc::clone(&pages));
    let url = |n: usize| format!("http://127.0.0.1:{port}/report-{n}");
    for n in 0..sources {
        pages.lock().unwrap().insert(
            format!("/report-{n}"),
            (format!("\"v1-{n}\""), article(n, 6, 200)),
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("story");
    let d = dir.display().to_string();
    attest(&["new", &d, "--title", "Floods"]);
    let claim = attest(&["claim", "add", &d, "Six people died in each valley."]);
    let setup = Instant::now();
    for n in 0..sources {
        let source = attest(&["source", "add", &d, "--url", &url(n)]);
        attest(&[
            "cite",
            &d,
            &claim,
            "--source",
            &source,
            "--quote",
            &format!("6 people died when the river burst its banks in valley {n}"),
        ]);
    }
    println!(
        "recheck bench: {sources} web sources added and cited in {:.1} s",
        setup.elapsed().as_secs_f64()
    );

    // Baseline: the network alone, every page fetched one after another.
    let started = Instant::now();
    for n in 0..sources {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /report-{n} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut body = Vec::new();
        stream.read_to_end(&mut body).unwrap();
        assert!(body.starts_with(b"HTTP/1.1 200"));
    }
    let network = started.elapsed();

    // Every server says "not modified".
    let (not_modified, not_modified_line) = recheck(&dir);

    // A quarter of the pages change: a cited figure on every tenth, an
    // uncited paragraph on the others.
    for n in (0..sources).filter(|n| n % 4 == 0) {
        let body = if n % 10 == 0 {
            article(n, 7, 200)
        } else {
            article(n, 6, 300)
        };
        pages
            .lock()
            .unwrap()
            .insert(format!("/report-{n}"), (format!("\"v2-{n}\""), body));
    }
    let (changed, changed_line) = recheck(&dir);

    println!(
        "recheck bench, {sources} web sources on 127.0.0.1, the whole `attest recheck` as a process:"
    );
    println!(
        "  baseline: the {sources} pages fetched one by one, network alone   {:>8.1} ms",
        network.as_secs_f64() * 1e3
    );
    println!(
        "  recheck, every page not modified (304)                  {:>8.1} ms   {not_modified_line}",
        not_modified.as_secs_f64() * 1e3
    );
    println!(
        "  recheck, a quarter of the pages changed                 {:>8.1} ms   {changed_line}",
        changed.as_secs_f64() * 1e3
    );
}
