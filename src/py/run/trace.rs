//! What the learner's program did, event by event: the same story the
//! engine tells of its own programs (reads and writes of shared values,
//! sleeps, locks), with every variable and lock named as the code names it.
//!
//! Every read and write of a module global or an object's attribute by a
//! task is recorded; a variable counts as shared once two tasks touch it.
//! A write is based on the version its task last read of that variable; a
//! write whose base another write has since superseded is a lost update,
//! erased by the first later write that did not see it, as the engine
//! attributes its own.

use super::hash::FastMap;
use std::rc::Rc;

/// A value as the trace keeps it: integers as numbers (the balance), the
/// rest as Python shows them.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Int(i64),
    Text(Rc<str>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum TraceKind {
    Started,
    Finished,
    Read {
        var: u32,
        value: Shown,
    },
    /// `write` numbers this variable's writes from 0; `based_on` is the
    /// number of writes the task's last read of it had seen.
    Wrote {
        var: u32,
        value: Shown,
        write: u32,
        based_on: u32,
    },
    Slept {
        seconds: f64,
    },
    Woke,
    Requested {
        lock: u32,
    },
    Acquired {
        lock: u32,
    },
    Released {
        lock: u32,
    },
    Put {
        value: Shown,
    },
    Got {
        value: Shown,
    },
    Printed {
        text: Rc<str>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct TraceEvent {
    /// Virtual seconds since the program began.
    pub time: f64,
    pub task: u32,
    pub line: u32,
    pub kind: TraceKind,
}

/// Where a traced variable lives.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum VarKey {
    Global(Rc<str>),
    /// An attribute of the object with this serial number.
    Attr(u32, Rc<str>),
}

/// A traced variable as an access names it, borrowed.
#[derive(Clone, Copy)]
pub enum VarRef<'a> {
    Global(&'a str),
    Attr(u32, &'a str),
}

#[derive(Clone, Debug)]
pub struct Var {
    pub name: String,
    pub key: VarKey,
    pub writes: u32,
    /// The tasks that touched it, at most two kept (enough to say "shared").
    touched_by: Vec<u32>,
}

impl Var {
    pub fn is_shared(&self) -> bool {
        self.touched_by.len() > 1
    }
}

/// The trace as it is recorded.
#[derive(Default)]
pub struct Recorder {
    pub events: Vec<TraceEvent>,
    pub vars: Vec<Var>,
    globals: FastMap<Rc<str>, u32>,
    attributes: FastMap<u32, FastMap<Rc<str>, u32>>,
    /// (task, var) -> the writes its last read had seen.
    last_read: FastMap<(u32, u32), u32>,
    pub locks: Vec<String>,
    /// A write was based on a read another write had since superseded:
    /// [`lost_updates`] of these events is not empty.
    pub lost_update: bool,
}

impl Recorder {
    /// The variable's number, numbered on first sight (no allocation after).
    pub fn var(&mut self, key: VarRef<'_>, name: impl FnOnce() -> String) -> u32 {
        let found = match key {
            VarRef::Global(global) => self.globals.get(global),
            VarRef::Attr(object, attr) => self.attributes.get(&object).and_then(|a| a.get(attr)),
        };
        if let Some(&id) = found {
            return id;
        }
        let id = self.vars.len() as u32;
        let owned = match key {
            VarRef::Global(global) => {
                self.globals.insert(Rc::from(global), id);
                VarKey::Global(Rc::from(global))
            }
            VarRef::Attr(object, attr) => {
                self.attributes
                    .entry(object)
                    .or_default()
                    .insert(Rc::from(attr), id);
                VarKey::Attr(object, Rc::from(attr))
            }
        };
        self.vars.push(Var {
            name: name(),
            key: owned,
            writes: 0,
            touched_by: Vec::new(),
        });
        id
    }

    fn touch(&mut self, var: u32, task: u32) {
        let touched = &mut self.vars[var as usize].touched_by;
        if touched.len() < 2 && !touched.contains(&task) {
            touched.push(task);
        }
    }

    pub fn read(&mut self, time: f64, task: u32, line: u32, var: u32, value: Shown) {
        self.touch(var, task);
        let seen = self.vars[var as usize].writes;
        self.last_read.insert((task, var), seen);
        self.push(time, task, line, TraceKind::Read { var, value });
    }

    pub fn wrote(&mut self, time: f64, task: u32, line: u32, var: u32, value: Shown) {
        self.touch(var, task);
        let write = self.vars[var as usize].writes;
        // A write with no read before it saw everything there was to see.
        let based_on = self.last_read.get(&(task, var)).copied().unwrap_or(write);
        // Whatever lies between its base and it is off the final chain
        // (or it is): `lost_updates` will find a lost write.
        self.lost_update |= based_on < write;
        self.vars[var as usize].writes += 1;
        self.push(
            time,
            task,
            line,
            TraceKind::Wrote {
                var,
                value,
                write,
                based_on,
            },
        );
    }

    /// The variables `task` read and another write has changed since:
    /// a write of one of them now would lose an update.
    pub fn stale(&self, task: u32) -> impl Iterator<Item = &VarKey> + '_ {
        self.last_read
            .iter()
            .filter(move |((reader, var), seen)| {
                *reader == task && **seen < self.vars[*var as usize].writes
            })
            .map(|((_, var), _)| &self.vars[*var as usize].key)
    }

    pub fn push(&mut self, time: f64, task: u32, line: u32, kind: TraceKind) {
        self.events.push(TraceEvent {
            time,
            task,
            line,
            kind,
        });
    }

    /// Room for `tasks` more tasks' reads and events: six each, the story
    /// of the article's task (started, a read, a sleep and its wake, a
    /// write, finished), rather than copying the trace as it doubles.
    pub fn reserve(&mut self, tasks: usize) {
        self.last_read.reserve(tasks);
        self.events.reserve(tasks * 6);
    }

    pub fn lock(&mut self, name: String) -> u32 {
        self.locks.push(name);
        self.locks.len() as u32 - 1
    }
}

/// A lost update: `write` (numbered among its variable's writes) was
/// erased by `erased_by`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lost {
    pub var: u32,
    pub write: u32,
    pub erased_by: u32,
}

/// Every lost update in `events`: the writes off the chain the variable's
/// last value was built on.
pub fn lost_updates(events: &[TraceEvent], vars: usize) -> Vec<Lost> {
    let mut bases: Vec<Vec<u32>> = vec![Vec::new(); vars];
    for event in events {
        if let TraceKind::Wrote { var, based_on, .. } = event.kind {
            bases[var as usize].push(based_on);
        }
    }
    let mut lost = Vec::new();
    for (var, bases) in bases.iter().enumerate() {
        let mut surviving = vec![false; bases.len()];
        let mut version = bases.len();
        while version > 0 {
            surviving[version - 1] = true;
            version = bases[version - 1] as usize;
        }
        for (write, _) in surviving.iter().enumerate().filter(|(_, kept)| !**kept) {
            if let Some(eraser) = (write + 1..bases.len()).find(|&j| bases[j] as usize <= write) {
                lost.push(Lost {
                    var: var as u32,
                    write: write as u32,
                    erased_by: eraser as u32,
                });
            }
        }
    }
    lost
}
