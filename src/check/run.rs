//! Running the check: every rule over the project, in the order a reviewer
//! reads the findings, and the same with what an earlier run found kept
//! (so that a run after an edit checks only what the edit touched).

use super::*;

/// Runs every rule of the check. `problems` says why snapshots could not be
/// read when the project was loaded.
pub fn run(project: &Project, texts: &Snapshots, problems: &SnapshotProblems) -> Report {
    run_placed(project, texts, problems, &|_| String::new())
}

/// [`run`], with `place` locating records in the project file for the
/// integrity findings (see [`integrity`]).
pub fn run_placed(
    project: &Project,
    texts: &Snapshots,
    problems: &SnapshotProblems,
    place: &(dyn Fn(&str) -> String + Sync),
) -> Report {
    run_cached(project, texts, problems, place, &mut Cache::default())
}

/// What the check keeps between runs on one project, so that a run after an
/// edit checks again only what the edit can have changed: each claim's
/// findings, kept by a fingerprint of the claim, its quotes and what the
/// rules read of the rest of the project (the settings, the sources' names,
/// versions and links), and the integrity findings, kept by a fingerprint
/// of the quotes and the texts' versions. A claim whose fingerprint is the
/// same is not checked again.
#[derive(Debug, Default)]
pub struct Cache {
    context: u64,
    claims: HashMap<ClaimId, (u64, Vec<Finding>)>,
    integrity: Option<Integrity>,
    /// How many claims the last run checked (the others were kept).
    pub checked: usize,
}

/// Integrity findings kept: their fingerprint, and where each record with a
/// finding was placed in the project file (a place goes once it is edited).
#[derive(Debug)]
struct Integrity {
    key: u64,
    findings: Vec<Finding>,
    places: Vec<(String, String)>,
}

/// A 64-bit fingerprint of what a finding depends on (foldhash: fast on the
/// megabytes of a large project's quotes, and the cache lives in memory
/// only, for one session).
fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher as _;
    foldhash::quality::FixedState::default().hash_one(value)
}

