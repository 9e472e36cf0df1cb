//! The foundation's commands: `token`, `check`, and onboarding (`auth exchange`, `auth revoke`).

pub mod auth;
pub mod check;
pub mod token;
