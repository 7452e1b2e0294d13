//! Rechecking web sources against their live pages: each source with a URL
//! is fetched again (a few at a time, once each), its text extracted the
//! way it was when it was added, and compared with the recorded version
//! through the re-anchoring engine, without changing the project. What was
//! found can then be recorded ([`record`]), as facts of the project.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::import::fetch::{self, Progress, Validators};
use crate::model::{
    ClaimId, LiveOutcome, LiveQuote, Project, QuoteId, Recheck, SourceId, Stance, sha256_hex,
};
use crate::project::actions::{self, QuoteFate};
use crate::project::command::Command;
use crate::text::reanchor::Outcome;
use crate::text::snapshot::Snapshots;

/// How many pages are fetched at once: a few, to be polite to servers and
/// still quick over a hundred sources.
pub const PARALLEL_FETCHES: usize = 4;

/// A source to recheck.
#[derive(Clone, Debug)]
pub struct Target {
    /// The source.
    pub source: SourceId,
    /// Its address.
    pub url: String,
}

/// What a recheck of one source found, before it is recorded.
#[derive(Clone, Debug)]
pub struct Checked {
    /// The source.
    pub source: SourceId,
    /// The address fetched.
    pub url: String,
    /// Where the address now leads, when the server redirected it.
    pub moved_to: Option<String>,
    /// When (RFC 3339, UTC).
    pub checked: String,
    /// What was found.
    pub outcome: LiveOutcome,
    /// Whether the server answered that the page was not modified since
    /// the version Attest last fetched (so nothing was downloaded).
    pub not_modified: bool,
    /// The fate of each quote of the source on the live page, in ID order
    /// (empty unless the text changed).
    pub fates: Vec<QuoteFate>,
    /// Characters of the recorded text removed and added on the live page.
    pub chars_removed: usize,
    /// Characters added.
    pub chars_added: usize,
    /// SHA-256 of what was fetched (empty when nothing was).
    pub fetched: String,
    /// The page as fetched, when its text differs from the recorded one.
    pub page: Option<crate::import::Original>,
    /// The server's validators for what it sent.
    pub validators: Validators,
    /// Time spent fetching.
    pub fetching: Duration,
    /// Time spent extracting and comparing.
    pub comparing: Duration,
}

impl Checked {
    /// Whether a quote the summary relies on changed or went.
    pub fn affects(&self, project: &Project) -> bool {
        match &self.outcome {
            LiveOutcome::Changed { affected, .. } => {
                affected.iter().any(|a| project.is_cited(&a.quote))
            }
            _ => false,
        }
    }
}

/// The sources of `project` to recheck: those named in `only` (all when
/// empty) that have a web address, and of those, with `since_days`, only
/// those not retrieved or rechecked in that many days (by `today`,
/// `YYYY-MM-DD`). Returns the targets and the named sources without an
/// address.
pub fn targets(
    project: &Project,
    only: &[SourceId],
    since_days: Option<u32>,
    today: &str,
) -> (Vec<Target>, Vec<SourceId>) {
    let mut targets = Vec::new();
    let mut without = Vec::new();
    for source in project.sources_in_added_order() {
        if !only.is_empty() && !only.contains(&source.id) {
            continue;
        }
        let Some(url) = source.live_url() else {
            if !only.is_empty() {
                without.push(source.id.clone());
            }
            continue;
        };
        if let Some(days) = since_days {
            let last_checked = project
                .live_known(&source.id)
                .map(|r| r.day().to_owned())
                .unwrap_or_default();
            let last = source
                .citation
                .retrieved
                .as_str()
                .max(last_checked.as_str());
            if days_between(last, today).is_some_and(|d| d < i64::from(days)) {
                continue;
            }
        }
        targets.push(Target {
            source: source.id.clone(),
            url: url.to_owned(),
        });
    }
    (targets, without)
}

/// Days from `from` to `to` (both `YYYY-MM-DD`); `None` if either is not
/// a full date.
fn days_between(from: &str, to: &str) -> Option<i64> {
    let date = |s: &str| -> Option<time::Date> {
        let mut parts = s.get(..10)?.split('-');
        let year = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        time::Date::from_calendar_date(year, month.try_into().ok()?, day).ok()
    };
    Some((date(to)? - date(from)?).whole_days())
}

/// A recheck under way: its targets, and a progress for each that a
/// window can show and Stop cancels.
#[derive(Debug)]
pub struct Run {
    /// The sources, in the order given.
    pub targets: Vec<Target>,
    /// One progress per target.
    pub progress: Vec<Arc<Progress>>,
    stopped: AtomicBool,
}

impl Run {
    /// A recheck of `targets`, not started.
    pub fn new(targets: Vec<Target>) -> Self {
        let progress = targets.iter().map(|_| fetch::unwatched()).collect();
        Self {
            targets,
            progress,
            stopped: AtomicBool::new(false),
        }
    }

    /// Stops the recheck: fetches under way end, none start.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
        for progress in &self.progress {
            progress.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Whether [`Run::stop`] was called.
    pub fn stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }

