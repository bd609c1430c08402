//! The tasks: lanes on a timeline for a handful, a canvas of cells for
//! thousands (only cells whose phase changed are repainted each frame).

use std::fmt::Write;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

/// An SVG coordinate, rounded: integer formatting keeps float formatting out of the wasm.
pub(crate) fn n(value: f64) -> String {
    (value.round() as i64).to_string()
}

use crate::sim::{EventKind, TaskId};
use crate::view::playback::Phase;
use crate::view::state::{AppState, Status};

/// The timeline's key: static markup, so it costs no code.
const TIMELINE_KEY: &str = r#"<ul class="legend bars" aria-label="Timeline key"><li class="legend-item io"><span class="bar" aria-hidden="true"></span>I/O</li><li class="legend-item waiting"><span class="bar" aria-hidden="true"></span>waiting for a lock</li><li class="legend-item holding"><span class="bar" aria-hidden="true"></span>holding a lock</li><li class="legend-item read"><span class="dot" aria-hidden="true"></span>read</li><li class="legend-item wrote"><span class="diamond" aria-hidden="true"></span>write</li><li class="legend-item lost"><span class="diamond" aria-hidden="true"></span>lost write</li></ul>"#;

/// Up to this many tasks get a lane each.
pub const MAX_LANES: usize = 12;

pub fn legend(state: &AppState) -> Html {
    let counts = state.playback.phase_counts();
    let lanes = state.playback.tasks.len() <= MAX_LANES;
    // When writes were lost, say which survived: one green cell among
    // thousands is easy to miss.
    let survivors: Vec<String> = state
        .playback
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.phase == Phase::Wrote)
        .map(|(i, _)| task_name(i as TaskId))
        .collect();
    let callout =
        (state.status == Status::Finished && state.playback.lost > 0 && !survivors.is_empty())
            .then(|| match survivors.len() {
                1 => format!("Only {}'s write survived.", survivors[0]),
                n if n <= 5 => format!("Only these writes survived: {}.", survivors.join(", ")),
                n => format!("{n} writes survived."),
            });
    html! {
        <>
        if let Some(callout) = callout {
            <p class="callout" data-testid="survivors">{callout}</p>
        }
        if lanes {
            { Html::from_html_unchecked(AttrValue::Static(TIMELINE_KEY)) }
        }
        <ul class="legend" aria-label="Tasks by state">
            { for Phase::ALL.iter().filter(|p| counts[**p as usize] > 0 || matches!(p, Phase::WriteLost)).map(|p| html! {
                <li class={classes!("legend-item", p.css())}>
                    <span class="swatch" aria-hidden="true"></span>
                    {p.label()}{": "}<strong data-testid={format!("count-{}", p.css())}>{counts[*p as usize]}</strong>
                </li>
            }) }
        </ul>
        </>
    }
}

pub fn view(state: &AppState) -> Html {
    let count = state.playback.tasks.len();
    let body = if count <= MAX_LANES {
        lanes(state)
    } else {
        let phases: Rc<[Phase]> = state.playback.tasks.iter().map(|t| t.phase).collect();
        html! { <TaskGrid {phases} run_id={state.run_id} /> }
    };
    html! {
        <section class="tasks" aria-label="Tasks">
            <h2 class="section-title">
                { match state.settings.scenario.strategy.helper_tasks() {
                    0 => format!("{count} tasks"),
                    helpers => format!(
                        "{} tasks + the writer (T{count})",
                        count.saturating_sub(helpers as usize)
                    ),
                } }
            </h2>
            {body}
            {legend(state)}
        </section>
    }
}

#[derive(Default, Clone)]
struct Lane {
    io: Vec<(u64, Option<u64>)>,
    waits: Vec<(u64, Option<u64>)>,
    holds: Vec<(u64, Option<u64>)>,
    reads: Vec<(u64, i64)>,
    writes: Vec<(u64, i64, u32)>,
    /// What happened, in order, for the phone list: (time, words, write number).
    story: Vec<(u64, String, Option<u32>)>,
}

