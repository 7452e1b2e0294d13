//! Three-way merge of projects by record ID, for git's merge driver.
//!
//! [`merge`] takes the common ancestor and two sides of a `project.ron` and
//! merges them record by record (sources, quotes, claims by ID; the title and
//! settings as the record `project`), field by field:
//!
//! - a record added on either side is kept; one changed on one side is
//!   taken; one changed on both sides in different fields gets both changes;
//! - the same field changed differently on both sides (a claim's text, a
//!   quote's range, a stance) is a [`Conflict`]: the project keeps "ours"
//!   and records base, ours and theirs for a human to choose;
//! - a record deleted on one side and changed on the other is a conflict
//!   over the record (`field: "record"`), and the changed record is kept
//!   until someone chooses;
//! - a quote (or source) deleted on one side but newly cited (or quoted) on
//!   the other comes back, with a conflict that says so;
//! - sign-offs are merged like any field, never as a conflict: where both
//!   sides signed differently the later is kept. Their validity is not
//!   merged at all: the check recomputes it from the merged claim, so a
//!   sign-off of a claim the other side edited is void.
//!
//! The result does not depend on which side is "ours" except in the value a
//! conflict leaves in place (and in the labels of its sides), so a rebase,
//! where git swaps the sides, merges to the same project.
//!
//! [`crate::model::fields::set_field`] applies a choice to one conflict; it is what
//! [`crate::project::command::Command::Resolve`] does.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::model::fields::{PROJECT_RECORD, RECORD_FIELD, quote_range, show};
use crate::model::{
    Citation, Claim, Conflict, Evidence, FORMAT_VERSION, LinkKind, Project, Quote, QuoteId,
    Recheck, SignOff, Source, SourceId, SourceLink, Stance,
};

/// Merges `ours` and `theirs`, two descendants of `base`. `sides` describes
/// the two sides for people (it is stored with each new conflict).
pub fn merge(base: &Project, ours: &Project, theirs: &Project, sides: &str) -> Project {
    let mut m = Merger {
        conflicts: Vec::new(),
        sides,
    };
    let mut project = Project::new(m.text(
        PROJECT_RECORD,
        "title",
        Some(&base.title),
        &ours.title,
        &theirs.title,
    ));
    project.format_version = FORMAT_VERSION;
    project.settings = m.field(
        PROJECT_RECORD,
        "settings",
        Some(&base.settings),
        &ours.settings,
        &theirs.settings,
    );

    project.sources = m.records(
        by_id(&base.sources, |s| s.id.as_str()),
        by_id(&ours.sources, |s| s.id.as_str()),
        by_id(&theirs.sources, |s| s.id.as_str()),
        Merger::source,
    );
    project.quotes = m.records(
        by_id(&base.quotes, |q| q.id.as_str()),
        by_id(&ours.quotes, |q| q.id.as_str()),
        by_id(&theirs.quotes, |q| q.id.as_str()),
        Merger::quote,
    );
    let keys = |p: &Project| -> Vec<(String, SourceLink)> {
        p.links.iter().map(|l| (l.key(), l.clone())).collect()
    };
    let (base_links, our_links, their_links) = (keys(base), keys(ours), keys(theirs));
    project.links = m.records(
        keyed(&base_links),
        keyed(&our_links),
        keyed(&their_links),
        Merger::link,
    );
    let (base_claims, our_claims, their_claims) = (claims(base), claims(ours), claims(theirs));
    let merged_claims = m.records(
        base_claims.iter().map(|c| (c.id.as_str(), *c)).collect(),
        our_claims.iter().map(|c| (c.id.as_str(), *c)).collect(),
        their_claims.iter().map(|c| (c.id.as_str(), *c)).collect(),
        Merger::claim,
    );
    project.set_claims(merged_claims);

    m.restore_referenced(&mut project, [base, ours, theirs]);
    project.sort_records();
    project.sort_links();
    project.rechecks = rechecks(&project, ours, theirs);
    project.sort_rechecks();

    // Conflicts the sides already had stay, once each.
    let mut conflicts: Vec<Conflict> = Vec::new();
    for conflict in ours.conflicts.iter().chain(&theirs.conflicts) {
        let settled_in_base = base.conflicts.contains(conflict)
            && !(ours.conflicts.contains(conflict) && theirs.conflicts.contains(conflict));
        if !settled_in_base && !conflicts.contains(conflict) {
            conflicts.push(conflict.clone());
        }
    }
    conflicts.extend(m.conflicts);
    project.conflicts = conflicts;
    project
}

