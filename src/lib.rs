//! Attest: source-grounded summaries whose every claim traces back to a
//! verbatim passage of a recorded source.
//!
//! An editor adds source texts to a project, writes a summary as claims, and
//! cites quoted passages as evidence for each claim (supporting,
//! contradicting or giving context). The project is a folder with a
//! `project.ron` and verbatim snapshots of the sources.
//!
//! The library is the whole product without its windows: the command line
//! and the desktop app are thin layers over it.
//!

pub mod anchor;
pub mod check;
pub mod command;
pub mod document;
pub mod model;
pub mod snapshot;
pub mod store;
