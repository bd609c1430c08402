//! A row per finished run, so "correct but slow" and "fast but wrong" sit side by side.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::Ending;
use crate::view::state::results::{time_ratio, ResultRow, Results, KEPT_RUNS};
use crate::view::text::{duration, ending_text, grouped, money};

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub results: Rc<Results>,
}

/// A row, and how its time compares with the run before it.
fn row_view(row: &ResultRow, before: Option<&ResultRow>) -> Html {
    let verdict = if row.correct() {
        "✓ correct".to_owned()
    } else if row.ending == Ending::Completed {
        "✗ wrong".to_owned()
    } else {
        ending_text(&row.ending)
    };
    html! {
        <tr class={if row.correct() { "ok" } else { "bad" }} data-fingerprint={format!("{:016x}", row.fingerprint)}>
            <td>{row.number}</td>
            <td>{ if row.program { "Your program" } else { row.strategy.title() } }{ if row.real_timers { " (real timers)" } else { "" } }</td>
            <td class="num">{row.tasks}</td>
            <td class="num">{money(row.final_balance)}</td>
            <td class="num">{money(row.expected)}</td>
            <td class="num">{grouped(row.lost as u64)}</td>
            <td class="num" data-ms={row.elapsed_ms.to_string()}>{duration(row.elapsed_ms)}</td>
            <td class="vs">{ before.and_then(|b| time_ratio(b.elapsed_ms, row.elapsed_ms)).unwrap_or_default() }</td>
            <td class="ending">{verdict}</td>
            <td><code title={format!("{:016x}", row.fingerprint)}>{format!("{:08x}", row.fingerprint >> 32)}</code></td>
        </tr>
    }
}

#[function_component(ResultsTable)]
pub fn results_table(props: &ResultsProps) -> Html {
    let results = &props.results;
    if results.rows().len() == 0 {
        return html! {
            <section class="results" aria-label="Results">
                <h2 class="section-title">{"Runs"}</h2>
                <p class="muted">{"Each finished run adds a row here. Try the bug, then press L for the lock."}</p>
            </section>
        };
    }
    let rows: Vec<&ResultRow> = results.rows().collect();
    html! {
        <section class="results" aria-label="Results">
            <h2 class="section-title">{"Runs"}</h2>
            if let Some(sentence) = results.newest_comparison() {
                <p class="comparison" data-testid="comparison">{sentence}</p>
            }
            <p class="table-scroll-hint">{"Swipe the table sideways for more columns."}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Runs table">
                <table data-testid="results">
                    <thead><tr>
                        <th scope="col">{"#"}</th><th scope="col">{"Strategy"}</th><th scope="col">{"Tasks"}</th>
                        <th scope="col">{"Final"}</th><th scope="col">{"Expected"}</th><th scope="col">{"Lost"}</th>
                        <th scope="col">{"Time"}</th><th scope="col">{"vs the run before"}</th><th scope="col">{"Ending"}</th>
                        <th scope="col">{"Fingerprint"}</th>
                    </tr></thead>
                    <tbody>{ for rows.iter().enumerate().rev().map(|(i, row)| row_view(row, i.checked_sub(1).and_then(|b| rows.get(b)).copied())) }</tbody>
                </table>
            </div>
            <p class="hint">{"Fingerprint: a hash of every event of the run. Equal fingerprints mean identical runs, event for event: a copied link reproduces its run's fingerprint."}</p>
            if results.dropped() > 0 {
                <p class="hint">{format!("The table keeps the last {KEPT_RUNS} runs; {} older ones are not shown.", results.dropped())}</p>
            }
        </section>
    }
}