fn close(spans: &mut [(u64, Option<u64>)], at: u64) {
    if let Some(open) = spans.iter_mut().rev().find(|(_, end)| end.is_none()) {
        open.1 = Some(at);
    }
}

fn lanes(state: &AppState) -> Html {
    let Some(outcome) = &state.outcome else {
        return html! {};
    };
    let playback = &state.playback;
    let live = state.settings.real_timers && state.status != Status::Finished;
    let count = playback.tasks.len();
    let mut lanes = vec![Lane::default(); count];
    // Live runs have no full trace until they finish: the lanes show the phase only.
    let applied = if live {
        &[][..]
    } else {
        &outcome.trace[..playback.applied.min(outcome.trace.len())]
    };
    for event in applied {
        let Some(lane) = lanes.get_mut(event.task as usize) else {
            continue;
        };
        let t = event.time_ms;
        match event.kind {
            EventKind::IoStarted { .. } => lane.io.push((t, None)),
            EventKind::IoDone => close(&mut lane.io, t),
            EventKind::LockRequested { .. } => lane.waits.push((t, None)),
            EventKind::LockAcquired { .. } => {
                close(&mut lane.waits, t);
                lane.holds.push((t, None));
            }
            EventKind::LockReleased { .. } => close(&mut lane.holds, t),
            EventKind::Read { value } => {
                lane.reads.push((t, value));
                lane.story.push((t, format!("read {value}"), None));
            }
            EventKind::Wrote { value, write, .. } => {
                lane.writes.push((t, value, write));
                lane.story.push((t, format!("wrote {value}"), Some(write)));
            }
            _ => {}
        }
        if let (EventKind::LockAcquired { lock }, Some(&(start, _))) =
            (event.kind, lane.waits.last())
        {
            if t > start {
                lane.story
                    .push((t, format!("got {lock} after {} ms", t - start), None));
            }
        }
    }
    let deadlocked = state.status == Status::Finished && outcome.is_deadlock();
    // Lost so far: those whose eraser has landed (the outcome's verdict).
    let landed = playback.writes.len();
    let lost: Vec<u32> = outcome
        .lost_writes
        .iter()
        .filter(|l| (l.overwritten_by as usize) < landed)
        .map(|l| l.write)
        .collect();
    let total = outcome.elapsed_ms.max(playback.now_ms).max(1) as f64;
    // Plot from `left` to `right` of a `width`-wide picture.
    let (left, right, width, lane_h) = (64.0, 700.0, 716.0, 48.0);
    let x = |t: u64| left + (t as f64 / total) * (right - left);
    let now = playback.now_ms;
    let height = lane_h * count as f64 + 26.0;
    // The timeline is drawn as one SVG string: far less code in the
    // download than a virtual-DOM node per mark, and redrawn whole each frame.
    // Every text in it is a number or a fixed label, so nothing needs escaping.
    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{l}" x2="{r}" y1="{a}" y2="{a}"/><text class="tick" x="{l}" y="{b}">0 ms</text><text class="tick end" x="{r}" y="{b}">{total} ms</text><line class="now" x1="{now}" x2="{now}" y1="0" y2="{a}"/>"#,
        l = n(left),
        r = n(right),
        a = n(height - 18.0),
        b = n(height - 4.0),
        total = total as u64,
        now = n(x(now)),
    );
    for (i, lane) in lanes.iter().enumerate() {
        // The lane's centre line: reads are labelled above it, writes below.
        let c = i as f64 * lane_h + 22.0;
        let phase = playback.tasks[i].phase;
        let _ = write!(
            svg,
            r#"<g class="lane {css}"><text class="lane-label" x="4" y="{ly}">{name}</text><circle class="lane-dot" cx="34" cy="{c}" r="5"><title>{label}</title></circle><line class="lane-track" x1="{l}" x2="{r}" y1="{c}" y2="{c}"/>"#,
            css = phase.css(),
            ly = n(c + 4.0),
            name = task_name(i as TaskId),
            c = n(c),
            label = phase.label(),
            l = n(left),
            r = n(right),
        );
        for (spans, y, class) in [
            (&lane.waits, c - 6.0, "seg waiting"),
            (&lane.holds, c - 6.0, "seg holding"),
            (&lane.io, c - 3.0, "seg io"),
        ] {
            for &(start, end) in spans {
                // In a deadlock an open wait never ends: draw it to the edge.
                let end_x = match end {
                    None if deadlocked && class == "seg waiting" => right,
                    _ => x(end.unwrap_or(now)),
                };
                let w = (end_x - x(start)).max(3.0);
                let _ = write!(
                    svg,
                    r#"<rect class="{class}" x="{}" y="{}" width="{}" height="12" rx="3"/>"#,
                    n(x(start)),
                    n(y),
                    n(w)
                );
            }
        }
        for (k, &(t, v)) in lane.reads.iter().enumerate() {
            let _ = write!(
                svg,
                r#"<circle class="mark read" cx="{}" cy="{}" r="4"/>"#,
                n(x(t)),
                n(c)
            );
            // Crowded marks (the writer's) label only the last of a bunch;
            // near the right edge a label reads leftwards.
            if lane
                .reads
                .get(k + 1)
                .is_none_or(|&(next, _)| x(next) - x(t) > 70.0)
            {
                let (anchor, at) = if x(t) > right - 80.0 {
                    ("end", x(t) - 4.0)
                } else {
                    ("", x(t) + 2.0)
                };
                let _ = write!(
                    svg,
                    r#"<text class="{anchor}" x="{}" y="{}">read {v}</text>"#,
                    n(at),
                    n(c - 10.0)
                );
            }
        }
        // Writes too close to label one by one (the single writer's) are
        // labelled once, as a bunch: "wrote 1100…1500 (5 writes)".
        let mut bunch: Option<(i64, usize)> = None;
        for (k, &(t, v, w)) in lane.writes.iter().enumerate() {
            let lost_here = lost.contains(&w);
            let _ = write!(
                svg,
                r#"<g class="mark write{}"><rect x="{}" y="{}" width="9" height="9" transform="rotate(45 {} {})"/>"#,
                if lost_here { " lost" } else { "" },
                n(x(t) - 4.5),
                n(c - 4.5),
                n(x(t)),
                n(c)
            );
            if lane
                .writes
                .get(k + 1)
                .is_none_or(|&(next, _, _)| x(next) - x(t) > 90.0)
            {
                let what = match bunch.take() {
                    Some((first, count)) => format!("wrote {first}…{v} ({} writes)", count + 1),
                    None => format!("wrote {v}"),
                };
                let _ = write!(
                    svg,
                    r#"<text class="end" x="{}" y="{}">{what}{}</text>"#,
                    n(x(t) + 4.0),
                    n(c + 20.0),
                    if lost_here { " ✗ lost" } else { "" }
                );
            } else {
                let (first, count) = bunch.unwrap_or((v, 0));
                bunch = Some((first, count + 1));
            }
            svg.push_str("</g>");
        }
        if deadlocked && lane.waits.last().is_some_and(|&(_, end)| end.is_none()) {
            let _ = write!(
                svg,
                r#"<text class="end forever" x="{}" y="{}">waits forever</text>"#,
                n(right),
                n(c - 10.0)
            );
        }
        svg.push_str("</g>");
    }
    html! {
        <>
        <div class="lanes-scroll"><svg class="lanes" viewBox={format!("0 0 {} {}", n(width), n(height))} role="img"
            aria-label={format!("Timeline of {count} tasks over {} ms of virtual time", outcome.elapsed_ms)}>
            { Html::from_html_unchecked(svg.into()) }
        </svg></div>
        { lane_list(&lanes, state, &lost) }
        </>
    }
}

