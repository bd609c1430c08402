//! asyncio's order: the ready queue is a FIFO (`loop._ready` is a deque that
//! `call_soon` appends to and `_run_once` pops from the left).

use super::{ReadyQueue, ScheduleError, Scheduler};

#[derive(Clone, Copy, Debug, Default)]
pub struct Fifo;

impl Scheduler for Fifo {
    fn choose(&mut self, _ready: &dyn ReadyQueue) -> Result<usize, ScheduleError> {
        Ok(0)
    }
}
