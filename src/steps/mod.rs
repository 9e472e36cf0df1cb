//! `s247 run -f steps.yaml`: several actions in one process with one token (`design.md` §8).
//!
//! The whole file is checked first — actions, settings, ids, references — and every step whose
//! settings do not depend on an earlier step's output is prepared (its input files read and
//! validated) before the first request. Steps then run in order; after a failure only
//! `if: always` steps run, and the run exits with the first failure's code. Outputs of steps with
//! an `id` are handed on as `ID-OUTPUT` (`idOutput` on Azure DevOps).

mod file;
pub mod schema;
mod template;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::actions::{Context, Prepared};
use crate::api::http::humanise;
use crate::auth::{SessionConfig, session};
use crate::ci::Output;
use crate::ci::escape::table_cell;
use crate::error::{Error, Problem, Problems, Result};
use crate::inputs::Settings;
pub use file::Step;
use template::Part;

/// Run the steps file at `path`; returns the exit code.
pub fn run(path: &str, flags: &[(String, String)], ctx: &Context) -> Result<u8> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid(format!("cannot read steps file `{path}`: {e}")))?;
    let steps = file::parse(&text, path, &ctx.env)?;
    // Every `${env:…}` value the file will send is masked before any step is checked, as in a
    // monitors file: a message about a setting must not show a secret it was given. Values that
    // cannot be secrets and would star out half the log (`30m`, `true`) are left, as CircleCI
    // does for values under 4 characters and booleans (`ci-conventions.md` §5).
    for step in &steps {
        for setting in &step.settings {
            for part in &setting.parts {
                if let Part::Env(name) = part
                    && let Some(value) = ctx.env.get(name)
                    && value.chars().count() >= 4
                    && !matches!(value.to_ascii_lowercase().as_str(), "true" | "false")
                {
                    ctx.log.mask(&crate::secret::Secret::new(value));
                }
            }
        }
    }

    let mut problems = Problems::default();
    let connection = Settings::resolve(flags, &ctx.env, session::SETTINGS.iter().copied());
    let mut stdin = std::io::stdin().lock();
    let config = problems.keep(SessionConfig::from_settings(
        &connection,
        &ctx.env,
        &mut stdin,
    ))?;
    if let Some(config) = &config {
        config.mask_secrets(&ctx.log);
        problems.keep(config.check_can_connect())?;
    }
    // The label names the job's maintenance windows: a step that does not set one uses the run's
    // (`--label`, `S247_LABEL`, the `label` input), so the job's steps and its clean-up agree.
    let shared = Settings::resolve(flags, &ctx.env, ["label"]);
    let mut prepared: Vec<Option<Prepared>> = Vec::new();
    for step in &steps {
        prepared.push(if step.uses_outputs() {
            None // checked when it runs, once the outputs it needs exist
        } else {
            problems.keep(prepare(step, path, &shared, &BTreeMap::new(), ctx))?
        });
    }
    let (Some(config), prepared) = problems.into_result((config, prepared))? else {
        unreachable!("no problems means the connection settings were read")
    };

    let session = config.connect(ctx.clock.clone(), ctx.log.clone())?;
    let mut outputs: BTreeMap<(String, String), Output> = BTreeMap::new();
    let mut results: Vec<(String, String, Duration)> = Vec::new();
    let mut failure: Option<u8> = None;
    // What the failed steps said, for the `--json` object's `error.problems`.
    let mut problems: Vec<Problem> = Vec::new();
    let mut exit_code = 0;
    for (step, ready) in steps.iter().zip(prepared) {
        if failure.is_some() && !step.always {
            results.push((step.title(), "skipped".into(), Duration::ZERO));
            continue;
        }
        ctx.log.group(format!(
            "Step {}/{}: {}",
            step.number,
            steps.len(),
            step.title()
        ));
        let started = Instant::now();
        let outcome = match ready {
            Some(ready) => Ok(ready),
            None => prepare(step, path, &shared, &outputs, ctx),
        }
        .and_then(|ready| ready.execute(&session, ctx));
        let took = started.elapsed();
        ctx.log.end_group();
        // Secret outputs of earlier steps this step was given: whatever it outputs that carries
        // one is secret too (masked, `issecret`, never in the dotenv file).
        let secrets_in: Vec<&str> = step
            .settings
            .iter()
            .flat_map(|setting| &setting.parts)
            .filter_map(|part| match part {
                Part::Output { step, output } => outputs
                    .get(&(step.clone(), output.clone()))
                    .filter(|o| o.secret && !o.value.is_empty())
                    .map(|o| o.value.as_str()),
                _ => None,
            })
            .collect();
        let derived_secret = |value: &str| secrets_in.iter().any(|s| value.contains(s));
        // A step that failed may still have handed on what it saw (a failing health gate):
        // those outputs are exposed like any other, then the failure counts.
        let (handed_on, result) = match outcome {
            Ok(outcome) => (
                outcome.outputs,
                outcome.failure.map_or(Ok(outcome.exit_code), Err),
            ),
            Err(error) => (Vec::new(), Err(error)),
        };
        let produced: Vec<Output> = handed_on
            .into_iter()
            .map(|mut output| {
                output.secret |= derived_secret(&output.value);
                output
            })
            .collect();
        drop(secrets_in);
        for output in produced {
            if let Some(id) = &step.id {
                let exposed = Output {
                    name: format!("{id}-{}", output.name),
                    ..output.clone()
                };
                ctx.log.set_output(exposed)?;
                outputs.insert((id.clone(), output.name.clone()), output);
            }
        }
        match result {
            Ok(code) => {
                exit_code = exit_code.max(code);
                results.push((step.title(), "ok".into(), took));
            }
            Err(error) => {
                ctx.log.report(&error);
                ctx.log
                    .error(format!("{} failed", step.title()), Some(&step.at));
                failure.get_or_insert(error.exit_code());
                problems.extend(step_problems(step, &error));
                results.push((step.title(), "failed".into(), took));
            }
        }
    }
    summarise(&results, ctx)?;
    match failure {
        Some(code) => {
            let failed = results.iter().filter(|r| r.1 == "failed").count();
            ctx.log.fail_as(
                &Error::runtime(format!("{failed} of {} steps failed", steps.len())),
                code,
                problems,
            );
            Ok(code)
        }
        None => Ok(exit_code),
    }
}

