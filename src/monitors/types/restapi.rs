//! RESTAPI only: what the response must be.

use super::{Codec, Field, On, field};
use crate::monitors::fields::RESPONSE_TYPES;

pub static FIELDS: &[Field] = &[field(
    "response_type",
    Codec::Choice("response_type", RESPONSE_TYPES),
    On::RESTAPI,
)];
