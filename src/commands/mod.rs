//! The foundation's commands: `token`, `check`, and onboarding (`auth exchange`, `auth revoke`);
//! shell completions and man pages.

pub mod auth;
pub mod check;
pub mod completions;
pub mod token;