/// A failed step's problems, each at its place in a file: an input problem where it was found
/// (or at the step), anything else at the step, named by it.
fn step_problems(step: &Step, error: &Error) -> Vec<Problem> {
    match error {
        Error::Invalid(problems) => problems
            .iter()
            .map(|p| Problem {
                message: p.message.clone(),
                location: p.location.clone().or_else(|| Some(step.at.clone())),
            })
            .collect(),
        other => vec![Problem {
            message: format!("{}: {other}", step.title()),
            location: Some(step.at.clone()),
        }],
    }
}

/// Parse and check a steps file held in memory (for tests of the checks alone).
#[doc(hidden)]
pub fn parse_for_tests(yaml: &str) -> Result<Vec<Step>> {
    file::parse(yaml, "steps.yaml", &crate::inputs::Env::default())
}

/// A step's settings with references filled in, checked by its action.
fn prepare(
    step: &Step,
    path: &str,
    shared: &Settings,
    outputs: &BTreeMap<(String, String), Output>,
    ctx: &Context,
) -> Result<Prepared> {
    let values = step.settings.iter().map(|setting| {
        let text = template::render(&setting.parts, |part| match part {
            Part::Env(name) => ctx.env.get(name).unwrap_or_default().to_string(),
            Part::Output { step, output } => outputs
                .get(&(step.clone(), output.clone()))
                .map(|o| o.value.clone())
                .unwrap_or_default(),
            Part::Text(text) => text.clone(),
        });
        let text = if setting.name == "file" {
            file::resolve_path(path, &text)
        } else {
            text
        };
        (setting.name.clone(), text, setting.at.clone())
    });
    step.action
        .prepare(&Settings::from_file(values).with_fallback(shared), ctx)
}

fn summarise(results: &[(String, String, Duration)], ctx: &Context) -> Result<()> {
    let mut table = String::from("### s247 run\n\n| step | result | duration |\n|---|---|---|\n");
    for (title, result, took) in results {
        ctx.log
            .info(format!("{result:>7}  {title}  ({})", humanise(*took)));
        table.push_str(&format!(
            "| {} | {result} | {} |\n",
            table_cell(title),
            humanise(*took)
        ));
    }
    ctx.log.summary(&table)
}
