//! Help that teaches (issue 13 item 2): the usage line of each command names what it needs, its
//! help ends with examples, and `s247 --help` groups the commands by what they are for.
//!
//! Every example here is run against the sandbox by `tests/cli_help.rs`, so none can rot. They
//! name the sandbox's seed account (`Homepage`, `API`, group `Web`, tag `env:prod`) and a
//! `monitors.yaml` / `steps.yaml` like those in `examples/`.

use clap::builder::StyledStr;

/// The commands of `s247 --help`, by what they are for. A command missing here would be missing
/// from the top-level help: `every_visible_command_is_in_a_group` keeps the two in step.
pub const GROUPS: &[(&str, &[&str])] = &[
    ("Around a deploy", &["maintenance", "milestone", "run"]),
    ("Monitors as code", &["monitors"]),
    ("Credentials", &["token", "check", "auth"]),
    ("Try it without an account", &["sandbox", "demo"]),
    ("Shell", &["completions", "help"]),
];

/// After the top-level options: where values can come from besides flags.
pub const TOP_AFTER: &str = "\
Every option can also be set in the environment as S247_<NAME> (S247_CLIENT_ID, S247_DURATION);
secrets only come from the environment or a --*-file. `s247 <command> --help` shows examples.";

/// The groups' examples: each is one of their commands' own (the tests check), so running
/// those runs these.
pub const MAINTENANCE_EXAMPLES: &str = "\
Examples:
  s247 maintenance start --monitors \"Homepage,API\" --duration 30m --label deploy-42
  s247 maintenance end --label deploy-42";

pub const MONITORS_EXAMPLES: &str = "\
Examples:
  s247 monitors plan -f monitors.yaml
  s247 monitors apply -f monitors.yaml
  s247 monitors export -o monitors.yaml";

pub const AUTH_EXAMPLES: &str = "\
Examples:
  s247 auth exchange --code 1000.sandbox-grant-code --save-to refresh-token.txt
  s247 auth revoke";

pub const TOKEN_EXAMPLES: &str = "\
Examples:
  s247 token                       # mint once per job; prints the token, later steps reuse it
  s247 token --json                # the token, its expiry and token-envelope as JSON";

pub const CHECK_EXAMPLES: &str = "\
Examples:
  s247 check                                           # what these credentials can do
  s247 check --for maintenance-start,monitors-apply    # exit 3 unless both can run";

pub const START_USAGE: &str = "s247 maintenance start --duration <DURATION> \
<--monitors <MONITORS>|--groups <GROUPS>|--tags <TAGS>> [OPTIONS]";
pub const START_EXAMPLES: &str = "\
Examples:
  s247 maintenance start --monitors \"Homepage,API\" --duration 30m --label deploy-42
  s247 maintenance start --groups Backend --start 2030-06-01T02:00:00Z --duration 2h";

pub const END_USAGE: &str = "s247 maintenance end [--id <ID>|--label <LABEL>] [OPTIONS]";
pub const END_EXAMPLES: &str = "\
Examples:
  s247 maintenance end --label deploy-42    # every window carrying the label (in CI: this run's)";

pub const EXTEND_USAGE: &str =
    "s247 maintenance extend --by <BY> [--id <ID>|--label <LABEL>] [OPTIONS]";
pub const EXTEND_EXAMPLES: &str = "\
Examples:
  s247 maintenance extend --label deploy-42 --by 15m";

pub const LIST_EXAMPLES: &str = "\
Examples:
  s247 maintenance list --active            # a table on a terminal, JSON in a pipe
  s247 maintenance list --label deploy-42 --json";

pub const PLAN_USAGE: &str = "s247 monitors plan --file <FILE> [OPTIONS]";
pub const PLAN_EXAMPLES: &str = "\
Examples:
  s247 monitors plan -f monitors.yaml                        # what apply would change
  s247 monitors plan -f monitors.yaml --detailed-exitcode    # exit 4 if anything would change
  s247 monitors plan -f monitors.yaml --prune                # and what --prune would remove";

pub const APPLY_USAGE: &str = "s247 monitors apply --file <FILE> [OPTIONS]";
pub const APPLY_EXAMPLES: &str = "\
Examples:
  s247 monitors apply -f monitors.yaml --dry-run          # the plan; nothing changes
  s247 monitors apply -f monitors.yaml                    # create and update
  s247 monitors apply -f monitors.yaml --prune=suspend    # and suspend owned monitors not in it";

pub const EXPORT_EXAMPLES: &str = "\
Examples:
  s247 monitors export -o monitors.yaml     # adopt what the account already has
  s247 monitors export --groups Web         # one group's monitors, on stdout";

pub const SUSPEND_USAGE: &str =
    "s247 monitors suspend <--monitors <MONITORS>|--groups <GROUPS>|--tags <TAGS>> [OPTIONS]";
pub const SUSPEND_EXAMPLES: &str = "\
Examples:
  s247 monitors suspend --groups Web
  s247 monitors suspend --monitors \"Homepage,API\"";

pub const ACTIVATE_USAGE: &str =
    "s247 monitors activate <--monitors <MONITORS>|--groups <GROUPS>|--tags <TAGS>> [OPTIONS]";
pub const ACTIVATE_EXAMPLES: &str = "\
Examples:
  s247 monitors activate --groups Web
  s247 monitors activate --monitors \"Homepage,API\"";