    /// Fetches and compares every target, [`PARALLEL_FETCHES`] at a time,
    /// calling `done` with each target's index as it finishes. Returns
    /// what was found, in the order of the targets (a stopped recheck
    /// leaves out those it did not finish).
    pub fn run(
        &self,
        project: &Project,
        texts: &Snapshots,
        done: &(dyn Fn(usize, &Checked) + Sync),
    ) -> Vec<Checked> {
        let next = AtomicUsize::new(0);
        let found: Mutex<Vec<(usize, Checked)>> = Mutex::new(Vec::new());
        let workers = PARALLEL_FETCHES.min(self.targets.len());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= self.targets.len() || self.stopped() {
                            break;
                        }
                        let checked =
                            check_one(project, texts, &self.targets[i], &self.progress[i]);
                        if self.stopped() {
                            break;
                        }
                        done(i, &checked);
                        found
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push((i, checked));
                    }
                });
            }
        });
        let mut found = found.into_inner().unwrap_or_else(|e| e.into_inner());
        found.sort_by_key(|(i, _)| *i);
        found.into_iter().map(|(_, c)| c).collect()
    }
}

/// Where a report lists a source: those whose cited passages changed
/// first (0), then the other changed ones (1), those that could not be
/// checked (2), the unchanged (3).
pub fn rank(project: &Project, checked: &Checked) -> u8 {
    match &checked.outcome {
        LiveOutcome::Changed { .. } if checked.affects(project) => 0,
        LiveOutcome::Changed { .. } => 1,
        LiveOutcome::Unreachable { .. } => 2,
        LiveOutcome::Unchanged => 3,
    }
}

/// Fetches one source's page and compares it with the recorded version.
fn check_one(
    project: &Project,
    texts: &Snapshots,
    target: &Target,
    progress: &Progress,
) -> Checked {
    let started = Instant::now();
    let source = project
        .source(&target.source)
        .expect("targets are sources of the project");
    let mut checked = Checked {
        source: target.source.clone(),
        url: target.url.clone(),
        moved_to: None,
        checked: crate::util::now_utc(),
        outcome: LiveOutcome::Unchanged,
        not_modified: false,
        fates: Vec::new(),
        chars_removed: 0,
        chars_added: 0,
        fetched: String::new(),
        page: None,
        validators: Validators::default(),
        fetching: Duration::ZERO,
        comparing: Duration::ZERO,
    };
    let unreachable = |reason: String| LiveOutcome::Unreachable { reason };
    // Ask whether the page changed since the version Attest last saw: the
    // newest recheck that fetched it, else the first fetch.
    let (since, since_outcome) = match project.live_known(&target.source) {
        Some(r) if !r.etag.is_empty() || !r.last_modified.is_empty() => (
            Validators {
                etag: r.etag.clone(),
                last_modified: r.last_modified.clone(),
            },
            r.outcome.clone(),
        ),
        _ => match &source.original {
            Some(o) => (
                Validators {
                    etag: o.etag.clone(),
                    last_modified: o.last_modified.clone(),
                },
                LiveOutcome::Unchanged,
            ),
            None => (Validators::default(), LiveOutcome::Unchanged),
        },
    };
    let fetched = match fetch::fetch_if_changed(&target.url, progress, &since) {
        Ok(Some(fetched)) => fetched,
        Ok(None) => {
            checked.fetching = started.elapsed();
            checked.not_modified = true;
            checked.validators = since;
            checked.outcome = since_outcome;
            return checked;
        }
        Err(e) => {
            checked.fetching = started.elapsed();
            checked.outcome = unreachable(e.to_string());
            return checked;
        }
    };
    checked.fetching = started.elapsed();
    if fetched.final_url != target.url {
        checked.moved_to = Some(fetched.final_url.clone());
    }
    let comparing = Instant::now();
    checked.fetched = sha256_hex(&fetched.bytes);
    checked.validators = fetched.validators.clone();
    let same_bytes = source
        .original
        .as_ref()
        .is_some_and(|o| o.sha256 == checked.fetched);
    if same_bytes || checked.fetched == source.sha256 {
        checked.comparing = comparing.elapsed();
        return checked;
    }
    let imported = match crate::import::import_fetched(fetched, progress) {
        Ok(imported) => imported,
        Err(e) => {
            checked.outcome = unreachable(format!("the page could not be read: {e}"));
            checked.comparing = comparing.elapsed();
            return checked;
        }
    };
    let text: Arc<str> = imported.extracted.text.into();
    match actions::update_imported_source(project, texts, &target.source, text, None) {
        // The same text: the page changed around it (ads, a date), not in it.
        Err(actions::ActionError::SameText(_)) => {}
        Err(e) => checked.outcome = unreachable(format!("the page could not be compared: {e}")),
        Ok(update) => {
            let mut affected = Vec::new();
            let mut moved = 0;
            for fate in &update.fates {
                match standing(&fate.outcome) {
                    (Standing::StillThere, _) => {}
                    (Standing::Moved, _) => moved += 1,
                    (_, now) => affected.push(LiveQuote {
                        quote: fate.quote.clone(),
                        now,
                    }),
                }
            }
            checked.outcome = LiveOutcome::Changed { affected, moved };
            checked.chars_removed = update.chars_removed;
            checked.chars_added = update.chars_added;
            checked.fates = update.fates;
            checked.page = imported.original;
        }
    }
    checked.comparing = comparing.elapsed();
    checked
}

