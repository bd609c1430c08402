//! Plays an order of *tasks* rather than of queue positions: "T1, T2, T1,
//! T2" runs whichever callback belongs to the named task. The schedule
//! explorer finds orders like this; the page replays them (and puts them in
//! links) with this scheduler. Once the order runs out, asyncio's FIFO
//! order carries on.

use std::fmt;
use std::str::FromStr;

use super::{ReadyQueue, ScheduleError, Scheduler};
use crate::sim::trace::TaskId;

/// Tasks an order can name in its compact form: one character each.
pub const MAX_ORDER_TASKS: u32 = 35;
/// Steps an order in a link may have.
pub const MAX_ORDER_STEPS: usize = 2000;

/// Which task runs each step, first step first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct TaskOrder(pub Vec<TaskId>);

/// One character per step: `1`–`9` for T1–T9, then `a`–`z` for T10–T35.
/// "1212" is T1, T2, T1, T2.
impl fmt::Display for TaskOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &task in &self.0 {
            let digit = char::from_digit(task + 1, 36).unwrap_or('?');
            write!(f, "{digit}")?;
        }
        Ok(())
    }
}

/// Why an order's text cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadOrder(pub String);

impl fmt::Display for BadOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for TaskOrder {
    type Err = BadOrder;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.chars().count() > MAX_ORDER_STEPS {
            return Err(BadOrder(format!("longer than {MAX_ORDER_STEPS} steps")));
        }
        text.chars()
            .map(|c| match c.to_ascii_lowercase().to_digit(36) {
                Some(n) if n >= 1 => Ok(n - 1),
                _ => Err(BadOrder(format!(
                    "\"{}\" names no task: one character per step, 1-9 for T1-T9, a-z for T10-T35",
                    c.escape_default()
                ))),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TaskOrder)
    }
}

/// The scheduler that plays a [`TaskOrder`].
pub struct Order {
    order: Vec<TaskId>,
    step: usize,
}

impl Order {
    pub fn new(order: &TaskOrder) -> Self {
        Self {
            order: order.0.clone(),
            step: 0,
        }
    }
}

impl Scheduler for Order {
    fn choose(&mut self, ready: &dyn ReadyQueue) -> Result<usize, ScheduleError> {
        let step = self.step;
        self.step += 1;
        let Some(&task) = self.order.get(step) else {
            return Ok(0);
        };
        (0..ready.len())
            .find(|&position| ready.task(position) == Some(task))
            .ok_or(ScheduleError::NotReady { step, task })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_print_and_parse_back() {
        let order = TaskOrder(vec![0, 1, 0, 1, 9, 34]);
        assert_eq!(order.to_string(), "1212az");
        assert_eq!("1212AZ".parse::<TaskOrder>(), Ok(order));
        for bad in ["0", "12-", "1 2", "é"] {
            assert!(bad.parse::<TaskOrder>().is_err(), "{bad}");
        }
        assert!("1"
            .repeat(MAX_ORDER_STEPS + 1)
            .parse::<TaskOrder>()
            .is_err());
    }
}
