//! `s247 demo`: the product's story end to end against an in-process sandbox.

/// Run the demo; returns the process exit code.
pub fn run() -> anyhow::Result<u8> {
    anyhow::bail!("the demo is not built yet")
}
