//! How a plan is shown: a diff in the log (`field: old → new`, secrets as `(secret)`), a
//! markdown table for the step summary, and the `changes` output (compact JSON of actions,
//! kinds, names and field names — never values).

use serde::Serialize;

use crate::ci::Reporter;
use crate::ci::escape::table_cell;
use crate::ci::style::Paint;

use super::plan::{Action, Change, Plan};

/// The plan in the log, one line per change and one per field, the counts before and after (a
/// long plan's end is what stays on screen). On a terminal each change is coloured by what it
/// does: green create, yellow update, red delete and suspend.
pub fn log_plan(log: &Reporter, plan: &Plan, file: &str) {
    for note in &plan.notes {
        log.info(format!("note: {note}"));
    }
    if !plan.has_changes() {
        log.info(format!(
            "{file}: no changes; {} unchanged",
            plural(plan.unchanged, "object")
        ));
        return;
    }
    log.info(format!("{file}: {}", counts(plan)));
    for change in &plan.changes {
        log.info_in(
            paint(change.action),
            format!("{} {}", sign(change.action), headline(change)),
        );
        for field in &change.fields {
            match &field.old {
                Some(old) => log.info(format!("      {}: {old} → {}", field.name, field.new)),
                None => log.info(format!("      {}: {}", field.name, field.new)),
            }
        }
    }
    log.info_in(Paint::Strong, format!("Plan: {}", counts(plan)));
}

fn paint(action: Action) -> Paint {
    match action {
        Action::Create => Paint::Create,
        Action::Update => Paint::Update,
        Action::Delete | Action::Suspend => Paint::Remove,
    }
}

fn sign(action: Action) -> &'static str {
    match action {
        Action::Create => "  +",
        Action::Update => "  ~",
        Action::Delete => "  -",
        Action::Suspend => "  !",
    }
}

/// `create monitor `Home` (URL)`, `delete monitor `Old` (PING, id 9): owned, not in the file`.
pub fn headline(change: &Change) -> String {
    let mut detail = Vec::new();
    if let Some(kind) = &change.type_name {
        detail.push(kind.clone());
    }
    if let Some(id) = &change.id {
        detail.push(format!("id {id}"));
    }
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!(" ({})", detail.join(", "))
    };
    let why = match change.action {
        Action::Delete | Action::Suspend => ": owned, and no longer in the file",
        _ => "",
    };
    format!(
        "{} {} `{}`{detail}{why}",
        change.action.verb(),
        change.kind.noun(),
        change.name
    )
}

/// `2 to create, 1 to update, 0 to delete, 0 to suspend; 5 unchanged`.
pub fn counts(plan: &Plan) -> String {
    format!(
        "{} to create, {} to update, {} to delete, {} to suspend; {} unchanged",
        plan.count(Action::Create),
        plan.count(Action::Update),
        plan.count(Action::Delete),
        plan.count(Action::Suspend),
        plan.unchanged
    )
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The step summary: a heading, the counts and a table of changes.
pub fn summary(plan: &Plan, title: &str) -> String {
    let mut out = format!("### {title}\n\n**{}**\n", counts(plan));
    if plan.has_changes() {
        out.push_str("\n| action | kind | name | fields |\n|---|---|---|---|\n");
        for change in &plan.changes {
            let fields: Vec<String> = change
                .fields
                .iter()
                .map(|f| format!("`{}`", table_cell(&f.name)))
                .collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                change.action.verb(),
                change.kind.noun(),
                table_cell(&change.name),
                fields.join(", ")
            ));
        }
    }
    out
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    action: Action,
    kind: super::plan::ObjectKind,
    name: &'a str,
    fields: Vec<&'a str>,
}

/// The `changes` output: `[{"action":"update","kind":"monitor","name":"API","fields":["timeout"]}]`.
pub fn changes_json(plan: &Plan) -> serde_json::Value {
    let items: Vec<ChangeJson> = plan
        .changes
        .iter()
        .map(|c| ChangeJson {
            action: c.action,
            kind: c.kind,
            name: &c.name,
            fields: c.fields.iter().map(|f| f.name.as_str()).collect(),
        })
        .collect();
    serde_json::to_value(&items).expect("changes serialise")
}

/// How many objects each action touches, and how many stay as they are (`--json` only).
pub fn counts_json(plan: &Plan) -> serde_json::Value {
    serde_json::json!({
        "create": plan.count(Action::Create),
        "update": plan.count(Action::Update),
        "delete": plan.count(Action::Delete),
        "suspend": plan.count(Action::Suspend),
        "unchanged": plan.unchanged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitors::plan::{FieldChange, ObjectKind, OwnerTag};

    fn plan() -> Plan {
        Plan {
            changes: vec![Change {
                action: Action::Update,
                kind: ObjectKind::Monitor,
                name: "A|B".into(),
                type_name: Some("URL".into()),
                id: Some("9".into()),
                fields: vec![FieldChange {
                    name: "timeout".into(),
                    old: Some("10s".into()),
                    new: "20s".into(),
                }],
                body: None,
            }],
            unchanged: 2,
            owner_tag: OwnerTag {
                label: "managed-by:s247".into(),
                id: Some("1".into()),
            },
            notes: vec![],
        }
    }

    #[test]
    fn outputs() {
        let p = plan();
        assert_eq!(
            changes_json(&p).to_string(),
            r#"[{"action":"update","fields":["timeout"],"kind":"monitor","name":"A|B"}]"#
        );
        let md = summary(&p, "s247 monitors plan");
        assert!(
            md.contains("| update | monitor | A\\|B | `timeout` |"),
            "{md}"
        );
        assert!(
            md.contains("**0 to create, 1 to update, 0 to delete, 0 to suspend; 2 unchanged**")
        );
        assert_eq!(headline(&p.changes[0]), "update monitor `A|B` (URL, id 9)");
    }
}
