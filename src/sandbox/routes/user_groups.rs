//! User groups (`/api/user_groups`; the provider's `api/endpoints/user_groups.go`). Required:
//! `display_name`, `users` (ids of existing users, `GET /api/users`) and `attribute_group_id`
//! (`docs/resources/user_group.md`); monitors and groups refer to them in `user_group_ids`.
//! A second group with one name is refused (assumed: strict).

use super::profiles::Rules;
use crate::sandbox::state::Kind;

pub(super) const RULES: Rules = Rules {
    kind: Kind::UserGroup,
    noun: "User Group",
    required: &["display_name", "users", "attribute_group_id"],
    identity: &["display_name"],
    referring: &["user_group_ids"],
};
