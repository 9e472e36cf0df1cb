//! Monitors as code (`design.md` §7): `plan`, `apply`, `export`, `suspend`, `activate`.
//!
//! One file per concern: [`spec`] (the file's types and schema), [`fields`] (which fields each
//! type takes and what they are in the API), [`crate::yaml`] and [`load`] (YAML with
//! `file:line:col` errors), [`desired`] (checks, `${env:…}`, `defaults:`), [`resolve`] (names →
//! ids), [`plan`] (the diff), [`apply`] (the writes), [`render`] (log, summary, outputs),
//! [`export`] and [`select`] (suspend/activate). `prepare` reads and checks the whole file
//! without a request; `execute` reads the account once per kind, resolves every name, and only
//! then writes.

pub mod apply;
pub mod desired;
pub mod durations;
pub mod export;
pub mod fields;
pub mod load;
pub mod near_names;
pub mod plan;
pub mod pool;
pub mod profiles;
pub mod prune_guard;
pub mod render;
pub mod resolve;
pub mod select;
pub mod shape;
pub mod spec;
pub mod types;
pub mod verify;
pub mod windows;

use crate::actions::{Command, Context, Outcome};
use crate::api::Api;
use crate::auth::Session;
use crate::ci::Output;
use crate::error::{Error, Problems, Result};
use crate::inputs::Settings;

use desired::Desired;
use plan::Prune;
use resolve::Catalogs;

/// Requests in flight at once unless `--parallel` says otherwise.
pub const DEFAULT_PARALLEL: usize = 4;
/// The most `--parallel` accepts.
pub const MAX_PARALLEL: usize = 32;

/// `s247 monitors plan`: what apply would change; no writes.
pub struct Plan {
    desired: Desired,
    prune: Option<Prune>,
    detailed_exitcode: bool,
    max_prune: crate::limits::MaxPrune,
}

/// `s247 monitors apply`: make the account match the file.
pub struct Apply {
    desired: Desired,
    prune: Option<Prune>,
    parallel: usize,
    dry_run: bool,
    max_prune: crate::limits::MaxPrune,
}

/// `s247 monitors export`: write existing monitors as a file apply accepts unchanged.
pub struct Export {
    filter: export::Filter,
    output: Option<String>,
}

/// `s247 monitors suspend`.
pub struct Suspend(select::Selection);

/// `s247 monitors activate`.
pub struct Activate(select::Selection);

impl Command for Plan {
    const SETTINGS: &'static [&'static str] = &["file", "prune", "detailed-exitcode", "max-prune"];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("changes");
    const OUTPUTS: &'static [&'static str] = &["changes", "has-changes"];

    fn prepare(settings: &Settings, ctx: &Context) -> Result<Self> {
        let mut problems = Problems::default();
        let prune = problems.keep(prune_mode(settings))?.flatten();
        let detailed_exitcode = problems
            .keep(settings.flag("detailed-exitcode"))?
            .flatten()
            .unwrap_or(false);
        let max_prune = problems
            .keep(crate::limits::max_prune(settings))?
            .unwrap_or_default();
        let desired = problems.keep(read_file(settings, ctx))?;
        let desired = problems.into_result(desired)?;
        Ok(Plan {
            desired: desired.expect("no problems means the file was read"),
            prune,
            detailed_exitcode,
            max_prune,
        })
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let (plan, catalogs) =
            read_and_plan(&session.api, &self.desired, self.prune, DEFAULT_PARALLEL)?;
        render::log_plan(&ctx.log, &plan, &self.desired.file);
        near_names::warn(&ctx.log, &plan, &catalogs.monitors, &self.desired);
        // A plan only shows; say now that apply would refuse this prune.
        let owner = &self.desired.owner_tag;
        if let Err(refusal) = prune_guard::check(&plan, &catalogs.monitors, self.max_prune)
            .and_then(|()| windows::plan::check_prune(&plan, &catalogs, owner, self.max_prune))
            .and_then(|()| {
                profiles::prune_guard(
                    &plan.changes,
                    &catalogs,
                    &plan.owner_tag.label,
                    self.max_prune,
                )
            })
        {
            ctx.log
                .warning(format!("monitors apply would refuse this: {refusal}"));
        }
        ctx.log
            .summary(&render::summary(&plan, "s247 monitors plan"))?;
        let exit_code = if self.detailed_exitcode && plan.has_changes() {
            4
        } else {
            0
        };
        Ok(Outcome {
            outputs: plan_outputs(&plan),
            exit_code,
            failure: None,
        })
    }
}

