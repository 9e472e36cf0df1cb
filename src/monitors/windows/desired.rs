//! Checking the `maintenance_windows:` section without a request: which fields each kind of
//! window needs and takes, dates, times, zones, end rules, one target kind per window, unique
//! names. Every problem is reported at its `file:line:col`, all at once.

use std::collections::HashMap;

use serde_json::Value;

use crate::api::maintenance::Selection;
use crate::error::{Location, Problems};
use crate::maintenance::window::Zone;
use crate::yaml::{Pos, Tree};

use super::spec::{Repeat, WindowSpec};
use super::{Kind, OWNER_MARKER, ZONE_MARKER};

/// One window the file asks for, checked and normalised (times `hh:mm`, days in week order, the
/// zone as the time zone database spells it).
#[derive(Debug, Clone)]
pub struct DesiredWindow {
    pub spec: WindowSpec,
    /// Where its name is written.
    pub at: Location,
    pub kind: Kind,
    pub selection: Selection,
    /// The names it covers, each with its place in the file.
    pub targets: Vec<(String, Location)>,
}

/// How a recurring window ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ends {
    Never,
    After(i64),
    On(String),
}

impl Ends {
    pub fn parse(text: &str) -> Result<Ends, String> {
        let text = text.trim();
        let hint = "write `never`, `after 10 runs`, or a last date like 2026-12-31";
        if text.eq_ignore_ascii_case("never") {
            return Ok(Ends::Never);
        }
        if let Some(rest) = text.strip_prefix("after ") {
            let count = rest
                .trim()
                .trim_end_matches("runs")
                .trim_end_matches("run")
                .trim();
            return match count.parse::<i64>() {
                Ok(n) if (1..=1000).contains(&n) => Ok(Ends::After(n)),
                _ => Err(format!("`{text}`: the number of runs is 1 to 1000; {hint}")),
            };
        }
        match parse_date(text) {
            Some(date) => Ok(Ends::On(date)),
            None => Err(format!("`{text}` is not an end rule; {hint}")),
        }
    }

    /// As the file writes it.
    pub fn text(&self) -> String {
        match self {
            Ends::Never => "never".into(),
            Ends::After(1) => "after 1 run".into(),
            Ends::After(n) => format!("after {n} runs"),
            Ends::On(date) => date.clone(),
        }
    }
}

/// `yyyy-mm-dd`, checked.
pub fn parse_date(text: &str) -> Option<String> {
    let text = text.trim();
    (text.len() == 10)
        .then(|| text.parse::<jiff::civil::Date>().ok())
        .flatten()
        .map(|d| d.to_string())
}

/// `hh:mm` (or `h:mm`), as `hh:mm`.
pub fn parse_time(text: &str) -> Option<String> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && text.trim().len() <= 5).then(|| format!("{h:02}:{m:02}"))
}

pub(super) const COMMON: &[&str] = &[
    "name",
    "description",
    "repeat",
    "timezone",
    "monitors",
    "groups",
    "tags",
    "subgroups",
    "perform_monitoring",
];
const RECURRING: &[&str] = &["starts_on", "ends"];

/// The fields a kind of window needs, and those it also takes.
pub(super) fn rules(kind: Kind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        Kind::Once => (&["start_date", "start_time", "end_date", "end_time"], &[]),
        Kind::Daily => (&["start_time", "end_time"], RECURRING),
        Kind::WeeklyByTime => (
            &["start_day", "start_time", "end_day", "end_time"],
            &["every_weeks", "starts_on", "ends"],
        ),
        Kind::WeeklyByDay => (
            &["days", "start_time", "duration"],
            &["every_weeks", "starts_on", "ends"],
        ),
        Kind::MonthlyByDate => (&["day_of_month", "start_time", "duration"], RECURRING),
        Kind::MonthlyByDay => (&["week", "weekday", "start_time", "duration"], RECURRING),
    }
}

