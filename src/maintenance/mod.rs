//! Maintenance windows around a deployment (not built yet: each action answers that it is not available).

use crate::actions::{Command, Context, Outcome};
use crate::auth::Session;
use crate::error::{Error, Result};
use crate::inputs::Settings;

pub struct Start;

impl Command for Start {
    const SETTINGS: &'static [&'static str] = &[];

    fn prepare(_settings: &Settings, _ctx: &Context) -> Result<Self> {
        Err(Error::runtime("maintenance start is not available yet"))
    }

    fn execute(&self, _session: &Session, _ctx: &Context) -> Result<Outcome> {
        Err(Error::runtime("maintenance start is not available yet"))
    }
}

pub struct End;

impl Command for End {
    const SETTINGS: &'static [&'static str] = &[];

    fn prepare(_settings: &Settings, _ctx: &Context) -> Result<Self> {
        Err(Error::runtime("maintenance end is not available yet"))
    }

    fn execute(&self, _session: &Session, _ctx: &Context) -> Result<Outcome> {
        Err(Error::runtime("maintenance end is not available yet"))
    }
}

pub struct Extend;

impl Command for Extend {
    const SETTINGS: &'static [&'static str] = &[];

    fn prepare(_settings: &Settings, _ctx: &Context) -> Result<Self> {
        Err(Error::runtime("maintenance extend is not available yet"))
    }

    fn execute(&self, _session: &Session, _ctx: &Context) -> Result<Outcome> {
        Err(Error::runtime("maintenance extend is not available yet"))
    }
}

pub struct List;

impl Command for List {
    const SETTINGS: &'static [&'static str] = &[];

    fn prepare(_settings: &Settings, _ctx: &Context) -> Result<Self> {
        Err(Error::runtime("maintenance list is not available yet"))
    }

    fn execute(&self, _session: &Session, _ctx: &Context) -> Result<Outcome> {
        Err(Error::runtime("maintenance list is not available yet"))
    }
}