impl Command for Apply {
    const SETTINGS: &'static [&'static str] =
        &["file", "prune", "parallel", "dry-run", "max-prune"];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("changes");
    const OUTPUTS: &'static [&'static str] = &["changes", "has-changes"];

    fn prepare(settings: &Settings, ctx: &Context) -> Result<Self> {
        let mut problems = Problems::default();
        let prune = problems.keep(prune_mode(settings))?.flatten();
        let parallel = problems
            .keep(parallel(settings))?
            .flatten()
            .unwrap_or(DEFAULT_PARALLEL);
        let dry_run = problems
            .keep(settings.flag("dry-run"))?
            .flatten()
            .unwrap_or(false);
        let max_prune = problems
            .keep(crate::limits::max_prune(settings))?
            .unwrap_or_default();
        let desired = problems.keep(read_file(settings, ctx))?;
        let desired = problems.into_result(desired)?;
        Ok(Apply {
            desired: desired.expect("no problems means the file was read"),
            prune,
            parallel,
            dry_run,
            max_prune,
        })
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let (plan, catalogs) =
            read_and_plan(&session.api, &self.desired, self.prune, self.parallel)?;
        render::log_plan(&ctx.log, &plan, &self.desired.file);
        near_names::warn(&ctx.log, &plan, &catalogs.monitors, &self.desired);
        // Before the first write (a dry run says it too): too big a prune is refused whole.
        prune_guard::check(&plan, &catalogs.monitors, self.max_prune)?;
        windows::plan::check_prune(&plan, &catalogs, &self.desired.owner_tag, self.max_prune)?;
        profiles::prune_guard(
            &plan.changes,
            &catalogs,
            &plan.owner_tag.label,
            self.max_prune,
        )?;
        let outputs = plan_outputs(&plan);
        if self.dry_run {
            ctx.log.info("--dry-run: nothing was changed");
            ctx.log
                .summary(&render::summary(&plan, "s247 monitors apply (dry run)"))?;
            return Ok(Outcome::with(outputs));
        }
        if !plan.has_changes() {
            ctx.log
                .summary(&render::summary(&plan, "s247 monitors apply"))?;
            return Ok(Outcome::with(outputs));
        }
        let report = apply::run(&session.api, &plan, self.parallel, &ctx.log)?;
        let mut summary = render::summary(&plan, "s247 monitors apply");
        if report.failed.is_empty() {
            ctx.log.info(format!(
                "Applied {} change{}.",
                report.done,
                if report.done == 1 { "" } else { "s" }
            ));
            ctx.log.summary(&summary)?;
            return Ok(Outcome::with(outputs));
        }
        summary.push_str("\n**Failed:**\n\n");
        for failure in &report.failed {
            summary.push_str(&format!("- {}\n", failure.replace('\n', " ")));
        }
        ctx.log.summary(&summary)?;
        Err(Error::runtime(format!(
            "{} of {} writes failed; a second apply finishes the rest (created objects are found by name, never made twice)",
            report.failed.len(),
            report.failed.len() + report.done
        )))
    }
}

impl Command for Export {
    const SETTINGS: &'static [&'static str] = &["groups", "tags", "output"];

    fn prepare(settings: &Settings, _ctx: &Context) -> Result<Self> {
        Ok(Export {
            filter: export::Filter {
                groups: settings.list("groups"),
                tags: settings.list("tags"),
            },
            output: settings.get("output").map(str::to_string),
        })
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let exported = export::export(&session.api, &self.filter, DEFAULT_PARALLEL, &ctx.log)?;
        // No platform output: a later step reads the file. `--json` says what was written.
        let mut outputs = vec![
            Output::json_only("monitors", exported.monitors.into()),
            Output::json_only("groups", exported.groups.into()),
        ];
        match &self.output {
            Some(path) => {
                // Atomically: an interrupted export never leaves half a file in place of the old.
                crate::atomic_file::write(std::path::Path::new(path), &exported.yaml)
                    .map_err(|e| Error::runtime(format!("cannot write `{path}`: {e}")))?;
                ctx.log.info(format!(
                    "Wrote {} monitor{} and {} group{} to {path}",
                    exported.monitors,
                    if exported.monitors == 1 { "" } else { "s" },
                    exported.groups,
                    if exported.groups == 1 { "" } else { "s" },
                ));
                outputs.push(Output::json_only("file", path.as_str().into()));
            }
            // One JSON object on stdout: the YAML goes inside it.
            None if ctx.log.json_requested() => {
                outputs.push(Output::json_only("yaml", exported.yaml.into()));
            }
            None => {
                if let Some(dotenv) = ctx.log.output_file() {
                    ctx.log.warning(format!(
                        "the YAML went to stdout: --output-file ({}) is the dotenv file for outputs and was left alone; write the export to a file with -o {}",
                        dotenv.display(),
                        dotenv.display()
                    ));
                }
                ctx.log.print_data(&exported.yaml)?;
            }
        }
        Ok(Outcome::with(outputs))
    }
}

