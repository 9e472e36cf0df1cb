//! The emulated Azure DevOps agent now lives in the one support module,
//! `tests/common/azure_agent.rs`. This path stays so that a test file written against it
//! (`mod azure_agent;`) keeps compiling; new files: `mod common;` and `use common::azure_agent::…`.
#![allow(dead_code, unused_imports)]

#[path = "../common/mod.rs"]
mod common;
pub use common::azure_agent::*;
