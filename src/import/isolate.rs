//! Running an extractor on untrusted bytes so that nothing it does can
//! harm the caller.
//!
//! Where the `attest` program is at hand (the command line and the desktop
//! app), the extractor runs in a worker process: `attest __extract FORMAT`,
//! with the bytes on its standard input and the result as JSON on its
//! standard output. The worker limits its own address space and CPU time,
//! and the caller kills it once the time limit has passed, so a panic, a
//! stack overflow, an endless loop or a runaway allocation in a parser ends
//! as a clear error. Elsewhere (a program that links the library, such as
//! the test harness) the extractor runs on a thread of its own with a large
//! stack, a panic is caught, and the caller stops waiting after the time
//! limit.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{Extracted, Format, Hints, MAX_ORIGINAL_BYTES};

/// How long an extractor may take on one file, unless [`TIME_LIMIT_ENV`]
/// says otherwise.
pub const TIME_LIMIT: Duration = Duration::from_secs(120);

/// Sets the time limit in seconds (for very large documents on slow
/// machines, or to test the limit).
pub const TIME_LIMIT_ENV: &str = "ATTEST_EXTRACT_SECONDS";

/// The time limit in force.
pub fn time_limit() -> Duration {
    std::env::var(TIME_LIMIT_ENV)
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(TIME_LIMIT, Duration::from_secs_f64)
}

/// How much memory (address space) a worker may use: 3 GiB.
pub const MEMORY_LIMIT: u64 = 3 * 1024 * 1024 * 1024;

/// The stack an extractor runs on: deep enough for a page nested 200,000
/// elements deep.
const STACK_BYTES: usize = 512 * 1024 * 1024;

/// The name of the hidden command that runs a worker.
pub const WORKER_COMMAND: &str = "__extract";

/// Names the program to run workers with (default: the running program,
/// when it is `attest`).
pub const WORKER_ENV: &str = "ATTEST_EXTRACT_WORKER";

/// For testing the isolation itself: makes the extractor `panic`, `hang`,
/// `abort` (in a worker) or exhaust its `memory` instead of working.
pub const FAULT_ENV: &str = "ATTEST_EXTRACT_FAULT";

/// What a worker answers.
#[derive(Debug, Serialize, Deserialize)]
enum Reply {
    Extracted(Box<Extracted>),
    Refused(String),
    Panicked(String),
}

/// The request a worker reads after the format: the hints, as one JSON
/// line, then the bytes.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    hints: Hints,
}

/// Extracts `bytes` of `format` in isolation; `Err` says why it could not
/// be done and what to do, as a sentence. Setting `cancel` stops the
/// extraction (the worker is killed) and gives [`CANCELLED`].
pub fn extract(
    format: Format,
    bytes: &[u8],
    hints: &Hints,
    cancel: &AtomicBool,
) -> Result<Extracted, String> {
    match worker_program() {
        Some(program) => in_worker(&program, format, bytes, hints, cancel),
        None => in_thread(format, bytes.to_vec(), hints.clone(), cancel),
    }
}

/// The reason given when an extraction was cancelled.
pub const CANCELLED: &str = "reading it was cancelled";

/// How often a waiting caller looks at the clock and the cancel flag.
const POLL: Duration = Duration::from_millis(5);

/// The program workers are run with, if there is one.
fn worker_program() -> Option<PathBuf> {
    if let Some(program) = std::env::var_os(WORKER_ENV) {
        return Some(program.into());
    }
    let exe = std::env::current_exe().ok()?;
    (exe.file_stem()? == "attest").then_some(exe)
}

fn panicked(extractor: &str, message: &str) -> String {
    format!(
        "the {extractor} reader failed on it ({message}); the file may be damaged or unusual: try saving or printing it again as a new file"
    )
}

fn timed_out() -> String {
    format!(
        "reading it took longer than {} s, so it was stopped; the file may be damaged or built to stall readers (a larger limit can be set with {TIME_LIMIT_ENV}=SECONDS)",
        time_limit().as_secs_f64()
    )
}

