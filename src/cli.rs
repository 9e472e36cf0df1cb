//! The command line. Every setting is a plain `Option<String>` here: clap gives names, help and
//! usage errors, and [`crate::inputs`] gives every value the same parsing whether it came from a
//! flag, the environment or a steps file. [`flags`] reads back the flags given, by name.

pub mod help;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Parser, Subcommand};

/// What `s247 --version` prints after the name: the version, the commit and the target it was
/// built for (`0.2.0 (1a2b3c4 x86_64-unknown-linux-musl)`; see `build.rs`).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("S247_BUILD_COMMIT"),
    " ",
    env!("S247_BUILD_TARGET"),
    ")"
);

#[derive(Debug, Parser)]
#[command(
    name = "s247",
    version = VERSION,
    about = "Drive Site24x7 from CI: one token per job, maintenance windows, monitors as code.",
    after_help = help::TOP_AFTER
)]
#[command(propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Settings every command shares. Secrets have no flag; see `--client-secret-file`.
#[derive(Debug, Args)]
pub struct Global {
    /// Output dialect: github, azure or plain (default: detected from the environment)
    #[arg(
        long,
        global = true,
        help_heading = "Output options",
        value_name = "PLATFORM"
    )]
    pub ci: Option<String>,
    /// Print every output as one JSON object on stdout
    #[arg(long, global = true, help_heading = "Output options")]
    pub json: bool,
    /// Also write non-secret outputs as NAME=value lines to this file (dotenv)
    #[arg(
        long,
        global = true,
        help_heading = "Output options",
        value_name = "PATH"
    )]
    pub output_file: Option<String>,
    /// Data center: us eu in au cn jp ca uk ae sa (default us)
    #[arg(
        long,
        global = true,
        help_heading = "Connection options",
        value_name = "DC"
    )]
    pub data_center: Option<String>,
    /// OAuth client id (or S247_CLIENT_ID)
    #[arg(
        long,
        global = true,
        help_heading = "Connection options",
        value_name = "ID"
    )]
    pub client_id: Option<String>,
    /// Read the client secret from this file, `-` for stdin (or set S247_CLIENT_SECRET)
    #[arg(
        long,
        global = true,
        help_heading = "Connection options",
        value_name = "PATH"
    )]
    pub client_secret_file: Option<String>,
    /// Read the refresh token from this file, `-` for stdin (or set S247_REFRESH_TOKEN)
    #[arg(
        long,
        global = true,
        help_heading = "Connection options",
        value_name = "PATH"
    )]
    pub refresh_token_file: Option<String>,
    /// Read an access token minted earlier from this file (or set S247_ACCESS_TOKEN); skips minting
    #[arg(
        long,
        global = true,
        help_heading = "Connection options",
        value_name = "PATH"
    )]
    pub access_token_file: Option<String>,
    /// Zoho accounts server base URL, overriding the data center's (https, or http on loopback)
    #[arg(
        long,
        global = true,
        help_heading = "Connection options",
        value_name = "URL"
    )]
    pub accounts_url: Option<String>,
    /// Site24x7 API root including /api, overriding the data center's
    #[arg(
        long,
        global = true,
        help_heading = "Connection options",
        value_name = "URL"
    )]
    pub api_url: Option<String>,
    /// How long to wait out Zoho's token rate limit (default 3m)
    #[arg(
        long,
        global = true,
        help_heading = "Connection options",
        value_name = "DURATION"
    )]
    pub token_wait: Option<String>,
    /// Limit for each HTTP request (default 30s)
    #[arg(
        long,
        global = true,
        help_heading = "Connection options",
        value_name = "DURATION"
    )]
    pub timeout: Option<String>,
    /// MSP / business-unit customer id, sent as the zaaid cookie
    #[arg(
        long,
        global = true,
        help_heading = "Connection options",
        value_name = "ID"
    )]
    pub zaaid: Option<String>,
    /// The `token-envelope` output of an earlier job: use its token instead of minting (or set S247_TOKEN_ENVELOPE)
    #[arg(
        long,
        global = true,
        help_heading = "Connection options",
        value_name = "TEXT"
    )]
    pub token_envelope: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Mint (or reuse) one access token and hand it to later steps, masked
    #[command(after_help = help::TOKEN_EXAMPLES)]
    Token,
    /// Read-only probe: credentials, data center, and what each command may do
    #[command(after_help = help::CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Open, close, extend and list maintenance windows
    #[command(subcommand, after_help = help::MAINTENANCE_EXAMPLES)]
    Maintenance(MaintenanceCommand),
    /// Keep monitors in sync with a YAML file
    #[command(subcommand, after_help = help::MONITORS_EXAMPLES)]
    Monitors(MonitorsCommand),
    /// Mark a deploy on the graphs of monitors and groups (one marker per target)
    #[command(override_usage = help::MILESTONE_USAGE, after_help = help::MILESTONE_EXAMPLES)]
    Milestone(MilestoneArgs),
    /// Run a steps file with one token
    #[command(override_usage = help::RUN_USAGE, after_help = help::RUN_EXAMPLES)]
    Run(RunArgs),
    /// Onboarding: trade a grant code for a refresh token, or revoke a refresh token
    #[command(subcommand, after_help = help::AUTH_EXAMPLES)]
    Auth(AuthCommand),
    /// Serve a local emulator of Site24x7 and Zoho accounts (loopback only)
    #[command(after_help = help::SANDBOX_EXAMPLES)]
    Sandbox(crate::sandbox::SandboxArgs),
    /// Run the whole story against an in-process sandbox and print what a CI log would show
    #[command(after_help = help::DEMO_EXAMPLES)]
    Demo,
    /// Print a shell completion script: `source <(s247 completions bash)`
    #[command(after_help = help::COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Write a man page per command into a directory (release archives ship them)
    #[command(hide = true)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Directory to write the pages to (created if missing)
    #[arg(long, value_name = "DIR")]
    pub out_dir: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Exit 3 unless these actions can run, e.g. maintenance-start,monitors-apply
    #[arg(long = "for", id = "for", value_name = "ACTIONS")]
    pub for_actions: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum MaintenanceCommand {
    /// Open a one-off window now (or at --start) for --duration
    #[command(override_usage = help::START_USAGE, after_help = help::START_EXAMPLES)]
    Start(MaintenanceStartArgs),
    /// End the window given by --id, or every window carrying --label
    #[command(override_usage = help::END_USAGE, after_help = help::END_EXAMPLES)]
    End(MaintenanceEndArgs),
    /// Move the end of a running window later by --by
    #[command(override_usage = help::EXTEND_USAGE, after_help = help::EXTEND_EXAMPLES)]
    Extend(MaintenanceExtendArgs),
    /// List windows
    #[command(after_help = help::LIST_EXAMPLES)]
    List(MaintenanceListArgs),
}

