//! `s247 maintenance list`: the account's windows, filtered.

use super::*;
use crate::ci::table::Table;

/// `s247 maintenance list`: every window, or only active ones, or only one label's.
pub struct List {
    active: bool,
    label: Option<String>,
    account_zone: Option<Zone>,
}

impl Command for List {
    const SETTINGS: &'static [&'static str] = &["active", "label", "account-timezone"];
    const PRIMARY_OUTPUT: Option<&'static str> = Some("json");
    const OUTPUTS: &'static [&'static str] = &["json", "count"];

    fn prepare(settings: &Settings, _ctx: &Context) -> Result<Self> {
        let mut problems = Problems::default();
        let active = problems
            .keep(settings.flag("active"))?
            .flatten()
            .unwrap_or(false);
        let label = settings.get("label").map(str::to_string);
        if let Some(given) = &label {
            problems.keep(label::check(given).map_err(|m| settings.error("label", m)))?;
        }
        let account_zone = account_zone(settings, &mut problems)?;
        problems.into_result(List {
            active,
            label,
            account_zone,
        })
    }

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
        let log = &ctx.log;
        let windows = endpoint::list(&session.api)?;
        let now = ctx.clock.now();
        let mut items = Vec::new();
        let mut rows = String::new();
        // A person at a terminal gets the windows as a table on stdout, not twice.
        let on_stdout = log.tables_on_stdout();
        let mut table = Table::new(&["id", "status", "when", "name", "label"]);
        for w in &windows {
            let label = label::of(&w.description);
            if let Some(wanted) = &self.label
                && label != Some(wanted.as_str())
            {
                continue;
            }
            // A window that cannot be placed in time (no zone in the answer, none recorded, no
            // account-timezone) is listed with its local fields but no instants.
            let placed = placement::place(w, self.account_zone.as_ref()).ok();
            let interval = placed.as_ref().map(|p| p.interval);
            let status = match (w.is_once(), interval) {
                (false, _) => "recurring",
                (true, Some(i)) => i.status(now).word(),
                (true, None) => "unknown",
            };
            let zone_name = placed.as_ref().map(|p| p.zone.name.clone());
            if self.active && status != "active" {
                continue;
            }
            let at = |t: Option<Timestamp>| t.map_or(Value::Null, |t| json!(rfc3339(t)));
            items.push(json!({
                "id": w.id,
                "name": w.name,
                "label": label,
                "status": status,
                "start": at(interval.map(|i| i.start)),
                "end": at(interval.map(|i| i.end)),
                "timezone": zone_name,
                "covers": w.selection.map(|s| s.setting()),
                "ids": w.targets,
            }));
            let when = match (&placed, &w.start_date, &w.start_time) {
                (Some(p), ..) => span(&p.zone, p.interval),
                (None, Some(date), Some(time)) if w.is_once() => {
                    format!("{date} {time} (zone unknown)")
                }
                _ => String::new(),
            };
            if on_stdout {
                table.row(vec![
                    w.id.to_string(),
                    status.to_string(),
                    when.clone(),
                    w.name.to_string(),
                    label.unwrap_or_default().to_string(),
                ]);
            } else {
                log.info(format!(
                    "{}  {:<9}  {:<40}  {}{}",
                    w.id,
                    status,
                    when,
                    quoted(&w.name),
                    label.map(|l| format!("  [label {l}]")).unwrap_or_default()
                ));
            }
            let _ = writeln!(
                rows,
                "| `{}` | {} | {} | {} | {} |",
                w.id,
                table_cell(&w.name),
                status,
                table_cell(&when),
                label.map(table_cell).unwrap_or_default()
            );
        }
        log.show_table(&table)?;
        log.info(format!("{} window(s)", items.len()));
        log.summary(&format!(
            "### Maintenance windows\n\n| window | name | status | when | label |\n|---|---|---|---|---|\n{rows}"
        ))?;
        let count = items.len();
        Ok(Outcome::with(vec![
            Output::json("json", Value::Array(items)),
            Output::count("count", count),
        ]))
    }
}