impl Command for Suspend {
    const SETTINGS: &'static [&'static str] = &["monitors", "groups", "tags", "parallel"];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("count");
    const OUTPUTS: &'static [&'static str] = &["count"];

    fn prepare(settings: &Settings, _ctx: &Context) -> Result<Self> {
        select::Selection::from_settings(settings).map(Suspend)
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let count = self.0.run(&session.api, select::Act::Suspend, &ctx.log)?;
        Ok(Outcome::with(vec![Output::count("count", count)]))
    }
}

impl Command for Activate {
    const SETTINGS: &'static [&'static str] = &["monitors", "groups", "tags", "parallel"];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("count");
    const OUTPUTS: &'static [&'static str] = &["count"];

    fn prepare(settings: &Settings, _ctx: &Context) -> Result<Self> {
        select::Selection::from_settings(settings).map(Activate)
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let count = self.0.run(&session.api, select::Act::Activate, &ctx.log)?;
        Ok(Outcome::with(vec![Output::count("count", count)]))
    }
}

/// Read the account (the monitor list and one list per kind the file refers to, in parallel)
/// and compare. No write.
pub fn make_plan(
    api: &Api,
    desired: &Desired,
    prune: Option<Prune>,
    workers: usize,
) -> Result<plan::Plan> {
    read_and_plan(api, desired, prune, workers).map(|(plan, _)| plan)
}

/// [`make_plan`], also handing back what was read (the prune guard counts the owned monitors).
fn read_and_plan(
    api: &Api,
    desired: &Desired,
    prune: Option<Prune>,
    workers: usize,
) -> Result<(plan::Plan, Catalogs)> {
    let mut catalogs = Catalogs::default();
    let mut kinds = resolve::kinds_referenced(desired);
    kinds.extend(windows::kinds_referenced(desired));
    catalogs.fetch(api, true, &kinds, workers)?;
    // REST API transactions the file manages: their steps are a request of their own.
    let transactions: std::collections::HashSet<&str> = desired
        .monitors
        .iter()
        .filter(|m| m.monitor_type() == Some(spec::MonitorType::RestApiSeq))
        .map(|m| m.name.as_str())
        .collect();
    types::restapiseq::read_steps(
        api,
        &mut catalogs.monitors,
        |m| {
            m["display_name"]
                .as_str()
                .is_some_and(|n| transactions.contains(n))
        },
        workers,
    )?;
    catalogs.windows = windows::read(api, desired)?;
    // Profiles, user groups and tags: the lists of kinds s247 owns objects of (to prune them),
    // the users when a group lists members; then plan them, so names resolve to new ones.
    catalogs.fetch(
        api,
        false,
        &profiles::owned_kinds(&catalogs, &desired.owner_tag),
        workers,
    )?;
    if desired.profiles.needs_users() {
        catalogs.users = match api.get("/users")? {
            serde_json::Value::Array(users) => users,
            _ => Vec::new(),
        };
    }
    let users = std::mem::take(&mut catalogs.users);
    let profile_plan = profiles::plan(
        &desired.profiles,
        &mut catalogs,
        prune,
        &users,
        &desired.owner_tag,
    );
    catalogs.users = users;
    // The group list may lack the profile ids (`site24x7-api.md` §8 row 2): read whole, before
    // comparing, only the groups whose file sets a profile.
    let compared = desired
        .groups
        .iter()
        .filter(|g| {
            GROUP_PROFILE_SETTINGS
                .iter()
                .any(|(s, _)| g.setting(s).is_some())
        })
        .map(|g| g.name.clone())
        .collect();
    catalogs.complete_groups(api, &compared, workers)?;
    // Mandatory references a create leaves out default to the account's first profile; read
    // those lists only when some create needs them.
    let more = plan::kinds_for_creates(desired, &catalogs);
    catalogs.fetch(api, false, &more, workers)?;
    // A profile problem first: the names it would have added would only be reported unknown.
    let profile_plan = profile_plan.map_err(Error::Invalid)?;
    let mut plan = plan::build(desired, &catalogs, prune)?;
    windows::plan::build(desired, &catalogs, prune, &mut plan)?;
    plan.changes.splice(0..0, profile_plan.changes);
    plan.unchanged += profile_plan.unchanged;
    plan.notes.extend(profile_plan.notes);
    profiles::keep_used(&mut plan, &catalogs);
    own_group_profiles(api, desired, &catalogs, &mut plan, workers)?;
    Ok((plan, catalogs))
}

