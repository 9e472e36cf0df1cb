//! Fault injection: rules matched by method and path prefix, fired always, with a probability
//! (from a seeded PRNG, so the same seed and the same request sequence give the same faults), or
//! on the k-th matching request.
//!
//! JSON form (what `POST /_sandbox/faults` and `s247 sandbox --faults FILE` take):
//! ```json
//! [
//!   {"method": "POST", "path_prefix": "/api/monitors", "trigger": {"nth": 1}, "action": "drop_after_apply"},
//!   {"trigger": {"probability": 0.1}, "action": {"status": 503}},
//!   {"action": {"latency_ms": 50}},
//!   {"path_prefix": "/api/", "trigger": {"nth": 3}, "action": {"rate_limit": {"retry_after": 2}}}
//! ]
//! ```
//! `method` and `path_prefix` are optional (absent = any); `trigger` defaults to `"always"`.
//! Every matching latency rule adds its delay; of the other actions, the first rule (in order)
//! that fires wins.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// When a matching rule fires.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// On every matching request.
    #[default]
    Always,
    /// On each matching request with this probability (0.0–1.0), drawn from the seeded PRNG.
    Probability(f64),
    /// Only on the n-th matching request (1-based), once.
    Nth(u64),
}

/// What happens to a request a rule fires on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultAction {
    /// Wait this long before handling the request (adds up over matching rules).
    LatencyMs(u64),
    /// Close the connection without an answer; the request is not applied.
    Drop,
    /// Apply the request (a create creates), then close the connection without an answer.
    DropAfterApply,
    /// Answer this HTTP status (5xx) with an HTML body, without applying the request.
    Status(u16),
    /// Answer 429 with `Retry-After: <retry_after>` (seconds), without applying the request.
    RateLimit { retry_after: u64 },
    /// Apply the request and answer success, but without the new object's id in `data`
    /// (`maintenance_id`, `monitor_id`, `group_id`, …): the provider's `get_schedule_maintenance`
    /// fixture has none (`site24x7-api.md` §8 row 6).
    AnswerWithoutId,
}

/// One fault rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    /// HTTP method to match (case-insensitive); `None` matches any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Path prefix to match (e.g. `/api/monitors`); `None` matches any path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    #[serde(default)]
    pub trigger: Trigger,
    pub action: FaultAction,
}

impl FaultRule {
    /// A rule that fires on every request.
    pub fn new(action: FaultAction) -> FaultRule {
        FaultRule {
            method: None,
            path_prefix: None,
            trigger: Trigger::Always,
            action,
        }
    }

    /// Latency on every request.
    pub fn latency(delay: Duration) -> FaultRule {
        FaultRule::new(FaultAction::LatencyMs(delay.as_millis() as u64))
    }

    /// Only requests with this method and path prefix, e.g. `.on("POST", "/api/monitors")`.
    pub fn on(mut self, method: &str, path_prefix: &str) -> FaultRule {
        self.method = Some(method.to_string());
        self.path_prefix = Some(path_prefix.to_string());
        self
    }

    /// Only requests under this path prefix, any method.
    pub fn under(mut self, path_prefix: &str) -> FaultRule {
        self.path_prefix = Some(path_prefix.to_string());
        self
    }

    /// Fire with probability `p` on each matching request.
    pub fn with_probability(mut self, p: f64) -> FaultRule {
        self.trigger = Trigger::Probability(p);
        self
    }

    /// Fire on the n-th matching request only (1-based).
    pub fn nth(mut self, n: u64) -> FaultRule {
        self.trigger = Trigger::Nth(n);
        self
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path_prefix
                .as_deref()
                .is_none_or(|p| path.starts_with(p))
    }
}

/// A terminal fault decided for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Injected {
    Drop,
    DropAfterApply,
    Status(u16),
    RateLimit(u64),
    AnswerWithoutId,
}

#[derive(Debug, Default)]
pub(crate) struct Decision {
    pub latency: Duration,
    pub action: Option<Injected>,
}

pub(crate) struct FaultEngine {
    rules: Vec<(FaultRule, u64)>,
    seed: u64,
    rng: fastrand::Rng,
}

