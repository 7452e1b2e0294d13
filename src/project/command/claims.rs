//! Claims in commands: where a claim may go, its position in reading
//! order, and adding one (alone, or many in one batch).

use super::*;

pub(super) fn check_place(project: &Project, place: ClaimPlace) -> Result<(), EditError> {
    let paragraphs = project.paragraphs.len();
    let paragraph = project
        .paragraphs
        .get(place.paragraph)
        .ok_or(EditError::BadPosition {
            what: "the summary",
            index: place.paragraph,
            len: paragraphs,
        })?;
    check_position("the paragraph", place.index, paragraph.len())
}

/// Gives a claim going to `place` a [`Position`] between its neighbours
/// there, keeping the one it has when that already fits (an undo puts a
/// claim back with its old record).
pub(super) fn place_claim(project: &mut Project, place: ClaimPlace, claim: &mut Claim) {
    // No key fits only between two equal keys (claims or paragraphs added
    // at the same place on two branches); then the summary is given fresh
    // keys once, in its current order, and then one fits.
    for _ in 0..2 {
        if let Some(at) = position_at(project, place, &claim.at) {
            claim.at = at;
            return;
        }
        project.renumber_positions();
    }
    unreachable!("after renumbering, every gap has a key");
}

/// The position that sorts a claim at `place` (in the summary as it is
/// without that claim): `keep` if it does, else a new one.
pub(super) fn position_at<'a>(
    project: &'a Project,
    place: ClaimPlace,
    keep: &Position,
) -> Option<Position> {
    let paragraphs = &project.paragraphs;
    let claims = &paragraphs[place.paragraph];
    let between = |key: &str, lower: Option<&str>, upper: Option<&str>| {
        lower.is_none_or(|l| l < key) && upper.is_none_or(|u| key < u)
    };
    let paragraph = match claims.first() {
        Some(first) => first.at.paragraph.clone(),
        None => {
            let first_key = |p: &'a Paragraph| p.first().map(|c| c.at.paragraph.as_str());
            let lower = paragraphs[..place.paragraph]
                .iter()
                .rev()
                .find_map(first_key);
            let upper = paragraphs[place.paragraph + 1..].iter().find_map(first_key);
            if keep.is_valid() && between(&keep.paragraph, lower, upper) {
                keep.paragraph.clone()
            } else {
                Position::paragraph_between(lower, upper)?
            }
        }
    };
    let lower = place
        .index
        .checked_sub(1)
        .map(|i| claims[i].at.order.as_str());
    let upper = claims.get(place.index).map(|c| c.at.order.as_str());
    let order =
        if keep.is_valid() && keep.paragraph == paragraph && between(&keep.order, lower, upper) {
            keep.order.clone()
        } else {
            Position::order_between(lower, upper)?
        };
    Some(Position { paragraph, order })
}

/// Adds a claim at `place`; `id_checked` when its ID is known to be new
/// (see [`new_claims_are_new`]).
pub(super) fn add_claim(
    project: &mut Project,
    place: ClaimPlace,
    mut claim: Claim,
    id_checked: bool,
) -> Result<Command, EditError> {
    check_place(project, place)?;
    if !id_checked {
        check_new_id(project, claim.id.as_str())?;
    }
    if !claim.id.is_generated() {
        return Err(EditError::BadId(format!(
            "claim IDs are generated (`c4x9kq2mz`); `{}` is not one",
            claim.id
        )));
    }
    if let Some(missing) = claim
        .evidence
        .iter()
        .find(|e| project.quote(&e.quote).is_none())
    {
        return Err(EditError::NoSuchQuote(missing.quote.clone()));
    }
    place_claim(project, place, &mut claim);
    let id = claim.id.clone();
    project.paragraphs[place.paragraph].insert(place.index, claim);
    Ok(Command::RemoveClaim { id })
}

/// Whether the claims a batch adds all have IDs no record has, and none
/// of the batch's other new records: checked here at once for a batch
/// that only adds and holds many claims (an import), instead of each
/// claim against every claim. `false` leaves each claim to be checked as
/// it is added, which reports the ID at fault.
pub(super) fn new_claims_are_new(project: &Project, commands: &[Command]) -> bool {
    const MANY: usize = 64;
    let only_adds = commands.iter().all(|c| {
        matches!(
            c,
            Command::AddClaim { .. }
                | Command::AddQuote { .. }
                | Command::AddQuotes { .. }
                | Command::InsertParagraph { .. }
        )
    });
    let claims = commands
        .iter()
        .filter(|c| matches!(c, Command::AddClaim { .. }))
        .count();
    if !only_adds || claims < MANY {
        return false;
    }
    let in_use = project.ids_in_use();
    let mut new = std::collections::HashSet::new();
    commands.iter().all(|c| match c {
        Command::AddClaim { claim, .. } => {
            new.insert(claim.id.as_str()) && !in_use(claim.id.as_str())
        }
        Command::AddQuote { quote } => new.insert(quote.id.as_str()),
        Command::AddQuotes { quotes } => quotes.iter().all(|q| new.insert(q.id.as_str())),
        _ => true,
    })
}
