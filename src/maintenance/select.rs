//! What a window covers: monitors, monitor groups and tags given by name or id, resolved with the
//! fewest requests. Ids pass through untouched; a kind with at least one name costs one list call
//! (which then also checks the ids of that kind). Every unknown or ambiguous name of every kind is
//! reported in one error, before anything is written.
//!
//! The API takes one `selection_type` per window, so each kind given gets its own window (all with
//! the same label): a group window keeps following the group's membership, which expanding the
//! group into monitor ids would freeze.

use crate::api::ApiError;
use crate::api::catalog::{Catalog, ResolveError};
use crate::api::maintenance::Selection;
use crate::api::resources::{self, Kind, Named};
use crate::error::{Problems, Result};
use crate::inputs::{Settings, how_to_set};

/// The references given for one kind, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub selection: Selection,
    pub refs: Vec<String>,
}

/// One kind, resolved: ids to send, and the names to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub selection: Selection,
    pub ids: Vec<String>,
    pub shown: Vec<String>,
}

impl Target {
    /// `monitors Homepage, API`.
    pub fn describe(&self) -> String {
        let noun = match (self.selection, self.shown.len()) {
            (Selection::Monitors, 1) => "monitor",
            (Selection::Groups, 1) => "monitor group",
            (Selection::Tags, 1) => "tag",
            (Selection::Monitors, _) => "monitors",
            (Selection::Groups, _) => "monitor groups",
            (Selection::Tags, _) => "tags",
        };
        format!("{noun} {}", self.shown.join(", "))
    }
}

pub fn kind_of(selection: Selection) -> Kind {
    match selection {
        Selection::Monitors => Kind::Monitor,
        Selection::Groups => Kind::MonitorGroup,
        Selection::Tags => Kind::Tag,
    }
}

/// The kinds given in the `monitors`, `groups` and `tags` settings, in that order.
pub fn wanted(settings: &Settings) -> Vec<Wanted> {
    Selection::ALL
        .into_iter()
        .filter_map(|selection| {
            let refs = dedup(settings.list(selection.setting()));
            (!refs.is_empty()).then_some(Wanted { selection, refs })
        })
        .collect()
}

/// [`wanted`], where naming nothing is kept as a problem: `nothing to <doing>: name monitors, …`.
pub fn wanted_or_problem(settings: &Settings, problems: &mut Problems, doing: &str) -> Vec<Wanted> {
    let wanted = wanted(settings);
    if wanted.is_empty() {
        problems.push(format!(
            "nothing to {doing}: name monitors, groups or tags with {}, {} or {}",
            how_to_set("monitors"),
            how_to_set("groups"),
            how_to_set("tags")
        ));
    }
    wanted
}

/// An id rather than a name: a long decimal string (Site24x7 ids have 15 to 18 digits). A short
/// number such as `2024` is taken for a name.
pub fn is_id(reference: &str) -> bool {
    crate::api::catalog::looks_like_id(reference)
}

/// Resolve every kind, listing each kind that holds a name once through `list`. `settings` point
/// error messages at the setting the names came from.
pub fn resolve_with(
    wanted: &[Wanted],
    settings: &Settings,
    mut list: impl FnMut(Kind) -> std::result::Result<Vec<Named>, ApiError>,
) -> Result<Vec<Target>> {
    let mut problems = Problems::default();
    let mut targets = Vec::new();
    for want in wanted {
        if want.refs.iter().all(|r| is_id(r)) {
            targets.push(Target {
                selection: want.selection,
                ids: want.refs.clone(),
                shown: want.refs.clone(),
            });
            continue;
        }
        let catalog = Catalog::new(kind_of(want.selection), list(kind_of(want.selection))?);
        let mut ids = Vec::new();
        for reference in &want.refs {
            match resolve_one(&catalog, reference) {
                Ok(id) => ids.push(id),
                Err(e) => {
                    problems.absorb(settings.error(want.selection.setting(), e.to_string()))?
                }
            }
        }
        targets.push(Target {
            selection: want.selection,
            ids: dedup(ids),
            shown: want.refs.clone(),
        });
    }
    problems.into_result(targets)
}

/// Resolve against the live lists, fetching the kinds that need one at the same time.
pub fn resolve(
    api: &crate::api::Api,
    wanted: &[Wanted],
    settings: &Settings,
) -> Result<Vec<Target>> {
    let kinds: Vec<Kind> = wanted
        .iter()
        .filter(|w| !w.refs.iter().all(|r| is_id(r)))
        .map(|w| kind_of(w.selection))
        .collect();
    let mut lists: Vec<(Kind, std::result::Result<Vec<Named>, ApiError>)> =
        std::thread::scope(|scope| {
            let running: Vec<_> = kinds
                .iter()
                .map(|&kind| (kind, scope.spawn(move || resources::list(api, kind))))
                .collect();
            running
                .into_iter()
                .map(|(kind, list)| {
                    (
                        kind,
                        list.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                    )
                })
                .collect()
        });
    resolve_with(wanted, settings, |kind| {
        let at = lists
            .iter()
            .position(|(k, _)| *k == kind)
            .expect("every kind with a name was listed");
        lists.remove(at).1
    })
}

