//! Shape checks over the position tree, before (and beside) the typed parse (issue 12).
//!
//! The typed parse stops at its first error and words it for Rust types ("invalid u16",
//! "expected sequence start"). This pass walks every monitor, group and the defaults, and says in
//! the file's words what each field must be — a list, a port number from 1 to 65535, an absolute
//! http(s) URL, one of the check frequencies Site24x7 offers — for every field at once, so one
//! run reports every mistake, unknown fields included.

use crate::error::Problem;
use crate::yaml::{Node, Tree};

use super::spec::{Minutes, Seconds};

/// Fields that hold a list of names.
const LISTS: &[&str] = &["user_groups", "groups", "tags"];
/// Fields that hold a TCP/UDP port.
const PORTS: &[&str] = &["port", "dns_port"];
/// Fields that hold a count.
const COUNTS: &[&str] = &["expiry_days", "health_threshold_count"];

/// The keys each part of the file takes, read from the file's JSON Schema (generated from the
/// types, so it cannot drift): the top level, a monitor, a group, `defaults:`.
struct Keys {
    top: Vec<String>,
    monitor: Vec<String>,
    group: Vec<String>,
    defaults: Vec<String>,
    step: Vec<String>,
}

fn keys() -> &'static Keys {
    static KEYS: std::sync::OnceLock<Keys> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let schema: serde_json::Value =
            serde_json::from_str(&super::spec::schema_json()).expect("the schema is JSON");
        let names = |v: &serde_json::Value| -> Vec<String> {
            v["properties"]
                .as_object()
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default()
        };
        Keys {
            top: names(&schema),
            monitor: names(&schema["$defs"]["MonitorSpec"]),
            group: names(&schema["$defs"]["GroupSpec"]),
            defaults: names(&schema["$defs"]["Defaults"]),
            step: names(&schema["$defs"]["StepSpec"]),
        }
    })
}

/// `unknown field `hots`; did you mean `host`?` for every key `known` lacks.
fn unknown_keys(
    entries: &[(String, crate::yaml::Pos, Tree)],
    known: &[String],
    push: &mut impl FnMut(crate::yaml::Pos, String),
) {
    for (key, at, _) in entries {
        if known.iter().any(|k| k == key) {
            continue;
        }
        let near = known
            .iter()
            .map(|k| (strsim::damerau_levenshtein(key, k), k))
            .filter(|(d, k)| *d <= 2 && *d * 3 < k.len())
            .min_by_key(|(d, _)| *d);
        let message = match near {
            Some((_, k)) => format!("unknown field `{key}`; did you mean `{k}`?"),
            None => format!("unknown field `{key}` (the schema in schema/ lists the fields)"),
        };
        // A key quoted back may be anything (a password hash) when the file is not a monitors
        // file at all (`-f /etc/shadow`): only short plain names are shown.
        push(*at, crate::yaml::hide_file_text(&message));
    }
}

/// Every shape problem of the file whose tree is `tree`.
pub fn check(file: &str, tree: &Tree) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut push = |at: crate::yaml::Pos, message: String| {
        problems.push(Problem {
            message,
            location: Some(at.in_file(file)),
        })
    };
    let keys = keys();
    if let Node::Map(entries) = &tree.node {
        unknown_keys(entries, &keys.top, &mut push);
    }
    for section in ["monitors", "monitor_groups"] {
        let Some(list) = tree.get(&[section]) else {
            continue;
        };
        match &list.node {
            Node::Seq(items) => {
                let known = if section == "monitors" {
                    &keys.monitor
                } else {
                    &keys.group
                };
                for item in items {
                    if let Node::Map(entries) = &item.node {
                        unknown_keys(entries, known, &mut push);
                        check_fields(entries, section == "monitors", &mut push);
                        if section == "monitors" {
                            check_steps(entries, &keys.step, &mut push);
                        }
                    }
                }
            }
            Node::Null => {}
            other => push(
                list.at,
                format!(
                    "`{section}` is a list (one `- name: …` entry per item), not {}",
                    other.kind()
                ),
            ),
        }
    }
    if let Some(Tree {
        node: Node::Map(entries),
        ..
    }) = tree.get(&["defaults"])
    {
        unknown_keys(entries, &keys.defaults, &mut push);
        check_fields(entries, true, &mut push);
    }
    problems
}

