//! s247 — drive Site24x7 from CI.
//!
//! One module per concern (see `design.md` §10): `cli` and `inputs` turn flags and environment
//! into settings, `ci` is the only place that knows workflow/logging command syntax, `auth` mints
//! and caches the one access token, `api` talks HTTP to Site24x7, and the feature modules
//! (`maintenance`, `monitors`, `steps`) build on those. `sandbox` is a local emulator of the
//! service used by `s247 sandbox`, `s247 demo`, the tests and the benchmarks; production code never
//! imports it.

pub mod actions;
pub mod api;
pub mod app;
pub mod atomic_file;
pub mod auth;
pub mod ci;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod demo;
pub mod error;
pub mod inputs;
pub mod json_output;
pub mod limits;
pub mod maintenance;
pub mod milestone;
pub mod misspelled;
pub mod monitors;
pub mod sandbox;
pub mod secret;
pub mod steps;
pub mod yaml;