/// Exact name or id; a tag may also be named without its value when only one tag has that name.
fn resolve_one(catalog: &Catalog, reference: &str) -> std::result::Result<String, ResolveError> {
    match catalog.resolve(reference) {
        Err(ResolveError::Unknown { .. })
            if catalog.kind == Kind::Tag && !reference.contains(':') =>
        {
            let named: Vec<&Named> = catalog
                .items
                .iter()
                .filter(|t| t.name.split_once(':').map(|(n, _)| n) == Some(reference))
                .collect();
            match named.as_slice() {
                [one] => Ok(one.id.clone()),
                [] => catalog.resolve(reference),
                many => Err(ResolveError::Ambiguous {
                    noun: "tag",
                    name: reference.to_string(),
                    ids: many
                        .iter()
                        .map(|t| format!("{} = {}", t.name, t.id))
                        .collect(),
                }),
            }
        }
        other => other,
    }
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn named(items: &[(&str, &str)]) -> Vec<Named> {
        items
            .iter()
            .map(|(id, name)| Named {
                id: id.to_string(),
                name: name.to_string(),
                raw: Value::Null,
            })
            .collect()
    }

    fn lists(kind: Kind) -> std::result::Result<Vec<Named>, ApiError> {
        Ok(match kind {
            Kind::Monitor => named(&[
                ("100000000000000001", "Homepage"),
                ("100000000000000002", "API"),
                ("100000000000000003", "Checkout"),
            ]),
            Kind::MonitorGroup => named(&[
                ("200000000000000001", "Web"),
                ("200000000000000002", "Backend"),
            ]),
            Kind::Tag => named(&[
                ("300000000000000001", "env:prod"),
                ("300000000000000002", "env:staging"),
                ("300000000000000003", "team:web"),
            ]),
            _ => Vec::new(),
        })
    }

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        let mut s = Settings::default();
        for (k, v) in pairs {
            s.set(k, *v);
        }
        s
    }

    #[test]
    fn ids_cost_nothing_and_names_one_list_per_kind() {
        let s = settings(&[
            ("monitors", "100000000000000001, 100000000000000002"),
            ("groups", "Web,200000000000000002"),
            ("tags", "team,env:prod"),
        ]);
        let mut listed = Vec::new();
        let targets = resolve_with(&wanted(&s), &s, |k| {
            listed.push(k);
            lists(k)
        })
        .unwrap();
        assert_eq!(listed, vec![Kind::MonitorGroup, Kind::Tag]);
        assert_eq!(targets.len(), 3);
        assert_eq!(
            targets[0].ids,
            vec!["100000000000000001", "100000000000000002"]
        );
        assert_eq!(
            targets[1].ids,
            vec!["200000000000000001", "200000000000000002"]
        );
        assert_eq!(
            targets[2].ids,
            vec!["300000000000000003", "300000000000000001"]
        );
        assert_eq!(
            targets[1].describe(),
            "monitor groups Web, 200000000000000002"
        );
    }

    #[test]
    fn every_unknown_name_is_reported_at_once() {
        let s = settings(&[("monitors", "Homepgae, API, Chekout"), ("tags", "env")]);
        let err = resolve_with(&wanted(&s), &s, lists).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let text = err.to_string();
        assert!(
            text.contains("unknown monitor `Homepgae`; closest existing: `Homepage`"),
            "{text}"
        );
        assert!(
            text.contains("unknown monitor `Chekout`; closest existing: `Checkout`"),
            "{text}"
        );
        assert!(text.contains("tag name `env` is ambiguous"), "{text}");
        assert!(text.contains("--monitors"), "{text}");
    }

    #[test]
    fn a_list_that_fails_stops_resolution() {
        let s = settings(&[("monitors", "Homepage")]);
        let err = resolve_with(&wanted(&s), &s, |_| Err(ApiError::Renew("no".into()))).unwrap_err();
        assert_eq!(err.exit_code(), 3);
    }

    #[test]
    fn duplicates_are_dropped() {
        let s = settings(&[("monitors", "API, 100000000000000002, API")]);
        let targets = resolve_with(&wanted(&s), &s, lists).unwrap();
        assert_eq!(targets[0].ids, vec!["100000000000000002"]);
        assert_eq!(wanted(&settings(&[])), vec![]);
    }
}