fn check_fields(
    entries: &[(String, crate::yaml::Pos, Tree)],
    monitor: bool,
    push: &mut impl FnMut(crate::yaml::Pos, String),
) {
    for (key, _, value) in entries {
        let key = key.as_str();
        let text = value.node.scalar();
        if LISTS.contains(&key) {
            match &value.node {
                Node::Seq(_) | Node::Null => {}
                Node::Map(_) => push(
                    value.at,
                    format!(
                        "`{key}` is a list, not a mapping: write it like {}",
                        example(key, None)
                    ),
                ),
                Node::Text(t) | Node::Plain(t) => push(
                    value.at,
                    format!("`{key}` is a list: write {}", example(key, Some(t))),
                ),
            }
        } else if PORTS.contains(&key) {
            if let Some(t) = text.filter(|t| !is_number_in(t, 1, 65535)) {
                push(
                    value.at,
                    format!(
                        "`{key}` is a port number, a whole number from 1 to 65535; `{t}` is not"
                    ),
                );
            } else if text.is_none() {
                push(
                    value.at,
                    format!(
                        "`{key}` is a port number from 1 to 65535, not {}",
                        value.node.kind()
                    ),
                );
            }
        } else if COUNTS.contains(&key) {
            if let Some(t) = text.filter(|t| !is_number_in(t, 0, u64::from(u32::MAX))) {
                push(
                    value.at,
                    format!("`{key}` is a count, a whole number of 0 or more; `{t}` is not"),
                );
            }
        } else if monitor {
            let problem = match key {
                "check_frequency" => text.and_then(|t| Minutes::parse(t).err()),
                "timeout" => text.and_then(|t| Seconds::parse(t).err()),
                "url" => text.and_then(url_problem),
                _ => None,
            };
            if let Some(message) = problem {
                push(value.at, message);
            }
        }
    }
}

/// A REST API transaction's `steps:`: a non-empty list of mappings, each with a unique `name`
/// and an absolute `url`, and only the fields a step takes.
fn check_steps(
    entries: &[(String, crate::yaml::Pos, Tree)],
    known: &[String],
    push: &mut impl FnMut(crate::yaml::Pos, String),
) {
    let Some((_, _, steps)) = entries.iter().find(|(key, _, _)| key == "steps") else {
        return;
    };
    let items = match &steps.node {
        Node::Seq(items) if !items.is_empty() => items,
        other => {
            let what = match other {
                Node::Seq(_) => "an empty list".to_string(),
                other => other.kind().to_string(),
            };
            push(
                steps.at,
                format!("`steps` is a list of steps (`- name: …` with a `url:` each), not {what}"),
            );
            return;
        }
    };
    let mut seen: Vec<&str> = Vec::new();
    for (i, step) in items.iter().enumerate() {
        let Node::Map(fields) = &step.node else {
            push(
                step.at,
                format!(
                    "step {i} is {}; a step is a mapping with `name:` and `url:`",
                    step.node.kind()
                ),
            );
            continue;
        };
        unknown_keys(fields, known, push);
        let get = |key: &str| fields.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v);
        for required in ["name", "url"] {
            if get(required).is_none() {
                push(
                    step.at,
                    format!("step {i} has no `{required}`: every step needs a name and a url"),
                );
            }
        }
        if let Some(name) = get("name").and_then(|v| v.node.scalar()) {
            if seen.contains(&name) {
                push(
                    get("name").map_or(step.at, |v| v.at),
                    format!(
                        "two steps are named `{name}`: step names must be unique (steps are matched to the live ones by name)"
                    ),
                );
            }
            seen.push(name);
        }
        if let Some(problem) = get("url")
            .and_then(|v| v.node.scalar())
            .and_then(url_problem)
        {
            push(get("url").map_or(step.at, |v| v.at), problem);
        }
        if let Some(value) = get("timeout")
            && let Some(problem) = value.node.scalar().and_then(|t| Seconds::parse(t).err())
        {
            push(value.at, problem);
        }
        if let Some(value) = get("method")
            && value.node.scalar() == Some("HEAD")
        {
            push(
                value.at,
                "a step takes the methods GET, POST, PUT, DELETE (HEAD is not supported)".into(),
            );
        }
        if let Some(value) = get("expected_status")
            && let Some(text) = value.node.scalar()
            && !super::fields::valid_status_codes(text)
        {
            push(
                value.at,
                format!(
                    "`{text}` is not a list of status codes; write it like \"200\", \"200-299\" or \"200-299,301\""
                ),
            );
        }
    }
}

