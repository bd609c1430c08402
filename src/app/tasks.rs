//! The tasks: lanes on a timeline for a handful, a canvas of cells for
//! thousands. The canvas repaints only the cells whose state changed
//! between the cursor it last painted and the new one.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use super::toolkit::Toolkit;
use crate::view::lanes::{self, MAX_LANES};
use crate::view::markup::px;
use crate::view::recording::{Counts, Phase, Recording, Shared};
use crate::view::state::run::{RunState, Status};
use crate::view::text::task_name;

/// The timeline's key: static markup, so it costs no code.
const TIMELINE_KEY: &str = r#"<ul class="legend bars" aria-label="Timeline key"><li class="legend-item io"><span class="bar" aria-hidden="true"></span>I/O</li><li class="legend-item waiting"><span class="bar" aria-hidden="true"></span>waiting for a lock</li><li class="legend-item holding"><span class="bar" aria-hidden="true"></span>holding a lock</li><li class="legend-item read"><span class="dot" aria-hidden="true"></span>read</li><li class="legend-item wrote"><span class="diamond" aria-hidden="true"></span>write</li><li class="legend-item lost"><span class="diamond" aria-hidden="true"></span>lost write</li></ul>"#;

#[derive(Properties, PartialEq)]
pub struct TasksProps {
    pub run: Rc<RunState>,
    /// How many of the tasks are the program's helpers, not racers (the
    /// writer of the queue strategies).
    pub helpers: u32,
    /// Tasks in each phase now.
    pub counts: Counts,
}