/// Rechecks are facts, not choices: every one either side recorded, once,
/// of the sources the merge keeps.
fn rechecks(merged: &Project, ours: &Project, theirs: &Project) -> Vec<Recheck> {
    let mut seen = std::collections::HashSet::new();
    ours.rechecks
        .iter()
        .chain(&theirs.rechecks)
        .filter(|r| {
            merged.source(&r.source).is_some() && seen.insert((&r.source, &r.checked, &r.version))
        })
        .cloned()
        .collect()
}

/// Links by their key (`s1+s2`).
fn keyed(links: &[(String, SourceLink)]) -> BTreeMap<&str, &SourceLink> {
    links.iter().map(|(k, l)| (k.as_str(), l)).collect()
}

fn claims(project: &Project) -> Vec<&Claim> {
    project.claims().map(|(_, c)| c).collect()
}

fn by_id<T>(records: &[T], id: impl Fn(&T) -> &str) -> BTreeMap<&str, &T> {
    records.iter().map(|r| (id(r), r)).collect()
}

/// Gathers conflicts while records are merged.
struct Merger<'s> {
    conflicts: Vec<Conflict>,
    sides: &'s str,
}

impl Merger<'_> {
    fn conflict(
        &mut self,
        record: &str,
        field: &str,
        base: Option<String>,
        ours: Option<String>,
        theirs: Option<String>,
    ) {
        self.conflicts.push(Conflict {
            record: record.to_owned(),
            field: field.to_owned(),
            base,
            ours,
            theirs,
            sides: self.sides.to_owned(),
        });
    }

    /// The three-way merge of one field: the side that changed it, or
    /// ours with a conflict where both changed it differently.
    fn field<T: Clone + PartialEq + Serialize>(
        &mut self,
        record: &str,
        field: &str,
        base: Option<&T>,
        ours: &T,
        theirs: &T,
    ) -> T {
        match pick(base, ours, theirs) {
            Some(value) => value.clone(),
            None => {
                self.conflict(
                    record,
                    field,
                    base.map(show),
                    Some(show(ours)),
                    Some(show(theirs)),
                );
                ours.clone()
            }
        }
    }

    /// [`Merger::field`] for a text, which a conflict shows as itself.
    fn text(
        &mut self,
        record: &str,
        field: &str,
        base: Option<&String>,
        ours: &String,
        theirs: &String,
    ) -> String {
        match pick(base, ours, theirs) {
            Some(value) => value.clone(),
            None => {
                self.conflict(
                    record,
                    field,
                    base.cloned(),
                    Some(ours.clone()),
                    Some(theirs.clone()),
                );
                ours.clone()
            }
        }
    }

    /// Merges the records of one kind by ID, in ID order.
    fn records<T: Clone + PartialEq + Serialize>(
        &mut self,
        base: BTreeMap<&str, &T>,
        ours: BTreeMap<&str, &T>,
        theirs: BTreeMap<&str, &T>,
        merge_one: fn(&mut Self, &str, Option<&T>, &T, &T) -> T,
    ) -> Vec<T> {
        let ids: BTreeSet<&str> = base
            .keys()
            .chain(ours.keys())
            .chain(theirs.keys())
            .copied()
            .collect();
        let mut merged = Vec::with_capacity(ids.len());
        for id in ids {
            let o = base.get(id).copied();
            match (ours.get(id).copied(), theirs.get(id).copied()) {
                (Some(a), Some(b)) => merged.push(merge_one(self, id, o, a, b)),
                (Some(kept), None) | (None, Some(kept)) => {
                    let ours_kept = ours.contains_key(id);
                    match o {
                        // Added on one side.
                        None => merged.push(kept.clone()),
                        // Deleted on the other side, not changed on this one.
                        Some(o) if o == kept => {}
                        // Deleted on one side, changed on the other.
                        Some(o) => {
                            let (x, y) = on_one_side(show(kept), ours_kept);
                            self.conflict(id, RECORD_FIELD, Some(show(o)), x, y);
                            merged.push(kept.clone());
                        }
                    }
                }
                (None, None) => {}
            }
        }
        merged
    }

    fn source(&mut self, id: &str, o: Option<&Source>, a: &Source, b: &Source) -> Source {
        let version = |s: &Source| -> (String, String, _, _) {
            (
                s.file.clone(),
                s.sha256.clone(),
                s.original.clone(),
                s.previous.clone(),
            )
        };
        let (file, sha256, original, previous) = self.field(
            id,
            "version",
            o.map(version).as_ref(),
            &version(a),
            &version(b),
        );
        let citation = self.citation(id, o.map(|s| &s.citation), &a.citation, &b.citation);
        let name = self.text(id, "name", o.map(|s| &s.name), &a.name, &b.name);
        // When it was added is a fact, not a choice: the earlier recorded.
        let added = [&a.added, &b.added]
            .into_iter()
            .filter(|t| !t.is_empty())
            .min()
            .cloned()
            .unwrap_or_default();
        Source {
            id: a.id.clone(),
            name,
            added,
            file,
            sha256,
            citation,
            original,
            previous,
        }
    }

    /// A link's measure is taken from the side that measured again, or,
    /// where both did, the larger (it is measured, not chosen, so it never
    /// asks a person); whether the two are independent is an editor's
    /// choice and merges like any field.
    fn link(
        &mut self,
        id: &str,
        o: Option<&SourceLink>,
        a: &SourceLink,
        b: &SourceLink,
    ) -> SourceLink {
        let measure = |l: &SourceLink| (l.share, l.longest, l.kind == LinkKind::SameDocument);
        let measured = pick(o.map(measure).as_ref(), &measure(a), &measure(b))
            .copied()
            .unwrap_or_else(|| measure(a).max(measure(b)));
        let from = if measure(a) == measured { a } else { b };
        let independent = self.field(
            id,
            "independent",
            o.map(|l| &l.independent),
            &a.independent,
            &b.independent,
        );
        SourceLink {
            independent,
            ..from.clone()
        }
    }

    fn citation(&mut self, id: &str, o: Option<&Citation>, a: &Citation, b: &Citation) -> Citation {
        let mut field = |name: &str, get: fn(&Citation) -> &String| {
            self.text(id, &format!("citation {name}"), o.map(get), get(a), get(b))
        };
        Citation {
            title: field("title", |c| &c.title),
            publisher: field("publisher", |c| &c.publisher),
            author: field("author", |c| &c.author),
            url: field("url", |c| &c.url),
            published: field("published", |c| &c.published),
            retrieved: field("retrieved", |c| &c.retrieved),
        }
    }

    fn quote(&mut self, id: &str, o: Option<&Quote>, a: &Quote, b: &Quote) -> Quote {
        let (source, range) = (quote_source(a), quote_range(a));
        let source = self.field(
            id,
            "source",
            o.map(quote_source).as_ref(),
            &source,
            &quote_source(b),
        );
        let range = self.field(
            id,
            "range",
            o.map(quote_range).as_ref(),
            &range,
            &quote_range(b),
        );
        let (start, end, text, prefix, suffix, unresolved) = range;
        Quote {
            id: a.id.clone(),
            source,
            start,
            end,
            text,
            prefix,
            suffix,
            unresolved,
        }
    }

    fn claim(&mut self, id: &str, o: Option<&Claim>, a: &Claim, b: &Claim) -> Claim {
        let text = self.text(id, "text", o.map(|c| &c.text), &a.text, &b.text);
        let at = self.field(id, "at", o.map(|c| &c.at), &a.at, &b.at);
        let signoff = pick(o.map(|c| &c.signoff), &a.signoff, &b.signoff)
            .cloned()
            .unwrap_or_else(|| later_signoff(&a.signoff, &b.signoff));
        let evidence = self.evidence(
            id,
            o.map(|c| c.evidence.as_slice()),
            &a.evidence,
            &b.evidence,
        );
        Claim {
            id: a.id.clone(),
            at,
            text,
            signoff,
            evidence,
        }
    }

    /// Merges two evidence lists link by link (keyed by quote).
    fn evidence(
        &mut self,
        claim: &str,
        o: Option<&[Evidence]>,
        a: &[Evidence],
        b: &[Evidence],
    ) -> Vec<Evidence> {
        let index = |list: &[Evidence]| -> HashMap<QuoteId, Evidence> {
            list.iter().map(|e| (e.quote.clone(), e.clone())).collect()
        };
        let (oi, ai, bi) = (index(o.unwrap_or_default()), index(a), index(b));
        let order = |list: &[Evidence]| list.iter().map(|e| e.quote.clone()).collect::<Vec<_>>();
        let base_order = order(o.unwrap_or_default());
        // The order: that of the side that changed the list, or the base's
        // followed by both sides' additions in ID order.
        let candidates: Vec<QuoteId> = if order(a) == order(b) || order(b) == base_order {
            order(a)
        } else if order(a) == base_order {
            order(b)
        } else {
            let mut added: Vec<QuoteId> = a
                .iter()
                .chain(b)
                .map(|e| e.quote.clone())
                .filter(|q| !oi.contains_key(q))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            added.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
            base_order.iter().cloned().chain(added).collect()
        };
        let mut all = candidates;
        for q in a.iter().chain(b).chain(o.unwrap_or_default()) {
            if !all.contains(&q.quote) {
                all.push(q.quote.clone());
            }
        }
        let mut merged = Vec::new();
        for quote in all {
            let field = format!("evidence {quote}");
            let base = oi.get(&quote);
            match (ai.get(&quote), bi.get(&quote)) {
                (Some(x), Some(y)) => {
                    let stance: Stance = self.field(
                        claim,
                        &format!("{field} stance"),
                        base.map(|e| &e.stance),
                        &x.stance,
                        &y.stance,
                    );
                    let note = self.text(
                        claim,
                        &format!("{field} note"),
                        base.map(|e| &e.note),
                        &x.note,
                        &y.note,
                    );
                    merged.push(Evidence {
                        quote,
                        stance,
                        note,
                    });
                }
                (Some(kept), None) | (None, Some(kept)) => match base {
                    None => merged.push(kept.clone()),
                    Some(o) if o == kept => {}
                    Some(o) => {
                        let (x, y) = on_one_side(show(kept), ai.contains_key(&quote));
                        self.conflict(claim, &field, Some(show(o)), x, y);
                        merged.push(kept.clone());
                    }
                },
                (None, None) => {}
            }
        }
        merged
    }

    /// Brings back quotes and sources that one side deleted while the other
    /// cited (or quoted) them, with a conflict over each.
    fn restore_referenced(&mut self, project: &mut Project, versions: [&Project; 3]) {
        let [base, ours, theirs] = versions;
        let quotes: BTreeSet<QuoteId> = project.quotes.iter().map(|q| q.id.clone()).collect();
        let mut missing_quotes: BTreeMap<QuoteId, Vec<String>> = BTreeMap::new();
        for (_, claim) in project.claims() {
            for e in &claim.evidence {
                if !quotes.contains(&e.quote) {
                    missing_quotes
                        .entry(e.quote.clone())
                        .or_default()
                        .push(claim.id.to_string());
                }
            }
        }
        for (id, citing) in missing_quotes {
            let find = |p: &Project| p.quote(&id).cloned();
            let Some(quote) = find(ours).or_else(|| find(theirs)).or_else(|| find(base)) else {
                continue;
            };
            let kept = format!("kept: cited by {}", citing.join(", "));
            let (x, y) = on_one_side(kept, ours.quote(&id).is_some());
            self.conflict(id.as_str(), RECORD_FIELD, Some(show(&quote)), x, y);
            project.quotes.push(quote);
        }
        let sources: BTreeSet<SourceId> = project.sources.iter().map(|s| s.id.clone()).collect();
        let mut missing_sources: BTreeMap<SourceId, Vec<String>> = BTreeMap::new();
        for quote in &project.quotes {
            if !sources.contains(&quote.source) {
                missing_sources
                    .entry(quote.source.clone())
                    .or_default()
                    .push(quote.id.to_string());
            }
        }
        for (id, quoting) in missing_sources {
            let find = |p: &Project| p.source(&id).cloned();
            let Some(source) = find(ours).or_else(|| find(theirs)).or_else(|| find(base)) else {
                continue;
            };
            let kept = format!("kept: quoted by {}", quoting.join(", "));
            let (x, y) = on_one_side(kept, ours.source(&id).is_some());
            self.conflict(id.as_str(), RECORD_FIELD, Some(show(&source)), x, y);
            project.sources.push(source);
        }
    }
}

