//! `s247 sandbox`: serve the emulator until killed.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{
    FaultAction, FaultRule, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_GRANT_CODE,
    SANDBOX_READONLY_REFRESH_TOKEN, SANDBOX_REFRESH_TOKEN, Sandbox, SandboxConfig, SeedAccount,
};
use crate::error::{Error, Result};

/// `s247 sandbox` options.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Sandbox options")]
pub struct SandboxArgs {
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value = "8247")]
    pub port: u16,
    /// Address to bind; loopback only (127.0.0.1, localhost or [::1])
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Serve the account in this JSON file instead of the built-in one
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// Print the built-in account as seed JSON and exit
    #[arg(long)]
    pub print_seed: bool,
    /// Delay every request by this much (e.g. 50ms)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub latency: Option<Duration>,
    /// Drop this share of connections (0.0–1.0) without answering, before handling them
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    pub drop_rate: Option<f64>,
    /// Drop this share of connections after handling them (a create is applied, no answer)
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    pub drop_after_apply_rate: Option<f64>,
    /// Answer this share of requests with a 5xx (see --error-status)
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    pub error_rate: Option<f64>,
    /// The status --error-rate answers
    #[arg(long, value_name = "STATUS", default_value = "503", value_parser = clap::value_parser!(u16).range(500..600))]
    pub error_status: u16,
    /// Answer this share of requests with 429 and Retry-After
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    pub rate_limit_rate: Option<f64>,
    /// The Retry-After (seconds) of --rate-limit-rate answers
    #[arg(long, value_name = "SECONDS", default_value = "1")]
    pub retry_after: u64,
    /// Fault rules as JSON (a list; see the sandbox docs), added after the flags above
    #[arg(long, value_name = "FILE")]
    pub faults: Option<PathBuf>,
    /// Seed of the fault PRNG (same seed, same faults)
    #[arg(long, value_name = "N", default_value = "0")]
    pub fault_seed: u64,
    /// Access-token lifetime (default 1h)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub token_lifetime: Option<Duration>,
    /// Mints allowed per refresh token per --mint-window before "Access Denied" (0 = no limit)
    #[arg(long, value_name = "N", default_value = "10")]
    pub mint_limit: usize,
    /// The window of --mint-limit
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_duration)]
    pub mint_window: Duration,
    /// HTTP status of the "Access Denied" answer: 200 or 400
    #[arg(long, value_name = "STATUS", default_value = "400", value_parser = ["200", "400"])]
    pub access_denied_status: String,
    /// Answer mints in the old format (expires_in in milliseconds, plus expires_in_sec)
    #[arg(long)]
    pub old_token_format: bool,
    /// The account's time zone, instead of the seed's (the built-in account: Asia/Kolkata)
    #[arg(long, value_name = "ZONE")]
    pub account_timezone: Option<String>,
    /// Play today's kinder behaviour instead of the strictest plausible one: monitor and group
    /// PUTs merge, groups need no profiles, any tag colour, creates answer 201 (issue 10)
    #[arg(long)]
    pub lenient: bool,
}

