//! The monitors helpers now live in the one support module, `tests/common/monitors.rs`. This path
//! stays so that a test file written against it (`mod monitors_common; use monitors_common::*;`)
//! keeps compiling; new files: `mod common;` and `use common::monitors::*;`.
#![allow(dead_code, unused_imports)]

#[path = "../common/mod.rs"]
mod common;
pub use common::monitors::*;