/// Runs the extractor on a thread with a large stack, catching a panic and
/// waiting at most [`TIME_LIMIT`] (or until cancelled; the thread is then
/// left to finish on its own).
fn in_thread(
    format: Format,
    bytes: Vec<u8>,
    hints: Hints,
    cancel: &AtomicBool,
) -> Result<Extracted, String> {
    quiet_extractor_panics();
    let (send, receive) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(format!("{EXTRACT_THREAD} {}", format.extension()))
        .stack_size(STACK_BYTES)
        .spawn(move || {
            let _ = send.send(run_caught(format, &bytes, &hints, false));
        });
    if let Err(e) = spawned {
        return Err(format!("no thread could be started to read it ({e})"));
    }
    let deadline = Instant::now() + time_limit();
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(CANCELLED.to_owned());
        }
        match receive.recv_timeout(POLL * 10) {
            Ok(reply) => return reply_result(format, reply),
            Err(mpsc::RecvTimeoutError::Timeout) if Instant::now() < deadline => {}
            Err(_) => return Err(timed_out()),
        }
    }
}

/// Threads that run extractors have names starting with this; their panics
/// are reported as errors, not printed (see `quiet_extractor_panics`).
pub const EXTRACT_THREAD: &str = "extract";

/// Keeps the panic hook from printing (and, with `RUST_BACKTRACE`, slowly
/// symbolising a backtrace for) panics on extractor threads: each one is
/// caught and reported as a clear error. Panics elsewhere print as before.
fn quiet_extractor_panics() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let on_extractor = std::thread::current()
                .name()
                .is_some_and(|n| n.starts_with(EXTRACT_THREAD));
            if !on_extractor {
                previous(info);
            }
        }));
    });
}

fn reply_result(format: Format, reply: Reply) -> Result<Extracted, String> {
    match reply {
        Reply::Extracted(extracted) => Ok(*extracted),
        Reply::Refused(reason) => Err(reason),
        Reply::Panicked(message) => Err(panicked(super::extractor(format).name(), &message)),
    }
}

/// Runs the extractor, turning a panic into [`Reply::Panicked`].
fn run_caught(format: Format, bytes: &[u8], hints: &Hints, in_worker: bool) -> Reply {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        inject_fault(in_worker);
        super::extractor(format).extract(bytes, hints)
    }));
    match result {
        Ok(Ok(extracted)) => Reply::Extracted(Box::new(extracted)),
        Ok(Err(reason)) => Reply::Refused(reason),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_owned());
            Reply::Panicked(crate::util::snippet(&message, 200))
        }
    }
}

fn inject_fault(in_worker: bool) {
    match std::env::var(FAULT_ENV).as_deref() {
        Ok("panic") => panic!("fault injected for a test"),
        Ok("hang") => loop {
            std::thread::sleep(Duration::from_secs(1));
        },
        Ok("abort") if in_worker => std::process::abort(),
        Ok("memory") if in_worker => {
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                hoard.push(vec![1u8; 64 * 1024 * 1024]);
            }
        }
        _ => {}
    }
}

