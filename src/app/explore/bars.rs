//! The explorer's bars: a choice of how the schedules were counted, the
//! headline share, and a bar per outcome that replays a schedule ending there.

use yew::prelude::*;

use super::summary::Summary;
use super::Shown;
use crate::app::store;
use crate::sim::explore::{wilson_interval, Ending};
use crate::sim::schedule::MAX_ORDER_TASKS;
use crate::sim::Scenario;
use crate::view::outcomes::{
    percent, share_of, short_form, why_sampled, WhySampled, MERGED_STATES, RANDOM_SCHEDULER,
    UNIFORM_SAMPLE,
};
use crate::view::text;

/// "$1,001 · 999 lost", "Deadlock", "Still retrying".
fn ending_label(ending: &str, scenario: &Scenario) -> String {
    match ending.parse::<i64>() {
        Ok(balance) => {
            let missing = scenario.expected_balance() - balance;
            let lost = if scenario.amount != 0 && missing % scenario.amount == 0 {
                missing / scenario.amount
            } else {
                0
            };
            if lost == 0 && missing == 0 {
                format!("{} · correct", text::money(balance))
            } else {
                format!(
                    "{} · {}",
                    text::money(balance),
                    text::count(lost.max(0) as usize, "update lost", "updates lost")
                )
            }
        }
        Err(_) if ending == "deadlock" => "Deadlock".to_owned(),
        Err(_) => "Still retrying".to_owned(),
    }
}

/// A count as the page shows it: grouped digits, or beyond twelve digits its
/// short form ("1.5 × 10<sup>20</sup>") with the exact count as its title.
fn count_html(digits: &str) -> Html {
    match short_form(digits) {
        Some((mantissa, power)) => html! {
            <span class="big-count" title={text::grouped_digits(digits)}>
                {format!("{mantissa} × 10")}
                <span class="sr-only">{" to the power "}</span>
                <sup>{power}</sup>
            </span>
        },
        None => html! { {text::grouped_digits(digits)} },
    }
}

