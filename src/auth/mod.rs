//! Authentication: data centers, minting, the job cache, and the token lifecycle of one run
//! (`design.md` §4) — in order of preference, the `access-token` input, the job cache, a mint.

pub mod cache;
pub mod datacenter;
pub mod envelope;
pub mod mint;
pub mod sealed;
pub mod session;

pub use datacenter::DataCenter;
pub use mint::{AccessToken, Credentials, Minter};
pub use session::{Session, SessionConfig, TokenOrigin};
