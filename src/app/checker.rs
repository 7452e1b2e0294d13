//! The provenance check as the window runs it: at once while it is quick;
//! on a project whose check is slow (thousands of claims), after a pause in
//! the editing and on a worker thread, from a copy of what it reads, so that
//! no frame waits for it. The sign-off and the export check the project
//! afresh whatever the report says.

use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::check::{Cache, Report};
use crate::project::document::Document;

/// A check slower than this waits for a pause in the editing, on a worker.
pub const SLOW_CHECK: Duration = Duration::from_millis(25);

/// How long the editing must pause before a slow check runs again.
const QUIET_BEFORE_CHECK: Duration = Duration::from_millis(400);

/// The project folder and revision a report is for.
type Key = (PathBuf, u64);

/// A check under way on a worker: what it checks, and its report, cache
/// and duration once done.
type Job = (Key, JoinHandle<(Report, Cache, Duration)>);

/// Keeps the report up to date with the project.
#[derive(Default)]
pub struct Checker {
    /// What the report was made for.
    key: Option<Key>,
    /// How long the last check took.
    cost: Duration,
    /// When the project last changed.
    changed: Option<(Key, Instant)>,
    /// What the last check found, so that the next checks only what an
    /// edit touched; lent to the worker while one runs.
    cache: Cache,
    job: Option<Job>,
    /// Whether this frame handed a copy of the project to a worker.
    started: bool,
}

impl Checker {
    /// Forgets what the report was made for, so that the next frame checks
    /// afresh (another project opened, or the same one in another place).
    pub fn invalidate(&mut self) {
        self.key = None;
    }

    /// How long the last check took.
    pub fn cost(&self) -> Duration {
        self.cost
    }

    /// Whether a check is under way on a worker.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Whether this frame started a check on a worker (copying the project
    /// took part of the frame: other copies wait for the next one).
    pub fn started_this_frame(&self) -> bool {
        self.started
    }

    /// Brings `report` up to date with `doc`, or starts doing so.
    pub fn refresh(
        &mut self,
        report: &mut Arc<Report>,
        doc: Option<&Document>,
        ctx: &egui::Context,
    ) {
        self.started = false;
        if let Some((key, job)) = self.job.take_if(|(_, job)| job.is_finished()) {
            match job.join() {
                Ok((fresh, cache, cost)) => {
                    *report = Arc::new(fresh);
                    self.cache = cache;
                    self.cost = cost;
                    self.key = Some(key);
                }
                // A check that panicked is made again, here, next time.
                Err(_) => {
                    self.cache = Cache::default();
                    self.cost = Duration::ZERO;
                }
            }
        }
        let key = doc.map(|d| (d.dir().to_owned(), d.history().revision()));
        if key == self.key {
            return;
        }
        if self.job.is_some() {
            ctx.request_repaint_after(Duration::from_millis(10));
            return;
        }
        let now = Instant::now();
        if let Some(key) = &key
            && self.changed.as_ref().is_none_or(|(k, _)| k != key)
        {
            self.changed = Some((key.clone(), now));
        }
        let same_project = key.as_ref().map(|k| &k.0) == self.key.as_ref().map(|k| &k.0);
        if !same_project {
            self.cache = Cache::default();
        }
        let (Some(doc), Some(key)) = (doc, key) else {
            *report = Arc::default();
            self.key = None;
            return;
        };
        if same_project && self.cost > SLOW_CHECK {
            let quiet = self
                .changed
                .as_ref()
                .map_or(QUIET_BEFORE_CHECK, |(_, at)| now - *at);
            if quiet < QUIET_BEFORE_CHECK {
                ctx.request_repaint_after(QUIET_BEFORE_CHECK - quiet);
                return;
            }
            let input = doc.check_input();
            let mut cache = std::mem::take(&mut self.cache);
            let ctx = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name("check".into())
                .spawn(move || {
                    let started = Instant::now();
                    let fresh = input.check(&mut cache);
                    ctx.request_repaint();
                    (fresh, cache, started.elapsed())
                });
            if let Ok(job) = spawned {
                self.job = Some((key, job));
                self.started = true;
                return;
            }
        }
        *report = Arc::new(doc.check_cached(&mut self.cache));
        self.cost = now.elapsed();
        self.key = Some(key);
    }
}
