//! The `vncite` command line: parse the options, run the command — read the corpus, build the
//! graph, query, draw or report — and turn its outcome into a message and an exit status. The
//! options are declared in [`cli::args`], each command's work is in its own module of [`cli`].

use anyhow::Result;
use clap::Parser;
use std::process::ExitCode;

mod cli;

use cli::args::{Cli, Command};
use cli::out::{self, Tone};

fn main() -> ExitCode {
    // Ctrl-C, SIGTERM or SIGHUP while an index or a report is being written: its temporary
    // file goes with the process, and the output stays as it was.
    let _ = ctrlc::set_handler(|| {
        vncite::temp::remove_in_flight();
        out::warn("interrupted; no index or output file was changed");
        std::process::exit(cli::EXIT_INTERRUPTED);
    });
    let started = std::time::Instant::now();
    let args = Cli::parse();
    out::set_verbosity(args.verbosity());
    let code = match run(args.command) {
        Ok(code) => code,
        Err(e) => {
            out::say(Tone::Error, &cli::message(&e));
            ExitCode::from(cli::exit_status(&e))
        }
    };
    out::detail(&format!("took {:.2} s", started.elapsed().as_secs_f64()));
    code
}

/// Runs one command.
fn run(command: Command) -> Result<ExitCode> {
    use petgraph::Direction::{Incoming, Outgoing};
    match command {
        Command::Extract(args) => cli::extract::run(&args),
        Command::Index(args) => cli::index::run(&args),
        Command::Annotate(args) => cli::annotate::run(&args),
        // Descendants are the documents whose citations come in; ancestors, those cited.
        Command::Descendants(args) => cli::query::walk(&args, Incoming),
        Command::Ancestors(args) => cli::query::walk(&args, Outgoing),
        Command::Path(args) => cli::query::path(&args),
        Command::Show(args) => cli::query::show(&args),
        Command::Graph(args) => cli::graph::run(&args),
        Command::Report(args) => cli::report::run(&args),
        Command::Completions { shell } => cli::extras::completions::<Cli>(shell),
        Command::Man { command } => cli::extras::man::<Cli>(command.as_deref()),
    }
}