/// Runs the extractor in a worker process.
fn in_worker(
    program: &std::path::Path,
    format: Format,
    bytes: &[u8],
    hints: &Hints,
    cancel: &AtomicBool,
) -> Result<Extracted, String> {
    let mut child = Command::new(program)
        .arg(WORKER_COMMAND)
        .arg(format.extension())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("the reader process could not be started ({e})"))?;
    let request = serde_json::to_string(&Request {
        hints: hints.clone(),
    })
    .expect("hints serialize");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let output = std::thread::scope(|scope| {
        scope.spawn(move || {
            // The worker may stop reading early (a crash); that is seen below.
            let _ = stdin
                .write_all(request.as_bytes())
                .and_then(|()| stdin.write_all(b"\n"))
                .and_then(|()| stdin.write_all(bytes));
        });
        let out = scope.spawn(move || {
            let mut out = Vec::new();
            let _ = (&mut stdout)
                .take(MAX_ORIGINAL_BYTES * 8)
                .read_to_end(&mut out);
            out
        });
        let err = scope.spawn(move || {
            let mut err = Vec::new();
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut err);
            err
        });
        let deadline = Instant::now() + time_limit();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if Instant::now() >= deadline || cancel.load(Ordering::Relaxed) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(());
                }
                Ok(None) => std::thread::sleep(POLL),
                Err(_) => {
                    let _ = child.kill();
                    break child.wait().map_err(|_| ());
                }
            }
        };
        (
            status,
            out.join().unwrap_or_default(),
            err.join().unwrap_or_default(),
        )
    });
    let (status, out, err) = output;
    let Ok(status) = status else {
        return Err(if cancel.load(Ordering::Relaxed) {
            CANCELLED.to_owned()
        } else {
            timed_out()
        });
    };
    if let Ok(reply) = serde_json::from_slice::<Reply>(&out) {
        return reply_result(format, reply);
    }
    let err = String::from_utf8_lossy(&err);
    if err.contains("memory allocation") || err.contains("out of memory") {
        return Err(format!(
            "reading it needed more than the {} of memory Attest allows one file, so it was stopped; the file may be damaged or built to exhaust memory",
            crate::util::human_size(MEMORY_LIMIT)
        ));
    }
    let how = exit_description(&status);
    Err(panicked(
        super::extractor(format).name(),
        &format!("the reader process {how}"),
    ))
}

fn exit_description(status: &std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt as _;
        if let Some(signal) = status.signal() {
            return format!("was ended by signal {signal}");
        }
    }
    match status.code() {
        Some(code) => format!("exited with status {code}"),
        None => "ended".to_owned(),
    }
}

/// The worker: reads a request and the bytes from standard input, extracts
/// them as `format` (named by its extension) and writes the reply to
/// standard output.
pub fn worker_main(format: &str) -> ExitCode {
    let Some(format) = Format::ALL.into_iter().find(|f| f.extension() == format) else {
        eprintln!("error: unknown format {format:?}");
        return ExitCode::from(2);
    };
    limit_resources();
    // Panics are reported in the reply, not on the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let mut input = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(MAX_ORIGINAL_BYTES + 64 * 1024)
        .read_to_end(&mut input);
    if let Err(e) = read {
        eprintln!("error: cannot read the input: {e}");
        return ExitCode::from(2);
    }
    let newline = input
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(input.len());
    let Ok(request) = serde_json::from_slice::<Request>(&input[..newline]) else {
        eprintln!("error: the request is not valid");
        return ExitCode::from(2);
    };
    let bytes = input.get(newline + 1..).unwrap_or_default().to_vec();
    drop(input);
    let hints = request.hints;
    let reply = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || run_caught(format, &bytes, &hints, true))
        .map(|t| {
            t.join()
                .unwrap_or_else(|_| Reply::Panicked("a panic".into()))
        })
        .unwrap_or_else(|e| Reply::Refused(format!("no thread could be started ({e})")));
    let mut out = std::io::stdout().lock();
    if serde_json::to_writer(&mut out, &reply).is_err() || out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// Caps the worker's address space and CPU time.
fn limit_resources() {
    #[cfg(unix)]
    {
        let cpu = time_limit().as_secs() + 10;
        for (resource, limit) in [(libc::RLIMIT_AS, MEMORY_LIMIT), (libc::RLIMIT_CPU, cpu)] {
            let rlimit = libc::rlimit {
                rlim_cur: limit as libc::rlim_t,
                rlim_max: limit as libc::rlim_t,
            };
            // SAFETY: setrlimit reads the struct passed by reference and
            // changes only this process's limits.
            unsafe {
                libc::setrlimit(resource, &rlimit);
            }
        }
    }
}
