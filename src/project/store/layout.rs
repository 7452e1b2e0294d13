//! The RON layout of `project.ron`, fixed so that the same project always
//! gives the same bytes: one record per line, claims nested in their
//! paragraphs, so that git merges and diffs see one line per change.

use super::*;
use crate::model::fields::one_line;

/// The head of a claim line; its evidence follows on lines of their own.
#[derive(Serialize)]
pub(super) struct ClaimHead<'a> {
    id: &'a crate::model::ClaimId,
    at: &'a Position,
    text: &'a str,
    signoff: &'a Option<SignOff>,
}

/// Serializes a project in its fixed, deterministic layout: one source,
/// quote, claim, evidence link or conflict per line. Sources, quotes and
/// claims are in ID order ([`crate::model::ClaimId::sort_key`]), not in
/// summary order, so that records added on two git branches land on
/// different lines and moving a claim changes only its `at`; empty
/// paragraphs are not saved.
pub fn to_ron(project: &Project) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "(");
    let _ = writeln!(out, "    format_version: {},", project.format_version);
    let _ = writeln!(out, "    title: {},", one_line(&project.title));
    let _ = writeln!(out, "    settings: {},", one_line(&project.settings));
    let list = |out: &mut String, name: &str, lines: Vec<String>| {
        if lines.is_empty() {
            let _ = writeln!(out, "    {name}: [],");
        } else {
            let _ = writeln!(out, "    {name}: [");
            for line in lines {
                let _ = writeln!(out, "        {line},");
            }
            let _ = writeln!(out, "    ],");
        }
    };
    list(
        &mut out,
        "sources",
        project.sources.iter().map(one_line).collect(),
    );
    list(
        &mut out,
        "quotes",
        project.quotes.iter().map(one_line).collect(),
    );
    let mut claims: Vec<&Claim> = project.claims().map(|(_, c)| c).collect();
    claims.sort_by(|a, b| a.id.sort_key().cmp(&b.id.sort_key()));
    if claims.is_empty() {
        let _ = writeln!(out, "    claims: [],");
    } else {
        let _ = writeln!(out, "    claims: [");
        for claim in claims {
            write_claim(&mut out, claim);
        }
        let _ = writeln!(out, "    ],");
    }
    if !project.links.is_empty() {
        list(
            &mut out,
            "links",
            project.links.iter().map(one_line).collect(),
        );
    }
    if !project.rechecks.is_empty() {
        list(
            &mut out,
            "rechecks",
            project.rechecks.iter().map(one_line).collect(),
        );
    }
    if !project.conflicts.is_empty() {
        list(
            &mut out,
            "conflicts",
            project.conflicts.iter().map(one_line).collect(),
        );
    }
    let _ = writeln!(out, ")");
    out
}

pub(super) fn write_claim(out: &mut String, claim: &Claim) {
    use std::fmt::Write as _;
    let head = one_line(&ClaimHead {
        id: &claim.id,
        at: &claim.at,
        text: &claim.text,
        signoff: &claim.signoff,
    });
    let head = head
        .strip_suffix(')')
        .expect("a struct serializes in parentheses");
    if claim.evidence.is_empty() {
        let _ = writeln!(out, "        {head}, evidence: []),");
        return;
    }
    let _ = writeln!(out, "        {head}, evidence: [");
    for evidence in &claim.evidence {
        let _ = writeln!(out, "            {},", one_line(evidence));
    }
    let _ = writeln!(out, "        ]),");
}
