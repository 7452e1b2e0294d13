//! An import running in the background, for the app: the window keeps
//! drawing while a page is fetched or a long PDF is read, shows how far it
//! got, and can cancel it.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::fetch::{self, Progress};
use super::{ImportError, Imported};

/// Where an import reads from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file.
    File(PathBuf),
    /// A web address.
    Url(String),
}

impl Origin {
    /// A web address if `input` starts like one (see
    /// [`fetch::has_web_scheme`]), else a file.
    pub fn from_input(input: &str) -> Self {
        let input = input.trim();
        if fetch::has_web_scheme(input) {
            Origin::Url(input.to_owned())
        } else {
            Origin::File(PathBuf::from(input))
        }
    }

    /// Reads and extracts the source (fetching it first from a web
    /// address), reporting to `progress` and stopping when it is cancelled.
    pub fn import(&self, progress: &Progress) -> Result<Imported, ImportError> {
        match self {
            Origin::File(path) => super::import_file_with(path, progress),
            Origin::Url(url) => super::import_url(url, progress),
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::File(path) => path.display().fmt(f),
            Origin::Url(url) => url.fmt(f),
        }
    }
}

/// An import on a thread of its own.
#[derive(Debug)]
pub struct Job {
    origin: Origin,
    progress: Arc<Progress>,
    result: Receiver<Result<Imported, ImportError>>,
}

/// How a job stands.
#[derive(Debug)]
pub enum JobState {
    /// Still downloading: bytes received, and the total when known.
    Fetching {
        /// Bytes received so far.
        received: u64,
        /// The size the server announced, if it did.
        total: Option<u64>,
    },
    /// Reading the text out of what was received.
    Reading,
    /// Done.
    Done(Box<Result<Imported, ImportError>>),
}

impl Job {
    /// Starts importing a file, or fetching and importing a web page or
    /// document.
    pub fn start(origin: Origin) -> Self {
        let progress = Arc::new(Progress::default());
        let (send, result) = mpsc::channel();
        let (job_origin, job_progress) = (origin.clone(), Arc::clone(&progress));
        let spawned = std::thread::Builder::new()
            .name("import".into())
            .spawn(move || {
                let imported = job_origin.import(&job_progress);
                // The receiver is gone when the job was dropped; nothing to do.
                let _ = send.send(imported);
            });
        if let Err(e) = spawned {
            let (send, failed) = mpsc::channel();
            let _ = send.send(Err(ImportError::Io {
                path: PathBuf::from("the import"),
                source: e,
            }));
            return Self {
                origin,
                progress,
                result: failed,
            };
        }
        Self {
            origin,
            progress,
            result,
        }
    }

    /// What is imported.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// How the job stands; `Done` is given once, after which the job is
    /// spent.
    pub fn poll(&mut self) -> JobState {
        match self.result.try_recv() {
            Ok(result) => JobState::Done(Box::new(result)),
            Err(TryRecvError::Disconnected) => JobState::Done(Box::new(Err(
                ImportError::Cancelled(PathBuf::from(self.origin.to_string())),
            ))),
            Err(TryRecvError::Empty) => {
                let p = &self.progress;
                let from_file = matches!(self.origin, Origin::File(_));
                if from_file || p.extracting.load(Ordering::Relaxed) {
                    JobState::Reading
                } else {
                    JobState::Fetching {
                        received: p.received.load(Ordering::Relaxed),
                        total: Some(p.total.load(Ordering::Relaxed)).filter(|&t| t > 0),
                    }
                }
            }
        }
    }

    /// Asks the job to stop. A download stops at its next chunk and an
    /// extraction at once; the result is then dropped.
    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        self.cancel();
    }
}