#[derive(Debug, Args)]
pub struct MaintenanceStartArgs {
    /// Monitors by name or id (comma-separated)
    #[arg(long)]
    pub monitors: Option<String>,
    /// Monitor groups by name or id
    #[arg(long)]
    pub groups: Option<String>,
    /// Tags by name, name:value or id
    #[arg(long)]
    pub tags: Option<String>,
    /// How long the window lasts: 30m, 1h30m
    // Hyphen values allowed so `--duration -5m` reaches s247's own "must be positive", not
    // clap's "unexpected argument".
    #[arg(long, allow_hyphen_values = true)]
    pub duration: Option<String>,
    /// When it starts (default now): an RFC 3339 time, or a local date-time read in --timezone
    #[arg(long)]
    pub start: Option<String>,
    /// IANA time zone the window is sent in (default UTC)
    #[arg(long)]
    pub timezone: Option<String>,
    /// Label stamped on the window (default: derived from the CI run and job)
    #[arg(long)]
    pub label: Option<String>,
    /// Display name of the window
    #[arg(long)]
    pub name: Option<String>,
    /// Description (the label is appended)
    #[arg(long)]
    pub description: Option<String>,
    /// Keep collecting monitoring data during the window (true/false, default true)
    #[arg(long, value_name = "BOOL")]
    pub keep_monitoring: Option<String>,
    /// The longest window allowed (default 24h): a guard against typos like 300h for 30m
    #[arg(long, value_name = "DURATION")]
    pub max_duration: Option<String>,
}

#[derive(Debug, Args)]
pub struct MaintenanceEndArgs {
    /// The window's id
    #[arg(long = "id")]
    pub maintenance_id: Option<String>,
    /// End every window carrying this label (default: this CI run's label)
    #[arg(long)]
    pub label: Option<String>,
    /// Delete the window instead of ending it now (removes it from the history); needed to
    /// delete a window a person made that has not started yet
    #[arg(long)]
    pub delete: bool,
    /// Your Site24x7 account's time zone (IANA name): windows people made are read in it
    #[arg(long)]
    pub account_timezone: Option<String>,
}

