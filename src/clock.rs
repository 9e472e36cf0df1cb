//! Time as the program sees it: "now" and "wait this long".
//!
//! Everything that waits (token rate-limit waits, retry backoff) goes through a [`Clock`], so tests
//! can run those paths without sleeping. The binary uses a [`FakeClock`] only when the
//! `S247_TEST_FAKE_SLEEP` environment variable is `1`: waits are then logged as usual but advance a
//! virtual clock instead of blocking (the hidden test seam hyperfine calls `--debug-mode`).

use std::sync::Mutex;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
    fn sleep(&self, duration: Duration);
}

#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// A clock that starts at a given instant and only moves when something sleeps on it.
#[derive(Debug)]
pub struct FakeClock {
    now: Mutex<Timestamp>,
    slept: Mutex<Vec<Duration>>,
}

impl FakeClock {
    pub fn starting_at(now: Timestamp) -> Self {
        FakeClock {
            now: Mutex::new(now),
            slept: Mutex::new(Vec::new()),
        }
    }

    /// Every wait requested so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.slept.lock().expect("clock lock").clone()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Timestamp {
        *self.now.lock().expect("clock lock")
    }
    fn sleep(&self, duration: Duration) {
        let mut now = self.now.lock().expect("clock lock");
        let step = SignedDuration::try_from(duration).unwrap_or(SignedDuration::MAX);
        *now = now
            .saturating_add(step)
            .expect("a span without calendar units");
        self.slept.lock().expect("clock lock").push(duration);
    }
}

/// The clock the binary runs with: real, unless the test seam asks for a fake one.
pub fn from_env(fake_sleep: bool) -> std::sync::Arc<dyn Clock> {
    if fake_sleep {
        std::sync::Arc::new(FakeClock::starting_at(Timestamp::now()))
    } else {
        std::sync::Arc::new(SystemClock)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fake_clock_advances_only_when_sleeping() {
        let start: Timestamp = "2026-03-29T00:30:00Z".parse().unwrap();
        let clock = FakeClock::starting_at(start);
        assert_eq!(clock.now(), start);
        clock.sleep(Duration::from_secs(90));
        assert_eq!(
            clock.now(),
            "2026-03-29T00:31:30Z".parse::<Timestamp>().unwrap()
        );
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(90)]);
    }
}
