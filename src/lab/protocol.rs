//! What the page and the lab worker say to each other: typed requests and
//! answers, each crossing as one `Float64Array` (`postMessage` copies it
//! cheaply). Texts cross as their characters' code points, events and
//! endings as [`crate::sim::wire`] writes them. One function pair each way
//! ([`Request::encode`]/[`Request::decode`], [`Answer::encode`]/
//! [`Answer::decode`]), and one for the explorer's answer inside its
//! message ([`Packed`]); a message that is not well formed is refused with
//! [`Malformed`], never a panic. Pure Rust: tested natively.
//!
//! No serde and no JSON: this code is part of the playground's first load.

use crate::sim::explore::Ending as ScheduleEnding;
use crate::sim::wire::{decode_ending, decode_events, encode_ending, encode_events};
use crate::sim::{Ending, Event};

/// What the page asks of the lab.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Simulate the run the link parameters `query` describe.
    Run { id: u64, query: String },
    /// Play it on real timers, reporting as it goes.
    Live { id: u64, query: String },
    /// Count (or sample) every interleaving of the program `query` describes.
    Explore { query: String },
    /// A schedule drawn uniformly from the last exploration's that end at `ending`.
    Draw { id: u64, ending: ScheduleEnding },
}

/// What the lab answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// The lab listens now (a message sent before could be lost).
    Ready,
    /// A run computed, whole; `query` is the request's.
    Run {
        id: u64,
        query: String,
        events: Vec<Event>,
        elapsed_ms: u64,
        ending: Option<Ending>,
    },
    /// A real-timers run's new events; the last answer has its ending.
    Live {
        id: u64,
        query: String,
        events: Vec<Event>,
        elapsed_ms: u64,
        ending: Option<Ending>,
    },
    /// Counting: states followed of those reached so far.
    Progress { expanded: u64, states: u64 },
    /// The explorer's answer, so far or complete.
    Explored(Packed),
    /// A drawn schedule, one character per step.
    Drawn { id: u64, order: String },
    /// A request could not be done.
    Failed { id: Option<u64>, why: String },
}

/// The explorer's answer as it crosses, opened by the explorer alone: the
/// playground never asks for one, and does not carry its decoder (its
/// first load has no bytes to spare).
#[derive(Clone, Debug, PartialEq)]
pub struct Packed(Vec<f64>);

impl Packed {
    pub fn new(explored: &Explored) -> Self {
        let mut out = Writer::default();
        out.explored(explored);
        Self(out.0)
    }

    pub fn open(&self) -> Result<Explored, Malformed> {
        let mut r = Reader(&self.0);
        let explored = r.explored()?;
        r.end(explored)
    }
}

/// The explorer's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Explored {
    /// Where asyncio's own order ends.
    pub asyncio: Option<ScheduleEnding>,
    /// How large a sample may grow: draws, and steps over all of them.
    pub limit: (u64, u64),
    /// Every schedule counted, or why not.
    pub exact: Result<Counted, NotCounted>,
    /// Drawn uniformly from the counted schedules (once drawn).
    pub uniform: Option<Sample>,
    /// Drawn by a random scheduler (it grows while shown).
    pub random: Sample,
    /// Whether the random sample is complete.
    pub complete: bool,
}

/// Every schedule, counted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counted {
    /// Decimal digits: counts outgrow every number type.
    pub total: String,
    /// Merged states explored.
    pub states: u64,
    /// Per ending: how many schedules (decimal digits), and the shortest.
    pub outcomes: Vec<(ScheduleEnding, String, String)>,
}

/// Why there are no exact counts.
#[derive(Clone, Debug, PartialEq)]
pub enum NotCounted {
    /// More tasks than an order names.
    Tasks(u64),
    /// The estimated states exceed the budget.
    States { estimate: u64, budget: u64 },
    /// The count stopped, and why.
    Stopped(String),
    /// Not counted yet.
    Pending,
}