pub const VERIFY_USAGE: &str =
    "s247 monitors verify <--monitors <MONITORS>|--groups <GROUPS>|--tags <TAGS>> [OPTIONS]";
pub const VERIFY_EXAMPLES: &str = "\
Examples:
  s247 monitors verify --groups Web --within 5m       # exit 1 unless all are up in time
  s247 monitors verify --monitors Checkout --interval 30s";

pub const MILESTONE_USAGE: &str =
    "s247 milestone <--monitors <MONITORS>|--groups <GROUPS>|--tags <TAGS>> [OPTIONS]";
pub const MILESTONE_EXAMPLES: &str = "\
Examples:
  s247 milestone --groups Web --name \"Deploy 1a2b3c4\"
  s247 milestone --monitors Homepage --message \"Release 2.4 rolled out\"";

pub const RUN_USAGE: &str = "s247 run --file <FILE> [OPTIONS]";
pub const RUN_EXAMPLES: &str = "\
Examples:
  s247 run -f steps.yaml      # every step with one token; see examples/steps.yaml";

pub const EXCHANGE_USAGE: &str = "s247 auth exchange --code <CODE> --client-id <ID> [OPTIONS]";
pub const EXCHANGE_EXAMPLES: &str = "\
Examples:
  s247 auth exchange --code 1000.sandbox-grant-code --save-to refresh-token.txt";

pub const REVOKE_EXAMPLES: &str = "\
Examples:
  s247 auth revoke      # the refresh token in S247_REFRESH_TOKEN, and its access tokens";

pub const SANDBOX_EXAMPLES: &str = "\
Examples:
  s247 sandbox --port 8247                       # prints the `export S247_...` lines to paste
  s247 sandbox --latency 50ms --error-rate 0.05  # a slow, flaky Site24x7";

pub const DEMO_EXAMPLES: &str = "\
Examples:
  s247 demo";

pub const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  source <(s247 completions bash)       # in ~/.bashrc
  s247 completions zsh > _s247          # into a directory on $fpath";

/// The top-level help template: the commands under [`GROUPS`] headings, then clap's own option
/// sections. Styled like clap's headings (clap strips the styling where colour is off).
pub fn top_level_template(command: &clap::Command) -> String {
    let header = command.get_styles().get_header();
    let literal = command.get_styles().get_literal();
    let width = GROUPS
        .iter()
        .flat_map(|(_, names)| names.iter())
        .map(|name| name.len())
        .max()
        .unwrap_or(0);
    let mut text = String::from("{about-with-newline}\n{usage-heading} {usage}\n");
    for (heading, names) in GROUPS {
        text.push_str(&format!("\n{header}{heading}:{header:#}\n"));
        for name in *names {
            let about = about_of(command, name);
            let pad = " ".repeat(width - name.len());
            text.push_str(&format!("  {literal}{name}{literal:#}{pad}  {about}\n"));
        }
    }
    text.push_str("\n{all-args}{after-help}");
    text
}

fn about_of(command: &clap::Command, name: &str) -> String {
    if name == "help" {
        return "Print this message or the help of the given command(s)".into();
    }
    command
        .find_subcommand(name)
        .and_then(|sub| sub.get_about())
        .map(StyledStr::to_string)
        // A template is parsed for `{tags}`: keep braces in an about line literal.
        .map(|about| about.replace('{', "(").replace('}', ")"))
        .unwrap_or_default()
}

/// The parser `s247` runs with: [`crate::cli::Cli`] with the grouped top-level help. The
/// commands are hidden from clap's own flat list only (they still parse, complete and have man
/// pages: those use `Cli::command()`).
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let command = crate::cli::Cli::command();
    let template = top_level_template(&command);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    // The commands are hidden from clap's list below, which would drop `<COMMAND>` from usage.
    let mut command = command
        .help_template(template)
        .override_usage("s247 [OPTIONS] <COMMAND>");
    for name in names {
        command = command.mut_subcommand(name, |sub| sub.hide(true));
    }
    command.build();
    command.mut_subcommand("help", |sub| sub.hide(true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_visible_command_is_in_a_group() {
        let grouped: Vec<&str> = GROUPS.iter().flat_map(|(_, n)| n.iter().copied()).collect();
        let mut visible: Vec<String> = crate::cli::Cli::command()
            .get_subcommands()
            .filter(|sub| !sub.is_hide_set())
            .map(|sub| sub.get_name().to_string())
            .collect();
        visible.push("help".into());
        for name in &visible {
            assert!(grouped.contains(&name.as_str()), "`{name}` is in no group");
        }
        assert_eq!(grouped.len(), visible.len(), "{grouped:?} vs {visible:?}");
    }

    #[test]
    fn the_grouped_parser_still_parses_every_command() {
        let m = command()
            .try_get_matches_from(["s247", "maintenance", "list", "--active"])
            .unwrap();
        assert_eq!(m.subcommand_name(), Some("maintenance"));
        let help = command().render_help().to_string();
        assert!(help.contains("Around a deploy:"), "{help}");
        assert!(help.contains("Usage: s247 [OPTIONS] <COMMAND>"), "{help}");
        assert!(!help.contains("Commands:"), "{help}");
    }
}
