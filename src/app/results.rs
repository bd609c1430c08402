//! A row per finished run, so "correct but slow" and "fast but wrong" sit side by side.

use yew::prelude::*;

use crate::view::state::ResultRow;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub rows: Vec<ResultRow>,
}

#[function_component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    if props.rows.is_empty() {
        return html! {
            <section class="results" aria-label="Results">
                <h2 class="section-title">{"Runs"}</h2>
                <p class="muted">{"Each finished run adds a row here. Try the bug, then press L for the lock."}</p>
            </section>
        };
    }
    html! {
        <section class="results" aria-label="Results">
            <h2 class="section-title">{"Runs"}</h2>
            <p class="table-scroll-hint">{"Swipe the table sideways for more columns."}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Runs table">
                <table data-testid="results">
                    <thead><tr>
                        <th scope="col">{"#"}</th><th scope="col">{"Strategy"}</th><th scope="col">{"Tasks"}</th>
                        <th scope="col">{"Final"}</th><th scope="col">{"Expected"}</th><th scope="col">{"Lost"}</th>
                        <th scope="col">{"Time"}</th><th scope="col">{"Ending"}</th>
                        <th scope="col"><abbr title="Fingerprint of the whole trace: equal fingerprints, identical runs">{"Run"}</abbr></th>
                    </tr></thead>
                    <tbody>
                        { for props.rows.iter().enumerate().rev().map(|(i, row)| {
                            let ok = row.final_balance == row.expected && row.ending == "completed";
                            html! {
                                <tr class={classes!(if ok { "ok" } else { "bad" })} data-fingerprint={format!("{:016x}", row.fingerprint)}>
                                    <td>{i + 1}</td>
                                    <td>{row.strategy.title()}{ if row.real_timers { " (real timers)" } else { "" } }</td>
                                    <td class="num">{row.tasks}</td>
                                    <td class="num">{row.final_balance}</td>
                                    <td class="num">{row.expected}</td>
                                    <td class="num">{row.lost}</td>
                                    <td class="num">{format!("{} ms", row.elapsed_ms)}</td>
                                    <td class="ending">{ if ok { "✓ correct".to_owned() } else if row.ending == "completed" { "✗ wrong".to_owned() } else { row.ending.clone() } }</td>
                                    <td><code title={format!("{:016x}", row.fingerprint)}>{format!("{:08x}", row.fingerprint >> 32)}</code></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
