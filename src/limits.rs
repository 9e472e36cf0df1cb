//! Guard rails on sizes (issue 12): how long a maintenance window may be (`max-duration`), how
//! many owned monitors one `--prune` may remove (`max-prune`), and the ceilings of the other
//! durations. A typo like `300h` for `30m` must fail before the first request, naming the setting
//! that allows it on purpose, instead of silencing alerts for twelve days.

use std::time::Duration;

use crate::error::{Problems, Result};
use crate::inputs::{Settings, how_to_set};

/// The longest window `maintenance start` / `extend` may make unless `max-duration` says more.
pub const DEFAULT_MAX_DURATION: Duration = Duration::from_secs(24 * 3600);
/// `max-duration` itself is capped: a window longer than a month is not a maintenance window.
pub const MAX_DURATION_CEILING: Duration = Duration::from_secs(31 * 24 * 3600);
/// How many owned monitors one `--prune` may remove or suspend unless `max-prune` says more.
pub const DEFAULT_MAX_PRUNE: usize = 10;
/// `token-wait`: Zoho's token budget refills within ten minutes; waiting longer than an hour
/// only hides a broken setup.
pub const TOKEN_WAIT_CEILING: Duration = Duration::from_secs(3600);
/// `timeout` of one HTTP request.
pub const TIMEOUT_CEILING: Duration = Duration::from_secs(600);

/// `99999h`, `24h`, `1h30m`: hours read better than minutes at this scale.
pub fn show(d: Duration) -> String {
    let secs = d.as_secs();
    if secs >= 3600 && secs.is_multiple_of(3600) {
        format!("{}h", secs / 3600)
    } else {
        crate::api::http::humanise(d)
    }
}

/// A duration setting that must not exceed `ceiling`: `None` when unset.
pub fn capped_duration(
    settings: &Settings,
    name: &str,
    ceiling: Duration,
    why: &str,
) -> Result<Option<Duration>> {
    let Some(value) = settings.duration(name)? else {
        return Ok(None);
    };
    if value > ceiling {
        return Err(settings.error(
            name,
            format!(
                "{} is longer than the {} allowed {why}",
                show(value),
                show(ceiling)
            ),
        ));
    }
    Ok(Some(value))
}

/// `max-duration`: the default, or a value up to [`MAX_DURATION_CEILING`].
pub fn max_duration(settings: &Settings) -> Result<Duration> {
    Ok(capped_duration(
        settings,
        "max-duration",
        MAX_DURATION_CEILING,
        "for a maintenance window",
    )?
    .unwrap_or(DEFAULT_MAX_DURATION))
}

/// A window length (or extension) that `max-duration` allows, or exit 2 naming the setting.
/// `what` says what was measured: "a window of", "window 123 would then last".
pub fn check_window_length(
    settings: &Settings,
    setting: &str,
    length: Duration,
    max: Duration,
    what: &str,
) -> Result<()> {
    if length <= max {
        return Ok(());
    }
    Err(settings.error(
        setting,
        format!(
            "{what} {}: longer than max-duration ({}); if that is on purpose, raise it with {}",
            show(length),
            show(max),
            how_to_set("max-duration").replace("`--max-duration`", "`--max-duration 48h`")
        ),
    ))
}

/// A required window length (`duration`, `by`) and `max-duration`, the length checked against
/// it; `needed` says what the length is, `what` words the refusal ([`check_window_length`]).
/// Every problem is kept in `problems`, and what could not be read is `None`.
pub fn window_length(
    settings: &Settings,
    setting: &str,
    needed: &str,
    what: &str,
    problems: &mut Problems,
) -> Result<(Option<Duration>, Option<Duration>)> {
    let length = match settings.get(setting) {
        None => {
            let missing = settings.require(setting, needed);
            problems.keep(missing.map(|_| None))?.flatten()
        }
        Some(_) => problems.keep(settings.duration(setting))?.flatten(),
    };
    // A typo like `300h` for `30m` would silence alerts for days: cap it, by name.
    let max = problems.keep(max_duration(settings))?;
    if let (Some(length), Some(max)) = (length, max) {
        problems.keep(check_window_length(settings, setting, length, max, what))?;
    }
    Ok((length, max))
}

/// How many owned monitors one `--prune` may remove or suspend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxPrune {
    /// `all`: no limit, and pruning every owned monitor is allowed too.
    All,
    Count(usize),
}

impl Default for MaxPrune {
    fn default() -> Self {
        MaxPrune::Count(DEFAULT_MAX_PRUNE)
    }
}

/// `max-prune`: a whole number or `all`.
pub fn max_prune(settings: &Settings) -> Result<MaxPrune> {
    let Some(text) = settings.get("max-prune") else {
        return Ok(MaxPrune::default());
    };
    if text.eq_ignore_ascii_case("all") {
        return Ok(MaxPrune::All);
    }
    text.parse::<usize>().map(MaxPrune::Count).map_err(|_| {
        settings.error(
            "max-prune",
            format!("`{text}` is not a count; write a whole number such as 10, or `all`"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        let mut s = Settings::default();
        for (k, v) in pairs {
            s.set(k, *v);
        }
        s
    }

    #[test]
    fn max_duration_defaults_to_a_day_and_has_a_ceiling() {
        assert_eq!(max_duration(&settings(&[])).unwrap(), DEFAULT_MAX_DURATION);
        assert_eq!(
            max_duration(&settings(&[("max-duration", "200h")])).unwrap(),
            Duration::from_secs(200 * 3600)
        );
        let err = max_duration(&settings(&[("max-duration", "9999h")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("--max-duration"), "{err}");
    }

    #[test]
    fn a_window_longer_than_max_duration_names_the_setting() {
        let s = settings(&[("duration", "300h")]);
        let err = check_window_length(
            &s,
            "duration",
            Duration::from_secs(300 * 3600),
            DEFAULT_MAX_DURATION,
            "a window of",
        )
        .unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let text = err.to_string();
        assert!(text.starts_with("--duration:"), "{text}");
        assert!(text.contains("max-duration"), "{text}");
        assert!(text.contains("S247_MAX_DURATION"), "{text}");
    }

    #[test]
    fn max_prune_reads_counts_and_all() {
        assert_eq!(
            max_prune(&settings(&[])).unwrap(),
            MaxPrune::Count(DEFAULT_MAX_PRUNE)
        );
        assert_eq!(
            max_prune(&settings(&[("max-prune", "ALL")])).unwrap(),
            MaxPrune::All
        );
        assert_eq!(
            max_prune(&settings(&[("max-prune", "3")])).unwrap(),
            MaxPrune::Count(3)
        );
        let err = max_prune(&settings(&[("max-prune", "-1")])).unwrap_err();
        assert!(err.to_string().contains("`all`"), "{err}");
    }
}