impl FaultEngine {
    pub fn new(rules: Vec<FaultRule>, seed: u64) -> FaultEngine {
        FaultEngine {
            rules: rules.into_iter().map(|r| (r, 0)).collect(),
            seed,
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// Replace the rules; counters and the PRNG start over (from `seed` if given).
    pub fn set_rules(&mut self, rules: Vec<FaultRule>, seed: Option<u64>) {
        if let Some(seed) = seed {
            self.seed = seed;
        }
        *self = FaultEngine::new(rules, self.seed);
    }

    /// Counters and the PRNG start over; the rules stay.
    pub fn restart(&mut self) {
        let rules = self.rules();
        *self = FaultEngine::new(rules, self.seed);
    }

    pub fn rules(&self) -> Vec<FaultRule> {
        self.rules.iter().map(|(r, _)| r.clone()).collect()
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn decide(&mut self, method: &str, path: &str) -> Decision {
        let mut decision = Decision::default();
        for (rule, seen) in &mut self.rules {
            if !rule.matches(method, path) {
                continue;
            }
            *seen += 1;
            let fires = match rule.trigger {
                Trigger::Always => true,
                // Drawn for every matching request, fired or not, so the sequence depends only on
                // the seed and the requests.
                Trigger::Probability(p) => self.rng.f64() < p,
                Trigger::Nth(n) => *seen == n,
            };
            if !fires {
                continue;
            }
            let injected = match rule.action {
                FaultAction::LatencyMs(ms) => {
                    decision.latency += Duration::from_millis(ms);
                    continue;
                }
                FaultAction::Drop => Injected::Drop,
                FaultAction::DropAfterApply => Injected::DropAfterApply,
                FaultAction::Status(status) => Injected::Status(status),
                FaultAction::RateLimit { retry_after } => Injected::RateLimit(retry_after),
                FaultAction::AnswerWithoutId => Injected::AnswerWithoutId,
            };
            decision.action.get_or_insert(injected);
        }
        decision
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_round_trips() {
        let text = r#"[
            {"method":"POST","path_prefix":"/api/monitors","trigger":{"nth":1},"action":"drop_after_apply"},
            {"trigger":{"probability":0.25},"action":{"status":503}},
            {"action":{"latency_ms":50}},
            {"action":{"rate_limit":{"retry_after":2}}}
        ]"#;
        let rules: Vec<FaultRule> = serde_json::from_str(text).unwrap();
        assert_eq!(
            rules[0],
            FaultRule::new(FaultAction::DropAfterApply)
                .on("POST", "/api/monitors")
                .nth(1)
        );
        assert_eq!(
            rules[1],
            FaultRule::new(FaultAction::Status(503)).with_probability(0.25)
        );
        assert_eq!(rules[2], FaultRule::latency(Duration::from_millis(50)));
        assert_eq!(rules[3].action, FaultAction::RateLimit { retry_after: 2 });
        let no_id: FaultRule =
            serde_json::from_str(r#"{"method":"POST","action":"answer_without_id"}"#).unwrap();
        assert_eq!(no_id.action, FaultAction::AnswerWithoutId);
        let again: Vec<FaultRule> =
            serde_json::from_str(&serde_json::to_string(&rules).unwrap()).unwrap();
        assert_eq!(again, rules);
    }

    #[test]
    fn nth_fires_once_on_matching_requests_only() {
        let mut engine = FaultEngine::new(
            vec![
                FaultRule::new(FaultAction::Drop)
                    .on("post", "/api/monitors")
                    .nth(2),
            ],
            1,
        );
        assert_eq!(engine.decide("POST", "/api/monitors").action, None);
        assert_eq!(engine.decide("GET", "/api/monitors").action, None);
        assert_eq!(engine.decide("POST", "/api/maintenance").action, None);
        assert_eq!(
            engine.decide("POST", "/api/monitors").action,
            Some(Injected::Drop)
        );
        assert_eq!(engine.decide("POST", "/api/monitors").action, None);
    }

    #[test]
    fn latency_adds_up_and_the_first_terminal_rule_wins() {
        let mut engine = FaultEngine::new(
            vec![
                FaultRule::latency(Duration::from_millis(5)),
                FaultRule::new(FaultAction::Status(500)),
                FaultRule::latency(Duration::from_millis(7)),
                FaultRule::new(FaultAction::Drop),
            ],
            1,
        );
        let decision = engine.decide("GET", "/");
        assert_eq!(decision.latency, Duration::from_millis(12));
        assert_eq!(decision.action, Some(Injected::Status(500)));
    }

    #[test]
    fn same_seed_same_faults() {
        let rules = vec![FaultRule::new(FaultAction::Status(503)).with_probability(0.3)];
        let run = |seed| {
            let mut engine = FaultEngine::new(rules.clone(), seed);
            (0..200)
                .map(|_| engine.decide("GET", "/api/monitors").action.is_some())
                .collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
        let fired = run(7).iter().filter(|f| **f).count();
        assert!((30..=90).contains(&fired), "{fired} of 200 at p=0.3");
    }
}
