//! `export`: existing monitors (all, or those in `--groups` / with `--tags`) and their groups as a
//! monitors file that plans zero changes when applied unchanged. References are written by name
//! (by id where a name is ambiguous); secrets the API does not give back, and header values that
//! look like credentials, become `${env:…}` placeholders with a comment saying which variable to
//! set. Every exported monitor is checked by loading it back, so the file is one s247 accepts.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::{Map, Value};

use crate::api::Api;
use crate::api::catalog::Catalog;
use crate::api::envelope::{as_id, id_list};
use crate::ci::Reporter;
use crate::error::{Error, Result};
use crate::inputs::Env;

use super::fields::{self, Codec, Names, RefKind, Scope};
use super::resolve::Catalogs;
use super::spec::{GroupSpec, MonitorSpec, MonitorType, MonitorsFile};

/// Which monitors to export: all when both are empty, else those in any of the groups or with
/// any of the tags.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub groups: Vec<String>,
    pub tags: Vec<String>,
}

/// The exported file and what is in it.
#[derive(Debug, Clone)]
pub struct Exported {
    pub yaml: String,
    pub monitors: usize,
    pub groups: usize,
}

/// Read the account and write the file.
pub fn export(api: &Api, filter: &Filter, workers: usize, log: &Reporter) -> Result<Exported> {
    let mut catalogs = Catalogs::default();
    catalogs.fetch(api, true, &RefKind::ALL.into_iter().collect(), workers)?;
    // The steps of REST API transactions are a request of their own (one per monitor).
    super::types::restapiseq::read_steps(api, &mut catalogs.monitors, |_| true, workers)?;
    // Subgroups, to name them in the file's comments. `GET /subgroups` is undocumented (the
    // provider's `List()` uses it), so an account without it only loses the names.
    if let Ok(Value::Array(subgroups)) = api.get("/subgroups") {
        for sub in subgroups {
            if let (Some(id), Some(name)) = (
                sub.get("group_id").and_then(as_id),
                sub.get("display_name").and_then(Value::as_str),
            ) {
                catalogs.subgroups.insert(id, name.to_string());
            }
        }
    }
    // The windows this file form owns (`maintenance_windows:`); a filtered export has none.
    if filter.groups.is_empty() && filter.tags.is_empty() {
        match api.get(crate::api::maintenance::PATH) {
            Ok(Value::Array(windows)) => catalogs.windows = windows,
            Ok(_) => {}
            Err(e) => log.warning(format!(
                "maintenance windows were not exported: reading them failed ({e})"
            )),
        }
    }
    // The users, to write user group members by e-mail address; without them (a token that
    // may not read users) the members are left out of the file.
    match api.get("/users") {
        Ok(Value::Array(users)) => catalogs.users = users,
        Ok(_) => {}
        Err(e) => log.warning(format!(
            "could not read the users ({e}); user groups are exported without members"
        )),
    }
    let exported = build(&catalogs, filter, log)?;
    Ok(exported)
}

/// Names as the file writes them: the name where it picks exactly this object, else the id.
struct ExportNames<'a> {
    catalogs: &'a Catalogs,
    scope: Scope,
}

impl Names for ExportNames<'_> {
    fn name_of(&self, kind: RefKind, id: &str) -> Option<String> {
        let name = self.catalogs.name_of(kind, id)?;
        match self.catalogs.resolve(kind, self.scope, &name) {
            Ok(found) if found == id => Some(name),
            _ => Some(id.to_string()),
        }
    }
}

/// A placeholder written into the file: the variable and what it stands for.
struct Placeholder {
    variable: String,
    what: String,
}

