//! PORT only.

use super::{Codec, Field, On, field};

pub static FIELDS: &[Field] = &[
    field("use_ssl", Codec::Bool("use_ssl"), On::PORT),
    field("command", Codec::Text("command"), On::PORT),
    field("invert_check", Codec::Bool("invert_port_check"), On::PORT),
];
