//! A local emulator of the Zoho accounts token endpoint and the Site24x7 API subset s247 uses
//! (`design.md` §9). Production code never imports this module.

use clap::Args;

/// `s247 sandbox` options.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value = "8247")]
    pub port: u16,
    /// Address to bind; loopback only
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
}

/// Serve until interrupted.
pub fn run_cli(_args: &SandboxArgs) -> crate::error::Result<()> {
    Err(crate::error::Error::runtime("the sandbox is not built yet"))
}
