//! Fetching a source from the web: one blocking GET with `ureq`, with
//! timeouts, a redirect limit and a size cap; the final address and the
//! date of retrieval are recorded with what was fetched.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use thiserror::Error;
use ureq::ResponseExt as _;

use super::MAX_ORIGINAL_BYTES;

/// How long connecting may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// How long the whole fetch may take.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(90);
/// How many redirects are followed.
pub const MAX_REDIRECTS: u32 = 10;

/// What a fetch brought back.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// The body, as sent.
    pub bytes: Vec<u8>,
    /// The address after redirects.
    pub final_url: String,
    /// The media type the server declared (`text/html`), lowercase.
    pub media_type: String,
    /// The charset the server declared, if any.
    pub charset: Option<String>,
    /// The day of retrieval, `YYYY-MM-DD` (UTC).
    pub retrieved: String,
    /// What the server said identifies this version, to ask next time
    /// whether the page changed since.
    pub validators: Validators,
}

/// A server's `ETag` and `Last-Modified` for what it sent; empty where it
/// sent none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header.
    pub etag: String,
    /// The `Last-Modified` header.
    pub last_modified: String,
}

/// Progress of a fetch, shared with whoever shows it, and a way to cancel.
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes received so far.
    pub received: AtomicU64,
    /// The body's length, if the server said (0 if not).
    pub total: AtomicU64,
    /// Set to stop the fetch (and the extraction after it).
    pub cancel: AtomicBool,
    /// Set once everything was received and the text is being extracted.
    pub extracting: AtomicBool,
}

/// Why a fetch failed; each message says what to do.
#[derive(Debug, Error)]
pub enum FetchError {
    /// Not an http(s) address.
    #[error("{0:?} is not a web address; it must start with https:// or http://")]
    BadUrl(String),
    /// No network, or the host is unknown.
    #[error(
        "cannot reach {url}: {reason}. Check the address and the network connection; without a network, save the page in a browser and add the file instead"
    )]
    Unreachable {
        /// The address.
        url: String,
        /// What failed.
        reason: String,
    },
    /// The server answered with an error status.
    #[error(
        "{url} answered {status}; check the address, or save the page in a browser and add the file instead"
    )]
    Status {
        /// The address.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// Too slow.
    #[error(
        "{url} did not answer in time ({what}); try again later, or save the page in a browser and add the file"
    )]
    Timeout {
        /// The address.
        url: String,
        /// Which limit.
        what: String,
    },
    /// Too big.
    #[error(
        "{url} sends more than {}; Attest takes sources up to that size",
        crate::util::human_size(MAX_ORIGINAL_BYTES)
    )]
    TooLarge {
        /// The address.
        url: String,
    },
    /// Too many redirects.
    #[error(
        "{url} redirects more than {MAX_REDIRECTS} times; open it in a browser to see where it leads"
    )]
    Redirects {
        /// The address.
        url: String,
    },
    /// The user cancelled.
    #[error("the download of {0} was cancelled")]
    Cancelled(String),
}

pub use crate::model::has_web_scheme;

/// How long a whole fetch may take: [`FETCH_TIMEOUT`], or the seconds in
/// `ATTEST_FETCH_TIMEOUT` (a test hook, so a stalled server is tested in
/// seconds, not minutes).
fn fetch_timeout() -> Duration {
    std::env::var("ATTEST_FETCH_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(FETCH_TIMEOUT, Duration::from_secs_f64)
}

/// Fetches `url`, reporting progress to `progress` (and stopping when it is
/// cancelled).
pub fn fetch(url: &str, progress: &Progress) -> Result<Fetched, FetchError> {
    fetch_if_changed(url, progress, &Validators::default())?.ok_or_else(|| FetchError::Status {
        url: url.trim().to_owned(),
        status: 304,
    })
}

/// Fetches `url` unless the server says it has not changed since the
/// version `since` identifies (`If-None-Match`, `If-Modified-Since`): then
/// `None`, and the page costs no download.
pub fn fetch_if_changed(
    url: &str,
    progress: &Progress,
    since: &Validators,
) -> Result<Option<Fetched>, FetchError> {
    let url = url.trim();
    if !has_web_scheme(url) || url.chars().any(char::is_whitespace) {
        return Err(FetchError::BadUrl(url.to_owned()));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(fetch_timeout()))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(concat!("Attest/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let unreachable = |reason: String| FetchError::Unreachable {
        url: url.to_owned(),
        reason,
    };
    let classify = |e: ureq::Error| match e {
        ureq::Error::Timeout(t) => FetchError::Timeout {
            url: url.to_owned(),
            what: t.to_string(),
        },
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => FetchError::Redirects {
            url: url.to_owned(),
        },
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
            url: url.to_owned(),
        },
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => FetchError::BadUrl(url.to_owned()),
        ureq::Error::HostNotFound => unreachable("the host name is not known (no network?)".into()),
        ureq::Error::ConnectionFailed => unreachable("the connection failed (no network?)".into()),
        ureq::Error::Io(e) => unreachable(e.to_string()),
        other => unreachable(other.to_string()),
    };
    let mut request = agent
        .get(url)
        .header("Accept", "text/html,application/xhtml+xml,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain;q=0.9,*/*;q=0.5");
    if !since.etag.is_empty() {
        request = request.header("If-None-Match", &since.etag);
    }
    if !since.last_modified.is_empty() {
        request = request.header("If-Modified-Since", &since.last_modified);
    }
    let mut response = request.call().map_err(classify)?;
    let status = response.status().as_u16();
    let has_validators = !since.etag.is_empty() || !since.last_modified.is_empty();
    if status == 304 && has_validators {
        return Ok(None);
    }
    if !(200..300).contains(&status) {
        return Err(FetchError::Status {
            url: url.to_owned(),
            status,
        });
    }
    let final_url = response.get_uri().to_string();
    let header = |name: &str| -> String {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().filter(|c| !c.is_control()).take(200).collect())
            .unwrap_or_default()
    };
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_owned();
    let charset = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(['"', '\'']).to_owned())
        .next();
    let total = response
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(0);
    if total > MAX_ORIGINAL_BYTES {
        return Err(FetchError::TooLarge {
            url: url.to_owned(),
        });
    }
    progress.total.store(total, Ordering::Relaxed);
    let mut reader = response
        .body_mut()
        .with_config()
        .limit(MAX_ORIGINAL_BYTES + 1)
        .reader();
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        if progress.cancel.load(Ordering::Relaxed) {
            return Err(FetchError::Cancelled(url.to_owned()));
        }
        let n = reader.read(&mut chunk).map_err(|e| {
            // ureq reports its own errors (a timeout, the limit) through io.
            match e
                .into_inner()
                .and_then(|inner| inner.downcast::<ureq::Error>().ok())
            {
                Some(inner) => classify(*inner),
                None => unreachable("the connection broke off".into()),
            }
        })?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        progress
            .received
            .store(bytes.len() as u64, Ordering::Relaxed);
        if bytes.len() as u64 > MAX_ORIGINAL_BYTES {
            return Err(FetchError::TooLarge {
                url: url.to_owned(),
            });
        }
    }
    Ok(Some(Fetched {
        bytes,
        final_url,
        media_type,
        charset,
        retrieved: today(),
        validators,
    }))
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    crate::util::now_utc().chars().take(10).collect()
}

/// A progress to pass where nobody watches.
pub fn unwatched() -> Arc<Progress> {
    Arc::new(Progress::default())
}
