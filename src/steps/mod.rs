//! Steps files: several actions, one token (not built yet).

use crate::actions::Context;
use crate::error::{Error, Result};

/// Run the steps file at `path`; returns the exit code.
pub fn run(_path: &str, _flags: &[(String, String)], _ctx: &Context) -> Result<u8> {
    Err(Error::runtime("s247 run is not available yet"))
}
