//! The timeline for a handful of tasks: a lane each on a virtual-time axis,
//! with I/O, lock waits and holds as bars, reads as dots and writes as
//! diamonds, and the same story as sentences for phones.

use std::fmt::Write;

use super::markup::{escape, escape_into, px};
use super::recording::{Cell, Recording};
use super::text::task_name;
use crate::sim::{Ending, EventKind};

/// Up to this many tasks get a lane each; more are drawn as a grid.
pub const MAX_LANES: usize = 12;

/// A stretch of time: `end` is `None` while it is still going.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: u64,
    pub end: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub time_ms: u64,
    pub value: i64,
    /// For a write: its number, and whether it is lost (as of the cursor).
    pub write: Option<(u32, bool)>,
}

/// One task's lane at a moment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lane {
    pub io: Vec<Span>,
    pub waits: Vec<Span>,
    pub holds: Vec<Span>,
    pub reads: Vec<Mark>,
    pub writes: Vec<Mark>,
    /// What happened, in order, for the phone list: (time, words, lost).
    pub story: Vec<(u64, String, bool)>,
}

fn close(spans: &mut [Span], at: u64) {
    if let Some(open) = spans.iter_mut().rev().find(|s| s.end.is_none()) {
        open.end = Some(at);
    }
}

/// Every task's lane after the first `cursor` events of `run`.
pub fn lanes(run: &Recording, cursor: usize) -> Vec<Lane> {
    let mut lanes = vec![Lane::default(); run.tasks() as usize];
    let lost: Vec<u32> = run.lost_writes_so_far(cursor).map(|l| l.write).collect();
    let cursor = cursor.min(run.len());
    for event in &run.outcome.trace[..cursor] {
        let Some(lane) = lanes.get_mut(event.task as usize) else {
            continue;
        };
        let t = event.time_ms;
        match event.kind {
            EventKind::IoStarted { .. } => lane.io.push(Span {
                start: t,
                end: None,
            }),
            EventKind::IoDone => close(&mut lane.io, t),
            EventKind::LockRequested { .. } => lane.waits.push(Span {
                start: t,
                end: None,
            }),
            EventKind::LockAcquired { lock } => {
                let waited = lane.waits.last().map_or(0, |w| t - w.start);
                close(&mut lane.waits, t);
                lane.holds.push(Span {
                    start: t,
                    end: None,
                });
                if waited > 0 {
                    lane.story
                        .push((t, format!("got {lock} after {waited} ms"), false));
                }
            }
            EventKind::LockReleased { .. } => close(&mut lane.holds, t),
            EventKind::Read { value } => {
                lane.reads.push(Mark {
                    time_ms: t,
                    value,
                    write: None,
                });
                lane.story.push((t, format!("read {value}"), false));
            }
            EventKind::Wrote { value, write, .. } => {
                let is_lost = lost.contains(&write);
                lane.writes.push(Mark {
                    time_ms: t,
                    value,
                    write: Some((write, is_lost)),
                });
                lane.story.push((t, format!("wrote {value}"), is_lost));
            }
            _ => {}
        }
    }
    lanes
}

/// The picture's geometry: plot from `LEFT` to `RIGHT` of a `WIDTH`-wide SVG.
const LEFT: f64 = 64.0;
const RIGHT: f64 = 700.0;
pub const WIDTH: f64 = 716.0;
const LANE_HEIGHT: f64 = 48.0;

/// The SVG's height for `lanes` lanes.
pub fn height(lanes: usize) -> f64 {
    LANE_HEIGHT * lanes as f64 + 26.0
}

