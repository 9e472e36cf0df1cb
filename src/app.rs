//! The program: parse the command line, run the command, report, and turn the result into the
//! exit code of `design.md` §3.

use std::process::ExitCode;
use std::sync::Arc;

use clap::FromArgMatches;

use crate::actions::{Action, Context};
use crate::auth::{SessionConfig, session};
use crate::ci::{PlainOptions, Platform, Reporter, Sinks};
use crate::cli::{self, AuthCommand, Cli, Command, MaintenanceCommand, MonitorsCommand};
use crate::error::{Problems, Result};
use crate::inputs::{Env, Settings};

pub fn main() -> ExitCode {
    let matches = match cli::help::command().try_get_matches() {
        Ok(matches) => matches,
        Err(e) => {
            let _ = e.print();
            // Help and version are not errors; a usage mistake is invalid input.
            if !e.use_stderr() {
                return ExitCode::SUCCESS;
            }
            if json_asked(&Env::from_process()) {
                print_usage_error(&e);
            }
            return ExitCode::from(2);
        }
    };
    let cli = Cli::from_arg_matches(&matches).expect("the matches come from this parser");
    let flags = cli::flags(&matches);
    ExitCode::from(run(
        &cli.command,
        &flags,
        &Env::from_process(),
        Sinks::process(),
    ))
}

/// Run one command line; returns the exit code.
pub fn run(command: &Command, flags: &[(String, String)], env: &Env, sinks: Sinks) -> u8 {
    match command {
        Command::Sandbox(args) => return report_plain(crate::sandbox::run_cli(args).map(|()| 0)),
        Command::Demo => return report_plain(crate::demo::run()),
        Command::Completions(args) => {
            let mut stdout = std::io::stdout().lock();
            return report_plain(
                crate::commands::completions::write_completions(args.shell, &mut stdout)
                    .map(|()| 0),
            );
        }
        Command::Man(args) => {
            return report_plain(
                crate::commands::completions::write_man_pages(&args.out_dir).map(|pages| {
                    for page in pages {
                        println!("{}", page.display());
                    }
                    0
                }),
            );
        }
        _ => {}
    }
    let presentation = Settings::resolve(flags, env, ["ci", "json", "output-file"]);
    let json = presentation.flag("json").ok().flatten().unwrap_or(false);
    let platform = match Platform::detect(env, presentation.get("ci")) {
        Ok(platform) => platform,
        Err(e) => {
            if json {
                // Only `--ci` itself can be wrong here; it names no secret, but may hold text
                // a runner would read as a command.
                let failure = crate::ci::json::Failure::of(&e, crate::ci::escape::neutralise);
                println!("{}", crate::ci::json::object(&[], false, Some(&failure)));
            }
            return report_plain(Err(e));
        }
    };
    let options = PlainOptions {
        json,
        output_file: presentation.get("output-file").map(Into::into),
    };
    let log = Arc::new(
        Reporter::new(platform, env, options, sinks)
            .presenting(crate::ci::style::Presentation::detect(env)),
    );
    // Masks first: every message after this, validation errors included, is scrubbed of them.
    for secret in crate::inputs::secrets_in(env)
        .into_iter()
        .chain(crate::api::http::proxy_passwords(env))
    {
        log.mask(&secret);
    }
    for warning in crate::misspelled::warnings(env) {
        log.warning(warning);
    }
    let ctx = Context {
        env: env.clone(),
        clock: crate::clock::from_env(env.get("S247_TEST_FAKE_SLEEP") == Some("1")),
        log: log.clone(),
    };
    let result = dispatch(command, flags, &ctx)
        .and_then(|(code, primary)| log.finish(primary).map(|()| code));
    match result {
        Ok(code) => code,
        Err(error) => {
            log.fail(&error);
            log.finish_failed();
            error.exit_code()
        }
    }
}

/// Whether a command line the parser refused asked for `--json` (as a word of its own, or
/// through `S247_JSON` / the `json` input).
fn json_asked(env: &Env) -> bool {
    std::env::args_os().skip(1).any(|a| a == "--json")
        || Settings::resolve(&[], env, ["json"])
            .flag("json")
            .ok()
            .flatten()
            .unwrap_or(false)
}