fn is_number_in(text: &str, low: u64, high: u64) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.chars().all(|c| c.is_ascii_digit())
        && text.parse::<u64>().is_ok_and(|n| (low..=high).contains(&n))
}

/// `[env:prod]`, or the value given, in list brackets.
fn example(key: &str, given: Option<&str>) -> String {
    let sample = match given {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ if key == "tags" => "env:prod".to_string(),
        _ => "Admins".to_string(),
    };
    let quoted = if sample.contains([',', '[', ']', '{', '}', '#', '"']) {
        format!("{sample:?}")
    } else {
        sample
    };
    format!("`[{quoted}]`")
}

/// Why `url` is not an absolute http(s) URL, if it is not. `${env:…}` is checked once read.
fn url_problem(url: &str) -> Option<String> {
    let url = url.trim();
    if url.starts_with("${env:") {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let fix = "write it in full, like https://www.example.com/health";
    match rest {
        None => Some(format!("`{url}` is not an absolute http(s) URL; {fix}")),
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            let host = host.rsplit('@').next().unwrap_or_default();
            let name = host.split(':').next().unwrap_or_default();
            if name.is_empty() || host.contains(char::is_whitespace) {
                Some(format!("`{url}` has no host; {fix}"))
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(yaml: &str) -> Vec<String> {
        let tree = Tree::parse(yaml).unwrap();
        check("m.yaml", &tree)
            .into_iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn every_shape_mistake_is_found_in_one_pass() {
        let found = messages(
            "monitors:\n  - {name: a, type: PORT, host: h, port: 70000, tags: env:prod}\n  - {name: b, type: URL, url: example.com, check_frequency: 7m}\n",
        );
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(
            found[0].starts_with("m.yaml:2:42: `port` is a port number"),
            "{found:?}"
        );
        assert!(
            found[1].contains("`tags` is a list: write `[env:prod]`"),
            "{found:?}"
        );
        assert!(
            found[2].contains("not an absolute http(s) URL"),
            "{found:?}"
        );
        assert!(found[3].contains("7m"), "{found:?}");
    }

    #[test]
    fn every_unknown_field_is_found_with_a_suggestion() {
        let found = messages(
            "version: 1\nmonitors:\n  - {name: a, type: PING, hots: h}\n  - {name: b, type: PING, host: h, colour: red}\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].contains("unknown field `hots`; did you mean `host`?"),
            "{found:?}"
        );
        assert!(found[1].contains("unknown field `colour`"), "{found:?}");
    }

    #[test]
    fn urls_must_be_absolute_http() {
        assert_eq!(url_problem("https://x.example.com/a"), None);
        assert_eq!(url_problem("HTTP://x:8080"), None);
        assert_eq!(url_problem("${env:URL}"), None);
        assert!(url_problem("ftp://x").is_some());
        assert!(url_problem("/health").is_some());
        assert!(url_problem("https:///path").is_some());
    }
}
