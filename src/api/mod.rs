//! Talking to the Site24x7 REST API (`design.md` §5): one agent with timeouts, proxies and the
//! OS trust store; the envelope; retries for idempotent calls; never a blind retry of a create.
//! One file per resource holds its endpoints.

pub mod catalog;
pub mod client;
pub mod envelope;
pub mod error;
pub mod http;
pub mod maintenance;
pub mod milestones;
pub mod monitor_groups;
pub mod monitors;
pub mod resources;
pub mod retry;
pub mod scopes;
pub mod status;

pub use client::{Api, Method, Tokens};
pub use error::ApiError;
