//! Documentation generated from the command line's own definition: shell
//! completions and manual pages, so neither is ever written by hand.

use std::path::Path;

use anyhow::{Context as _, Result};
use clap::CommandFactory as _;
use clap_complete::Shell;

use super::Cli;

/// Prints the completion script for `shell` on standard output.
pub fn completions(shell: Shell) -> Result<()> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut Cli::command(), "attest", &mut out);
    Ok(())
}

/// Writes `attest.1` and a page for each command (`attest-source-add.1`, …)
/// into `dir`, which is created if need be.
pub fn manual_pages(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    clap_mangen::generate_to(Cli::command(), dir)
        .with_context(|| format!("could not write the manual pages into {}", dir.display()))
}