/// The commands that record what a recheck found, one per source: each
/// source's rechecks with the new one added, and the fetched page kept
/// when its text differs from the recorded one.
pub fn record(project: &Project, found: &[Checked]) -> Vec<Command> {
    let mut commands = Vec::new();
    for checked in found {
        let Some(source) = project.source(&checked.source) else {
            continue;
        };
        let page = checked.page.clone().map(|page| (page, Default::default()));
        let (original, bytes) = actions::original_record(&source.id, page);
        let recheck = Recheck {
            source: source.id.clone(),
            checked: checked.checked.clone(),
            version: source.sha256.clone(),
            outcome: checked.outcome.clone(),
            fetched: checked.fetched.clone(),
            original,
            etag: checked.validators.etag.clone(),
            last_modified: checked.validators.last_modified.clone(),
        };
        let mut rechecks: Vec<Recheck> = project
            .rechecks
            .iter()
            .filter(|r| r.source == source.id)
            .cloned()
            .collect();
        rechecks.push(recheck);
        commands.push(Command::SetRechecks {
            source: source.id.clone(),
            rechecks,
            originals: bytes.into_iter().collect(),
        });
    }
    commands
}

/// Where a cited passage stands on the live page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Still there, where it was.
    StillThere,
    /// Still there, elsewhere on the page.
    Moved,
    /// Its words changed.
    Changed,
    /// Gone (or no longer found for sure).
    Gone,
}

impl Standing {
    /// The word a report prints.
    pub fn name(self) -> &'static str {
        match self {
            Standing::StillThere => "still there",
            Standing::Moved => "moved",
            Standing::Changed => "changed",
            Standing::Gone => "gone",
        }
    }

    /// Whether the passage no longer stands as quoted.
    pub fn affected(self) -> bool {
        matches!(self, Standing::Changed | Standing::Gone)
    }
}

/// A passage the summary cites, as the live page has it.
#[derive(Clone, Debug)]
pub struct CitedQuote {
    /// The quote.
    pub quote: QuoteId,
    /// Where it stands.
    pub standing: Standing,
    /// Its text as quoted.
    pub was: String,
    /// What the live page says in its place (changed passages only).
    pub now: String,
    /// The claims that cite it, with how.
    pub claims: Vec<(ClaimId, Stance)>,
}

/// Where a quote stands on the live page, by its fate, and what the page
/// says in its place when its words changed.
fn standing(outcome: &Outcome) -> (Standing, String) {
    match outcome {
        Outcome::Exact { .. } => (Standing::StillThere, String::new()),
        Outcome::Moved { .. } => (Standing::Moved, String::new()),
        Outcome::Changed { new_text, .. } => (Standing::Changed, new_text.clone()),
        Outcome::Ambiguous { .. } | Outcome::Orphaned => (Standing::Gone, String::new()),
    }
}

/// The cited passages of a rechecked source, those that no longer stand
/// first: from each quote's fate where the page was compared this time,
/// else (the server said "not modified") from the recorded outcome.
pub fn cited_quotes(project: &Project, checked: &Checked) -> Vec<CitedQuote> {
    // Who cites what, in one pass over the summary.
    let mut citing: HashMap<&QuoteId, Vec<(ClaimId, Stance)>> = HashMap::new();
    for (_, claim) in project.claims() {
        for evidence in &claim.evidence {
            citing
                .entry(&evidence.quote)
                .or_default()
                .push((claim.id.clone(), evidence.stance));
        }
    }
    // Each quote with where it stands, its text as quoted and the page's.
    let placed: Vec<(&QuoteId, Standing, String, String)> = if checked.fates.is_empty() {
        let affected = match &checked.outcome {
            LiveOutcome::Changed { affected, .. } => &affected[..],
            _ => &[],
        };
        affected
            .iter()
            .filter_map(|live| {
                let was = project.quote(&live.quote)?.text.clone();
                let kind = if live.now.is_empty() {
                    Standing::Gone
                } else {
                    Standing::Changed
                };
                Some((&live.quote, kind, was, live.now.clone()))
            })
            .collect()
    } else {
        checked
            .fates
            .iter()
            .map(|fate| {
                let (kind, now) = standing(&fate.outcome);
                (&fate.quote, kind, fate.old_text.clone(), now)
            })
            .collect()
    };
    let mut cited: Vec<CitedQuote> = placed
        .into_iter()
        .filter_map(|(quote, standing, was, now)| {
            Some(CitedQuote {
                claims: citing.remove(quote)?,
                quote: quote.clone(),
                standing,
                was,
                now,
            })
        })
        .collect();
    cited.sort_by_key(|c| !c.standing.affected());
    cited
}