/// The timeline's markup (the inside of its `<svg>`), after `cursor` events.
pub fn timeline_svg(run: &Recording, cursor: usize, lanes: &[Lane], cells: &[Cell]) -> String {
    let now = run.now_ms(cursor);
    // Before anything has happened the axis spans about what the run will
    // take: the latest start plus the longest I/O (jitter at its widest).
    let ahead = || {
        let scenario = &run.outcome.scenario;
        let longest = |list: &Option<Vec<u64>>, otherwise: u64| {
            list.as_ref()
                .and_then(|l| l.iter().max().copied())
                .unwrap_or(otherwise)
        };
        longest(&scenario.delays, scenario.delay_ms + scenario.jitter_ms)
            + longest(&scenario.starts, 0)
    };
    let span = if run.is_empty() {
        ahead()
    } else {
        run.outcome.elapsed_ms
    };
    let total = span.max(now).max(1) as f64;
    let deadlocked = matches!(run.ending(), Some(Ending::Deadlock(_))) && cursor >= run.len();
    let x = |t: u64| LEFT + (t as f64 / total) * (RIGHT - LEFT);
    let height = height(lanes.len());
    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{l}" x2="{r}" y1="{a}" y2="{a}"/><text class="tick" x="{l}" y="{b}">0 ms</text><text class="tick end" x="{r}" y="{b}">{total} ms</text><line class="now" x1="{now}" x2="{now}" y1="0" y2="{a}"/>"#,
        l = px(LEFT),
        r = px(RIGHT),
        a = px(height - 18.0),
        b = px(height - 4.0),
        total = total as u64,
        now = px(x(now)),
    );
    for (i, lane) in lanes.iter().enumerate() {
        // The lane's centre line: reads are labelled above it, writes below.
        let c = i as f64 * LANE_HEIGHT + 22.0;
        let phase = cells.get(i).map_or(Cell::START.phase, |cell| cell.phase);
        let _ = write!(
            svg,
            r#"<g class="lane {css}"><text class="lane-label" x="4" y="{ly}">{name}</text><circle class="lane-dot" cx="34" cy="{c}" r="5"><title>{label}</title></circle><line class="lane-track" x1="{l}" x2="{r}" y1="{c}" y2="{c}"/>"#,
            css = phase.css(),
            ly = px(c + 4.0),
            name = task_name(i as u32),
            c = px(c),
            label = escape(phase.label()),
            l = px(LEFT),
            r = px(RIGHT),
        );
        for (spans, y, class) in [
            (&lane.waits, c - 6.0, "seg waiting"),
            (&lane.holds, c - 6.0, "seg holding"),
            (&lane.io, c - 3.0, "seg io"),
        ] {
            for span in spans {
                // In a deadlock an open wait never ends: draw it to the edge.
                let end_x = match span.end {
                    None if deadlocked && class == "seg waiting" => RIGHT,
                    end => x(end.unwrap_or(now)),
                };
                let w = (end_x - x(span.start)).max(3.0);
                let _ = write!(
                    svg,
                    r#"<rect class="{class}" x="{}" y="{}" width="{}" height="12" rx="3"/>"#,
                    px(x(span.start)),
                    px(y),
                    px(w)
                );
            }
        }
        for (k, read) in lane.reads.iter().enumerate() {
            let _ = write!(
                svg,
                r#"<circle class="mark read" cx="{}" cy="{}" r="4"/>"#,
                px(x(read.time_ms)),
                px(c)
            );
            // Crowded marks (the writer's) label only the last of a bunch;
            // near the right edge a label reads leftwards.
            let next_far = lane
                .reads
                .get(k + 1)
                .is_none_or(|next| x(next.time_ms) - x(read.time_ms) > 70.0);
            if next_far {
                let (anchor, at) = if x(read.time_ms) > RIGHT - 80.0 {
                    ("end", x(read.time_ms) - 4.0)
                } else {
                    ("", x(read.time_ms) + 2.0)
                };
                let _ = write!(
                    svg,
                    r#"<text class="{anchor}" x="{}" y="{}">read {}</text>"#,
                    px(at),
                    px(c - 10.0),
                    read.value
                );
            }
        }
        // Writes too close to label one by one (the single writer's) are
        // labelled once, as a bunch: "wrote 1100…1500 (5 writes)".
        let mut bunch: Option<(i64, usize)> = None;
        for (k, write) in lane.writes.iter().enumerate() {
            let lost_here = write.write.is_some_and(|(_, lost)| lost);
            let t = write.time_ms;
            let _ = write!(
                svg,
                r#"<g class="mark write{}"><rect x="{}" y="{}" width="9" height="9" transform="rotate(45 {} {})"/>"#,
                if lost_here { " lost" } else { "" },
                px(x(t) - 4.5),
                px(c - 4.5),
                px(x(t)),
                px(c)
            );
            let next_far = lane
                .writes
                .get(k + 1)
                .is_none_or(|next| x(next.time_ms) - x(t) > 90.0);
            if next_far {
                let what = match bunch.take() {
                    Some((first, count)) => {
                        format!("wrote {first}…{} ({} writes)", write.value, count + 1)
                    }
                    None => format!("wrote {}", write.value),
                };
                let _ = write!(
                    svg,
                    r#"<text class="end" x="{}" y="{}">{what}{}</text>"#,
                    px(x(t) + 4.0),
                    px(c + 20.0),
                    if lost_here { " ✗ lost" } else { "" }
                );
            } else {
                let (first, count) = bunch.unwrap_or((write.value, 0));
                bunch = Some((first, count + 1));
            }
            svg.push_str("</g>");
        }
        if deadlocked && lane.waits.last().is_some_and(|w| w.end.is_none()) {
            let _ = write!(
                svg,
                r#"<text class="end forever" x="{}" y="{}">waits forever</text>"#,
                px(RIGHT),
                px(c - 10.0)
            );
        }
        svg.push_str("</g>");
    }
    svg
}