/// The width of the element in `node`, in whole CSS pixels, kept up to
/// date as it changes (a ResizeObserver): the timeline is drawn at it.
#[hook]
fn use_width(node: NodeRef, shown: bool) -> f64 {
    let width = use_state_eq(|| lanes::DEFAULT_WIDTH);
    {
        let width = width.clone();
        use_effect_with((node, shown), move |(node, _)| {
            let observer = node.cast::<web_sys::Element>().and_then(|element| {
                let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
                    move |entries: js_sys::Array| {
                        let measured = entries
                            .get(0)
                            .dyn_into::<web_sys::ResizeObserverEntry>()
                            .ok()
                            .map(|entry| entry.content_rect().width().round());
                        if let Some(measured) = measured.filter(|w| *w > 0.0) {
                            width.set(measured);
                        }
                    },
                );
                let observer =
                    web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
                observer.observe(&element);
                Some((observer, callback))
            });
            move || {
                if let Some((observer, _callback)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    *width
}

/// The tasks: lanes up to 12, else the grid (which `T`, the full app,
/// draws).
#[function_component]
pub fn Tasks<T: Toolkit>(props: &TasksProps) -> Html {
    let lanes_box = use_node_ref();
    let count = props.run.shown().map_or(0, |r| r.tasks() as usize);
    // The lanes' box exists only when there is a run to draw as lanes.
    let width = use_width(lanes_box.clone(), count > 0 && count <= MAX_LANES);
    let Some(recording) = props.run.shown() else {
        return html! {};
    };
    let cursor = props.run.cursor;
    if count == 0 {
        // A learner's program whose only task is `main()`: nothing races.
        return html! {
            <section class="tasks lanes-mode" aria-label="Tasks">
                <h2 class="section-title">{"No tasks race"}</h2>
                <p class="hint no-tasks" data-testid="no-tasks">
                    {"Only main() runs. Start tasks with asyncio.gather(...) or asyncio.create_task(...) to see them race here."}
                </p>
            </section>
        };
    }
    let body = if count <= MAX_LANES {
        timeline(recording, cursor, width, lanes_box)
    } else {
        T::grid(recording, cursor)
    };
    let title = match props.helpers {
        0 => format!("{count} tasks"),
        helpers => format!(
            "{} tasks + the writer ({})",
            count.saturating_sub(helpers as usize),
            task_name(count.saturating_sub(1) as u32)
        ),
    };
    let mode = if count <= MAX_LANES {
        "tasks lanes-mode"
    } else {
        "tasks grid-mode"
    };
    html! {
        <section class={mode} aria-label="Tasks">
            <h2 class="section-title">{title}</h2>
            {body}
            { legend(recording, &props.counts, props.run.status == Status::Finished) }
        </section>
    }
}

fn timeline(recording: &Recording, cursor: usize, width: f64, node: NodeRef) -> Html {
    let cells = recording.cells(cursor);
    let lanes = lanes::lanes(recording, cursor);
    let width = width.max(lanes::MIN_WIDTH);
    let svg = lanes::timeline_svg(recording, cursor, &lanes, &cells, width);
    let height = lanes::height(lanes.len());
    let list = lanes::lane_list(&lanes, &cells);
    let label = format!(
        "Timeline of {} tasks over {} ms of virtual time",
        lanes.len(),
        recording.outcome.elapsed_ms
    );
    html! {
        <>
        // Its height is set here, not by the drawing: a new width redraws
        // the picture inside the same box.
        <div class="lanes-box" ref={node}>
            <svg class="lanes" role="img" aria-label={label} height={px(height)}
                viewBox={format!("0 0 {} {}", px(width), px(height))}>
                { Html::from_html_unchecked(svg.into()) }
            </svg>
        </div>
        { Html::from_html_unchecked(list.into()) }
        </>
    }
}

fn legend(recording: &Recording, counts: &Counts, finished: bool) -> Html {
    // When writes were lost, say which survived: one green cell among
    // thousands is easy to miss.
    let survivors = recording.survivors();
    let callout = (finished && !survivors.is_empty()).then(|| match survivors {
        [one] => format!("Only {}'s write survived.", task_name(*one)),
        few if few.len() <= 5 => {
            let names: Vec<String> = few.iter().map(|t| task_name(*t)).collect();
            format!("Only these writes survived: {}.", names.join(", "))
        }
        many => format!("{} writes survived.", many.len()),
    });
    let lanes = recording.tasks() as usize <= MAX_LANES;
    html! {
        <>
        // Its line is kept while empty: the sentence arriving at the end
        // of a run moves nothing.
        <p class="callout" data-testid="survivors">{callout.unwrap_or_default()}</p>
        if lanes {
            { Html::from_html_unchecked(AttrValue::Static(TIMELINE_KEY)) }
        }
        <ul class="legend counts" aria-label="Tasks by state">
            // Every phase has its slot, zero or not: nothing moves as counts change.
            { for Phase::ALL.iter().map(|p| html! {
                <li class={format!("legend-item {}", p.css())}>
                    <span class="swatch" aria-hidden="true"></span>
                    {p.label()}{": "}<strong data-testid={format!("count-{}", p.css())}>{counts.phase(*p)}</strong>
                </li>
            }) }
        </ul>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct GridProps {
    pub recording: Shared,
    pub cursor: usize,
}

/// What the canvas shows now.
struct Painted {
    recording: Shared,
    cursor: usize,
    phases: Vec<Phase>,
    palette: Vec<String>,
    cell: f64,
    columns: usize,
}

fn palette(canvas: &HtmlCanvasElement) -> Vec<String> {
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

/// A cell per task.
#[function_component(TaskGrid)]
pub fn task_grid(props: &GridProps) -> Html {
    let canvas_ref = use_node_ref();
    let painted = use_mut_ref(|| None::<Painted>);
    // The canvas's width is read only when the window is resized (or the
    // run changes): reading it every frame would force a layout each frame.
    {
        let painted = painted.clone();
        let canvas_ref = canvas_ref.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                gloo_events::EventListener::new(&window, "resize", move |_| {
                    let shown = painted.borrow_mut().take();
                    if let Some(shown) = shown {
                        paint(
                            &canvas_ref,
                            &shown.recording,
                            shown.cursor,
                            &mut painted.borrow_mut(),
                        );
                    }
                })
            });
            move || drop(listener)
        });
    }
    {
        let canvas_ref = canvas_ref.clone();
        let recording = props.recording.clone();
        let cursor = props.cursor;
        use_effect_with((recording, cursor), move |(recording, cursor)| {
            paint(&canvas_ref, recording, *cursor, &mut painted.borrow_mut());
        });
    }
    let count = props.recording.tasks();
    let lost = props.recording.lost_so_far(props.cursor);
    html! {
        <canvas ref={canvas_ref} class="grid" role="img" data-testid="task-grid"
            aria-label={format!("{count} tasks, one cell each; {lost} writes lost so far")}></canvas>
    }
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
}

fn paint(canvas_ref: &NodeRef, recording: &Shared, cursor: usize, painted: &mut Option<Painted>) {
    let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else {
        return;
    };
    let Some(ctx) = context(&canvas) else {
        return;
    };
    match painted {
        Some(p) if p.recording == *recording => repaint_changes(&ctx, p, recording, cursor),
        _ => {
            // The box is the canvas's own (CSS gives it a fixed height), so
            // painting never changes the layout around it.
            let width = canvas.client_width().max(200) as u32;
            let height = canvas.client_height().max(60) as u32;
            *painted = Some(paint_all(&canvas, &ctx, recording, cursor, (width, height)));
        }
    }
}

/// Clears the canvas and paints every cell.
fn paint_all(
    canvas: &HtmlCanvasElement,
    ctx: &CanvasRenderingContext2d,
    recording: &Shared,
    cursor: usize,
    (width, height): (u32, u32),
) -> Painted {
    let phases: Vec<Phase> = recording.cells(cursor).iter().map(|c| c.phase).collect();
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 3.0);
    let (width, height) = (f64::from(width), f64::from(height));
    let cell = lanes::grid_cell_size(phases.len(), width, height);
    let columns = ((width / cell).floor() as usize).max(1);
    canvas.set_width((width * ratio) as u32);
    canvas.set_height((height * ratio) as u32);
    let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, height);
    let painted = Painted {
        recording: recording.clone(),
        cursor,
        palette: palette(canvas),
        cell,
        columns,
        phases,
    };
    // Phase by phase, so the fill colour changes at most nine times.
    for phase in Phase::ALL {
        ctx.set_fill_style_str(&painted.palette[phase as usize]);
        for (task, _) in painted
            .phases
            .iter()
            .enumerate()
            .filter(|(_, p)| **p == phase)
        {
            fill(ctx, &painted, task);
        }
    }
    painted
}

fn fill(ctx: &CanvasRenderingContext2d, painted: &Painted, task: usize) {
    let cell = painted.cell;
    let gap = if cell >= 6.0 { 1.0 } else { 0.0 };
    let (col, row) = (task % painted.columns, task / painted.columns);
    let (x, y, side) = (col as f64 * cell, row as f64 * cell, cell - gap);
    ctx.fill_rect(x, y, side, side);
    // A lost write is a hollow square, a kept one solid: the two differ in
    // shape, not only in red and green.
    if painted.phases.get(task) == Some(&Phase::WriteLost) && side >= 5.0 {
        let hole = (side / 2.5).round();
        let inset = ((side - hole) / 2.0).round();
        ctx.clear_rect(x + inset, y + inset, hole, hole);
    }
}

/// Moves the picture from the cursor it shows to `cursor`, forwards or
/// backwards, repainting only the cells that changed on the way.
fn repaint_changes(
    ctx: &CanvasRenderingContext2d,
    painted: &mut Painted,
    run: &Recording,
    cursor: usize,
) {
    let mut touched = Vec::new();
    if cursor >= painted.cursor {
        for at in painted.cursor..cursor {
            for change in run.changes_at(at) {
                painted.phases[change.task as usize] = change.to.phase;
                touched.push(change.task as usize);
            }
        }
    } else {
        for at in (cursor..painted.cursor).rev() {
            for change in run.changes_at(at).iter().rev() {
                painted.phases[change.task as usize] = change.from.phase;
                touched.push(change.task as usize);
            }
        }
    }
    painted.cursor = cursor;
    // Colour by colour, so the fill changes at most nine times however many
    // cells changed (thousands a second at 10,000 tasks). A task touched
    // twice is painted twice, in its final colour: cheaper than deduplicating.
    for phase in Phase::ALL {
        let mut filled = false;
        for &task in touched.iter().filter(|&&t| painted.phases[t] == phase) {
            if !filled {
                ctx.set_fill_style_str(&painted.palette[phase as usize]);
                filled = true;
            }
            fill(ctx, painted, task);
        }
    }
}
