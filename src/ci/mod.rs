//! Everything a CI system sees of s247 (`design.md` §3). This module is the only place that
//! knows workflow-command and logging-command syntax.
//!
//! Streams: logs *and* platform commands go to stderr, in the order they happen (both runners read
//! commands from either stream, and one stream keeps a mask ahead of everything after it); stdout
//! carries only data — the primary output of a plain run, or the `--json` object — so
//! `$(s247 …)` captures exactly that.
//!
//! [`platform`] says which CI runs us, [`output`] what a command hands on, [`reporter`] writes it
//! all in that platform's syntax, [`json`] shapes the `--json` object, [`files`] appends to the
//! runner's files, [`escape`] keeps hostile text inert, [`style`] and [`table`] dress output for
//! a person at a terminal.

pub mod escape;
mod files;
pub mod json;
mod output;
mod platform;
mod reporter;
pub mod style;
pub mod table;

pub(crate) use files::random_hex;
pub use output::Output;
pub use platform::{Platform, detected_ci};
pub use reporter::{PlainOptions, Reporter, Sinks};

#[cfg(test)]
mod tests;