/// The same lanes as sentences, for phones (CSS shows one or the other).
/// One markup string, like the timeline; its words are numbers and fixed labels.
fn lane_list(lanes: &[Lane], state: &AppState, lost: &[u32]) -> Html {
    let mut list = String::from(r#"<ol class="lane-list">"#);
    for (i, lane) in lanes.iter().enumerate() {
        let phase = state.playback.tasks[i].phase;
        let _ = write!(
            list,
            r#"<li class="{}"><span class="task-chip">{}</span><span class="lane-phase">{}</span><span class="lane-story">"#,
            phase.css(),
            task_name(i as TaskId),
            phase.label()
        );
        for (t, words, write) in &lane.story {
            let lost_here = write.is_some_and(|w| lost.contains(&w));
            let _ = write!(
                list,
                r#"<span class="{}">{words} at {t} ms{}</span>"#,
                if lost_here { "lost-text" } else { "" },
                if lost_here { " ✗ lost" } else { "" }
            );
        }
        list.push_str("</span></li>");
    }
    list.push_str("</ol>");
    Html::from_html_unchecked(list.into())
}

#[derive(Properties, PartialEq)]
pub struct GridProps {
    pub phases: Rc<[Phase]>,
    pub run_id: u64,
}

struct Painted {
    run_id: u64,
    width: u32,
    phases: Vec<Phase>,
}

fn colours(canvas: &HtmlCanvasElement) -> Vec<String> {
    let style = web_sys::window().and_then(|w| w.get_computed_style(canvas).ok().flatten());
    Phase::ALL
        .iter()
        .map(|p| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(&format!("--phase-{}", p.css())).ok())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| "#888".to_owned())
        })
        .collect()
}

