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
                // A read in the same instant as the task's own last write
                // (the counter's `return self._value`) is told, not drawn:
                // its dot would sit on the write and take the label from the
                // read the write was computed from.
                if lane.writes.last().is_none_or(|w| w.time_ms != t) {
                    lane.reads.push(Mark {
                        time_ms: t,
                        value,
                        write: None,
                    });
                }
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

/// The picture's geometry, in CSS pixels (the page draws the SVG at the
/// width it has, one unit to a pixel, so its text is always 12px): plot
/// from `LEFT` to `RIGHT_MARGIN` short of the width.
const LEFT: f64 = 64.0;
const RIGHT_MARGIN: f64 = 16.0;
/// In a deadlock the axis stops this far short of the right end, where the
/// run stopped, and the waits run on past it: they never end.
const FOREVER: f64 = 120.0;
/// About how wide a character of the timeline's text is (12px monospace).
const CHAR_WIDTH: f64 = 7.3;
/// Labels start right of the lane names and dots.
const LABELS_FROM: f64 = 44.0;
/// The width drawn before the page has measured the room it has.
pub const DEFAULT_WIDTH: f64 = 716.0;
/// Narrower than this, the picture is drawn this wide and scaled down.
pub const MIN_WIDTH: f64 = 300.0;
const LANE_HEIGHT: f64 = 44.0;

/// The lane (from 0) at `y` units down the picture.
pub fn lane_at(y: f64) -> Option<usize> {
    (y >= 0.0).then(|| (y / LANE_HEIGHT) as usize)
}

/// The SVG's height for `lanes` lanes.
pub fn height(lanes: usize) -> f64 {
    LANE_HEIGHT * lanes as f64 + 26.0
}

/// The timeline's markup (the inside of its `<svg>`), after `cursor` events.
pub fn timeline_svg(
    run: &Recording,
    cursor: usize,
    lanes: &[Lane],
    cells: &[Cell],
    width: f64,
) -> String {
    let right = width.max(MIN_WIDTH) - RIGHT_MARGIN;
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
    let axis_end = if deadlocked { right - FOREVER } else { right };
    let x = |t: u64| LEFT + (t as f64 / total) * (axis_end - LEFT);
    let height = height(lanes.len());
    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{l}" x2="{r}" y1="{a}" y2="{a}"/><text class="tick" x="{l}" y="{b}">0 ms</text><text class="tick end" x="{r}" y="{b}">{total} ms</text><line class="now" x1="{now}" x2="{now}" y1="0" y2="{a}"/>"#,
        l = px(LEFT),
        r = px(axis_end),
        a = px(height - 18.0),
        b = px(height - 4.0),
        total = total as u64,
        now = px(x(now)),
    );
    if deadlocked {
        let _ = write!(
            svg,
            r#"<text class="tick forever-tick" x="{}" y="{}">never ends →</text>"#,
            px(axis_end + 8.0),
            px(height - 4.0)
        );
    }
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
            r = px(right),
        );
        for (spans, y, class) in [
            (&lane.waits, c - 6.0, "seg waiting"),
            (&lane.holds, c - 6.0, "seg holding"),
            (&lane.io, c - 3.0, "seg io"),
        ] {
            for span in spans {
                // In a deadlock an open wait never ends: it runs off the
                // axis to the edge, with an arrow.
                let forever = deadlocked && span.end.is_none() && class == "seg waiting";
                let end_x = if forever {
                    right
                } else {
                    x(span.end.unwrap_or(now))
                };
                let w = (end_x - x(span.start)).max(3.0);
                let _ = write!(
                    svg,
                    r#"<rect class="{class}{}" x="{}" y="{}" width="{}" height="12" rx="3"/>"#,
                    if forever { " forever-wait" } else { "" },
                    px(x(span.start)),
                    px(y),
                    px(w)
                );
                if forever {
                    let _ = write!(
                        svg,
                        r#"<path class="forever-arrow" d="M{} {}l10 10-10 10z"/>"#,
                        px(right),
                        px(y - 4.0)
                    );
                }
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
                let (anchor, at) = if x(read.time_ms) > right - 80.0 {
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
                let label = format!("{what}{}", if lost_here { " ✗ lost" } else { "" });
                // Read leftwards from the diamond, unless that would run
                // into the lane's name (a write at 0 ms).
                let label_width = label.chars().count() as f64 * CHAR_WIDTH;
                let (anchor, at) = if x(t) + 4.0 - label_width < LABELS_FROM {
                    ("", x(t) - 4.0)
                } else {
                    ("end", x(t) + 4.0)
                };
                let _ = write!(
                    svg,
                    r#"<text class="{anchor}" x="{}" y="{}">{label}</text>"#,
                    px(at),
                    px(c + 20.0),
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
                px(right),
                px(c - 10.0)
            );
        }
        svg.push_str("</g>");
    }
    svg
}

/// The largest whole cell size (3 to 28 px) at which `count` cells fit a
/// `width` by `height` box.
pub fn grid_cell_size(count: usize, width: f64, height: f64) -> f64 {
    let count = count.max(1);
    let mut cell = (width * height / count as f64)
        .sqrt()
        .floor()
        .clamp(3.0, 28.0);
    while cell > 3.0 {
        let columns = (width / cell).floor().max(1.0) as usize;
        if count.div_ceil(columns) as f64 * cell <= height {
            break;
        }
        cell -= 1.0;
    }
    cell
}

/// The same lanes as sentences: what a screen reader reads for the picture.
pub fn lane_list(lanes: &[Lane], cells: &[Cell]) -> String {
    let mut list = String::from(r#"<ol class="lane-list sr-only">"#);
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
mod tests;