#[derive(Debug, Args)]
pub struct MaintenanceExtendArgs {
    /// The window's id
    #[arg(long = "id")]
    pub maintenance_id: Option<String>,
    /// Extend the window carrying this label
    #[arg(long)]
    pub label: Option<String>,
    /// How much later it ends: 15m, 1h
    #[arg(long, allow_hyphen_values = true)]
    pub by: Option<String>,
    /// The longest the window may become (default 24h)
    #[arg(long, value_name = "DURATION")]
    pub max_duration: Option<String>,
    /// Your Site24x7 account's time zone (IANA name): windows people made are read in it
    #[arg(long)]
    pub account_timezone: Option<String>,
}

#[derive(Debug, Args)]
pub struct MaintenanceListArgs {
    /// Only windows that are running now
    #[arg(long)]
    pub active: bool,
    /// Only windows carrying this label
    #[arg(long)]
    pub label: Option<String>,
    /// Your Site24x7 account's time zone (IANA name): windows people made are read in it
    #[arg(long)]
    pub account_timezone: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum MonitorsCommand {
    /// Show what apply would change; no writes
    #[command(override_usage = help::PLAN_USAGE, after_help = help::PLAN_EXAMPLES)]
    Plan(MonitorsPlanArgs),
    /// Create and update monitors and groups to match the file
    #[command(override_usage = help::APPLY_USAGE, after_help = help::APPLY_EXAMPLES)]
    Apply(MonitorsApplyArgs),
    /// Write existing monitors as a file that apply accepts unchanged
    #[command(after_help = help::EXPORT_EXAMPLES)]
    Export(MonitorsExportArgs),
    /// Suspend monitors by name, id, group or tag
    #[command(override_usage = help::SUSPEND_USAGE, after_help = help::SUSPEND_EXAMPLES)]
    Suspend(MonitorsSelectArgs),
    /// Activate monitors by name, id, group or tag
    #[command(override_usage = help::ACTIVATE_USAGE, after_help = help::ACTIVATE_EXAMPLES)]
    Activate(MonitorsSelectArgs),
    /// Health gate: wait until every monitor is up, within --within
    #[command(override_usage = help::VERIFY_USAGE, after_help = help::VERIFY_EXAMPLES)]
    Verify(MonitorsVerifyArgs),
}

/// The monitors `suspend`, `activate` and `verify` act on: by name or id, by group, by tag.
#[derive(Debug, Args)]
pub struct MonitorTargets {
    /// Monitors by name or id
    #[arg(long)]
    pub monitors: Option<String>,
    /// Every monitor in these groups
    #[arg(long)]
    pub groups: Option<String>,
    /// Every monitor with these tags (name:value)
    #[arg(long)]
    pub tags: Option<String>,
}

#[derive(Debug, Args)]
pub struct MonitorsVerifyArgs {
    #[command(flatten)]
    pub targets: MonitorTargets,
    /// How long to wait for every monitor to be up (default 5m)
    #[arg(long)]
    pub within: Option<String>,
    /// Ask Site24x7 for a check now before reading (true/false, default true)
    #[arg(long)]
    pub poll_now: Option<String>,
    /// Time between reads (default 15s, at least 10s)
    #[arg(long)]
    pub interval: Option<String>,
}

#[derive(Debug, Args)]
pub struct MilestoneArgs {
    /// Monitors by name or id (one marker each)
    #[arg(long)]
    pub monitors: Option<String>,
    /// Monitor groups by name or id (one marker on each group)
    #[arg(long)]
    pub groups: Option<String>,
    /// Tags by name, name:value or id (one marker on each monitor carrying one)
    #[arg(long)]
    pub tags: Option<String>,
    /// The marker's label (default: Deploy <short sha> (<ref>) from the CI run)
    #[arg(long)]
    pub name: Option<String>,
    /// The marker's description (default: the run's URL where the platform gives it)
    #[arg(long)]
    pub message: Option<String>,
    /// When (default now): RFC 3339, or yyyy-MM-dd HH:mm in UTC
    #[arg(long)]
    pub time: Option<String>,
    /// The run stamped on the markers, so a re-run adds none (default: the CI run and job)
    #[arg(long)]
    pub label: Option<String>,
    /// Fail the step when a marker cannot be added (true/false, default false: warn)
    #[arg(long)]
    pub required: Option<String>,
}

#[derive(Debug, Args)]
pub struct MonitorsPlanArgs {
    /// The monitors file
    #[arg(short = 'f', long)]
    pub file: Option<String>,
    /// Exit 4 when there are changes
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Also show what `apply --prune` would remove: delete (default) or suspend
    #[arg(long, num_args = 0..=1, default_missing_value = "delete", value_name = "MODE")]
    pub prune: Option<String>,
    /// Warn when apply would refuse the prune: most owned monitors it may remove (default 10), or `all`
    #[arg(long, value_name = "N")]
    pub max_prune: Option<String>,
}

#[derive(Debug, Args)]
pub struct MonitorsApplyArgs {
    /// The monitors file
    #[arg(short = 'f', long)]
    pub file: Option<String>,
    /// Remove owned monitors that left the file: delete (default) or suspend
    #[arg(long, num_args = 0..=1, default_missing_value = "delete", value_name = "MODE")]
    pub prune: Option<String>,
    /// How many writes run at once (default 4)
    #[arg(long)]
    pub parallel: Option<String>,
    /// Most owned monitors one --prune may remove or suspend (default 10), or `all`
    #[arg(long, value_name = "N")]
    pub max_prune: Option<String>,
    /// Show the plan and stop
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct MonitorsExportArgs {
    /// Only monitors in these groups
    #[arg(long)]
    pub groups: Option<String>,
    /// Only monitors with these tags (name:value)
    #[arg(long)]
    pub tags: Option<String>,
    /// Write the file here instead of stdout
    #[arg(short = 'o', long)]
    pub output: Option<String>,
}

#[derive(Debug, Args)]
pub struct MonitorsSelectArgs {
    #[command(flatten)]
    pub targets: MonitorTargets,
    /// How many requests run at once (default 4)
    #[arg(long)]
    pub parallel: Option<String>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The steps file
    #[arg(short = 'f', long)]
    pub file: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Trade a Self Client grant code for a refresh token (onboarding; prints the token)
    #[command(override_usage = help::EXCHANGE_USAGE, after_help = help::EXCHANGE_EXAMPLES)]
    Exchange(AuthExchangeArgs),
    /// Revoke the refresh token (and every access token minted from it)
    #[command(after_help = help::REVOKE_EXAMPLES)]
    Revoke,
}

#[derive(Debug, Args)]
pub struct AuthExchangeArgs {
    /// The grant code from api-console.zoho.com (or S247_CODE; valid for a few minutes)
    #[arg(long)]
    pub code: Option<String>,
    /// Write the refresh token to FILE (created new, readable by you only) instead of stdout;
    /// the only way to run it where a CI is detected
    #[arg(long, value_name = "FILE")]
    pub save_to: Option<String>,
}

/// The flags given on the command line, as `(setting-name, value)` pairs, from the top level
/// down to the chosen subcommand.
pub fn flags(matches: &ArgMatches) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut level = Some(matches);
    while let Some(m) = level {
        for id in m.ids() {
            let id = id.as_str();
            if m.value_source(id) != Some(ValueSource::CommandLine) {
                continue;
            }
            let Ok(Some(values)) = m.try_get_raw(id) else {
                continue;
            };
            let joined = values
                .map(|v| v.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(",");
            out.push((id.replace('_', "-"), joined));
        }
        level = m.subcommand().map(|(_, sub)| sub);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_are_read_back_by_setting_name() {
        let m = Cli::command()
            .try_get_matches_from([
                "s247",
                "--data-center",
                "eu",
                "maintenance",
                "end",
                "--id",
                "12",
                "--delete",
                "--json",
            ])
            .unwrap();
        let f = flags(&m);
        assert!(f.contains(&("data-center".into(), "eu".into())), "{f:?}");
        assert!(f.contains(&("maintenance-id".into(), "12".into())), "{f:?}");
        assert!(f.contains(&("delete".into(), "true".into())), "{f:?}");
        assert!(f.contains(&("json".into(), "true".into())), "{f:?}");
        let m = Cli::command()
            .try_get_matches_from(["s247", "monitors", "apply", "-f", "m.yaml", "--prune"])
            .unwrap();
        let f = flags(&m);
        assert!(f.contains(&("prune".into(), "delete".into())), "{f:?}");
        assert!(f.contains(&("file".into(), "m.yaml".into())), "{f:?}");
    }
}