impl Default for Explored {
    /// Nothing counted or drawn yet.
    fn default() -> Self {
        Self {
            asyncio: None,
            limit: (0, 0),
            exact: Err(NotCounted::Pending),
            uniform: None,
            random: Sample::default(),
            complete: false,
        }
    }
}

/// Draws so far: per ending, how many, and the first order drawn.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sample {
    pub draws: u64,
    /// Steps over all the draws.
    pub steps: u64,
    pub counts: Vec<(ScheduleEnding, u64, String)>,
}

/// A message that is not one the protocol sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed;

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a message could not be read")
    }
}

pub(crate) type Read<T> = Result<T, Malformed>;

/// Numbers written one after another (shared with the learner's runs,
/// `view::learner`).
#[derive(Default)]
pub(crate) struct Writer(pub(crate) Vec<f64>);

impl Writer {
    pub(crate) fn number(&mut self, n: f64) -> &mut Self {
        self.0.push(n);
        self
    }

    pub(crate) fn whole(&mut self, n: u64) -> &mut Self {
        self.number(n as f64)
    }

    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        let start = self.0.len();
        self.0.push(0.0);
        self.0.extend(text.chars().map(|c| f64::from(u32::from(c))));
        self.0[start] = (self.0.len() - start - 1) as f64;
        self
    }

    pub(crate) fn numbers(&mut self, numbers: &[f64]) -> &mut Self {
        self.whole(numbers.len() as u64);
        self.0.extend_from_slice(numbers);
        self
    }

    pub(crate) fn ending(&mut self, ending: Option<&Ending>) -> &mut Self {
        match ending {
            Some(ending) => self.numbers(&encode_ending(ending)),
            None => self.number(0.0),
        }
    }

    fn schedule_ending(&mut self, ending: Option<ScheduleEnding>) -> &mut Self {
        match ending {
            None => self.number(0.0).number(0.0),
            Some(ScheduleEnding::Balance(balance)) => self.number(1.0).number(balance as f64),
            Some(ScheduleEnding::Deadlock) => self.number(2.0).number(0.0),
            Some(ScheduleEnding::Unfinished) => self.number(3.0).number(0.0),
        }
    }

    fn sample(&mut self, sample: &Sample) -> &mut Self {
        self.whole(sample.draws)
            .whole(sample.steps)
            .whole(sample.counts.len() as u64);
        for (ending, count, order) in &sample.counts {
            self.schedule_ending(Some(*ending))
                .whole(*count)
                .text(order);
        }
        self
    }

    fn explored(&mut self, explored: &Explored) -> &mut Self {
        self.schedule_ending(explored.asyncio)
            .whole(explored.limit.0)
            .whole(explored.limit.1)
            .number(f64::from(u8::from(explored.complete)))
            .sample(&explored.random);
        match &explored.uniform {
            Some(uniform) => self.number(1.0).sample(uniform),
            None => self.number(0.0),
        };
        match &explored.exact {
            Ok(counted) => {
                self.number(0.0)
                    .text(&counted.total)
                    .whole(counted.states)
                    .whole(counted.outcomes.len() as u64);
                for (ending, count, order) in &counted.outcomes {
                    self.schedule_ending(Some(*ending)).text(count).text(order);
                }
                self
            }
            Err(NotCounted::Tasks(tasks)) => self.number(1.0).whole(*tasks),
            Err(NotCounted::States { estimate, budget }) => {
                self.number(2.0).whole(*estimate).whole(*budget)
            }
            Err(NotCounted::Stopped(why)) => self.number(3.0).text(why),
            Err(NotCounted::Pending) => self.number(4.0),
        }
    }
}

/// Numbers read back in the order written.
pub(crate) struct Reader<'a>(pub(crate) &'a [f64]);

