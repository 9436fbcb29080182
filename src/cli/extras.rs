//! `vncite completions SHELL` and `vncite man [COMMAND]`: what a shell and `man` need,
//! generated from the same definitions as `--help`, offline.

use crate::cli::out::emit;
use crate::cli::UsageError;
use anyhow::{bail, Result};
use clap::CommandFactory;
use std::process::ExitCode;

/// Writes the completion script for `shell` to stdout.
pub fn completions<C: CommandFactory>(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut cmd = C::command();
    emit(|w| {
        clap_complete::generate(shell, &mut cmd, "vncite", w);
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the man page of vncite, or of one of its commands, to stdout (roff).
pub fn man<C: CommandFactory>(command: Option<&str>) -> Result<ExitCode> {
    let mut cmd = C::command();
    cmd.build();
    let page = match command {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            // Built, a command is named `vncite-NAME`: the page's title.
            Some(sub) => sub.clone().version(env!("CARGO_PKG_VERSION")),
            None => {
                let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
                bail!(UsageError(format!(
                    "no command `{name}`; one of: {}",
                    names.join(", ")
                )))
            }
        },
    };
    emit(|w| clap_mangen::Man::new(page).render(w))?;
    Ok(ExitCode::SUCCESS)
}
