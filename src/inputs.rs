//! Settings from every source, resolved once (`design.md` §2).
//!
//! One set of kebab-case names everywhere (`client-id`, `duration`, …). A value comes from, in
//! order: a command-line flag, an `S247_*` variable (`S247_CLIENT_ID`), an `INPUT_*` variable as
//! GitHub (`INPUT_CLIENT-ID`) or Azure DevOps (`INPUT_CLIENTID`) set it, or a step of a steps
//! file. `INPUT_*` names are compared after uppercasing and dropping `-` and `_`, which is what
//! makes the GitHub and Azure DevOps spellings the same setting. Empty values count as unset and
//! every value is trimmed.
//!
//! Secrets have no flag: they come from the environment, or from a `--*-file` (`-` for stdin).

use std::collections::BTreeMap;
use std::io::Read;
use std::time::Duration;

use crate::error::{Error, Location, Result};
use crate::secret::Secret;

/// The environment variables the program reads, captured once so tests can supply their own.
#[derive(Clone, Default)]
pub struct Env {
    vars: BTreeMap<String, String>,
    /// `INPUT_*` variables keyed by their normalised name (`CLIENTID`).
    inputs: BTreeMap<String, String>,
}

impl std::fmt::Debug for Env {
    // The environment holds secrets: show only which names are present.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.vars.keys()).finish()
    }
}

impl Env {
    pub fn from_process() -> Self {
        Self::from_pairs(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        )
    }

    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let mut env = Env::default();
        for (key, value) in pairs {
            let (key, value) = (key.into(), value.into());
            if let Some(name) = key.strip_prefix("INPUT_") {
                env.inputs.insert(normalise_input_name(name), value.clone());
            }
            env.vars.insert(key, value);
        }
        env
    }

    /// The names of every variable (for the misspelled-setting check).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.keys().map(String::as_str)
    }

    /// A variable's trimmed value; empty counts as unset.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn input(&self, setting: &str) -> Option<&str> {
        self.inputs
            .get(&normalise_input_name(setting))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// A setting from `S247_*`, else from `INPUT_*`.
    fn setting(&self, name: &str) -> Option<(&str, Origin)> {
        if let Some(v) = self.get(&s247_var(name)) {
            return Some((v, Origin::S247Var));
        }
        self.input(name).map(|v| (v, Origin::Input))
    }
}

/// `client-id` / `CLIENT-ID` / `clientId` → `CLIENTID`.
fn normalise_input_name(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_uppercase)
        .collect()
}

/// `client-id` → `S247_CLIENT_ID`.
pub fn s247_var(name: &str) -> String {
    format!("S247_{}", name.replace('-', "_").to_uppercase())
}

/// `client-id` → `clientId`, the Azure DevOps input name.
pub fn azure_input(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// How to set a setting, in every dialect: for messages that tell the user what to fix.
pub fn how_to_set(name: &str) -> String {
    // Secrets have no flag of their own (argv is visible to every process): point at the file form.
    let flag = if SECRETS.contains(&name) {
        format!("--{name}-file PATH")
    } else {
        format!("--{name}")
    };
    format!(
        "the `{name}` input (GitHub), the `{}` input (Azure DevOps), `{}` or `{flag}`",
        azure_input(name),
        s247_var(name)
    )
}

/// The settings that are secrets: read from the environment or a file, never from a flag value.
pub const SECRETS: &[&str] = &["client-secret", "refresh-token", "access-token"];

/// The values of the secret settings given in the environment (`S247_CLIENT_SECRET`,
/// `INPUT_REFRESH-TOKEN`, …), so they can be masked before the first message that could quote
/// an input (a secret pasted into the wrong setting must not come back in its error).
pub fn secrets_in(env: &Env) -> Vec<Secret> {
    SECRETS
        .iter()
        .filter_map(|name| env.setting(name).map(|(value, _)| Secret::new(value)))
        .collect()
}

/// Where a value came from, so an error about it can point there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Flag,
    S247Var,
    Input,
    /// A setting of a step in a steps file.
    File(Location),
}

#[derive(Debug, Clone)]
struct Value {
    text: String,
    origin: Origin,
}

/// The settings of one command, after precedence has been applied.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    values: BTreeMap<String, Value>,
}

