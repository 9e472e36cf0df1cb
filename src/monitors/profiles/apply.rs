//! The writes of profiles, user groups and tags. A create is followed by its ledger tag (what
//! makes the object s247's, for a later prune); a delete removes the object, then its ledger
//! tag. A create that failed ambiguously is looked up by name before it is tried again.

use serde_json::Value;

use crate::api::Api;
use crate::api::envelope::str_field;
use crate::api::http::path_segment;
use crate::api::resources::{self, Named};
use crate::ci::Reporter;

use super::super::apply::create_with_lookup;
use super::super::fields::{RefKind, scalar_text};
use super::super::plan::{Action, Change};
use super::{id_key, ledger_tag, placeholder, ref_kind};

/// The placeholder a create of `change` fills in (the key of the `created` map).
pub fn created_key(change: &Change) -> Option<String> {
    let kind = ref_kind(change.kind)?;
    Some(placeholder(kind, &change.name, change.type_name.as_deref()))
}

/// One write of a profile, user group or tag; the object's id.
pub fn write(
    api: &Api,
    change: &Change,
    body: Option<Value>,
    owner: &str,
    log: &Reporter,
) -> Result<Option<String>, String> {
    let Some(kind) = ref_kind(change.kind) else {
        return Err("not a profile".into());
    };
    let path = kind.kind().path();
    let id = change.id.as_deref().unwrap_or_default();
    match (change.action, body) {
        (Action::Create, Some(body)) => {
            let made = create_with_lookup(
                log,
                &change.name,
                || api.post(path, &body),
                || Ok(find(api, kind, change)?.map(|n| n.raw)),
                id_key(kind),
            )?;
            // Ownership: without the ledger tag the object is still managed, never pruned.
            if let Err(e) = api.post("/tags", &ledger_tag(kind, &made, owner)) {
                log.warning(format!(
                    "created {} `{}` (id {made}) but could not record that s247 owns it ({e}); it stays managed by the file, and --prune will never delete it",
                    change.kind.noun(),
                    change.name
                ));
            }
            Ok(Some(made))
        }
        (Action::Update, Some(body)) => api
            .put(&format!("{path}/{}", path_segment(id)), Some(&body))
            .map(|_| Some(id.to_string()))
            .map_err(|e| e.to_string()),
        (Action::Delete, ledger) => {
            match api.delete(&format!("{path}/{}", path_segment(id))) {
                Ok(_) => {}
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e.to_string()),
            }
            if let Some(tag) = ledger.as_ref().and_then(|l| str_field(l, "ledger_tag_id")) {
                match api.delete(&format!("/tags/{}", path_segment(&tag))) {
                    Ok(_) => {}
                    Err(e) if e.is_not_found() => {}
                    Err(e) => log.warning(format!(
                        "deleted {} `{}` but not its ledger tag {tag}: {e}",
                        change.kind.noun(),
                        change.name
                    )),
                }
            }
            Ok(None)
        }
        (action, _) => Err(format!(
            "cannot {} a {} this way",
            action.verb(),
            change.kind.noun()
        )),
    }
}

/// The live object a create may have made (after an ambiguous failure).
fn find(api: &Api, kind: RefKind, change: &Change) -> Result<Option<Named>, crate::api::ApiError> {
    Ok(resources::list(api, kind.kind())?.into_iter().find(|n| {
        n.name == change.name
            && change.type_name.as_ref().is_none_or(|t| {
                scalar_text(&n.raw["type"]).is_some_and(|lt| lt.eq_ignore_ascii_case(t))
            })
    }))
}
