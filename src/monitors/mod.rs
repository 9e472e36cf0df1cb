//! Monitors as code (not built yet: each action answers that it is not available).

pub mod desired;
pub mod fields;
pub mod load;
pub mod positions;
pub mod spec;

use crate::actions::{Command, Context, Outcome};
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::inputs::Settings;

pub struct Plan;

impl Command for Plan {
    const SETTINGS: &'static [&'static str] = &[];

    fn prepare(_settings: &Settings, _ctx: &Context) -> Result<Self> {
        Err(Error::runtime("monitors plan is not available yet"))
    }

    fn execute(&self, _session: &Session, _ctx: &Context) -> Result<Outcome> {
        Err(Error::runtime("monitors plan is not available yet"))
    }
}

pub struct Apply;

impl Command for Apply {
    const SETTINGS: &'static [&'static str] = &[];

    fn prepare(_settings: &Settings, _ctx: &Context) -> Result<Self> {
        Err(Error::runtime("monitors apply is not available yet"))
    }

    fn execute(&self, _session: &Session, _ctx: &Context) -> Result<Outcome> {
        Err(Error::runtime("monitors apply is not available yet"))
    }
}

pub struct Export;

impl Command for Export {
    const SETTINGS: &'static [&'static str] = &[];

    fn prepare(_settings: &Settings, _ctx: &Context) -> Result<Self> {
        Err(Error::runtime("monitors export is not available yet"))
    }

    fn execute(&self, _session: &Session, _ctx: &Context) -> Result<Outcome> {
        Err(Error::runtime("monitors export is not available yet"))
    }
}

pub struct Suspend;

impl Command for Suspend {
    const SETTINGS: &'static [&'static str] = &[];

    fn prepare(_settings: &Settings, _ctx: &Context) -> Result<Self> {
        Err(Error::runtime("monitors suspend is not available yet"))
    }

    fn execute(&self, _session: &Session, _ctx: &Context) -> Result<Outcome> {
        Err(Error::runtime("monitors suspend is not available yet"))
    }
}

pub struct Activate;

impl Command for Activate {
    const SETTINGS: &'static [&'static str] = &[];

    fn prepare(_settings: &Settings, _ctx: &Context) -> Result<Self> {
        Err(Error::runtime("monitors activate is not available yet"))
    }

    fn execute(&self, _session: &Session, _ctx: &Context) -> Result<Outcome> {
        Err(Error::runtime("monitors activate is not available yet"))
    }
}
