//! How many events are due: the playback clock's arithmetic.
//!
//! The browser calls [`Pace::tick`] every animation frame, and from a timer
//! (`app::clock`). What is owed between beats stays here, outside the
//! page's state, so a beat that has nothing to show dispatches nothing and
//! renders nothing. A run follows the wall clock, drawn or not: a long gap
//! between beats (frames stopped for a page out of view, a background tab)
//! counts in full, so an embed's result never waits to be drawn.
//! - a fraction of an event waits for the frames that complete it;
//! - when more than [`FOLLOWABLE`] events a second play, the picture moves
//!   at most every [`FAST_FRAME_MS`] (about 20 times a second): each move
//!   shows a few events at once, which looks the same and costs a third.

use super::settings::{INSTANT, SPEEDS};

/// Up to this many events a second, every event gets a frame of its own.
pub const FOLLOWABLE: u32 = 60;
/// Faster than that, the picture moves at most this often.
/// (Under three 60 Hz frames, so that every third frame moves.)
pub const FAST_FRAME_MS: f64 = 45.0;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pace {
    /// Events owed, fractions included.
    owed: f64,
    /// Real time since the picture last moved.
    since_shown_ms: f64,
}

impl Pace {
    /// Events to show now, after `elapsed_ms` of real time at speed level `speed`.
    pub fn tick(&mut self, elapsed_ms: f64, speed: usize) -> usize {
        if speed >= INSTANT {
            return usize::MAX;
        }
        let elapsed = elapsed_ms.max(0.0);
        let rate = SPEEDS[speed];
        self.owed += f64::from(rate) * elapsed / 1000.0;
        self.since_shown_ms += elapsed;
        let due = self.owed.floor();
        if due < 1.0 || (rate > FOLLOWABLE && self.since_shown_ms < FAST_FRAME_MS) {
            return 0;
        }
        self.owed -= due;
        self.since_shown_ms = 0.0;
        due as usize
    }
}

/// Where the log may stand while a run plays at `speed`: faster than a
/// person can read, it catches up about four times a second instead of on
/// every frame (repainting a scrolling log each frame costs a core its
/// share). At readable speeds, and whenever the run is not playing, the
/// log is exact.
pub fn log_cursor(cursor: usize, speed: usize, playing: bool) -> usize {
    const READABLE: u32 = 30;
    let rate = SPEEDS[speed.min(INSTANT)];
    if !playing || rate <= READABLE {
        return cursor;
    }
    let step = (rate / 4) as usize;
    cursor - cursor % step
}

/// Where the screen reader's summary may stand while a run plays at
/// `speed`: it moves about once a second (a second's worth of events at a
/// time), so that a listener hears a summary every second or so, not an
/// announcement per event.
pub fn summary_cursor(cursor: usize, speed: usize) -> usize {
    let step = SPEEDS[speed.min(INSTANT)].max(1) as usize;
    cursor - cursor % step
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ticks of `frame_ms` for `seconds`: how many ticks showed something,
    /// and how many events they showed in all.
    fn play(speed: usize, frame_ms: f64, seconds: f64) -> (usize, usize) {
        let mut pace = Pace::default();
        let frames = (seconds * 1000.0 / frame_ms) as usize;
        let shown: Vec<usize> = (0..frames).map(|_| pace.tick(frame_ms, speed)).collect();
        (shown.iter().filter(|&&n| n > 0).count(), shown.iter().sum())
    }

    #[test]
    fn fractions_of_an_event_add_up_across_frames() {
        let mut pace = Pace::default();
        // Speed level 2 is 4 events a second: 0.4 of an event per 100 ms.
        assert_eq!(pace.tick(100.0, 2), 0);
        assert_eq!(pace.tick(100.0, 2), 0);
        assert_eq!(pace.tick(100.0, 2), 1, "1.2 owed");
        assert_eq!(pace.tick(200.0, 2), 1, "0.2 left over, plus 0.8");
        assert_eq!(pace.tick(100.0, 2), 0);
    }

    #[test]
    fn slow_runs_show_every_event_on_its_own_frame() {
        // 60 events a second at 60 frames a second: one event a frame.
        let (frames, events) = play(6, 1000.0 / 60.0, 2.0);
        assert_eq!(events, 119, "no events lost to the frame cap");
        assert!(frames >= 115, "{frames} frames moved");
    }

    #[test]
    fn fast_runs_move_the_picture_about_twenty_times_a_second() {
        // 250 events a second (level 8) at 60 frames a second.
        let (frames, events) = play(8, 1000.0 / 60.0, 2.0);
        assert!((38..=42).contains(&frames), "{frames} frames moved in 2 s");
        // Nothing lost: at most one fast frame's worth (50 ms, 13 events) is still owed.
        assert!(events <= 500 && events + 13 >= 500, "{events} events shown");
    }

    #[test]
    fn a_long_gap_counts_in_full_and_instant_is_everything() {
        let mut pace = Pace::default();
        // 1000 events a second (level 10), a 10 s gap with no frame: the
        // run went on meanwhile, drawn or not.
        assert_eq!(pace.tick(10_000.0, 10), 10_000);
        assert_eq!(pace.tick(-5.0, 10), 0);
        assert_eq!(pace.tick(16.0, INSTANT), usize::MAX);
    }

    #[test]
    fn the_log_is_exact_when_readable_and_steps_when_not() {
        assert_eq!(log_cursor(1234, 4, true), 1234, "15 events a second");
        assert_eq!(log_cursor(1234, 8, false), 1234, "paused");
        // 250 events a second: steps of 62 events, about four a second.
        assert_eq!(log_cursor(1234, 8, true), 1178);
        assert_eq!(log_cursor(61, 8, true), 0);
    }
}