impl<'a> Reader<'a> {
    pub(crate) fn number(&mut self) -> Read<f64> {
        let (&n, rest) = self.0.split_first().ok_or(Malformed)?;
        self.0 = rest;
        Ok(n)
    }

    /// A whole number from 0 (what comes back from a cast is what was
    /// sent: not a fraction, a negative number, infinity or NaN).
    pub(crate) fn whole(&mut self) -> Read<u64> {
        let n = self.number()?;
        let whole = n as u64;
        (whole as f64 == n).then_some(whole).ok_or(Malformed)
    }

    /// A whole number, negative or not (as [`Reader::whole`] checks it).
    pub(crate) fn signed(&mut self) -> Read<i64> {
        let n = self.number()?;
        let signed = n as i64;
        (signed as f64 == n).then_some(signed).ok_or(Malformed)
    }

    /// How many of something follow (never more than the message holds).
    pub(crate) fn len(&mut self) -> Read<usize> {
        let n = self.whole()?;
        if n <= self.0.len() as u64 {
            Ok(n as usize)
        } else {
            Err(Malformed)
        }
    }

    pub(crate) fn numbers(&mut self) -> Read<&'a [f64]> {
        let len = self.len()?;
        let (numbers, rest) = self.0.split_at(len);
        self.0 = rest;
        Ok(numbers)
    }

    pub(crate) fn text(&mut self) -> Read<String> {
        let mut text = String::new();
        for &c in self.numbers()? {
            let code = c as u32;
            let c = char::from_u32(code).filter(|_| f64::from(code) == c);
            text.push(c.ok_or(Malformed)?);
        }
        Ok(text)
    }

    pub(crate) fn flag(&mut self) -> Read<bool> {
        match self.whole()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Malformed),
        }
    }

    pub(crate) fn events(&mut self) -> Read<Vec<Event>> {
        decode_events(self.numbers()?).ok_or(Malformed)
    }

    pub(crate) fn ending(&mut self) -> Read<Option<Ending>> {
        let numbers = self.numbers()?;
        if numbers.is_empty() {
            return Ok(None);
        }
        decode_ending(numbers).map(Some).ok_or(Malformed)
    }

    fn schedule_ending(&mut self) -> Read<Option<ScheduleEnding>> {
        let kind = self.whole()?;
        let balance = self.signed()?;
        Ok(match kind {
            0 => None,
            1 => Some(ScheduleEnding::Balance(balance)),
            2 => Some(ScheduleEnding::Deadlock),
            3 => Some(ScheduleEnding::Unfinished),
            _ => return Err(Malformed),
        })
    }

    fn some_schedule_ending(&mut self) -> Read<ScheduleEnding> {
        self.schedule_ending()?.ok_or(Malformed)
    }

    fn sample(&mut self) -> Read<Sample> {
        let draws = self.whole()?;
        let steps = self.whole()?;
        let counts = (0..self.len()?)
            .map(|_| Ok((self.some_schedule_ending()?, self.whole()?, self.text()?)))
            .collect::<Read<_>>()?;
        Ok(Sample {
            draws,
            steps,
            counts,
        })
    }

    fn explored(&mut self) -> Read<Explored> {
        let asyncio = self.schedule_ending()?;
        let limit = (self.whole()?, self.whole()?);
        let complete = self.flag()?;
        let random = self.sample()?;
        let uniform = if self.flag()? {
            Some(self.sample()?)
        } else {
            None
        };
        let exact = match self.whole()? {
            0 => {
                let total = self.text()?;
                let states = self.whole()?;
                let outcomes = (0..self.len()?)
                    .map(|_| Ok((self.some_schedule_ending()?, self.text()?, self.text()?)))
                    .collect::<Read<_>>()?;
                Ok(Counted {
                    total,
                    states,
                    outcomes,
                })
            }
            1 => Err(NotCounted::Tasks(self.whole()?)),
            2 => Err(NotCounted::States {
                estimate: self.whole()?,
                budget: self.whole()?,
            }),
            3 => Err(NotCounted::Stopped(self.text()?)),
            4 => Err(NotCounted::Pending),
            _ => return Err(Malformed),
        };
        Ok(Explored {
            asyncio,
            limit,
            exact,
            uniform,
            random,
            complete,
        })
    }

    /// The value read, if nothing is left over.
    pub(crate) fn end<T>(&self, value: T) -> Read<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Malformed)
        }
    }
}