/// The same lanes as sentences, for phones (CSS shows one or the other).
pub fn lane_list(lanes: &[Lane], cells: &[Cell]) -> String {
    let mut list = String::from(r#"<ol class="lane-list">"#);
    for (i, lane) in lanes.iter().enumerate() {
        let phase = cells.get(i).map_or(Cell::START.phase, |cell| cell.phase);
        let _ = write!(
            list,
            r#"<li class="{}"><span class="task-chip">{}</span><span class="lane-phase">"#,
            phase.css(),
            task_name(i as u32),
        );
        escape_into(&mut list, phase.label());
        list.push_str(r#"</span><span class="lane-story">"#);
        for (t, words, lost) in &lane.story {
            let _ = write!(
                list,
                r#"<span class="{}">"#,
                if *lost { "lost-text" } else { "" }
            );
            escape_into(&mut list, words);
            let _ = write!(
                list,
                " at {t} ms{}</span>",
                if *lost { " ✗ lost" } else { "" }
            );
        }
        list.push_str("</span></li>");
    }
    list.push_str("</ol>");
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{simulate, Scenario, Strategy};

    fn recorded(scenario: Scenario) -> Recording {
        Recording::finished(simulate(&scenario).expect("valid"))
    }

    #[test]
    fn the_bank_bug_draws_four_lost_writes_and_one_kept() {
        let run = recorded(Scenario::bank());
        let lanes = lanes(&run, run.len());
        let svg = timeline_svg(&run, run.len(), &lanes, &run.cells(run.len()));
        assert_eq!(svg.matches(r#"class="mark write lost""#).count(), 4);
        assert_eq!(svg.matches(r#"class="mark write""#).count(), 1);
        assert_eq!(svg.matches("✗ lost").count(), 4);
        assert_eq!(lanes[4].writes[0].write, Some((4, false)));
    }

    #[test]
    fn a_write_is_lost_only_once_its_eraser_has_landed() {
        let run = recorded(Scenario::bank().with_tasks(2));
        // After T1's write, before T2's: nothing is lost yet.
        let t1_wrote = run
            .outcome
            .trace
            .iter()
            .position(|e| matches!(e.kind, EventKind::Wrote { .. }))
            .expect("a write")
            + 1;
        assert_eq!(lanes(&run, t1_wrote)[0].writes[0].write, Some((0, false)));
        assert_eq!(lanes(&run, run.len())[0].writes[0].write, Some((0, true)));
    }

    #[test]
    fn the_lock_run_shows_waits_that_end_when_the_lock_is_handed_over() {
        let run = recorded(Scenario::bank().with_strategy(Strategy::Lock));
        let lanes = lanes(&run, run.len());
        assert!(
            lanes[0].waits[0].end == Some(0),
            "T1 took a free lock at once"
        );
        assert_eq!(
            lanes[4].waits[0],
            Span {
                start: 0,
                end: Some(400)
            }
        );
        assert!(lanes[4]
            .story
            .iter()
            .any(|(_, words, _)| words == "got balance_lock after 400 ms"));
    }

    #[test]
    fn deadlocked_lanes_wait_forever() {
        let run = recorded(Scenario {
            tasks: 2,
            delay_ms: 10,
            ..Scenario::article().with_strategy(Strategy::OppositeOrder)
        });
        let lanes = lanes(&run, run.len());
        let svg = timeline_svg(&run, run.len(), &lanes, &run.cells(run.len()));
        assert_eq!(svg.matches("waits forever").count(), 2);
    }

    #[test]
    fn the_phone_list_tells_each_lane_in_words() {
        let run = recorded(Scenario::bank());
        let lanes = lanes(&run, run.len());
        let list = lane_list(&lanes, &run.cells(run.len()));
        assert_eq!(list.matches("<li ").count(), 5);
        assert!(list.contains("read 1000 at 0 ms"));
        assert_eq!(
            list.matches(r#"<span class="lost-text">wrote 1100 at 100 ms ✗ lost</span>"#)
                .count(),
            4
        );
    }
}
