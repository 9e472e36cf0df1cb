//! DNS only.

use super::{Codec, Field, On, field, required};
use crate::monitors::fields::LOOKUP_TYPES;

pub static FIELDS: &[Field] = &[
    required(
        field("dns_server", Codec::Text("dns_host"), On::DNS),
        On::DNS,
    ),
    field("dns_port", Codec::IntText("dns_port"), On::DNS),
    field(
        "lookup_type",
        Codec::Choice("lookup_type", LOOKUP_TYPES),
        On::DNS,
    ),
    field("dnssec", Codec::Bool("dnssec"), On::DNS),
];