/// Check every window of the section; problems go to `problems`.
pub fn build(
    path: &str,
    windows: &[WindowSpec],
    tree: &Tree,
    problems: &mut Problems,
) -> Vec<DesiredWindow> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, spec) in windows.iter().enumerate() {
        let idx = index.to_string();
        let loc = |field: &str, key: bool| {
            let p = ["maintenance_windows", idx.as_str(), field];
            let pos = if key {
                tree.key_at(&p)
            } else {
                tree.value_at(&p)
            };
            let pos = pos
                .or_else(|| tree.value_at(&["maintenance_windows", idx.as_str()]))
                .unwrap_or(Pos { line: 1, column: 1 });
            pos.in_file(path)
        };
        let at = loc("name", false);
        let mut fault = |at: Location, message: String| problems.push_at(at, message);
        if spec.name.trim().is_empty() {
            fault(at.clone(), "the window's name is empty".into());
        } else if spec.name.trim() != spec.name {
            fault(
                at.clone(),
                format!("the name `{}` has leading or trailing spaces", spec.name),
            );
        }
        if let Some(first) = seen.insert(spec.name.clone(), at.line) {
            fault(
                at.clone(),
                format!(
                    "duplicate maintenance window name `{}` (first at line {first}): the name is the window's identity",
                    spec.name
                ),
            );
        }

        let kind = match kind_of(spec) {
            Ok(kind) => Some(kind),
            Err(message) => {
                fault(loc("repeat", false), message);
                None
            }
        };
        let set: Vec<String> = match serde_json::to_value(spec) {
            Ok(Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        };
        if let Some(kind) = kind {
            let (required, also) = rules(kind);
            for field in &set {
                let field = field.as_str();
                if !COMMON.contains(&field) && !required.contains(&field) && !also.contains(&field)
                {
                    fault(
                        loc(field, true),
                        format!("`{field}` does not apply to a {} window", kind.label()),
                    );
                }
            }
            for field in required {
                if !set.iter().any(|s| s == field) {
                    fault(
                        loc("repeat", false),
                        format!(
                            "a {} window needs `{field}`: `{}` has none",
                            kind.label(),
                            spec.name
                        ),
                    );
                }
            }
        }

        let mut spec = spec.clone();
        match Zone::parse(&spec.timezone) {
            Ok(zone) => spec.timezone = zone.name,
            Err(message) => fault(loc("timezone", false), message),
        }
        for (field, value) in [
            ("start_time", &mut spec.start_time),
            ("end_time", &mut spec.end_time),
        ] {
            if let Some(text) = value.as_deref() {
                match parse_time(text) {
                    Some(time) => *value = Some(time),
                    None => fault(
                        loc(field, false),
                        format!("`{text}` is not a time; write it as hh:mm (24-hour), like 01:30"),
                    ),
                }
            }
        }
        for (field, value) in [
            ("start_date", &mut spec.start_date),
            ("end_date", &mut spec.end_date),
            ("starts_on", &mut spec.starts_on),
        ] {
            if let Some(text) = value.as_deref() {
                match parse_date(text) {
                    Some(date) => *value = Some(date),
                    None => fault(
                        loc(field, false),
                        format!("`{text}` is not a date; write it as yyyy-mm-dd"),
                    ),
                }
            }
        }
        if let Some(text) = &spec.ends {
            match Ends::parse(text) {
                Ok(ends) => spec.ends = Some(ends.text()),
                Err(message) => fault(loc("ends", false), message),
            }
        }
        if let Some(days) = &mut spec.days {
            if days.is_empty() {
                fault(
                    loc("days", false),
                    "`days` is empty; name at least one day".into(),
                );
            }
            days.sort();
            days.dedup();
        }
        if let Some(n) = spec.every_weeks
            && !(1..=4).contains(&n)
        {
            fault(
                loc("every_weeks", false),
                format!("every {n} weeks: Site24x7 repeats a weekly window every 1 to 4 weeks"),
            );
        }
        if let Some(n) = spec.day_of_month
            && !(1..=31).contains(&n)
        {
            fault(
                loc("day_of_month", false),
                format!("{n} is not a day of the month (1 to 31)"),
            );
        }
        if let Some(description) = &spec.description {
            for marker in [ZONE_MARKER, OWNER_MARKER, crate::maintenance::label::MARKER] {
                if description.contains(marker) {
                    fault(
                        loc("description", false),
                        format!(
                            "a description cannot contain `{marker}`: s247 writes that line itself"
                        ),
                    );
                }
            }
        }
        if kind == Some(Kind::Once)
            && let (Some(sd), Some(st), Some(ed), Some(et)) = (
                &spec.start_date,
                &spec.start_time,
                &spec.end_date,
                &spec.end_time,
            )
            && [sd, ed].iter().all(|d| parse_date(d).is_some())
            && [st, et].iter().all(|t| parse_time(t).is_some())
            && (ed, et) <= (sd, st)
        {
            fault(
                loc("end_date", false),
                format!("the window ends ({ed} {et}) before it starts ({sd} {st})"),
            );
        }

        // One kind of target: the API's `selection_type` takes monitors, groups or tags.
        let given: Vec<(Selection, &Vec<String>)> = [
            (Selection::Monitors, &spec.monitors),
            (Selection::Groups, &spec.groups),
            (Selection::Tags, &spec.tags),
        ]
        .into_iter()
        .filter_map(|(s, list)| list.as_ref().map(|l| (s, l)))
        .collect();
        let (selection, names) = match given.as_slice() {
            [] => {
                fault(
                    at.clone(),
                    format!(
                        "`{}` covers nothing: give `monitors`, `groups` or `tags`",
                        spec.name
                    ),
                );
                (Selection::Monitors, Vec::new())
            }
            [(selection, names)] => (*selection, (*names).clone()),
            [_, (second, _), ..] => {
                fault(
                    loc(second.setting(), true),
                    format!(
                        "a window covers monitors, groups or tags, one kind only: `{}` gives more than one",
                        spec.name
                    ),
                );
                (Selection::Monitors, Vec::new())
            }
        };
        if given.len() == 1 && names.is_empty() {
            fault(
                loc(selection.setting(), false),
                format!(
                    "`{}` is empty; name what the window covers",
                    selection.setting()
                ),
            );
        }
        if spec.subgroups.is_some() && selection != Selection::Groups {
            fault(
                loc("subgroups", true),
                "`subgroups` applies only to a window over `groups`".into(),
            );
        }
        let mut targets = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let i = i.to_string();
            let pos = tree
                .value_at(&["maintenance_windows", idx.as_str(), selection.setting(), &i])
                .unwrap_or(Pos { line: 1, column: 1 });
            let place = pos.in_file(path);
            if name.trim().is_empty() {
                fault(place.clone(), "an empty name".into());
            } else if selection == Selection::Tags
                && name
                    .split_once(':')
                    .is_some_and(|(n, v)| n.trim().is_empty() || v.trim().is_empty())
            {
                fault(
                    place.clone(),
                    format!("`{name}` is not a tag; write it as name:value (or name)"),
                );
            }
            targets.push((name.clone(), place));
        }
        if let Some(kind) = kind {
            out.push(DesiredWindow {
                spec,
                at,
                kind,
                selection,
                targets,
            });
        }
    }
    out
}

