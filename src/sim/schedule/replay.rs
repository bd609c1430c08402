//! Plays back a recorded [`Schedule`]; once it runs out, continues in
//! asyncio's FIFO order (so a schedule can be a prefix: "swap these two,
//! then let asyncio carry on").

use super::{ReadyQueue, Schedule, ScheduleError, Scheduler};

pub struct Replay {
    /// The schedule's run-length pairs, walked lazily: a printed schedule
    /// can say "0x4000000000" without that many entries in memory.
    runs: Vec<(u32, u32)>,
    run: usize,
    used_in_run: u32,
    step: usize,
}

impl Replay {
    pub fn new(schedule: &Schedule) -> Self {
        Self {
            runs: schedule.runs().to_vec(),
            run: 0,
            used_in_run: 0,
            step: 0,
        }
    }

    fn next_position(&mut self) -> Option<usize> {
        let &(position, count) = self.runs.get(self.run)?;
        self.used_in_run += 1;
        if self.used_in_run >= count {
            self.run += 1;
            self.used_in_run = 0;
        }
        Some(position as usize)
    }
}

impl Scheduler for Replay {
    fn choose(&mut self, ready: &dyn ReadyQueue) -> Result<usize, ScheduleError> {
        let step = self.step;
        self.step += 1;
        let position = self.next_position().unwrap_or(0);
        if position >= ready.len() {
            return Err(ScheduleError::Diverged {
                step,
                position,
                ready: ready.len(),
            });
        }
        Ok(position)
    }
}
