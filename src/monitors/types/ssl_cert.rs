//! SSL_CERT only.

use super::{Codec, Field, On, field};

pub static FIELDS: &[Field] = &[
    field(
        "ignore_domain_mismatch",
        Codec::Bool("ignore_domain_mismatch"),
        On::SSL_CERT,
    ),
    field("ignore_trust", Codec::Bool("ignore_trust"), On::SSL_CERT),
];