impl Settings {
    /// Resolve `names` from flags (already given as `(name, value)`) over the environment.
    pub fn resolve<'a>(
        flags: &[(String, String)],
        env: &Env,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut settings = Settings::default();
        for name in names {
            let flag = flags
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty());
            let value = match flag {
                Some(v) => Some((v, Origin::Flag)),
                None => env.setting(name),
            };
            if let Some((text, origin)) = value {
                settings.values.insert(
                    name.to_string(),
                    Value {
                        text: text.to_string(),
                        origin,
                    },
                );
            }
        }
        settings
    }

    /// Settings written in a file (a step of a steps file), each with its place.
    pub fn from_file(values: impl IntoIterator<Item = (String, String, Location)>) -> Self {
        let mut settings = Settings::default();
        for (name, text, at) in values {
            let text = text.trim().to_string();
            if !text.is_empty() {
                settings.values.insert(
                    name,
                    Value {
                        text,
                        origin: Origin::File(at),
                    },
                );
            }
        }
        settings
    }

    /// Add `other`'s values where this has none (a step's settings over the job's).
    pub fn with_fallback(mut self, other: &Settings) -> Self {
        for (name, value) in &other.values {
            self.values
                .entry(name.clone())
                .or_insert_with(|| value.clone());
        }
        self
    }

    pub fn set(&mut self, name: &str, text: impl Into<String>) {
        self.values.insert(
            name.to_string(),
            Value {
                text: text.into(),
                origin: Origin::Flag,
            },
        );
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(|v| v.text.as_str())
    }

    pub fn origin(&self, name: &str) -> Option<&Origin> {
        self.values.get(name).map(|v| &v.origin)
    }

    /// An error about the value of `name`, pointing at where that value came from.
    pub fn error(&self, name: &str, message: impl Into<String>) -> Error {
        let message = message.into();
        match self.origin(name) {
            Some(Origin::File(at)) => Error::invalid_at(at.clone(), message),
            Some(Origin::Flag) => Error::invalid(format!("--{name}: {message}")),
            Some(Origin::S247Var) => Error::invalid(format!("{}: {message}", s247_var(name))),
            Some(Origin::Input) => Error::invalid(format!("input `{name}`: {message}")),
            None => Error::invalid(message),
        }
    }

    pub fn require(&self, name: &str, what: &str) -> Result<&str> {
        self.get(name)
            .ok_or_else(|| Error::invalid(format!("{what} is missing: set {}", how_to_set(name))))
    }

    /// A list: comma- or newline-separated, each item trimmed, empty items dropped.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.get(name).map(split_list).unwrap_or_default()
    }

    pub fn flag(&self, name: &str) -> Result<Option<bool>> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => Ok(Some(true)),
            "false" | "no" | "off" | "0" => Ok(Some(false)),
            _ => Err(self.error(
                name,
                format!("`{text}` is not a boolean; use true or false"),
            )),
        }
    }

    pub fn duration(&self, name: &str) -> Result<Option<Duration>> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        parse_duration(text)
            .map(Some)
            .map_err(|m| self.error(name, m))
    }

    pub fn number(&self, name: &str) -> Result<Option<u64>> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        text.parse()
            .map(Some)
            .map_err(|_| self.error(name, format!("`{text}` is not a whole number")))
    }

    /// The names set here that `allowed` does not know, for "unknown setting" errors.
    pub fn unknown<'a>(&'a self, allowed: &'a [&str]) -> impl Iterator<Item = &'a str> {
        self.names().filter(move |n| !allowed.contains(n))
    }
}

pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Variables a file's `${env:NAME}` may not read: s247's own settings and credentials
/// (`S247_*`, `INPUT_*`), the CI's secrets and tokens (`SECRET_*` on Azure DevOps,
/// `SYSTEM_ACCESSTOKEN`, `GITHUB_TOKEN`, `ACTIONS_*` runtime tokens, service-connection
/// `ENDPOINT_AUTH_*`). A file (or whoever edits it) could otherwise send them to any URL as a
/// header. Names compare case-insensitively: Windows environments do.
pub fn check_env_reference(name: &str) -> std::result::Result<(), String> {
    let upper = name.to_ascii_uppercase();
    let refused = ["S247_", "INPUT_", "SECRET_", "ACTIONS_", "ENDPOINT_AUTH_"]
        .iter()
        .any(|prefix| upper.starts_with(prefix))
        || ["SYSTEM_ACCESSTOKEN", "GITHUB_TOKEN"].contains(&upper.as_str());
    if refused {
        return Err(format!(
            "`${{env:{name}}}` may not be read: `{name}` holds s247's credentials or the CI's own secrets (S247_*, INPUT_*, SECRET_*, ACTIONS_*, ENDPOINT_AUTH_*, SYSTEM_ACCESSTOKEN and GITHUB_TOKEN are refused); map the value you mean to send into a variable of its own (e.g. `env: API_KEY: ${{{{ secrets.API_KEY }}}}`) and use `${{env:API_KEY}}`"
        ));
    }
    Ok(())
}

/// The names of the `${env:NAME}` references in a file's text, found without parsing it, so
/// the values can be masked before the file is checked (a check that fails must not quote one).
pub fn env_references(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${env:") {
        let after = &rest[start + 6..];
        let Some(end) = after.find('}') else { break };
        names.push(after[..end].trim());
        rest = &after[end + 1..];
    }
    names
}

/// The longest duration any setting parses (100 years). The settings' own ceilings
/// (`max-duration`, the `timeout` and `token-wait` limits) are far lower and name themselves;
/// this one only keeps the clock arithmetic from overflowing.
const ABSURD_DURATION: jiff::SignedDuration = jiff::SignedDuration::from_hours(24 * 365 * 100);

