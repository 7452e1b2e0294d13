//! The rules of the check, one function each: merge conflicts left open,
//! quotes that cannot be verified, what a claim needs (evidence, two
//! sources, review, matching figures), and what a source's citation and
//! pages must say.

use super::*;

/// A blocker for each conflict a git merge left, naming its record.
pub(super) fn merge_conflicts(project: &Project) -> Vec<Finding> {
    project
        .conflicts
        .iter()
        .map(|c| {
            let what = crate::model::fields::describe_field(&c.field);
            let claim = project.claim(&c.record.as_str().into());
            let quote = project.quote(&c.record.as_str().into());
            let record = match (claim, quote) {
                (Some(claim), _) => project.claim_name(&claim.id),
                (_, Some(quote)) => format!(
                    "the quote “{}” from {}",
                    crate::util::snippet(&quote.text, 60),
                    source_label(project, &quote.source)
                ),
                _ if c.record == crate::model::fields::PROJECT_RECORD => "the project".to_owned(),
                _ => source_label(project, &c.record.as_str().into()),
            };
            let mut finding = Finding::new(
                Rule::MergeConflict,
                format!(
                    "{record}: the two sides of a git merge changed {what} differently; keep one of the two versions"
                ),
            );
            if let Some(claim) = claim {
                finding = finding.on_claim(claim.id.clone());
            } else if let Some(quote) = quote {
                finding = finding.on_quote(quote.id.clone());
            } else if c.record != crate::model::fields::PROJECT_RECORD {
                finding = finding.on_source(c.record.as_str().into());
            }
            finding
        })
        .collect()
}

/// A blocker for each source the claim cites whose snapshot is missing:
/// its quotes cannot be verified.
pub(super) fn unverifiable(
    project: &Project,
    quotes: &Quotes,
    claim: &Claim,
    missing: &[&SourceId],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for source in missing {
        let quotes = claim
            .evidence
            .iter()
            .filter_map(|e| quotes.get(&e.quote).copied())
            .filter(|q| &q.source == *source && q.unresolved.is_none())
            .count();
        if quotes == 0 {
            continue;
        }
        findings.push(
            Finding::new(
                Rule::SnapshotMissing,
                format!(
                    "cites {} from {}, whose snapshot is missing or changed, so the quoted text cannot be verified; restore the snapshot file (see the source's finding)",
                    if quotes == 1 { "a quote".to_owned() } else { format!("{quotes} quotes") },
                    source_label(project, source)
                ),
            )
            .on_claim(claim.id.clone()),
        );
    }
    findings
}

/// The source's name for messages: `‘AP’`.
pub(super) fn source_label(project: &Project, id: &SourceId) -> String {
    project
        .source(id)
        .map_or_else(|| format!("`{id}`"), source_label_of)
}

/// The project's quotes by ID, looked up many times per check.
/// (Hashed with foldhash: built anew for every run, over tens of thousands
/// of quotes.)
pub(super) type Quotes<'a> =
    HashMap<&'a QuoteId, &'a crate::model::Quote, foldhash::fast::RandomState>;

/// Which sources count as one for the two-source rule: each source's group
/// (sources joined by links not marked independent).
pub(super) struct Groups<'a> {
    group_of: HashMap<&'a SourceId, usize>,
    members: Vec<Vec<SourceId>>,
}

impl<'a> Groups<'a> {
    pub(super) fn new(project: &'a Project) -> Self {
        let members = project.source_groups();
        let mut group_of = HashMap::new();
        for (n, group) in members.iter().enumerate() {
            for id in group {
                if let Some(source) = project.source(id) {
                    group_of.insert(&source.id, n);
                }
            }
        }
        Groups { group_of, members }
    }

    fn of(&self, id: &SourceId) -> usize {
        // A source the project lacks stands alone.
        self.group_of
            .get(id)
            .copied()
            .unwrap_or(usize::MAX - self.group_of.len())
    }
}

