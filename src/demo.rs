//! `s247 demo`: the product's story end to end against an in-process sandbox (not built yet).

use crate::error::{Error, Result};

/// Run the demo; returns the process exit code.
pub fn run() -> Result<u8> {
    Err(Error::runtime("the demo is not built yet"))
}
