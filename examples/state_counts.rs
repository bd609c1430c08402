//! The table of state counts that the schedule explorer's docs quote
//! (`src/sim/explore/mod.rs`): for each program and task count, the merged
//! states counting reaches and the schedules they stand for, then how long
//! counting took and the most memory it held.
//!
//! `cargo run --release --example state_counts`
//!
//! Times are one run each on whatever machine runs it; the counts are
//! exact and the same everywhere.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use racecourse::sim::explore::{estimated_states, explore, Bounds, Count};
use racecourse::sim::{Scenario, Strategy};

/// The system allocator, counting the bytes held and their peak: what an
/// exploration costs in memory, for the table of state counts.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(held, Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// "81,729,648,000", or "2.4×10^15" past twelve digits.
fn readable(count: &Count) -> String {
    let digits = count.to_string();
    if digits.len() > 12 {
        // Three leading digits, rounded to two significant ones.
        let lead: u32 = digits[..3].parse().unwrap_or(0);
        let (tenths, exponent) = ((lead + 5) / 10, digits.len() - 1);
        let (tenths, exponent) = if tenths >= 100 {
            (tenths / 10, exponent + 1)
        } else {
            (tenths, exponent)
        };
        return format!("{}.{}×10^{exponent}", tenths / 10, tenths % 10);
    }
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Prints two Markdown tables: merged states (and schedules) per program
/// and task count, and what counting took.
fn main() {
    let sizes = [3, 8, 10, 12];
    let programs = [
        ("no lock", Strategy::Unsafe),
        ("lock", Strategy::Lock),
        ("opposite order", Strategy::OppositeOrder),
        ("compare and retry", Strategy::Optimistic),
    ];
    let header = |title: &str| {
        println!(
            "\n| {title} | {} |",
            sizes.map(|n| format!("{n} tasks")).join(" | ")
        );
        println!("|---|{}", "---|".repeat(sizes.len()));
    };
    let mut costs = Vec::new();
    header("program");
    for (name, strategy) in programs {
        let mut states = Vec::new();
        let mut cost = Vec::new();
        for tasks in sizes {
            let scenario = Scenario::article()
                .with_strategy(strategy)
                .with_tasks(tasks);
            let limit = Bounds::for_scenario(&scenario).max_states;
            if estimated_states(strategy, tasks) > limit as u64 {
                states.push(format!("over {}", readable(&Count::from(limit as u64))));
                cost.push("not counted".to_owned());
                continue;
            }
            PEAK.store(HELD.load(Ordering::Relaxed), Ordering::Relaxed);
            let before = HELD.load(Ordering::Relaxed);
            let start = Instant::now();
            let all = explore(&scenario).expect("explores");
            let took = start.elapsed();
            let peak = PEAK.load(Ordering::Relaxed) - before;
            states.push(format!(
                "{} ({})",
                readable(&Count::from(all.states as u64)),
                readable(all.total())
            ));
            let memory = if peak < 1_000_000 {
                format!("{:.0} kB", peak as f64 / 1e3)
            } else {
                format!("{:.1} MB", peak as f64 / 1e6)
            };
            cost.push(format!("{:.1} ms, {memory}", took.as_secs_f64() * 1000.0));
        }
        println!("| {name} | {} |", states.join(" | "));
        costs.push((name, cost));
    }
    header("time, peak memory");
    for (name, cost) in costs {
        println!("| {name} | {} |", cost.join(" | "));
    }
}
