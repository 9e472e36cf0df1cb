//! Tags (`PUT`/`DELETE /api/tags/{id}`; `POST` is in `lists.rs`; the provider's
//! `api/endpoints/tags.go`). Required: `tag_name` (`docs/resources/tag.md`), and a `tag_color`
//! from the palette (§8 row 3; assumed: strict). A name+value pair is unique; monitors and groups
//! refer to tags in `tag_ids`.

use super::profiles::Rules;
use crate::sandbox::state::Kind;

pub(super) const RULES: Rules = Rules {
    kind: Kind::Tag,
    noun: "Tag",
    required: &["tag_name"],
    identity: &["tag_name", "tag_value"],
    referring: &["tag_ids"],
};
