use super::*;
use crate::sim::{simulate, Scenario, Strategy};

fn recorded(scenario: Scenario) -> Recording {
    Recording::finished(simulate(&scenario).expect("valid"))
}

/// The timeline of a whole run, at the default width.
fn finished_svg(run: &Recording) -> String {
    let end = run.len();
    timeline_svg(run, end, &lanes(run, end), &run.cells(end), DEFAULT_WIDTH)
}

#[test]
fn the_bank_bug_draws_four_lost_writes_and_one_kept() {
    let run = recorded(Scenario::bank());
    let svg = finished_svg(&run);
    assert_eq!(svg.matches(r#"class="mark write lost""#).count(), 4);
    assert_eq!(svg.matches(r#"class="mark write""#).count(), 1);
    assert_eq!(svg.matches("✗ lost").count(), 4);
    assert_eq!(lanes(&run, run.len())[4].writes[0].write, Some((4, false)));
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
        .any(|(_, words, _)| words == "got lock after 400 ms"));
}

#[test]
fn deadlocked_lanes_wait_forever() {
    let run = recorded(Scenario {
        tasks: 2,
        delay_ms: 10,
        ..Scenario::article().with_strategy(Strategy::OppositeOrder)
    });
    let svg = finished_svg(&run);
    assert_eq!(svg.matches("waits forever").count(), 2);
    // The waits run off the axis, which ends where the run stopped.
    assert_eq!(
        svg.matches(r#"class="seg waiting forever-wait""#).count(),
        2
    );
    assert_eq!(svg.matches(r#"class="forever-arrow""#).count(), 2);
    let axis_end = DEFAULT_WIDTH - RIGHT_MARGIN - FOREVER;
    assert!(svg.contains(&format!(r#"x2="{}""#, px(axis_end))));
    let wait_width = |svg: &str| -> f64 {
        let at = svg.find("forever-wait").expect("a wait");
        let width = &svg[at..];
        let from = width.find("width=\"").expect("a width") + 7;
        let to = width[from..].find('"').expect("its end") + from;
        width[from..to].parse().expect("a number")
    };
    assert!(wait_width(&svg) >= 100.0, "a bar, not a point");
}

#[test]
fn labels_at_zero_ms_read_rightwards_and_stay_in_the_picture() {
    let run = recorded(Scenario {
        delay_ms: 0,
        ..Scenario::bank().with_tasks(2)
    });
    let svg = finished_svg(&run);
    // Every label that reads leftwards (anchored at its end) has room.
    for piece in svg.split(r#"<text class="end" x=""#).skip(1) {
        let x: f64 = piece[..piece.find('"').expect("x")]
            .parse()
            .expect("a number");
        let text = &piece[piece.find('>').expect("text") + 1..piece.find('<').expect("end")];
        let width = text.chars().count() as f64 * CHAR_WIDTH;
        assert!(x - width >= LABELS_FROM, "{text} at {x}");
    }
    assert!(svg.contains(">wrote 1100 ✗ lost<"));
}

#[test]
fn grid_cells_fill_their_box_and_never_overflow_it() {
    for (count, width, height) in [
        (1000, 560.0, 300.0),
        (10_000, 560.0, 300.0),
        (1000, 343.0, 300.0),
        (13, 900.0, 300.0),
        (10_000, 200.0, 60.0),
    ] {
        let cell = grid_cell_size(count, width, height);
        let columns = (width / cell).floor() as usize;
        let rows = count.div_ceil(columns);
        assert!(
            rows as f64 * cell <= height || cell == 3.0,
            "{count} in {width}x{height}"
        );
        // One size larger would not fit (or hits the cap).
        let bigger = cell + 1.0;
        let rows = count.div_ceil((width / bigger).floor() as usize);
        assert!(
            rows as f64 * bigger > height || bigger > 28.0,
            "{count}: {cell} is not the largest"
        );
    }
    assert_eq!(grid_cell_size(1000, 560.0, 300.0), 12.0);
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

#[test]
fn the_counters_read_back_is_told_but_its_dot_is_the_read_it_wrote_from() {
    let run = recorded(
        Scenario::bank()
            .with_tasks(2)
            .with_strategy(Strategy::Counter),
    );
    let lane = &lanes(&run, run.len())[0];
    // `self._value += delta` read 1000 and wrote 1100; `return self._value`
    // read 1100 in the same instant: one dot, labelled with the first.
    let reads: Vec<i64> = lane.reads.iter().map(|r| r.value).collect();
    assert_eq!(reads, vec![1000]);
    assert_eq!(lane.writes[0].value, 1100);
    let told: Vec<&str> = lane
        .story
        .iter()
        .map(|(_, said, _)| said.as_str())
        .collect();
    assert!(
        told.contains(&"read 1000") && told.contains(&"read 1100"),
        "{told:?}"
    );
    assert!(finished_svg(&run).contains("read 1000"));
}
