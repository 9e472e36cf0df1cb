//! parse → run → exit code.
use clap::Parser;
use std::process::ExitCode;

pub fn main() -> ExitCode {
    let cli = crate::cli::Cli::parse();
    match &cli.command {
        crate::cli::Command::Sandbox(args) => match crate::sandbox::run_cli(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(1)
            }
        },
        _ => ExitCode::from(1),
    }
}
