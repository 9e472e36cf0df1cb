//! `start`'s create: one new window per target, looked up by label before it is created again
//! after an unclear answer.

use super::*;

impl Start {
    /// Create the window, always with an explicit `timezone` (the account's zone cannot be read
    /// through the API, §9.4), recorded on the label line too. After an answer that leaves open
    /// whether it was created, or a success without the new id (§8 row 6), look it up by label
    /// before creating it once more or failing.
    pub(super) fn create(
        &self,
        api: &Api,
        log: &Reporter,
        target: &Target,
        wanted: Interval,
        now: Timestamp,
    ) -> Result<(String, Interval, Zone, How)> {
        let times = wanted.times(&self.zone);
        // The zone the times are written in: `--timezone`, or GMT around a repeated hour.
        let zone = if times.timezone == self.zone.name {
            self.zone.clone()
        } else {
            Zone::default()
        };
        let new = NewWindow {
            display_name: self.name.clone(),
            description: label::stamp(self.description.as_deref(), &self.label, &zone.name),
            times,
            selection: target.selection,
            targets: target.ids.clone(),
            perform_monitoring: self.keep_monitoring,
        };
        let look_up = |why: &str| -> Result<Option<(String, Interval, Zone, How)>> {
            let windows = endpoint::list(api)?;
            match reusable(&windows, &self.label, target, now) {
                Some(found) => {
                    log.info(format!(
                        "Window {} is there: the create went through ({why})",
                        found.window.id
                    ));
                    cover(api, found, wanted, now).map(Some)
                }
                None => Ok(None),
            }
        };
        // Accepted, but neither the answer nor the list names it: the window may exist.
        let lost = || {
            Error::runtime(format!(
                "Site24x7 accepted the window but answered without its id, and no window carrying the label `{}` for {} was found; check the account's maintenance windows before running this again",
                self.label,
                target.describe()
            ))
        };
        match endpoint::create(api, &new) {
            Ok(Some(w)) => Ok((w.id, wanted, zone, How::Opened)),
            Ok(None) => {
                log.warning(
                    "Site24x7 answered the create without the new window's id; looking it up by label",
                );
                look_up("found by label")?.ok_or_else(lost)
            }
            Err(e) if e.is_ambiguous() => {
                log.warning(format!(
                    "Creating the window got no clear answer ({e}); looking it up by label before trying again"
                ));
                if let Some(found) = look_up("looked up after no clear answer")? {
                    return Ok(found);
                }
                log.info("The window was not created; creating it once more");
                match endpoint::create(api, &new)? {
                    Some(w) => Ok((w.id, wanted, zone, How::Opened)),
                    None => look_up("found by label")?.ok_or_else(lost),
                }
            }
            Err(e) => Err(e.into()),
        }
    }
}