impl Request {
    pub fn encode(&self) -> Vec<f64> {
        let mut out = Writer::default();
        match self {
            Request::Run { id, query } => out.number(0.0).whole(*id).text(query),
            Request::Live { id, query } => out.number(1.0).whole(*id).text(query),
            Request::Explore { query } => out.number(2.0).text(query),
            Request::Draw { id, ending } => {
                out.number(3.0).whole(*id).schedule_ending(Some(*ending))
            }
        };
        out.0
    }

    pub fn decode(numbers: &[f64]) -> Result<Self, Malformed> {
        let mut r = Reader(numbers);
        let request = match r.whole()? {
            0 => Request::Run {
                id: r.whole()?,
                query: r.text()?,
            },
            1 => Request::Live {
                id: r.whole()?,
                query: r.text()?,
            },
            2 => Request::Explore { query: r.text()? },
            3 => Request::Draw {
                id: r.whole()?,
                ending: r.some_schedule_ending()?,
            },
            _ => return Err(Malformed),
        };
        r.end(request)
    }
}

impl Answer {
    pub fn encode(&self) -> Vec<f64> {
        let mut out = Writer::default();
        match self {
            Answer::Ready => out.number(0.0),
            Answer::Run {
                id,
                query,
                events,
                elapsed_ms,
                ending,
            }
            | Answer::Live {
                id,
                query,
                events,
                elapsed_ms,
                ending,
            } => {
                let kind = if matches!(self, Answer::Run { .. }) {
                    1.0
                } else {
                    2.0
                };
                out.number(kind)
                    .whole(*id)
                    .text(query)
                    .whole(*elapsed_ms)
                    .ending(ending.as_ref())
                    .numbers(&encode_events(events))
            }
            Answer::Progress { expanded, states } => {
                out.number(3.0).whole(*expanded).whole(*states)
            }
            Answer::Explored(packed) => out.number(4.0).numbers(&packed.0),
            Answer::Drawn { id, order } => out.number(5.0).whole(*id).text(order),
            Answer::Failed { id, why } => out
                .number(6.0)
                .number(id.map_or(-1.0, |id| id as f64))
                .text(why),
        };
        out.0
    }

    pub fn decode(numbers: &[f64]) -> Result<Self, Malformed> {
        let mut r = Reader(numbers);
        let answer = match r.whole()? {
            0 => Answer::Ready,
            kind @ (1 | 2) => {
                let id = r.whole()?;
                let query = r.text()?;
                let elapsed_ms = r.whole()?;
                let ending = r.ending()?;
                let events = r.events()?;
                if kind == 1 {
                    Answer::Run {
                        id,
                        query,
                        events,
                        elapsed_ms,
                        ending,
                    }
                } else {
                    Answer::Live {
                        id,
                        query,
                        events,
                        elapsed_ms,
                        ending,
                    }
                }
            }
            3 => Answer::Progress {
                expanded: r.whole()?,
                states: r.whole()?,
            },
            4 => Answer::Explored(Packed(r.numbers()?.to_vec())),
            5 => Answer::Drawn {
                id: r.whole()?,
                order: r.text()?,
            },
            6 => Answer::Failed {
                id: match r.signed()? {
                    -1 => None,
                    id => Some(u64::try_from(id).map_err(|_| Malformed)?),
                },
                why: r.text()?,
            },
            _ => return Err(Malformed),
        };
        r.end(answer)
    }
}

#[cfg(test)]
mod tests;