/// A group's profile settings and the API fields they write.
const GROUP_PROFILE_SETTINGS: &[(&str, &str)] = &[
    ("notification_profile", "notification_profile_id"),
    ("healthcheck_profile", "healthcheck_profile_id"),
];

/// A group update must carry both profiles (§9.6). Where the list left a group's out, the plan
/// put the account defaults in; the group's own (one GET, only for groups that change) win, so
/// an update never swaps a group's profile for the default.
fn own_group_profiles(
    api: &Api,
    desired: &Desired,
    catalogs: &Catalogs,
    plan: &mut plan::Plan,
    workers: usize,
) -> Result<()> {
    let targets: Vec<(usize, String)> = plan
        .changes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == plan::ObjectKind::Group && c.action == plan::Action::Update)
        .filter(|(_, c)| {
            catalogs
                .groups_named(&c.name)
                .iter()
                .any(|g| resolve::lacks_group_profiles(&g.raw))
        })
        .filter_map(|(i, c)| c.id.clone().map(|id| (i, id)))
        .collect();
    let results = pool::parallel(&targets, workers, |(_, id)| {
        crate::api::monitor_groups::get(api, id)
    });
    for ((i, _), result) in targets.into_iter().zip(results) {
        let whole = result?;
        let change = &mut plan.changes[i];
        let item = desired.groups.iter().find(|g| g.name == change.name);
        let Some(serde_json::Value::Object(body)) = &mut change.body else {
            continue;
        };
        for (setting, key) in GROUP_PROFILE_SETTINGS {
            if item.is_some_and(|g| g.setting(setting).is_some()) {
                continue; // the file's choice
            }
            if let Some(id) = whole.get(*key).and_then(crate::api::envelope::as_id) {
                body.insert((*key).into(), serde_json::Value::String(id));
            }
        }
    }
    Ok(())
}

fn plan_outputs(plan: &plan::Plan) -> Vec<Output> {
    vec![
        Output::json("changes", render::changes_json(plan)),
        Output::flag("has-changes", plan.has_changes()),
        Output::json_only("counts", render::counts_json(plan)),
    ]
}

/// Read and check the file named by the `file` setting; mask every secret it reads.
fn read_file(settings: &Settings, ctx: &Context) -> Result<Desired> {
    let path = settings.require("file", "the monitors file")?;
    // A file that cannot be read is reported where it was named (a step's `file:` line too).
    let text = std::fs::read_to_string(path).map_err(|e| {
        settings.error(
            "file",
            format!("cannot read the monitors file `{path}`: {e}"),
        )
    })?;
    // Mask what the file reads from the environment before it is checked: a problem found in
    // it must not print one of those values unmasked.
    for name in crate::inputs::env_references(&text) {
        if crate::inputs::check_env_reference(name).is_ok()
            && let Some(value) = ctx.env.get(name)
        {
            ctx.log.mask(&crate::secret::Secret::new(value));
        }
    }
    let desired = load::load(path, &text, &ctx.env)?;
    for secret in &desired.secrets {
        ctx.log.mask(secret);
    }
    for warning in &desired.warnings {
        ctx.log.warning(warning);
    }
    Ok(desired)
}

/// `--prune` (`delete`, the default when given bare) or `--prune=suspend`; `true`/`false` from
/// workflow inputs.
fn prune_mode(settings: &Settings) -> Result<Option<Prune>> {
    let Some(text) = settings.get("prune") else {
        return Ok(None);
    };
    match text.to_ascii_lowercase().as_str() {
        "delete" | "true" | "yes" | "on" | "1" => Ok(Some(Prune::Delete)),
        "suspend" => Ok(Some(Prune::Suspend)),
        "false" | "no" | "off" | "0" | "none" => Ok(None),
        _ => Err(settings.error(
            "prune",
            format!("`{text}` is not a prune mode; use delete or suspend"),
        )),
    }
}

fn parallel(settings: &Settings) -> Result<Option<usize>> {
    match settings.number("parallel")? {
        None => Ok(None),
        Some(n) if (1..=MAX_PARALLEL as u64).contains(&n) => Ok(Some(n as usize)),
        Some(n) => Err(settings.error(
            "parallel",
            format!("{n} is out of range; use 1 to {MAX_PARALLEL}"),
        )),
    }
}
