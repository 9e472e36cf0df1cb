//! Reuse: a re-run of the job finds the window it opened (by label and target) and widens it to
//! cover this run too, instead of opening a second one.

use super::*;

/// A labelled window that `start` may reuse, read in its own zone.
pub(super) struct Found<'a> {
    pub(super) window: &'a Window,
    pub(super) zone: Zone,
    pub(super) interval: Interval,
}

/// The window carrying `label` that covers exactly `target` and is not over yet.
pub(super) fn reusable<'a>(
    windows: &'a [Window],
    label: &str,
    target: &Target,
    now: Timestamp,
) -> Option<Found<'a>> {
    windows
        .iter()
        .filter(|w| w.is_once() && label::carries(&w.description, label))
        .filter(|w| w.selection == Some(target.selection) && same_set(&w.targets, &target.ids))
        .filter_map(|w| {
            // A window that cannot be placed is not reused (`note_other_windows` says why).
            let Placed { zone, interval, .. } = placement::place(w, None).ok()?;
            (interval.status(now) != Status::Over).then_some(Found {
                window: w,
                zone,
                interval,
            })
        })
        .max_by_key(|f| f.interval.end)
}

/// Say why a window that carries the label is not reused.
pub(super) fn note_other_windows(
    windows: &[Window],
    label: &str,
    target: &Target,
    now: Timestamp,
    log: &Reporter,
) {
    for w in windows
        .iter()
        .filter(|w| w.is_once() && label::carries(&w.description, label))
    {
        match placement::place(w, None) {
            Ok(p) if p.interval.status(now) == Status::Over => {}
            Ok(_) => log.info(format!(
                "Window {} carries this label but covers something else; opening another for {}",
                w.id,
                target.describe()
            )),
            Err(why) => log.warning(format!(
                "{why}: it cannot be placed in time, so it is not reused; opening another for {}",
                target.describe()
            )),
        }
    }
}

/// Make a reused window cover `wanted`: a later end moves its end; an earlier start moves the
/// start of a window that has not begun yet. Writes only if something changes.
pub(super) fn cover(
    api: &Api,
    found: Found<'_>,
    wanted: Interval,
    now: Timestamp,
) -> Result<(String, Interval, Zone, How)> {
    let Found {
        window: w,
        zone,
        interval: current,
    } = found;
    let next = widened(current, wanted, now, &zone);
    if next == current {
        return Ok((w.id.clone(), current, zone, How::Reused));
    }
    let times = keep_start(w, next, current, &zone);
    endpoint::update(api, &w.id, &w.update_body(&times))?;
    Ok((w.id.clone(), next, zone, How::Extended))
}

/// `current` widened to cover `wanted` too: a later end, and an earlier start while it has not
/// started yet, in the window's own `zone`.
pub(super) fn widened(
    current: Interval,
    wanted: Interval,
    now: Timestamp,
    zone: &Zone,
) -> Interval {
    let mut next = current;
    // Written in the window's own zone, off any repeated hour (covering a little more).
    if wanted.end > current.end {
        next.end = zone.clear_after(wanted.end);
    }
    if current.status(now) == Status::Upcoming && wanted.start < current.start {
        next.start = zone.clear_before(wanted.start);
    }
    next
}

/// The fields for `next` in the window's own zone, with the window's own start fields kept
/// verbatim when the start does not move.
pub(in crate::maintenance) fn keep_start(
    w: &Window,
    next: Interval,
    current: Interval,
    zone: &Zone,
) -> Times {
    let mut times = next.times_in(zone);
    if next.start == current.start
        && let (Some(date), Some(time)) = (&w.start_date, &w.start_time)
    {
        times.start_date = date.clone();
        times.start_time = time.clone();
    }
    times
}

fn same_set(a: &[String], b: &[String]) -> bool {
    let mut a: Vec<&String> = a.iter().collect();
    let mut b: Vec<&String> = b.iter().collect();
    a.sort();
    a.dedup();
    b.sort();
    b.dedup();
    a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_ignore_order_and_repeats() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(same_set(&s(&["1", "2"]), &s(&["2", "1", "1"])));
        assert!(!same_set(&s(&["1", "2"]), &s(&["1"])));
    }
}
