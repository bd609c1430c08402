//! The shared balance, with a record of every write and of what it was based on.

use super::trace::{Event, EventKind, TaskId};

/// What a task saw when it read: the value, how many writes had landed
/// (the version), and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadStamp {
    pub value: i64,
    pub version: u32,
    pub time_ms: u64,
}

/// One `balance = ...`, remembered so that lost updates can be explained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteRecord {
    pub task: TaskId,
    pub value: i64,
    pub time_ms: u64,
    /// The read this write was computed from.
    pub based_on: ReadStamp,
}

#[derive(Debug, Clone)]
pub struct Account {
    initial: i64,
    balance: i64,
    writes: Vec<WriteRecord>,
}

impl Account {
    pub fn new(initial: i64) -> Self {
        Self {
            initial,
            balance: initial,
            writes: Vec::new(),
        }
    }

    pub fn initial(&self) -> i64 {
        self.initial
    }

    pub fn balance(&self) -> i64 {
        self.balance
    }

    /// How many writes have landed; a read remembers it to detect staleness.
    pub fn version(&self) -> u32 {
        self.writes.len() as u32
    }

    pub fn read(&self, time_ms: u64) -> ReadStamp {
        ReadStamp {
            value: self.balance,
            version: self.version(),
            time_ms,
        }
    }

    /// Stores `value` and returns (this write's number, the write it
    /// overwrote without having seen it).
    pub fn write(
        &mut self,
        task: TaskId,
        value: i64,
        based_on: ReadStamp,
        time_ms: u64,
    ) -> (u32, Option<u32>) {
        let version = self.version();
        let overwrote = (based_on.version < version).then(|| version - 1);
        self.balance = value;
        self.writes.push(WriteRecord {
            task,
            value,
            time_ms,
            based_on,
        });
        (version, overwrote)
    }

    pub fn writes(&self) -> &[WriteRecord] {
        &self.writes
    }

    /// The writes, handed over without a copy (a run's outcome keeps them).
    pub fn into_writes(self) -> Vec<WriteRecord> {
        self.writes
    }

    /// The account a trace leaves behind, with every write's read: what the
    /// engine's account recorded as it went, worked out again from the
    /// events alone (for a run that happened somewhere else, in a worker).
    pub fn replay(initial: i64, trace: &[Event]) -> Self {
        let mut account = Account::new(initial);
        let mut last_read: Vec<Option<ReadStamp>> = Vec::new();
        for event in trace {
            let task = event.task as usize;
            if last_read.len() <= task {
                last_read.resize(task + 1, None);
            }
            match event.kind {
                EventKind::Read { .. } => last_read[task] = Some(account.read(event.time_ms)),
                EventKind::Wrote { value, .. } => {
                    let based_on = last_read[task].unwrap_or_else(|| account.read(event.time_ms));
                    account.write(event.task, value, based_on, event.time_ms);
                }
                _ => {}
            }
        }
        account
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{simulate, Scenario, Strategy};

    #[test]
    fn replaying_a_trace_gives_back_the_account() {
        for &strategy in Strategy::ALL {
            let scenario = Scenario {
                jitter_ms: 30,
                seed: 5,
                ..Scenario::bank().with_strategy(strategy).with_tasks(9)
            };
            let outcome = simulate(&scenario).expect("valid");
            let replayed = Account::replay(scenario.initial, &outcome.trace);
            assert_eq!(replayed.writes(), &outcome.writes[..], "{strategy}");
            assert_eq!(replayed.balance(), outcome.final_balance, "{strategy}");
        }
    }
}