/// Build the file from what the account holds.
pub fn build(catalogs: &Catalogs, filter: &Filter, log: &Reporter) -> Result<Exported> {
    let (group_ids, tag_ids) = filter_ids(catalogs, filter)?;
    let filtered = !filter.groups.is_empty() || !filter.tags.is_empty();

    let mut by_name: HashMap<String, Vec<&Value>> = HashMap::new();
    for monitor in &catalogs.monitors {
        if let Some(name) = monitor.get("display_name").and_then(Value::as_str) {
            by_name.entry(name.to_string()).or_default().push(monitor);
        }
    }
    let group_members: HashMap<String, HashSet<String>> = catalogs
        .list(RefKind::MonitorGroup)
        .iter()
        .map(|g| {
            (
                g.id.clone(),
                id_list(&g.raw, "monitors").into_iter().collect(),
            )
        })
        .collect();

    let mut placeholders = Vec::new();
    let mut monitors = Vec::new();
    let mut skipped = Vec::new();
    let mut kept = Vec::new();
    let mut used_groups = BTreeSet::new();
    let mut variables = HashSet::new();
    for live in &catalogs.monitors {
        let name = live
            .get("display_name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let id = live.get("monitor_id").and_then(as_id).unwrap_or_default();
        let live_groups = id_list(live, "monitor_groups");
        if filtered {
            let in_group = group_ids.iter().any(|g| {
                live_groups.contains(g) || group_members.get(g).is_some_and(|m| m.contains(&id))
            });
            let tagged = id_list(live, "tag_ids").iter().any(|t| tag_ids.contains(t));
            if !in_group && !tagged {
                continue;
            }
        }
        let type_name = live.get("type").and_then(Value::as_str).unwrap_or_default();
        let kind = MonitorType::of_live(live);
        if let Some(kind) = kind.filter(|k| !k.creatable()) {
            skipped.push(format!(
                "`{name}` (id {id}): {kind} monitors are adopted, not exported (to manage its groups, tags and profiles, list it by name with `type: {kind}`)"
            ));
            continue;
        }
        let Some(kind) = kind else {
            skipped.push(if type_name.is_empty() {
                format!("`{name}` (id {id}): no type (domain-expiry monitors come back without one); not managed by s247")
            } else {
                format!("`{name}` (id {id}): type {type_name} is not managed by s247")
            });
            continue;
        };
        if by_name.get(&name).is_some_and(|same| same.len() > 1) {
            skipped.push(format!(
                "`{name}` (id {id}): another monitor has the same name; rename one to manage it"
            ));
            continue;
        }
        let mut own = Vec::new();
        let spec = monitor_spec(live, kind, &name, catalogs, &mut own, &mut variables);
        let notes = kept_as_is(live, kind, &name, catalogs);
        match check(&spec, &own) {
            Ok(monitor) => {
                kept.extend(notes);
                used_groups.extend(live_groups);
                placeholders.extend(own);
                monitors.push(monitor);
            }
            Err(problem) => skipped.push(format!("`{name}` (id {id}): {problem}")),
        }
    }

    let (maintenance_windows, left_out) = match filtered {
        true => (None, Vec::new()),
        false => super::windows::export::export(catalogs, super::spec::DEFAULT_OWNER_TAG),
    };
    skipped.extend(left_out);

    let mut groups = Vec::new();
    for group in catalogs.list(RefKind::MonitorGroup) {
        if filtered && !used_groups.contains(&group.id) {
            continue;
        }
        if catalogs.groups_named(&group.name).len() > 1 {
            skipped.push(format!(
                "group `{}` (id {}): another group has the same name",
                group.name, group.id
            ));
            continue;
        }
        groups.push(group_spec(&group.raw, &group.name, catalogs));
    }

    for line in &skipped {
        log.warning(format!("not exported: {line}"));
    }
    for line in &kept {
        log.info(format!("kept as is: {line}"));
    }
    let mut file = MonitorsFile {
        version: 1,
        owner_tag: None,
        defaults: None,
        monitor_groups: groups,
        monitors,
        maintenance_windows,
        ..MonitorsFile::default()
    };
    if !filtered {
        // The profile sections (issue 15): all of them, or none when a filter picks monitors.
        super::profiles::export::fill(&mut file, catalogs, log);
    }
    let body = serde_saphyr::to_string(&file)
        .map_err(|e| Error::runtime(format!("cannot write the exported file: {e}")))?;
    let mut yaml = header(&placeholders, &skipped);
    if !kept.is_empty() {
        yaml.push_str("#\n# Not in the file, and left as they are by plan and apply:\n");
        for line in &kept {
            yaml.push_str(&format!("#   {}\n", line.replace('\n', " ")));
        }
    }
    yaml.push_str(&annotate(&body, &placeholders));
    Ok(Exported {
        yaml,
        monitors: file.monitors.len(),
        groups: file.monitor_groups.len(),
    })
}

/// The ids of the groups and tags the filter names; unknown names are input errors.
fn filter_ids(catalogs: &Catalogs, filter: &Filter) -> Result<(Vec<String>, Vec<String>)> {
    let mut problems = crate::error::Problems::default();
    let mut resolve = |kind: RefKind, setting: &str, names: &[String]| {
        let catalog = Catalog::new(kind.kind(), catalogs.list(kind).to_vec());
        let mut ids = Vec::new();
        for name in names {
            match catalog.resolve(name) {
                Ok(id) => ids.push(id),
                Err(e) => problems.push(format!("--{setting}: {e}")),
            }
        }
        ids
    };
    let groups = resolve(RefKind::MonitorGroup, "groups", &filter.groups);
    let tags = resolve(RefKind::Tag, "tags", &filter.tags);
    problems.into_result((groups, tags))
}

fn monitor_spec(
    live: &Value,
    kind: MonitorType,
    name: &str,
    catalogs: &Catalogs,
    placeholders: &mut Vec<Placeholder>,
    variables: &mut HashSet<String>,
) -> Value {
    let scope = Scope::Monitor(kind);
    let names = ExportNames { catalogs, scope };
    let mut object = Map::new();
    object.insert("name".into(), Value::String(name.into()));
    object.insert("type".into(), Value::String(kind.api_name().into()));
    for field in fields::fields_for(scope) {
        let Some(mut value) = fields::from_api(field.codec, live, &names) else {
            continue;
        };
        if value == Value::Bool(false) {
            continue; // the API's default; left out to keep the file short
        }
        if let Codec::Refs(keys, RefKind::MonitorGroup) = field.codec {
            // Subgroups cannot be named in the file: left out, noted, and kept by apply.
            let unseen = super::plan::unseen_groups(live, keys[0], catalogs);
            if let Value::Array(items) = &mut value {
                items.retain(|v| !v.as_str().is_some_and(|s| unseen.iter().any(|u| u == s)));
                if items.is_empty() {
                    continue;
                }
            }
        }
        match field.codec {
            Codec::BasicAuth => {
                let variable = variable(name, "PASSWORD", variables);
                value["password"] = Value::String(format!("${{env:{variable}}}"));
                placeholders.push(Placeholder {
                    what: format!("basic_auth password of `{name}` (passwords are never exported)"),
                    variable,
                });
            }
            Codec::Headers(_) => {
                if let Value::Object(headers) = &mut value {
                    for (header, v) in headers.iter_mut() {
                        let hidden = v
                            .as_str()
                            .is_none_or(|s| s.trim().is_empty() || s.chars().all(|c| c == '*'));
                        if hidden || sensitive_header(header) {
                            let variable = variable(name, header, variables);
                            *v = Value::String(format!("${{env:{variable}}}"));
                            placeholders.push(Placeholder {
                                what: format!("value of the `{header}` header of `{name}`"),
                                variable,
                            });
                        }
                    }
                }
            }
            _ => {}
        }
        object.insert(field.name.into(), value);
    }
    Value::Object(object)
}

/// What a monitor holds that the file cannot say, written as comments: memberships in groups
/// the file cannot name (subgroups, §8 row 7) and codes s247 does not know (§8 row 9), raw.
fn kept_as_is(live: &Value, kind: MonitorType, name: &str, catalogs: &Catalogs) -> Vec<String> {
    let mut notes = Vec::new();
    for id in super::plan::unseen_groups(live, "monitor_groups", catalogs) {
        notes.push(match catalogs.subgroups.get(&id) {
            Some(sub) => format!("`{name}` is in subgroup `{sub}` (id {id})"),
            None => format!("`{name}` is in group id {id}, which the group list does not show"),
        });
    }
    for field in fields::fields_for(Scope::Monitor(kind)) {
        if let Codec::Choice(key, _) = field.codec
            && let Some(raw) = live.get(key).and_then(fields::scalar_text)
            && !raw.trim().is_empty()
            && fields::from_api(field.codec, live, catalogs).is_none()
        {
            notes.push(format!(
                "`{name}`: {key} is `{raw}`, a code s247 does not know ({} cannot say it)",
                field.name
            ));
        }
    }
    notes
}

fn group_spec(live: &Value, name: &str, catalogs: &Catalogs) -> GroupSpec {
    let names = ExportNames {
        catalogs,
        scope: Scope::Group,
    };
    let mut object = Map::new();
    object.insert("name".into(), Value::String(name.into()));
    for field in fields::fields_for(Scope::Group) {
        if let Some(value) = fields::from_api(field.codec, live, &names)
            && value != Value::Bool(false)
        {
            object.insert(field.name.into(), value);
        }
    }
    serde_json::from_value(Value::Object(object)).unwrap_or_else(|_| GroupSpec {
        name: name.to_string(),
        ..GroupSpec::default()
    })
}

/// Load the monitor back as a one-monitor file (placeholders set to dummies): the export only
/// writes what s247 accepts.
fn check(spec: &Value, placeholders: &[Placeholder]) -> std::result::Result<MonitorSpec, String> {
    let monitor: MonitorSpec = serde_json::from_value(spec.clone()).map_err(|e| e.to_string())?;
    let file = MonitorsFile {
        version: 1,
        monitors: vec![monitor.clone()],
        ..MonitorsFile::default()
    };
    let text = serde_saphyr::to_string(&file).map_err(|e| e.to_string())?;
    let env = Env::from_pairs(
        placeholders
            .iter()
            .map(|p| (p.variable.clone(), "placeholder".to_string())),
    );
    super::load::load("export", &text, &env)
        .map(|_| monitor)
        .map_err(|e| e.to_string())
}

/// `MONITOR_<MONITOR>_<WHAT>`, upper-case, unique within the file.
fn variable(monitor: &str, what: &str, taken: &mut HashSet<String>) -> String {
    let slug = |text: &str| {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect::<String>()
            .split('_')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("_")
    };
    let base = format!("MONITOR_{}_{}", slug(monitor), slug(what));
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

pub(crate) fn sensitive_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "authorization",
        "cookie",
        "token",
        "secret",
        "password",
        "key",
        "auth",
        "signature",
        "credential",
        "session",
        "private",
        "pass",
    ]
    .iter()
    .any(|word| name.contains(word))
}

