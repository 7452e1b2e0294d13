//! The team: projects edited on several machines and brought together by
//! git. [`merge`] merges three versions of a project record by record and
//! field by field, leaving conflicts for a person; [`git`] installs the merge
//! driver and attributes, merges again after a line merge and shows a
//! readable diff.
//!
//! It may use everything below it (`project` and down); only `export` and
//! the faces are above.

pub mod git;
pub mod merge;