/// How many independent sources the supporting quotes come from, and why
/// fewer than the sources cited: the links that join cited sources into one
/// group, and the pairs of quotes that are the same passage.
fn independent_sources(
    project: &Project,
    groups: &Groups,
    supporting: &[&crate::model::Quote],
) -> (usize, Vec<String>) {
    let mut reasons = Vec::new();
    let mut cited: Vec<&SourceId> = supporting.iter().map(|q| &q.source).collect();
    cited.sort_by_key(|s| s.sort_key());
    cited.dedup();
    let mut seen_groups = Vec::new();
    for source in &cited {
        let group = groups.of(source);
        if seen_groups.contains(&group) {
            continue;
        }
        seen_groups.push(group);
        let together: Vec<&&SourceId> = cited.iter().filter(|s| groups.of(s) == group).collect();
        if together.len() < 2 {
            continue;
        }
        let members = &groups.members[group];
        let links: Vec<String> = project
            .links
            .iter()
            .filter(|l| l.counts_as_one() && members.contains(&l.a) && members.contains(&l.b))
            .map(|l| {
                format!(
                    "{} {} {}",
                    source_label(project, &l.a),
                    l.describe(),
                    source_label(project, &l.b)
                )
            })
            .collect();
        reasons.push(format!(
            "{} count as one source ({}); if two of them are not the same story, mark them independent: attest source independent DIR S1 S2 --reason \"…\"",
            together
                .iter()
                .map(|s| source_label(project, s))
                .collect::<Vec<_>>()
                .join(" and "),
            links.join("; ")
        ));
    }
    // The same passage in two sources is one piece of evidence, whatever
    // the links say.
    let mut roots: Vec<usize> = supporting.iter().map(|q| groups.of(&q.source)).collect();
    let several = roots.iter().any(|r| *r != roots[0]);
    // Two passages with the same words have as many letters and digits
    // (case and punctuation aside): only a quote that has as many as a
    // quote from another source is read word by word for its key.
    let letters: Vec<usize> = if several {
        supporting
            .iter()
            .map(|q| q.text.chars().filter(|c| c.is_alphanumeric()).count())
            .collect()
    } else {
        Vec::new()
    };
    let keys: Vec<Option<u64>> = (0..letters.len())
        .map(|i| {
            let twin = (0..letters.len()).any(|j| {
                j != i && letters[j] == letters[i] && supporting[j].source != supporting[i].source
            });
            twin.then(|| crate::text::shared::passage_key(&supporting[i].text))
                .flatten()
        })
        .collect();
    for i in 0..keys.len() {
        for j in i + 1..keys.len() {
            let (a, b) = (supporting[i], supporting[j]);
            if a.source != b.source && keys[i].is_some() && keys[i] == keys[j] {
                let (from, to) = (roots[j], roots[i]);
                if from != to {
                    roots
                        .iter_mut()
                        .filter(|r| **r == from)
                        .for_each(|r| *r = to);
                    reasons.push(format!(
                        "{} and {} are cited for the same passage (“{}”), which counts once",
                        source_label(project, &a.source),
                        source_label(project, &b.source),
                        crate::util::snippet(&a.text, 50)
                    ));
                }
            }
        }
    }
    roots.sort_unstable();
    roots.dedup();
    (roots.len(), reasons)
}

pub(super) fn claim_rules(
    project: &Project,
    groups: &Groups,
    quotes: &Quotes,
    claim: &Claim,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let finding =
        |rule: Rule, message: String| Finding::new(rule, message).on_claim(claim.id.clone());
    let with_stance = |stance: Stance| {
        claim
            .evidence
            .iter()
            .filter(move |e| e.stance == stance)
            .filter_map(|e| quotes.get(&e.quote).copied())
    };
    let supporting: Vec<_> = with_stance(Stance::Supports).collect();

    if supporting.is_empty() {
        let others = claim.evidence.len();
        let what = if others == 0 {
            "it cites nothing".to_owned()
        } else {
            format!("its {others} cited quote(s) only contradict it or give context")
        };
        findings.push(finding(
            Rule::Unsupported,
            format!(
                "no quote supports this claim ({what}); select a passage that backs it and cite it, or remove the claim"
            ),
        ));
    } else {
        let mut sources: Vec<&SourceId> = Vec::new();
        for quote in &supporting {
            if !sources.contains(&&quote.source) {
                sources.push(&quote.source);
            }
        }
        let (independent, reasons) = independent_sources(project, groups, &supporting);
        for (i, a) in sources.iter().enumerate() {
            for b in &sources[i + 1..] {
                if let Some(link) = project.link(a, b)
                    && let Some(reason) = &link.independent
                {
                    findings.push(finding(
                        Rule::MarkedIndependent,
                        format!(
                            "{} {} {}, and counts as a second source because an editor marked them independent: {reason}",
                            source_label(project, &link.a),
                            link.describe(),
                            source_label(project, &link.b)
                        ),
                    ));
                }
            }
        }
        let minimum = project.settings.min_sources as usize;
        if independent < minimum {
            let named: Vec<String> = sources.iter().map(|s| source_label(project, s)).collect();
            let why = if reasons.is_empty() {
                String::new()
            } else {
                format!("; {}", reasons.join("; "))
            };
            findings.push(finding(
                Rule::SingleSource,
                format!(
                    "supported by {independent} {}source{} ({}) where the project asks for {minimum}{why}; cite an independent source that confirms it, or lower the minimum in File ▸ Project Settings… (attest settings DIR --min-sources N)",
                    if reasons.is_empty() { "" } else { "independent " },
                    if independent == 1 { "" } else { "s" },
                    named.join(", ")
                ),
            ));
        }
        findings.extend(number_findings(project, quotes, claim, &supporting));
    }

    for quote in with_stance(Stance::Contradicts) {
        findings.push(
            finding(
                Rule::Contested,
                format!(
                    "the quote from {} contradicts it: “{}”; make the conflict clear in the claim, or resolve it before publishing",
                    source_label(project, &quote.source),
                    crate::util::snippet(&quote.text, 100)
                ),
            )
            .on_quote(quote.id.clone()),
        );
    }

    findings.push(unreviewed(quotes, claim));
    findings
}

