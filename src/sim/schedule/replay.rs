//! Plays back a recorded [`Schedule`]; once it runs out, continues in
//! asyncio's FIFO order (so a schedule can be a prefix: "swap these two,
//! then let asyncio carry on").

use super::{ReadyQueue, Schedule, ScheduleError, Scheduler};

pub struct Replay {
    positions: Vec<usize>,
    step: usize,
}

impl Replay {
    pub fn new(schedule: &Schedule) -> Self {
        Self {
            positions: schedule.positions().collect(),
            step: 0,
        }
    }
}

impl Scheduler for Replay {
    fn choose(&mut self, ready: &dyn ReadyQueue) -> Result<usize, ScheduleError> {
        let step = self.step;
        self.step += 1;
        let position = self.positions.get(step).copied().unwrap_or(0);
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