/// A cell per task. Repaints only what changed since the last frame.
#[function_component(TaskGrid)]
pub fn task_grid(props: &GridProps) -> Html {
    let canvas_ref = use_node_ref();
    let painted = use_mut_ref(|| None::<Painted>);
    {
        let canvas_ref = canvas_ref.clone();
        let phases = Rc::clone(&props.phases);
        let run_id = props.run_id;
        use_effect(move || {
            paint(&canvas_ref, &phases, run_id, &mut painted.borrow_mut());
        });
    }
    let count = props.phases.len();
    let lost = props
        .phases
        .iter()
        .filter(|p| **p == Phase::WriteLost)
        .count();
    html! {
        <canvas ref={canvas_ref} class="grid" role="img" data-testid="task-grid"
            aria-label={format!("{count} tasks, one cell each; {lost} writes lost so far")}></canvas>
    }
}

fn paint(canvas_ref: &NodeRef, phases: &[Phase], run_id: u64, painted: &mut Option<Painted>) {
    let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else {
        return;
    };
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let count = phases.len().max(1);
    let css_width = canvas.client_width().max(200) as u32;
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 3.0);
    // Cells as large as fit about 300 css px of height, at least 3 px.
    let cell = ((f64::from(css_width) * 300.0 / count as f64).sqrt().floor()).clamp(3.0, 28.0);
    let columns = ((f64::from(css_width) / cell).floor() as usize).max(1);
    let rows = count.div_ceil(columns);
    let css_height = (rows as f64 * cell).ceil();
    let full = painted.as_ref().is_none_or(|p| {
        p.run_id != run_id || p.width != css_width || p.phases.len() != phases.len()
    });
    if full {
        canvas.set_width((f64::from(css_width) * ratio) as u32);
        canvas.set_height((css_height * ratio) as u32);
        let _ = canvas.set_attribute("style", &format!("height:{}px", n(css_height)));
        let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
        ctx.clear_rect(0.0, 0.0, f64::from(css_width), css_height);
    }
    let palette = colours(&canvas);
    let gap = if cell >= 6.0 { 1.0 } else { 0.0 };
    let previous = painted.as_ref().map(|p| p.phases.as_slice()).unwrap_or(&[]);
    // Paint phase by phase, so the fill colour changes at most nine times a frame.
    for phase in Phase::ALL {
        ctx.set_fill_style_str(&palette[phase as usize]);
        for (i, current) in phases.iter().enumerate() {
            if *current != phase || (!full && previous.get(i) == Some(current)) {
                continue;
            }
            let (col, row) = (i % columns, i / columns);
            ctx.fill_rect(col as f64 * cell, row as f64 * cell, cell - gap, cell - gap);
        }
    }
    *painted = Some(Painted {
        run_id,
        width: css_width,
        phases: phases.to_vec(),
    });
}

/// "T3", for lists of tasks.
pub fn task_name(task: TaskId) -> String {
    format!("T{}", task + 1)
}