pub(super) fn number_findings(
    project: &Project,
    quotes: &Quotes,
    claim: &Claim,
    supporting: &[&crate::model::Quote],
) -> Vec<Finding> {
    use numbers::{Mention, backing, numbers};
    let stated = numbers(&claim.text);
    if stated.is_empty() {
        return Vec::new();
    }
    let backed: Vec<numbers::Value> = supporting.iter().flat_map(|q| backing(&q.text)).collect();
    let mut findings = Vec::new();
    let missing: Vec<&Mention> = stated
        .iter()
        .filter(|m| !backed.iter().any(|b| m.value.backed_by(b)))
        .collect();
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|m| m.to_string()).collect();
        findings.push(
            Finding::new(
                Rule::NumberMismatch,
                format!(
                    "the claim says {}, which none of its supporting quotes states; check the figure against the sources, or cite the passage that gives it",
                    list.join(", ")
                ),
            )
            .on_claim(claim.id.clone()),
        );
    }
    // Where a contradicting quote gives other figures, say which: the reviewer
    // needs to see the disagreement, though the contested warning covers it.
    for evidence in claim
        .evidence
        .iter()
        .filter(|e| e.stance == Stance::Contradicts)
    {
        let Some(quote) = quotes.get(&evidence.quote) else {
            continue;
        };
        let theirs = numbers(&quote.text);
        let theirs_backing = backing(&quote.text);
        let ours_not_there: Vec<String> = stated
            .iter()
            .filter(|m| !theirs_backing.iter().any(|b| m.value.backed_by(b)))
            .map(|m| m.to_string())
            .collect();
        let theirs_not_here: Vec<String> = theirs
            .iter()
            .filter(|t| !stated.iter().any(|m| t.value.backed_by(&m.value)))
            .map(|m| m.to_string())
            .collect();
        if !ours_not_there.is_empty() && !theirs_not_here.is_empty() {
            findings.push(
                Finding::new(
                    Rule::NumberMismatch,
                    format!(
                        "the quote from {} gives {} where the claim gives {}",
                        source_label(project, &quote.source),
                        theirs_not_here.join(", "),
                        ours_not_there.join(", ")
                    ),
                )
                .with_severity(Severity::Info)
                .on_claim(claim.id.clone())
                .on_quote(quote.id.clone()),
            );
        }
    }
    findings
}

pub(super) fn unreviewed(quotes: &Quotes, claim: &Claim) -> Finding {
    let finding =
        |message: String| Finding::new(Rule::Unreviewed, message).on_claim(claim.id.clone());
    let Some(signoff) = &claim.signoff else {
        return finding(
            "not signed off yet; a reviewer reads it with its evidence and signs it off".into(),
        );
    };
    let day = signoff.at.get(..10).unwrap_or(&signoff.at);
    if signoff.hash != claim.content_hash_by(|id| quotes.get(id).copied()) {
        return finding(format!(
            "signed off by {} on {day}; the claim changed since, so it needs a new sign-off",
            signoff.by
        ));
    }
    Finding::new(
        Rule::SignedOff,
        format!("signed off by {} on {day}", signoff.by),
    )
    .on_claim(claim.id.clone())
}

