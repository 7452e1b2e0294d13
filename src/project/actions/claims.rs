//! Claims: adding, removing and moving them in the summary, and signing
//! one off after review.

use super::*;

/// Adds a claim at the end of a paragraph (from 0). `None` means the last
/// paragraph; the paragraph one past the last starts a new one.
pub fn add_claim(
    project: &Project,
    text: &str,
    paragraph: Option<usize>,
) -> Result<(Command, ClaimId), ActionError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ActionError::EmptyClaim);
    }
    let count = project.paragraphs.len();
    let paragraph = paragraph.unwrap_or(count.saturating_sub(1));
    if paragraph > count {
        return Err(ActionError::BadParagraph { count });
    }
    let id = project.new_claim_id();
    let mut commands = Vec::new();
    let index = if paragraph == count {
        commands.push(Command::InsertParagraph { index: count });
        0
    } else {
        project.paragraphs[paragraph].len()
    };
    commands.push(Command::AddClaim {
        place: ClaimPlace { paragraph, index },
        claim: Claim::new(id.clone(), text),
    });
    let command = Command::Batch {
        label: format!("Add claim {id}"),
        commands,
    };
    Ok((command, id))
}

/// Deletes a claim (its quotes stay), and its paragraph if that empties it.
pub fn remove_claim(project: &Project, id: &ClaimId) -> Result<Command, ActionError> {
    let place = project
        .claim_place(id)
        .ok_or_else(|| ActionError::NoSuchClaim(id.clone()))?;
    let mut commands = vec![Command::RemoveClaim { id: id.clone() }];
    if project.paragraphs[place.paragraph].len() == 1 {
        commands.push(Command::RemoveParagraph {
            index: place.paragraph,
        });
    }
    Ok(Command::Batch {
        label: format!("Delete claim {id}"),
        commands,
    })
}

/// Moves a claim one place up or down; at the edge of a paragraph it moves
/// into the neighbouring one, and a paragraph left empty is removed.
/// `Ok(None)` when it is already first or last.
pub fn move_claim(
    project: &Project,
    id: &ClaimId,
    up: bool,
) -> Result<Option<Command>, ActionError> {
    let from = project
        .claim_place(id)
        .ok_or_else(|| ActionError::NoSuchClaim(id.clone()))?;
    let len = project.paragraphs[from.paragraph].len();
    let to = match (up, from.index, from.paragraph) {
        (true, 0, 0) => return Ok(None),
        (true, 0, p) => ClaimPlace {
            paragraph: p - 1,
            index: project.paragraphs[p - 1].len(),
        },
        (true, i, p) => ClaimPlace {
            paragraph: p,
            index: i - 1,
        },
        (false, i, p) if i + 1 < len => ClaimPlace {
            paragraph: p,
            index: i + 1,
        },
        (false, _, p) if p + 1 < project.paragraphs.len() => ClaimPlace {
            paragraph: p + 1,
            index: 0,
        },
        (false, _, _) => return Ok(None),
    };
    let mut commands = vec![Command::MoveClaim {
        id: id.clone(),
        to,
        at: None,
    }];
    if len == 1 {
        commands.push(Command::RemoveParagraph {
            index: from.paragraph,
        });
    }
    Ok(Some(Command::Batch {
        label: format!("Move claim {id}"),
        commands,
    }))
}

/// Signs off a claim as it stands: who, when (`at`, RFC 3339) and the hash
/// of its text and evidence. Refused while the check finds blockers on it.
pub fn sign_off(
    project: &Project,
    report: &crate::check::Report,
    claim: &ClaimId,
    by: &str,
    note: &str,
    at: &str,
) -> Result<Command, ActionError> {
    let record = project
        .claim(claim)
        .ok_or_else(|| ActionError::NoSuchClaim(claim.clone()))?;
    let by = by.trim();
    if by.is_empty() {
        return Err(ActionError::NoReviewer);
    }
    if !project.conflicts.is_empty() {
        return Err(ActionError::MergeConflicts(project.conflicts.len()));
    }
    let blockers: Vec<String> = report
        .of_claim(claim)
        .filter(|f| f.severity == crate::check::Severity::Blocker)
        .map(|f| format!("[{}] {}", f.rule, f.message))
        .collect();
    if !blockers.is_empty() {
        return Err(ActionError::SignOffBlocked {
            claim: claim.clone(),
            blockers,
        });
    }
    Ok(Command::SetSignOff {
        claim: claim.clone(),
        signoff: Some(crate::model::SignOff {
            by: by.to_owned(),
            at: at.to_owned(),
            hash: record.content_hash(project),
            note: note.trim().to_owned(),
        }),
    })
}

/// The most sources a claim can be asked to have.
pub const MAX_MIN_SOURCES: u32 = 9;

/// Changes the project's title and check settings, as one step; `None`
/// when nothing changes.
pub fn change_settings(
    project: &Project,
    title: &str,
    min_sources: u32,
) -> Result<Option<Command>, ActionError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(ActionError::BadSettings("a project needs a title".into()));
    }
    if !(1..=MAX_MIN_SOURCES).contains(&min_sources) {
        return Err(ActionError::BadSettings(format!(
            "the minimum of independent sources per claim is from 1 to {MAX_MIN_SOURCES}"
        )));
    }
    let mut commands = Vec::new();
    if title != project.title {
        commands.push(Command::SetTitle {
            title: title.to_owned(),
        });
    }
    let settings = crate::model::Settings { min_sources };
    if settings != project.settings {
        commands.push(Command::SetSettings { settings });
    }
    Ok(match commands.len() {
        0 => None,
        1 => commands.pop(),
        _ => Some(Command::Batch {
            label: "Change project settings".into(),
            commands,
        }),
    })
}