/// A conflict's (ours, theirs) values where only one side has the record:
/// `value` on that side, nothing (deleted) on the other.
fn on_one_side(value: String, on_ours: bool) -> (Option<String>, Option<String>) {
    if on_ours {
        (Some(value), None)
    } else {
        (None, Some(value))
    }
}

fn quote_source(q: &Quote) -> SourceId {
    q.source.clone()
}

/// The value a three-way merge of one field takes, `None` for a conflict.
fn pick<'a, T: PartialEq>(base: Option<&T>, ours: &'a T, theirs: &'a T) -> Option<&'a T> {
    if ours == theirs || base == Some(theirs) {
        Some(ours)
    } else if base == Some(ours) {
        Some(theirs)
    } else {
        None
    }
}

/// Of two sign-offs both sides changed, the later (then the one by the
/// name first in order, so that the choice does not depend on the side).
fn later_signoff(a: &Option<SignOff>, b: &Option<SignOff>) -> Option<SignOff> {
    let key = |s: &Option<SignOff>| {
        s.as_ref()
            .map(|s| (s.at.clone(), s.by.clone(), s.hash.clone()))
    };
    if key(a) >= key(b) {
        a.clone()
    } else {
        b.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LiveOutcome, Recheck};

    fn source(n: u32) -> Source {
        Source {
            id: SourceId::numbered(n),
            name: format!("S{n}"),
            added: String::new(),
            file: format!("sources/s{n}-{}.txt", "a".repeat(12)),
            sha256: "a".repeat(64),
            citation: Citation::default(),
            original: None,
            previous: Vec::new(),
        }
    }

    fn recheck(n: u32, checked: &str) -> Recheck {
        Recheck {
            source: SourceId::numbered(n),
            checked: checked.into(),
            version: "a".repeat(64),
            outcome: LiveOutcome::Unchanged,
            fetched: String::new(),
            original: None,
            etag: String::new(),
            last_modified: String::new(),
        }
    }

    #[test]
    fn rechecks_from_both_sides_are_kept_once_each_for_the_sources_that_remain() {
        let mut base = Project::new("t");
        base.sources = vec![source(1), source(2)];
        base.rechecks = vec![recheck(1, "2026-12-01T00:00:00Z")];
        let mut ours = base.clone();
        ours.rechecks.push(recheck(1, "2026-12-03T00:00:00Z"));
        ours.rechecks.push(recheck(2, "2026-12-03T00:00:00Z"));
        let mut theirs = base.clone();
        theirs.rechecks.push(recheck(1, "2026-12-02T00:00:00Z"));
        // Theirs removed source 2, which ours did not change.
        theirs.sources.retain(|s| s.id != SourceId::numbered(2));
        let merged = merge(&base, &ours, &theirs, "ours and theirs");
        let kept: Vec<(&str, &str)> = merged
            .rechecks
            .iter()
            .map(|r| (r.source.as_str(), &r.checked[..10]))
            .collect();
        assert_eq!(
            kept,
            [
                ("s1", "2026-12-01"),
                ("s1", "2026-12-02"),
                ("s1", "2026-12-03")
            ]
        );
        assert!(merged.conflicts.is_empty());
    }
}
