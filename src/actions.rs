//! The actions (`design.md` §1): each is a [`Command`] that first checks its settings and reads
//! its files (no requests), then runs against a connected [`Session`]. The CLI runs one; a steps
//! file runs several with one session. Adding an action means one line in [`actions!`].

use std::sync::Arc;

use crate::auth::Session;
use crate::ci::{Output, Reporter};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::inputs::{Env, Settings};

/// What every command gets besides its settings.
pub struct Context {
    pub env: Env,
    pub clock: Arc<dyn Clock>,
    pub log: Arc<Reporter>,
}

/// What a command produced: its outputs, and the exit code when it is not 0 (a plan with
/// changes under `--detailed-exitcode` exits 4).
#[derive(Debug, Default)]
pub struct Outcome {
    pub outputs: Vec<Output>,
    pub exit_code: u8,
    /// The command failed, but what it saw is still handed on first (a failing health gate's
    /// `healthy` and `statuses`): the outputs go through the usual path — a steps file's
    /// `ID-` names included — and then this is the run's error.
    pub failure: Option<Error>,
}

impl Outcome {
    pub fn with(outputs: Vec<Output>) -> Self {
        Outcome {
            outputs,
            ..Outcome::default()
        }
    }

    /// A failure that still hands on `outputs`.
    pub fn failed(outputs: Vec<Output>, error: Error) -> Self {
        Outcome {
            outputs,
            exit_code: 0,
            failure: Some(error),
        }
    }
}

pub trait Command: Sized {
    /// The settings this action reads besides the connection settings.
    const SETTINGS: &'static [&'static str];
    /// The output a plain run prints alone on stdout.
    const PRIMARY_OUTPUT: Option<&'static str> = None;
    /// Every output this action can set, for checking `${steps.ID.OUTPUT}` references.
    const OUTPUTS: &'static [&'static str] = &[];

    /// Check the settings and read any input file. Makes no request: a mistake anywhere in the
    /// input is found before anything is changed.
    fn prepare(settings: &Settings, ctx: &Context) -> Result<Self>;

    fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome>;
}

macro_rules! actions {
    ($($variant:ident => $name:literal, $ty:ty;)*) => {
        /// Every action a workflow input or a step can name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Action { $($variant),* }

        /// An action whose settings have been checked, ready to run.
        pub enum Prepared { $($variant(Box<$ty>)),* }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The name used by the `action` input and in steps files (`maintenance-start`).
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),* }
            }

            pub fn settings(self) -> &'static [&'static str] {
                match self { $(Action::$variant => <$ty as Command>::SETTINGS),* }
            }

            pub fn outputs(self) -> &'static [&'static str] {
                match self { $(Action::$variant => <$ty as Command>::OUTPUTS),* }
            }

            pub fn primary_output(self) -> Option<&'static str> {
                match self { $(Action::$variant => <$ty as Command>::PRIMARY_OUTPUT),* }
            }

            pub fn prepare(self, settings: &Settings, ctx: &Context) -> Result<Prepared> {
                match self { $(Action::$variant => Ok(Prepared::$variant(Box::new(<$ty as Command>::prepare(settings, ctx)?)))),* }
            }
        }

        impl Prepared {
            pub fn execute(&self, session: &Session, ctx: &Context) -> Result<Outcome> {
                match self { $(Prepared::$variant(command) => command.execute(session, ctx)),* }
            }
        }
    };
}

actions! {
    Token => "token", crate::commands::token::Token;
    Check => "check", crate::commands::check::Check;
    MaintenanceStart => "maintenance-start", crate::maintenance::Start;
    MaintenanceEnd => "maintenance-end", crate::maintenance::End;
    MaintenanceExtend => "maintenance-extend", crate::maintenance::Extend;
    MaintenanceList => "maintenance-list", crate::maintenance::List;
    MonitorsPlan => "monitors-plan", crate::monitors::Plan;
    MonitorsApply => "monitors-apply", crate::monitors::Apply;
    MonitorsExport => "monitors-export", crate::monitors::Export;
    MonitorsSuspend => "monitors-suspend", crate::monitors::Suspend;
    MonitorsActivate => "monitors-activate", crate::monitors::Activate;
    MonitorsVerify => "monitors-verify", crate::monitors::verify::Verify;
    Milestone => "milestone", crate::milestone::Milestone;
}

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL
            .iter()
            .copied()
            .find(|a| a.name() == name.trim())
    }
}