/// The kind of window the fields describe.
fn kind_of(spec: &WindowSpec) -> Result<Kind, String> {
    match spec.repeat {
        Repeat::Once => Ok(Kind::Once),
        Repeat::Daily => Ok(Kind::Daily),
        Repeat::Weekly => match (
            spec.days.is_some(),
            spec.start_day.is_some() || spec.end_day.is_some(),
        ) {
            (true, false) => Ok(Kind::WeeklyByDay),
            (false, true) => Ok(Kind::WeeklyByTime),
            (true, true) => Err(format!(
                "`{}`: a weekly window runs on `days` (by day) or from `start_day` to `end_day` (by time), not both",
                spec.name
            )),
            (false, false) => Err(format!(
                "`{}`: a weekly window needs `days` (by day: `days: [mon, wed]`, `start_time`, `duration`) or `start_day`/`end_day` (by time, with `start_time`/`end_time`)",
                spec.name
            )),
        },
        Repeat::Monthly => match (
            spec.day_of_month.is_some(),
            spec.week.is_some() || spec.weekday.is_some(),
        ) {
            (true, false) => Ok(Kind::MonthlyByDate),
            (false, true) => Ok(Kind::MonthlyByDay),
            (true, true) => Err(format!(
                "`{}`: a monthly window runs on a `day_of_month` (by date) or on a `week` + `weekday` (by day), not both",
                spec.name
            )),
            (false, false) => Err(format!(
                "`{}`: a monthly window needs `day_of_month` (by date) or `week` and `weekday` (by day, like `week: last`, `weekday: sun`)",
                spec.name
            )),
        },
        Repeat::Yearly => Err(format!(
            "`{}`: yearly windows cannot be managed as code: the API documents none of their fields and its update does not take them. Make it in Site24x7, or use `monthly`",
            spec.name
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::error::{Error, Problem};
    use crate::inputs::Env;

    fn problems(windows: &str) -> Vec<Problem> {
        let text = format!("version: 1\nmaintenance_windows:\n{windows}");
        match crate::monitors::load::load("m.yaml", &text, &Env::default()) {
            Err(Error::Invalid(p)) => p,
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("expected problems"),
        }
    }

    fn shown(p: &[Problem]) -> Vec<String> {
        p.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn every_problem_of_every_window_at_its_place() {
        let p = shown(&problems(
            "  - name: A
    repeat: weekly
    timezone: Mars/Base
    days: [mon, mon]
    start_time: \"25:00\"
    end_time: \"03:00\"
    every_weeks: 5
    monitors: [x]
    groups: [y]
  - name: A
    repeat: once
    timezone: UTC
    start_date: 2026-02-30
    start_time: \"10:00\"
    end_date: 2026-01-01
    end_time: \"09:00\"
    description: \"x s247-owner: y\"
    tags: [\":v\"]
    subgroups: true
",
        ));
        let expect = [
            "m.yaml:5:15: `Mars/Base` is not an IANA time zone name",
            "m.yaml:7:17: `25:00` is not a time",
            "m.yaml:8:5: `end_time` does not apply to a weekly (by day) window",
            "m.yaml:4:13: a weekly (by day) window needs `duration`",
            "m.yaml:9:18: every 5 weeks",
            "m.yaml:11:5: a window covers monitors, groups or tags, one kind only",
            "m.yaml:12:11: duplicate maintenance window name `A` (first at line 3)",
            "m.yaml:15:17: `2026-02-30` is not a date",
            "m.yaml:19:18: a description cannot contain `s247-owner:`",
            "m.yaml:20:12: `:v` is not a tag",
            "m.yaml:21:5: `subgroups` applies only to a window over `groups`",
        ];
        for e in expect {
            assert!(p.iter().any(|m| m.starts_with(e)), "{e}\n{p:#?}");
        }
        assert!(
            !p.iter().any(|m| m.contains("before it starts")),
            "no order is judged from a date that is not one: {p:#?}"
        );
    }

    #[test]
    fn kinds_need_their_fields_and_refuse_ambiguity() {
        let p = shown(&problems(
            "  - name: W
    repeat: weekly
    timezone: UTC
    days: [mon]
    start_day: tue
    start_time: \"01:00\"
    duration: 1h
    monitors: [x]
  - name: M
    repeat: monthly
    timezone: UTC
    start_time: \"01:00\"
    duration: 1h
    monitors: [x]
  - name: O
    repeat: once
    timezone: UTC
    start_date: 2026-01-02
    start_time: \"10:00\"
    end_date: 2026-01-02
    end_time: \"09:00\"
    ends: never
    monitors: []
",
        ));
        for e in [
            "m.yaml:4:13: `W`: a weekly window runs on `days` (by day) or from `start_day` to `end_day` (by time), not both",
            "m.yaml:12:13: `M`: a monthly window needs `day_of_month`",
            "m.yaml:22:15: the window ends (2026-01-02 09:00) before it starts",
            "m.yaml:24:5: `ends` does not apply to a once window",
            "m.yaml:25:15: `monitors` is empty",
        ] {
            assert!(p.iter().any(|m| m.starts_with(e)), "{e}\n{p:#?}");
        }
        // A too-long duration is a typed error at its value.
        let p = shown(&problems(
            "  - name: L\n    repeat: daily\n    timezone: UTC\n    duration: 24h\n",
        ));
        assert!(
            p[0].contains("m.yaml:6:15") && p[0].contains("at most 1400m"),
            "{p:?}"
        );
    }

    #[test]
    fn end_rules_read_and_write_one_way() {
        use super::Ends;
        assert_eq!(Ends::parse("never"), Ok(Ends::Never));
        assert_eq!(Ends::parse("after 10 runs"), Ok(Ends::After(10)));
        assert_eq!(Ends::parse("after 1 run").unwrap().text(), "after 1 run");
        assert_eq!(Ends::parse("2027-06-30").unwrap().text(), "2027-06-30");
        assert!(Ends::parse("after 0 runs").is_err());
        assert!(Ends::parse("tomorrow").is_err());
        assert_eq!(super::parse_time("1:05").as_deref(), Some("01:05"));
        assert_eq!(super::parse_time("24:00"), None);
    }
}
