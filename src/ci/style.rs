//! What a person at a terminal gets (issue 13 item 3): colour in the log, and tables instead of
//! JSON on stdout. A CI log gets neither unless asked (`CLICOLOR_FORCE=1`).
//!
//! Colour follows the conventions clap's own `anstream` follows, read from the run's [`Env`] so a
//! steps file or a test sees the same rules: `NO_COLOR` (non-empty) turns it off whatever else
//! is set (<https://no-color.org>); else `CLICOLOR_FORCE` (non-empty, not `0`) turns it on even
//! in a pipe or CI log; else `CLICOLOR=0` or `TERM=dumb` turns it off; else it is on when stderr
//! (the log) is a terminal.
//!
//! Escape codes come only from [`Paint`]: every text is neutralised first (an ESC from the API
//! shows as `\x1b`, see [`super::escape::visible_controls`]), then s247 wraps it in its own style.

use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

use super::Reporter;
use crate::inputs::Env;

/// Test seam: `S247_TEST_TERMINAL=1` makes stdout and stderr count as terminals, so tests can
/// see what a person sees without a pty. Only tests set it (like `S247_TEST_FAKE_SLEEP`).
pub const TERMINAL_SEAM: &str = "S247_TEST_TERMINAL";

/// How output is shaped for whoever reads it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Presentation {
    /// Colour codes in the log (stderr).
    pub colour: bool,
    /// stdout is a terminal: a person reads the data, so a table rather than JSON.
    pub stdout_is_terminal: bool,
}

impl Presentation {
    /// From the process's streams (or the test seam) and the colour variables in `env`.
    pub fn detect(env: &Env) -> Self {
        let seam = env.get(TERMINAL_SEAM) == Some("1");
        Presentation {
            colour: colour_wanted(env, seam || std::io::stderr().is_terminal()),
            stdout_is_terminal: seam || std::io::stdout().is_terminal(),
        }
    }
}

/// Whether the log is coloured, given whether it goes to a terminal.
pub fn colour_wanted(env: &Env, log_is_terminal: bool) -> bool {
    let set = |name: &str| env.get(name).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if set("CLICOLOR") == Some("0") || env.get("TERM") == Some("dumb") {
        return false;
    }
    log_is_terminal
}

/// The styles s247 uses, by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    /// Something is made: green.
    Create,
    /// Something changes: yellow.
    Update,
    /// Something goes away (a delete, a suspend): red.
    Remove,
    /// A summary line: bold.
    Strong,
}

impl Paint {
    fn style(self) -> Style {
        match self {
            Paint::Create => AnsiColor::Green.on_default(),
            Paint::Update => AnsiColor::Yellow.on_default(),
            Paint::Remove => AnsiColor::Red.on_default(),
            Paint::Strong => Style::new().bold(),
        }
    }

    /// `text` wrapped in this style's codes (text must already be neutralised).
    pub fn wrap(self, text: &str) -> String {
        let style = self.style();
        format!("{style}{text}{style:#}")
    }
}

impl Reporter {
    /// Shape output for `presentation` (see [`Presentation::detect`]); plain by default.
    pub fn presenting(mut self, presentation: Presentation) -> Self {
        self.presentation = presentation;
        self
    }

    pub fn presentation(&self) -> Presentation {
        self.presentation
    }

    /// An informational line in `paint`'s colour when the log is coloured. Like
    /// [`Reporter::info`], the text is neutralised and scrubbed of secrets first.
    pub fn info_in(&self, paint: Paint, message: impl AsRef<str>) {
        let text = self.safe(message.as_ref());
        if self.presentation.colour {
            // Per line: a runner or pager that starts each line afresh keeps the colour.
            let painted: Vec<String> = text.lines().map(|l| paint.wrap(l)).collect();
            self.line(&painted.join("\n"));
        } else {
            self.line(&text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_no_color_then_clicolor_force_then_the_terminal() {
        let env = |pairs: &[(&str, &str)]| Env::from_pairs(pairs.iter().copied());
        assert!(colour_wanted(&env(&[]), true));
        assert!(!colour_wanted(&env(&[]), false));
        assert!(colour_wanted(&env(&[("CLICOLOR_FORCE", "1")]), false));
        assert!(!colour_wanted(&env(&[("CLICOLOR_FORCE", "0")]), false));
        assert!(!colour_wanted(
            &env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]),
            true
        ));
        assert!(colour_wanted(&env(&[("NO_COLOR", "")]), true));
        assert!(!colour_wanted(&env(&[("TERM", "dumb")]), true));
        assert!(colour_wanted(
            &env(&[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")]),
            false
        ));
        assert!(!colour_wanted(&env(&[("CLICOLOR", "0")]), true));
    }

    #[test]
    fn paint_wraps_in_ansi_codes_and_resets() {
        assert_eq!(Paint::Create.wrap("+ x"), "\x1b[32m+ x\x1b[0m");
        assert_eq!(Paint::Remove.wrap("- x"), "\x1b[31m- x\x1b[0m");
    }
}
