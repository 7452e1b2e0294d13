//! The project as an editor works on it: every edit as a [`command::Command`]
//! with its inverse, what an editor does turned into commands
//! ([`actions`]), the open [`document::Document`] with undo and redo, the
//! folder format on disk ([`store`]), the autosave [`journal`] and the
//! [`lock`] that says who has the project open.
//!
//! It may use `util`, `model`, `text`, `import` (an imported file becomes a
//! source), `check` (a project is checked when it is loaded) and `evidence`;
//! never `team`, `export` or the two faces.

pub mod actions;
pub mod command;
pub mod document;
pub mod journal;
pub mod lock;
pub mod recheck;
pub mod store;