pub(super) fn citation_incomplete(source: &crate::model::Source) -> Option<Finding> {
    let c = &source.citation;
    let missing: Vec<&str> = [
        ("title", &c.title),
        ("publisher", &c.publisher),
        ("publication date", &c.published),
        ("URL", &c.url),
    ]
    .into_iter()
    .filter(|(_, v)| v.trim().is_empty())
    .map(|(name, _)| name)
    .collect();
    if missing.is_empty() {
        return None;
    }
    Some(
        Finding::new(
            Rule::CitationIncomplete,
            format!(
                "source {} has no {}; add them to its citation so readers can find it",
                source_label_of(source),
                join_and(&missing)
            ),
        )
        .on_source(source.id.clone()),
    )
}

/// A source whose original has pages that could not be read: its text
/// lacks them, so nothing on them can be quoted, and a claim may seem
/// unsupported by a source that supports it there.
pub(super) fn unreadable_pages(source: &crate::model::Source) -> Option<Finding> {
    let pages = &source.original.as_ref()?.unreadable;
    let what = crate::model::unreadable_message(pages)?;
    Some(
        Finding::new(
            Rule::UnreadablePages,
            format!(
                "source {}: {what}; check those pages in the original, or add a copy whose text can be read",
                source_label_of(source)
            ),
        )
        .on_source(source.id.clone()),
    )
}

/// The quotes the newest recheck of each source that reached its page
/// found no longer there as quoted, with that recheck and what the page
/// says in their place.
pub(super) type LiveChanges<'a> = HashMap<&'a QuoteId, (&'a crate::model::Recheck, &'a str)>;

/// [`LiveChanges`], read off the project once per check.
pub(super) fn live_changes(project: &Project) -> LiveChanges<'_> {
    project
        .sources
        .iter()
        .filter_map(|s| project.live_known(&s.id))
        .flat_map(|r| {
            r.affected()
                .iter()
                .map(move |a| (&a.quote, (r, a.now.as_str())))
        })
        .collect()
}

/// Cited passages that the live page no longer carries as quoted, by the
/// newest recheck that reached it: a warning, or a blocker when every
/// passage supporting the claim is one of them.
pub(super) fn changed_at_source(
    project: &Project,
    quotes: &Quotes,
    live: &LiveChanges,
    claim: &Claim,
) -> Vec<Finding> {
    let gone_from_live = |quote: &crate::model::Quote| live.get(&quote.id).copied();
    let supporting: Vec<&crate::model::Quote> = claim
        .evidence
        .iter()
        .filter(|e| e.stance == Stance::Supports)
        .filter_map(|e| quotes.get(&e.quote).copied())
        .collect();
    let alone = !supporting.is_empty() && supporting.iter().all(|q| gone_from_live(q).is_some());
    let mut findings = Vec::new();
    for evidence in &claim.evidence {
        let Some(quote) = quotes.get(&evidence.quote).copied() else {
            continue;
        };
        let Some((recheck, now)) = gone_from_live(quote) else {
            continue;
        };
        let source = project.source(&quote.source);
        let name = source.map_or_else(|| quote.source.to_string(), source_label_of);
        let was = crate::util::snippet(&quote.text, 80);
        let change = if now.is_empty() {
            format!("no longer carries “{was}”")
        } else {
            format!(
                "no longer says “{was}”: it now reads “{}”",
                crate::util::snippet(now, 80)
            )
        };
        let mut finding = Finding::new(
            Rule::ChangedAtSource,
            format!(
                "the live page of {name} {change} (checked {}); if the page's new version stands, take it with `attest source update DIR {} --url {}` and cite what it says",
                recheck.day(),
                quote.source,
                source.and_then(|s| s.live_url()).unwrap_or("URL")
            ),
        )
        .on_claim(claim.id.clone())
        .on_quote(quote.id.clone());
        if alone && evidence.stance == Stance::Supports {
            finding = finding.with_severity(Severity::Blocker);
        }
        findings.push(finding);
    }
    findings
}

pub(super) fn source_label_of(source: &crate::model::Source) -> String {
    format!("‘{}’", source.short_name())
}

pub(super) fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