/// [`run_placed`], keeping what it found in `cache` and taking from it what
/// an earlier run found that cannot have changed. The report is the same as
/// a run without the cache would give.
pub fn run_cached(
    project: &Project,
    texts: &Snapshots,
    problems: &SnapshotProblems,
    place: &(dyn Fn(&str) -> String + Sync),
    cache: &mut Cache,
) -> Report {
    // Integrity: every quote against its text, again when a quote or a
    // version changed (or a problem was found with a file).
    let versions: Vec<(&SourceId, &str, Vec<&str>)> = project
        .sources
        .iter()
        .map(|s| {
            let previous = s.previous.iter().map(|p| p.sha256.as_str()).collect();
            (&s.id, s.sha256.as_str(), previous)
        })
        .collect();
    let loaded: Vec<bool> = project
        .sources
        .iter()
        .map(|s| texts.get(&s.sha256).is_some())
        .collect();
    let mut problem_list: Vec<(&String, &String)> = problems.iter().collect();
    problem_list.sort();
    // Each quote's fingerprint, taken once: the integrity key and the
    // claims' fingerprints are made of them.
    let quote_prints: HashMap<&QuoteId, u64, foldhash::fast::RandomState> = project
        .quotes
        .iter()
        .map(|q| (&q.id, fingerprint(q)))
        .collect();
    let all_prints: Vec<u64> = project.quotes.iter().map(|q| quote_prints[&q.id]).collect();
    let integrity_key = fingerprint(&(&all_prints, &versions, &loaded, &problem_list));
    let kept = cache.integrity.take().filter(|kept| {
        kept.key == integrity_key && kept.places.iter().all(|(id, at)| place(id) == *at)
    });
    // The sources whose text is not loaded (the integrity check reports
    // them; the claim rules need them first).
    let missing_sources: Vec<&SourceId> = project
        .sources
        .iter()
        .filter(|s| texts.get(&s.sha256).is_none())
        .map(|s| &s.id)
        .collect();
    let mut findings = merge_conflicts(project);
    let mut cited_quotes = HashSet::new();
    let mut cited_sources: HashSet<&SourceId> = HashSet::new();
    let quotes: Quotes = project.quotes.iter().map(|q| (&q.id, q)).collect();
    let groups = Groups::new(project);
    // What the claim rules read beyond the claim and its quotes.
    let names: Vec<(&SourceId, &str, &str)> = project
        .sources
        .iter()
        .map(|s| (&s.id, s.short_name(), s.sha256.as_str()))
        .collect();
    // What the newest rechecks found gone from the live pages.
    let live = live_changes(project);
    let mut live_print: Vec<(&QuoteId, &str, &str)> = live
        .iter()
        .map(|(quote, (recheck, now))| (*quote, recheck.checked.as_str(), *now))
        .collect();
    live_print.sort_unstable();
    let context = fingerprint(&(
        project.settings.min_sources,
        &project.links,
        &names,
        &missing_sources,
        &live_print,
    ));
    if context != cache.context {
        cache.claims.clear();
        cache.context = context;
    }
    // Each claim's fingerprint; the claims whose findings are not kept are
    // checked below.
    let mut seen: HashSet<&ClaimId> = HashSet::new();
    let keyed: Vec<(&Claim, u64)> = project
        .claims()
        .map(|(_, claim)| {
            seen.insert(&claim.id);
            let cited: Vec<Option<&u64>> = claim
                .evidence
                .iter()
                .map(|e| quote_prints.get(&e.quote))
                .collect();
            (claim, fingerprint(&(claim, &cited)))
        })
        .collect();
    cache.claims.retain(|id, _| seen.contains(id));
    let to_check: Vec<usize> = keyed
        .iter()
        .enumerate()
        .filter(|(_, (claim, key))| !matches!(cache.claims.get(&claim.id), Some((kept, _)) if kept == key))
        .map(|(i, _)| i)
        .collect();
    cache.checked = to_check.len();
    let check_claim = |claim: &Claim| {
        let mut found = claim_rules(project, &groups, &quotes, claim);
        found.extend(unverifiable(project, &quotes, claim, &missing_sources));
        found.extend(changed_at_source(project, &quotes, &live, claim));
        found
    };
    // The claims to check are shared by two threads, taken a block at a
    // time; the second thread first runs the integrity check (every quote
    // against its text) when it is not kept from before.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take_blocks = || {
        const BLOCK: usize = 32;
        let mut found = Vec::new();
        loop {
            let start = next.fetch_add(BLOCK, std::sync::atomic::Ordering::Relaxed);
            if start >= to_check.len() {
                break found;
            }
            for &i in &to_check[start..(start + BLOCK).min(to_check.len())] {
                found.push((i, check_claim(keyed[i].0)));
            }
        }
    };
    let (integrity, checked) = std::thread::scope(|scope| {
        let job = scope.spawn(|| {
            let integrity = kept
                .is_none()
                .then(|| integrity(project, texts, problems, place));
            (integrity, take_blocks())
        });
        let mut checked = take_blocks();
        let (integrity, more) = job.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        checked.extend(more);
        let integrity = integrity
            .or_else(|| kept.as_ref().map(|k| k.findings.clone()))
            .unwrap_or_default();
        (integrity, checked)
    });
    for (i, found) in checked {
        let (claim, key) = keyed[i];
        cache.claims.insert(claim.id.clone(), (key, found));
    }
    let per_claim: Vec<(&Claim, Vec<Finding>)> = keyed
        .iter()
        .map(|(claim, _)| (*claim, cache.claims[&claim.id].1.clone()))
        .collect();
    cache.integrity = Some(match kept {
        Some(kept) => kept,
        None => {
            let places = integrity
                .iter()
                .filter_map(|f| {
                    f.quote
                        .as_ref()
                        .map(|q| q.to_string())
                        .or_else(|| f.source.as_ref().map(|s| s.to_string()))
                })
                .map(|id| {
                    let at = place(&id);
                    (id, at)
                })
                .collect();
            Integrity {
                key: integrity_key,
                findings: integrity.clone(),
                places,
            }
        }
    });
    let mut quote_findings: HashMap<&QuoteId, Vec<&Finding>> = HashMap::new();
    let mut general = Vec::new();
    for finding in &integrity {
        match &finding.quote {
            Some(quote) => quote_findings.entry(quote).or_default().push(finding),
            None => general.push(finding.clone()),
        }
    }
    for (claim, mut of_claim) in per_claim {
        for evidence in &claim.evidence {
            cited_quotes.insert(&evidence.quote);
            if let Some(quote) = quotes.get(&evidence.quote) {
                cited_sources.insert(&quote.source);
            }
            for finding in quote_findings.get(&evidence.quote).into_iter().flatten() {
                of_claim.push((*finding).clone().on_claim(claim.id.clone()));
            }
        }
        of_claim.sort_by_key(|f| (f.severity, f.rule));
        findings.extend(of_claim);
    }
    for source in &project.sources {
        if cited_sources.contains(&&source.id) {
            general.extend(citation_incomplete(source));
        }
        general.extend(unreadable_pages(source));
    }
    findings.extend(general);
    for quote in &project.quotes {
        if !cited_quotes.contains(&quote.id) {
            for finding in quote_findings.get(&quote.id).into_iter().flatten() {
                let mut finding = (*finding).clone();
                finding
                    .message
                    .push_str(" (no claim cites this quote; removing it also clears this)");
                findings.push(finding);
            }
        }
    }
    Report::new(findings)
}
