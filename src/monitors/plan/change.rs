//! The change model: the writes a plan lists (what, to which object, which fields), shared by
//! monitors, groups, windows and profiles, and the ownership tag they carry.

use serde::Serialize;
use serde_json::Value;

use super::super::resolve::NEW_TAG;

/// What a change does (also the `action` of the `changes` output and its `--json` schema).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Delete,
    Suspend,
}

impl Action {
    pub fn verb(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Suspend => "suspend",
        }
    }
}

/// What a change is to (also the `kind` of the `changes` output and its `--json` schema, so
/// the two cannot drift apart).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ObjectKind {
    Monitor,
    Group,
    Window,
    #[serde(rename = "notification_profile")]
    NotificationProfile,
    #[serde(rename = "threshold_profile")]
    ThresholdProfile,
    #[serde(rename = "location_profile")]
    LocationProfile,
    #[serde(rename = "user_group")]
    UserGroup,
    Tag,
}

impl ObjectKind {
    pub fn noun(self) -> &'static str {
        match self {
            ObjectKind::Monitor => "monitor",
            ObjectKind::Group => "group",
            ObjectKind::Window => "maintenance window",
            ObjectKind::NotificationProfile => "notification profile",
            ObjectKind::ThresholdProfile => "threshold profile",
            ObjectKind::LocationProfile => "location profile",
            ObjectKind::UserGroup => "user group",
            ObjectKind::Tag => "tag",
        }
    }
}

/// What `--prune` does to owned monitors that left the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prune {
    Delete,
    Suspend,
}

/// One field that changes: its name in the file, the live value and the new one, as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub name: String,
    /// `None` on a create.
    pub old: Option<String>,
    pub new: String,
}

/// One write apply would make. Its `Debug` leaves out the request body, which may carry
/// passwords and header values.
#[derive(Clone)]
pub struct Change {
    pub action: Action,
    pub kind: ObjectKind,
    pub name: String,
    /// The monitor type, for monitors.
    pub type_name: Option<String>,
    /// The live object's id (update, delete, suspend).
    pub id: Option<String>,
    pub fields: Vec<FieldChange>,
    /// The request body (create, update); may hold placeholder ids for objects apply creates.
    pub body: Option<Value>,
}

impl std::fmt::Debug for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Change")
            .field("action", &self.action)
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("id", &self.id)
            .field("fields", &self.fields)
            .finish_non_exhaustive()
    }
}

/// The ownership tag: its `name:value`, and its id when the account has it.
#[derive(Debug, Clone)]
pub struct OwnerTag {
    pub label: String,
    pub id: Option<String>,
}

impl OwnerTag {
    /// The id to put on a created monitor: the real one, or the placeholder apply fills in
    /// after creating the tag.
    pub fn id_or_placeholder(&self) -> String {
        self.id
            .clone()
            .unwrap_or_else(|| format!("{NEW_TAG}{}", self.label))
    }

    /// Tag name and value.
    pub fn parts(&self) -> (&str, Option<&str>) {
        match self.label.split_once(':') {
            Some((name, value)) => (name, Some(value)),
            None => (self.label.as_str(), None),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub unchanged: usize,
    pub owner_tag: OwnerTag,
    /// Remarks for the log (the owner tag will be created, a default could not be found, …).
    pub notes: Vec<String>,
}

impl Plan {
    pub fn count(&self, action: Action) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }

    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// Whether apply has to create the ownership tag first.
    pub fn creates_owner_tag(&self) -> bool {
        self.owner_tag.id.is_none()
            && self
                .changes
                .iter()
                .any(|c| c.action == Action::Create && c.kind == ObjectKind::Monitor)
    }
}
