//! HEARTBEAT only.

use super::{Codec, Field, On, field, required};

pub static FIELDS: &[Field] = &[required(
    field("unique_name", Codec::Text("unique_name"), On::HEARTBEAT),
    On::HEARTBEAT,
)];