fn parse_duration(text: &str) -> std::result::Result<Duration, String> {
    let hint = "write it like 50ms, 90s, 2m or 1h30m";
    let text = text.trim();
    if text.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{text}` has no unit; {hint}"));
    }
    let parsed: jiff::SignedDuration = text
        .parse()
        .map_err(|_| format!("`{text}` is not a duration; {hint}"))?;
    Duration::try_from(parsed).map_err(|_| format!("`{text}` must not be negative"))
}

fn parse_probability(text: &str) -> std::result::Result<f64, String> {
    let p: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("`{text}` is not between 0 and 1"))
    }
}

/// `--bind`: a loopback address (or `localhost`).
fn loopback(bind: &str) -> Result<IpAddr> {
    let text = bind.trim().trim_start_matches('[').trim_end_matches(']');
    let ip: IpAddr = if text.eq_ignore_ascii_case("localhost") {
        IpAddr::from([127, 0, 0, 1])
    } else {
        text.parse().map_err(|_| Error::invalid(format!("--bind {bind}: not an IP address; the sandbox listens on loopback only (127.0.0.1, localhost or the IPv6 loopback)")))?
    };
    if ip.is_loopback() {
        Ok(ip)
    } else {
        Err(Error::invalid(format!(
            "--bind {bind}: the sandbox listens on loopback only (127.0.0.1, localhost or the IPv6 loopback); it serves fake credentials and must not be reachable from other machines"
        )))
    }
}

impl SandboxArgs {
    /// The in-process configuration these flags stand for.
    pub fn config(&self) -> Result<SandboxConfig> {
        let bind = loopback(&self.bind)?;
        let seed = match &self.seed {
            Some(path) => Some(
                SeedAccount::from_file(path).map_err(|e| Error::invalid(format!("--seed: {e}")))?,
            ),
            None => None,
        };
        let mut faults = Vec::new();
        if let Some(latency) = self.latency {
            faults.push(FaultRule::latency(latency));
        }
        let rates = [
            (self.drop_rate, FaultAction::Drop),
            (self.drop_after_apply_rate, FaultAction::DropAfterApply),
            (self.error_rate, FaultAction::Status(self.error_status)),
            (
                self.rate_limit_rate,
                FaultAction::RateLimit {
                    retry_after: self.retry_after,
                },
            ),
        ];
        for (rate, action) in rates {
            if let Some(p) = rate.filter(|p| *p > 0.0) {
                faults.push(FaultRule::new(action).with_probability(p));
            }
        }
        if let Some(path) = &self.faults {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::invalid(format!("--faults {}: cannot read it: {e}", path.display()))
            })?;
            let rules: Vec<FaultRule> = serde_json::from_str(&text).map_err(|e| {
                Error::invalid(format!(
                    "--faults {}: not a list of fault rules: {e}",
                    path.display()
                ))
            })?;
            faults.extend(rules);
        }
        Ok(SandboxConfig {
            port: self.port,
            bind: Some(bind),
            seed,
            faults,
            fault_seed: self.fault_seed,
            token_lifetime: self.token_lifetime,
            mint_limit: Some(self.mint_limit),
            mint_window: Some(self.mint_window),
            access_denied_status: Some(if self.access_denied_status == "200" {
                200
            } else {
                400
            }),
            old_token_format: self.old_token_format,
            account_timezone: self.account_timezone.clone(),
            lenient: self.lenient,
            ..SandboxConfig::default()
        })
    }
}

/// Serve until killed. Prints the URLs, the fake credentials and ready-to-paste `export` lines
/// on stderr.
pub fn run_cli(args: &SandboxArgs) -> Result<()> {
    if args.print_seed {
        let seed = match &args.seed {
            Some(path) => {
                SeedAccount::from_file(path).map_err(|e| Error::invalid(format!("--seed: {e}")))?
            }
            None => SeedAccount::default_account(),
        };
        println!("{}", seed.to_json_pretty());
        return Ok(());
    }
    let config = args.config()?;
    let faults = config.faults.clone();
    let sandbox = Sandbox::start(config).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => Error::runtime(format!(
            "port {} is in use; pick another with --port (0 picks a free one)",
            args.port
        )),
        _ => Error::runtime(format!("cannot start the sandbox: {e}")),
    })?;
    let base = sandbox.base_url();
    eprintln!("s247 sandbox listening on {base} (loopback only; Ctrl-C stops it)");
    eprintln!("  accounts URL:   {base}   (token endpoint {base}/oauth/v2/token)");
    eprintln!("  API URL:        {}", sandbox.api_url());
    eprintln!("  client id:      {SANDBOX_CLIENT_ID}");
    eprintln!("  client secret:  {SANDBOX_CLIENT_SECRET}");
    eprintln!("  refresh token:  {SANDBOX_REFRESH_TOKEN}");
    eprintln!("  read-only refresh token: {SANDBOX_READONLY_REFRESH_TOKEN}");
    eprintln!(
        "  grant code:     {SANDBOX_GRANT_CODE} (single use; POST {base}/_sandbox/reset restores it)"
    );
    eprintln!(
        "  test plumbing:  {base}/_sandbox/stats, /_sandbox/requests, /_sandbox/faults, /_sandbox/reset, /_sandbox/status"
    );
    if !faults.is_empty() {
        let rules: Vec<String> = faults
            .iter()
            .map(|r| serde_json::to_string(r).unwrap_or_default())
            .collect();
        eprintln!("  faults (seed {}): {}", args.fault_seed, rules.join(", "));
    }
    eprintln!("These are fake credentials for this sandbox only. To point s247 at it:");
    eprintln!("export S247_ACCOUNTS_URL={base}");
    eprintln!("export S247_API_URL={}", sandbox.api_url());
    eprintln!("export S247_CLIENT_ID={SANDBOX_CLIENT_ID}");
    eprintln!("export S247_CLIENT_SECRET={SANDBOX_CLIENT_SECRET}");
    eprintln!("export S247_REFRESH_TOKEN={SANDBOX_REFRESH_TOKEN}");
    loop {
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_is_loopback_only() {
        assert!(loopback("127.0.0.1").is_ok());
        assert!(loopback("127.0.0.2").is_ok());
        assert!(loopback("::1").is_ok());
        assert!(loopback("[::1]").is_ok());
        assert!(loopback("localhost").is_ok());
        for bad in ["0.0.0.0", "192.168.1.10", "::", "example.com"] {
            let err = loopback(bad).unwrap_err();
            assert_eq!(err.exit_code(), 2);
            assert!(err.to_string().contains("loopback only"), "{err}");
        }
    }

    #[test]
    fn strict_unless_lenient_and_the_account_zone_can_be_set() {
        use clap::Parser;
        let config = |args: &[&str]| {
            let cli =
                crate::cli::Cli::try_parse_from(["s247", "sandbox"].iter().chain(args).copied())
                    .unwrap();
            match cli.command {
                crate::cli::Command::Sandbox(args) => args.config().unwrap(),
                _ => unreachable!("the sandbox command"),
            }
        };
        let strict = config(&[]);
        assert!(!strict.lenient);
        assert_eq!(strict.account_timezone, None);
        let lenient = config(&["--lenient", "--account-timezone", "Europe/Berlin"]);
        assert!(lenient.lenient);
        assert_eq!(lenient.account_timezone.as_deref(), Some("Europe/Berlin"));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("50ms").unwrap(), Duration::from_millis(50));
        assert_eq!(parse_duration("1h30m").unwrap(), Duration::from_secs(5400));
        assert!(parse_duration("5").is_err());
        assert!(parse_probability("1.5").is_err());
    }
}
