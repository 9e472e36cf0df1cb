//! The field table, one table per monitor type (or family of types that share fields), plus
//! the fields every monitor has ([`common`]). Each row says which types take a field, which
//! require it, and its [`Codec`]; validation, payloads, the diff, export and the JSON Schema all
//! read these tables through [`super::fields`], so a field is added in one place.
//!
//! Facts per type: `site24x7-api.md` §5.2 and §10 (the provider's `api/monitor_types.go` and
//! `docs/resources/*_monitor.md`).

use super::fields::{Codec, Field, On};

pub use defaults::create_defaults;

mod common;
mod cron;
mod defaults;
mod dns;
mod domain_expiry;
mod ftp;
mod heartbeat;
mod http;
mod network;
mod port;
mod restapi;
pub mod restapiseq;
mod ssl_cert;

/// Every table, in the order fields are listed (schema, export).
pub static TABLES: &[&[Field]] = &[
    common::FIELDS,
    http::FIELDS,
    restapi::FIELDS,
    network::FIELDS,
    ssl_cert::FIELDS,
    port::FIELDS,
    dns::FIELDS,
    heartbeat::FIELDS,
    cron::FIELDS,
    domain_expiry::FIELDS,
    ftp::FIELDS,
    restapiseq::FIELDS,
    common::GROUP_FIELDS,
];

const fn field(name: &'static str, codec: Codec, on: On) -> Field {
    Field {
        name,
        codec,
        on,
        required: On::NONE,
        env: false,
    }
}

/// `f`, required on `on`.
const fn required(mut f: Field, on: On) -> Field {
    f.required = on;
    f
}

/// `f`, which may hold `${env:NAME}`.
const fn env(mut f: Field) -> Field {
    f.env = true;
    f
}