fn header(placeholders: &[Placeholder], skipped: &[String]) -> String {
    let mut out = String::from(
        "# Exported by `s247 monitors export`. Applied unchanged, it plans no changes.\n# Schema: https://github.com/s247-dev/s247/blob/main/schema/monitors.schema.json\n",
    );
    if !placeholders.is_empty() {
        out.push_str(
            "#\n# Secrets are not exported. Set these variables (CI secrets) before plan/apply:\n",
        );
        let mut seen = BTreeMap::new();
        for p in placeholders {
            seen.entry(p.variable.as_str()).or_insert(p.what.as_str());
        }
        for (variable, what) in seen {
            out.push_str(&format!("#   {variable}: {what}\n"));
        }
    }
    if !skipped.is_empty() {
        out.push_str("#\n# Not exported:\n");
        for line in skipped {
            out.push_str(&format!("#   {}\n", line.replace('\n', " ")));
        }
    }
    out
}

/// Mark each line holding a placeholder with a comment naming its variable.
fn annotate(body: &str, placeholders: &[Placeholder]) -> String {
    let mut out = String::new();
    for line in body.lines() {
        out.push_str(line);
        if let Some(p) = placeholders
            .iter()
            .find(|p| line.contains(&format!("${{env:{}}}", p.variable)))
        {
            out.push_str(&format!("  # secret: set {} in CI", p.variable));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ci::{PlainOptions, Platform, Sinks};
    use serde_json::json;

    fn quiet() -> Reporter {
        Reporter::new(
            Platform::Plain,
            &Env::default(),
            PlainOptions::default(),
            Sinks {
                stdout: Box::new(std::io::sink()),
                stderr: Box::new(std::io::sink()),
            },
        )
    }

    fn account() -> Catalogs {
        Catalogs::from_parts(
            vec![
                json!({"monitor_id": "900", "display_name": "Home", "type": "URL", "website": "https://example.com",
                    "timeout": "10", "check_frequency": "5", "http_method": "G", "tag_ids": ["31"],
                    "monitor_groups": ["61"], "threshold_profile_id": "11", "follow_redirect": "false",
                    "auth_user": "ci", "custom_headers": [{"name": "X-Api-Key", "value": "abc"}, {"name": "Accept", "value": "text/html"}],
                    "matching_keyword": {"value": "Welcome", "severity": "2"}}),
                json!({"monitor_id": "901", "display_name": "Ping", "type": "PING", "host_name": "example.com",
                    "threshold_profile_id": "12"}),
                json!({"monitor_id": "902", "display_name": "Server", "type": "SERVER"}),
            ],
            vec![
                (
                    RefKind::ThresholdProfile,
                    vec![
                        json!({"profile_id": "11", "profile_name": "Default", "type": "URL"}),
                        json!({"profile_id": "12", "profile_name": "Default", "type": "PING"}),
                        json!({"profile_id": "13", "profile_name": "Default", "type": "PING"}),
                    ],
                ),
                (
                    RefKind::Tag,
                    vec![json!({"tag_id": "31", "tag_name": "managed-by", "tag_value": "s247"})],
                ),
                (
                    RefKind::MonitorGroup,
                    vec![
                        json!({"group_id": "61", "display_name": "Web", "monitors": ["900"]}),
                        json!({"group_id": "62", "display_name": "Other"}),
                    ],
                ),
            ],
        )
    }

    #[test]
    fn exports_names_placeholders_and_only_managed_types() {
        let out = build(&account(), &Filter::default(), &quiet()).unwrap();
        let y = &out.yaml;
        assert_eq!(out.monitors, 2);
        assert_eq!(out.groups, 2);
        assert!(y.contains("threshold_profile: Default"), "{y}");
        assert!(
            y.contains("threshold_profile: '12'") || y.contains("threshold_profile: \"12\""),
            "ambiguous → id: {y}"
        );
        assert!(y.contains("${env:MONITOR_HOME_PASSWORD}"), "{y}");
        assert!(y.contains("${env:MONITOR_HOME_X_API_KEY}"), "{y}");
        assert!(y.contains("Accept: text/html"), "{y}");
        assert!(!y.contains("abc"), "{y}");
        assert!(
            y.contains("# secret: set MONITOR_HOME_PASSWORD in CI"),
            "{y}"
        );
        assert!(
            y.contains("SERVER monitors are adopted, not exported"),
            "{y}"
        );
        assert!(
            y.contains("tags:\n    - managed-by:s247") || y.contains("- managed-by:s247"),
            "{y}"
        );
        assert!(!y.contains("follow_redirects"), "false is left out: {y}");
        // It loads back.
        let env = Env::from_pairs([
            ("MONITOR_HOME_PASSWORD", "p"),
            ("MONITOR_HOME_X_API_KEY", "k"),
        ]);
        let d = super::super::load::load("exported.yaml", y, &env).unwrap();
        assert_eq!(d.monitors.len(), 2);
    }

    #[test]
    fn filters_pick_groups_and_tags() {
        let filter = Filter {
            groups: vec!["Web".into()],
            tags: vec![],
        };
        let out = build(&account(), &filter, &quiet()).unwrap();
        assert_eq!((out.monitors, out.groups), (1, 1));
        let bad = Filter {
            groups: vec!["Nope".into()],
            tags: vec![],
        };
        assert!(
            build(&account(), &bad, &quiet())
                .unwrap_err()
                .to_string()
                .contains("--groups: unknown monitor group `Nope`")
        );
    }
}