pub fn outcomes(
    summary: &Summary,
    shown: Shown,
    set_shown: &UseStateHandle<Shown>,
    scenario: &Scenario,
    order_wanted: &Callback<String>,
    ask_draw: &Callback<Ending>,
) -> Html {
    let shown = match shown {
        Shown::Exact if summary.exact.is_none() => Shown::Random,
        Shown::Uniform if summary.uniform.is_none() => Shown::Random,
        other => other,
    };
    let distribution = match shown {
        Shown::Exact => summary.exact.as_ref(),
        Shown::Uniform => summary.uniform.as_ref(),
        Shown::Random => summary.random.as_ref(),
    };
    let Some(distribution) = distribution else {
        return html! { <p class="hint">{"No schedules to show."}</p> };
    };
    let expected = scenario.expected_balance().to_string();
    let correct = distribution
        .bars
        .iter()
        .find(|b| b.key == expected)
        .map_or_else(|| "0".to_owned(), |b| b.count.clone());
    let right = text::money(scenario.expected_balance());
    let headline = match distribution.draws {
        None => html! {
            <>
            { count_html(&correct) }{" of "}{ count_html(&distribution.total) }
            {format!(" schedules give the right balance ({right}): {}.", share_of(&correct, &distribution.total))}
            </>
        },
        Some(draws) => {
            let hits: u64 = correct.parse().unwrap_or(0);
            let (low, high) = wilson_interval(hits, draws);
            html! { {format!(
                "{} of {} drawn schedules give the right balance ({right}): {} (95% interval {} to {}).",
                text::grouped(hits),
                text::grouped(draws),
                share_of(&correct, &distribution.total),
                percent(low),
                percent(high)
            )} }
        }
    };
    // The exact counts a short form stands for, in words as well as on hover.
    let shortened: Vec<(String, String)> = distribution
        .bars
        .iter()
        .filter(|bar| short_form(&bar.count).is_some())
        .map(|bar| {
            (
                ending_label(&bar.key, scenario),
                text::grouped_digits(&bar.count),
            )
        })
        .collect();
    let total_shortened = short_form(&distribution.total).is_some();
    let json = {
        let fields: Vec<String> = distribution
            .bars
            .iter()
            .map(|b| format!("\"{}\":\"{}\"", b.key, b.count))
            .collect();
        format!("{{{}}}", fields.join(","))
    };
    let most = distribution
        .bars
        .iter()
        .map(|b| b.share)
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    // Each way of counting says what its words mean, beside it.
    let choice = |which: Shown, label: String, available: bool, meaning: Option<&str>| {
        let set_shown = set_shown.clone();
        let id = match which {
            Shown::Exact => "explore-means-exact",
            Shown::Uniform => "explore-means-uniform",
            Shown::Random => "explore-means-random",
        };
        html! {
            <div class={store::class("explore-choice", &[(!available, "off")])}>
                <label>
                    <input type="radio" name="explore-shown" checked={shown == which} disabled={!available}
                        aria-describedby={meaning.map(|_| id)}
                        onchange={Callback::from(move |_| set_shown.set(which))} />
                    {label}
                </label>
                if let Some(meaning) = meaning {
                    {" "}<span class="hint" id={id}>{meaning}</span>
                }
            </div>
        }
    };
    // An order names each task by one character: replays go up to 35 tasks.
    let replayable = scenario.total_tasks() <= MAX_ORDER_TASKS;
    let how_to_replay = match (replayable, shown) {
        (false, _) => format!("Replays in the lanes are for up to {MAX_ORDER_TASKS} tasks."),
        // Cancelled, the worker that draws is gone: no "another".
        (true, Shown::Exact) if summary.cancelled => "Choose a bar to replay its shortest schedule in the lanes.".to_owned(),
        (true, Shown::Exact) => "Choose a bar to replay its shortest schedule in the lanes; \"another\" draws one at random from those with that outcome.".to_owned(),
        (true, _) => "Choose a bar to replay, in the lanes, the first drawn schedule with that outcome.".to_owned(),
    };
    let random_draws = summary.random.as_ref().and_then(|d| d.draws).unwrap_or(0);
    let uniform_draws = summary.uniform.as_ref().and_then(|d| d.draws).unwrap_or(0);
    // A sample's meaning is said beside its choice; exact counts say theirs here.
    let what = (shown == Shown::Exact).then(|| {
        format!(
            "Exact: every schedule counted once, from {} merged states. {MERGED_STATES}",
            text::grouped(summary.states)
        )
    });
    html! {
        <>
        <fieldset class="explore-shown">
            <legend>{"Show"}</legend>
            { choice(Shown::Exact, "All schedules, exact".to_owned(), summary.exact.is_some(), None) }
            { choice(Shown::Uniform, match summary.uniform {
                Some(_) => format!("Uniform sample ({})", text::grouped(uniform_draws)),
                None if summary.exact.is_some() => "Uniform sample (drawing…)".to_owned(),
                None => "Uniform sample (needs exact counts)".to_owned(),
            }, summary.uniform.is_some(), Some(UNIFORM_SAMPLE)) }
            { choice(Shown::Random, format!("Random scheduler ({})", text::grouped(random_draws)), summary.random.is_some(), Some(RANDOM_SCHEDULER)) }
        </fieldset>
        if let Some(why) = summary.why_sampled() {
            <p class="hint" data-testid="explore-why">
                {why_sampled(&why)}
                if matches!(why, WhySampled::States { .. }) {
                    {" "}{MERGED_STATES}
                }
            </p>
        }
        <p class="explore-headline" data-testid="schedules" data-value={distribution.total.clone()}>{headline}</p>
        if total_shortened {
            <p class="hint" data-testid="schedules-exact">{format!("Exactly {} schedules.", text::grouped_digits(&distribution.total))}</p>
        }
        <ul class="histogram" data-testid="distribution" data-value={json} aria-label="Outcomes">
            { for distribution.bars.iter().map(|bar| {
                let is_asyncio = summary.asyncio.as_deref() == Some(bar.key.as_str());
                let is_correct = bar.key == expected;
                let replay = {
                    let order = bar.order.clone();
                    let order_wanted = order_wanted.clone();
                    Callback::from(move |_: MouseEvent| order_wanted.emit(order.clone()))
                };
                let another = {
                    let ending = bar.ending;
                    let ask_draw = ask_draw.clone();
                    Callback::from(move |_: MouseEvent| ask_draw.emit(ending))
                };
                // An SVG's width attribute, not a style: the page runs under
                // a strict CSP, which refuses inline styles. Never thinner
                // than a sliver: an outcome that happens shows.
                let width = crate::view::markup::tenths((bar.share / most * 100.0).max(2.0));
                html! {
                    <li class={store::class("bar-row", &[(is_correct, "correct"), (bar.key == "deadlock", "deadlock"), (is_asyncio, "asyncio")])}>
                        <button type="button" class="bar" onclick={replay} data-ending={bar.key.clone()} disabled={!replayable}
                            title="Replay a schedule with this outcome in the lanes">
                            // The mark is on its bar, in its name: never between two bars.
                            <span class="bar-label">{ending_label(&bar.key, scenario)}
                                if is_asyncio {
                                    {" "}<span class="asyncio-mark" data-testid="asyncio-mark">{"asyncio's own order"}</span>
                                }
                            </span>
                            <svg class="bar-track" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true"><rect class="bar-fill" {width} height="1" /></svg>
                            <span class="bar-count">{ count_html(&bar.count) }{format!(" · {}", share_of(&bar.count, &distribution.total))}</span>
                        </button>
                        if shown == Shown::Exact && summary.exact.is_some() && !summary.cancelled {
                            <button type="button" class="small ghost" onclick={another}
                                aria-label={format!("Another schedule ending {}", ending_label(&bar.key, scenario))}>{"another"}</button>
                        }
                    </li>
                }
            }) }
        </ul>
        if !shortened.is_empty() {
            <details class="explore-exact" data-testid="exact-counts">
                <summary>{"Exact counts"}</summary>
                <ul>
                    { for shortened.iter().map(|(label, exact)| html! { <li>{format!("{label}: {exact}")}</li> }) }
                </ul>
            </details>
        }
        <p class="hint">{how_to_replay}</p>
        // Below the bars: a long explanation above them would push them out of view.
        if let Some(what) = what {
            <p class="hint">{what}</p>
        }
        </>
    }
}