/// The `--json` object for a command line the parser refused: clap's first line as the message.
fn print_usage_error(e: &clap::Error) {
    let rendered = e.render().to_string();
    let message = rendered
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string();
    let failure = crate::ci::json::Failure::of(
        &crate::error::Error::invalid(format!("{message} (see --help)")),
        crate::ci::escape::neutralise,
    );
    println!("{}", crate::ci::json::object(&[], false, Some(&failure)));
}

/// Errors of the commands that run before a reporter exists go to stderr plainly.
fn report_plain(result: Result<u8>) -> u8 {
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!(
                "error: {}",
                crate::ci::escape::neutralise(&error.to_string())
            );
            error.exit_code()
        }
    }
}

fn dispatch(
    command: &Command,
    flags: &[(String, String)],
    ctx: &Context,
) -> Result<(u8, Option<&'static str>)> {
    // Locked only where a secret may be read from it (`--*-file -`); `run` locks it itself.
    let stdin = || std::io::stdin().lock();
    let connection = |extra: &[&str]| {
        Settings::resolve(
            flags,
            &ctx.env,
            session::SETTINGS.iter().chain(extra).copied(),
        )
    };
    match command {
        Command::Auth(AuthCommand::Exchange(_)) => {
            let settings = connection(&["code", "save-to"]);
            let config = SessionConfig::from_settings(&settings, &ctx.env, &mut stdin())?;
            crate::commands::auth::exchange(&config, &settings, &ctx.env, &ctx.log)?;
            Ok((0, None))
        }
        Command::Auth(AuthCommand::Revoke) => {
            let config = SessionConfig::from_settings(&connection(&[]), &ctx.env, &mut stdin())?;
            crate::commands::auth::revoke(&config, &ctx.log)?;
            Ok((0, None))
        }
        Command::Run(_) => {
            let settings = Settings::resolve(flags, &ctx.env, ["file"]);
            let file = settings.require("file", "the steps file")?;
            Ok((crate::steps::run(file, flags, ctx)?, None))
        }
        _ => {
            let action = action_of(command).expect("every other command is an action");
            let settings = connection(action.settings());
            // Check the connection settings and the action's settings together, so one run
            // reports every mistake; only then make the first request.
            let mut problems = Problems::default();
            let config = problems.keep(SessionConfig::from_settings(
                &settings,
                &ctx.env,
                &mut stdin(),
            ))?;
            if let Some(config) = &config {
                config.mask_secrets(&ctx.log);
            }
            let prepared = problems.keep(action.prepare(&settings, ctx))?;
            if let Some(config) = &config {
                problems.keep(config.check_can_connect())?;
            }
            let (Some(config), Some(prepared)) = problems.into_result((config, prepared))? else {
                unreachable!("no problems means both were built")
            };
            let session = config.connect(ctx.clock.clone(), ctx.log.clone())?;
            let outcome = prepared.execute(&session, ctx)?;
            for output in outcome.outputs {
                ctx.log.set_output(output)?;
            }
            if let Some(failure) = outcome.failure {
                return Err(failure);
            }
            // A table on a person's terminal took the place of the primary output.
            let primary = action.primary_output().filter(|_| !ctx.log.table_shown());
            Ok((outcome.exit_code, primary))
        }
    }
}

/// The action a command line names, if it is one.
pub fn action_of(command: &Command) -> Option<Action> {
    Some(match command {
        Command::Token => Action::Token,
        Command::Check(_) => Action::Check,
        Command::Maintenance(m) => match m {
            MaintenanceCommand::Start(_) => Action::MaintenanceStart,
            MaintenanceCommand::End(_) => Action::MaintenanceEnd,
            MaintenanceCommand::Extend(_) => Action::MaintenanceExtend,
            MaintenanceCommand::List(_) => Action::MaintenanceList,
        },
        Command::Monitors(m) => match m {
            MonitorsCommand::Plan(_) => Action::MonitorsPlan,
            MonitorsCommand::Apply(_) => Action::MonitorsApply,
            MonitorsCommand::Export(_) => Action::MonitorsExport,
            MonitorsCommand::Suspend(_) => Action::MonitorsSuspend,
            MonitorsCommand::Activate(_) => Action::MonitorsActivate,
            MonitorsCommand::Verify(_) => Action::MonitorsVerify,
        },
        Command::Milestone(_) => Action::Milestone,
        Command::Run(_)
        | Command::Auth(_)
        | Command::Sandbox(_)
        | Command::Demo
        | Command::Completions(_)
        | Command::Man(_) => return None,
    })
}