/// `90s`, `2m`, `1h30m`, `1h 30m` → a positive duration. A bare number is refused: minutes and
/// seconds are both plausible, and guessing wrong would open a window sixty times too long.
pub fn parse_duration(text: &str) -> std::result::Result<Duration, String> {
    let text = text.trim();
    let hint = "write it like 90s, 30m or 1h30m";
    if text.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{text}` has no unit; {hint}"));
    }
    let parsed: jiff::SignedDuration = text
        .parse()
        .map_err(|_| format!("`{text}` is not a duration; {hint}"))?;
    if parsed.is_negative() || parsed.is_zero() {
        return Err(format!("`{text}` must be positive; {hint}"));
    }
    // Nothing s247 waits for or opens lasts a century; a larger value is a typo, and would
    // overflow the clock arithmetic (`100000000h` is past the year 9999).
    if parsed > ABSURD_DURATION {
        return Err(format!(
            "`{text}` is longer than a hundred years; give a duration of at most 876000h"
        ));
    }
    Duration::try_from(parsed).map_err(|_| format!("`{text}` is out of range"))
}

/// A secret setting: from `--NAME-file` / `S247_NAME_FILE` (a path, or `-` for stdin), else from
/// the environment (`S247_NAME`, `INPUT_NAME`). Never from a flag value: argv is visible to
/// every process on the machine.
pub fn read_secret(
    name: &str,
    settings: &Settings,
    env: &Env,
    stdin: &mut dyn Read,
) -> Result<Option<Secret>> {
    let file_setting = format!("{name}-file");
    if let Some(path) = settings.get(&file_setting) {
        let mut text = String::new();
        if path == "-" {
            stdin.read_to_string(&mut text).map_err(|e| {
                settings.error(&file_setting, format!("cannot read {name} from stdin: {e}"))
            })?;
        } else {
            text = std::fs::read_to_string(path)
                .map_err(|e| settings.error(&file_setting, format!("cannot read `{path}`: {e}")))?;
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(settings.error(&file_setting, format!("`{path}` holds no {name}")));
        }
        if !crate::secret::is_one_line(text) {
            return Err(settings.error(&file_setting, multi_line(name)));
        }
        return Ok(Some(Secret::new(text)));
    }
    match env.setting(name) {
        Some((value, _)) if !crate::secret::is_one_line(value) => {
            Err(Error::invalid(multi_line(name)))
        }
        found => Ok(found.map(|(v, _)| Secret::new(v))),
    }
}

/// A secret with a line break cannot be masked whole on every platform; never quoted.
fn multi_line(name: &str) -> String {
    format!(
        "the {name} holds a line break or control character; a credential is one line: copy it again without them"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn github_and_azure_input_spellings_are_one_setting() {
        for key in ["INPUT_CLIENT-ID", "INPUT_CLIENTID", "INPUT_CLIENT_ID"] {
            let s = Settings::resolve(&[], &env(&[(key, " abc \n")]), ["client-id"]);
            assert_eq!(s.get("client-id"), Some("abc"), "{key}");
        }
    }

    #[test]
    fn precedence_is_flag_then_s247_then_input() {
        let e = env(&[("S247_DATA_CENTER", "eu"), ("INPUT_DATA-CENTER", "in")]);
        let flags = vec![("data-center".to_string(), "au".to_string())];
        assert_eq!(
            Settings::resolve(&flags, &e, ["data-center"]).get("data-center"),
            Some("au")
        );
        assert_eq!(
            Settings::resolve(&[], &e, ["data-center"]).get("data-center"),
            Some("eu")
        );
        let e = env(&[("S247_DATA_CENTER", "  "), ("INPUT_DATA-CENTER", "in")]);
        assert_eq!(
            Settings::resolve(&[], &e, ["data-center"]).get("data-center"),
            Some("in")
        );
    }

    #[test]
    fn lists_split_on_commas_and_newlines() {
        assert_eq!(split_list("a, b\nc,,\n d "), vec!["a", "b", "c", "d"]);
    }

    #[test]
    fn durations_need_units() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_duration("30").unwrap_err().contains("no unit"));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("0s").is_err());
        assert!(
            parse_duration("100000000h")
                .unwrap_err()
                .contains("longer than a hundred years")
        );
        assert!(parse_duration("876000h").is_ok());
    }

    #[test]
    fn azure_names_are_camel_case() {
        assert_eq!(azure_input("client-secret"), "clientSecret");
        assert_eq!(azure_input("maintenance-id"), "maintenanceId");
    }

    #[test]
    fn secrets_come_from_files_or_env() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        std::fs::write(&path, "from-file\n").unwrap();
        let mut settings = Settings::default();
        settings.set("client-secret-file", path.to_str().unwrap());
        let e = env(&[("S247_CLIENT_SECRET", "from-env")]);
        let got = read_secret("client-secret", &settings, &e, &mut std::io::empty())
            .unwrap()
            .unwrap();
        assert_eq!(got.expose(), "from-file");
        let got = read_secret(
            "client-secret",
            &Settings::default(),
            &e,
            &mut std::io::empty(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(got.expose(), "from-env");
        let mut stdin = "from-stdin".as_bytes();
        settings.set("client-secret-file", "-");
        let got = read_secret("client-secret", &settings, &e, &mut stdin)
            .unwrap()
            .unwrap();
        assert_eq!(got.expose(), "from-stdin");
    }
}
