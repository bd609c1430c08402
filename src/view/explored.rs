//! Every schedule of the learner's program, as the explorer panel shows
//! it: a bar per outcome with its count, share and a schedule to replay,
//! the headline ("6 of 90 schedules end as the tasks one at a time do"),
//! the `distribution` the tests read, and the comparison with the program
//! before the learner's last edit. Pure: tested natively.

use std::rc::Rc;

use crate::py::run::explore::{Outcome, Outcomes};
use crate::sim::explore::Count;
use crate::view::goal::{Goal, Verdict};
use crate::view::outcomes::share_of;
use crate::view::text;

/// One outcome's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgramBar {
    pub outcome: Outcome,
    /// The `distribution`'s key: the watched variable's final value, or
    /// `deadlock`, `exception`, `stopped`, `unfinished`.
    pub key: String,
    pub label: String,
    /// Decimal digits: counts outgrow every number type.
    pub count: String,
    /// Against the longest bar, 0 to 1.
    pub width: f64,
    /// The shortest schedule found that ends here.
    pub schedule: Rc<[u32]>,
    /// It ends as the tasks run one at a time do.
    pub right: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProgramSummary {
    pub bars: Vec<ProgramBar>,
    pub total: String,
    /// Schedules that end right.
    pub right: String,
    /// The watched variable, and its value when the tasks run one at a time.
    pub watched: Option<String>,
    pub expected: Option<String>,
    /// Merged states walked.
    pub states: u64,
    /// Schedules drawn at random, where exact counts were out of reach
    /// (`None`: every schedule counted).
    pub draws: Option<u64>,
    /// The verdict on the goal asked about, if one was.
    pub verdict: Option<Verdict>,
}

/// The `distribution` key of an outcome.
pub fn outcome_key(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Values(values) => values
            .first()
            .map_or_else(|| "done".to_owned(), |(_, value)| value.clone()),
        Outcome::Deadlock => "deadlock".to_owned(),
        Outcome::Exception { .. } => "exception".to_owned(),
        Outcome::Stopped { .. } => "stopped".to_owned(),
        Outcome::Unfinished => "unfinished".to_owned(),
        Outcome::LostUpdate(ending) => outcome_key(ending),
    }
}

/// "balance = 3", with the other variables after it; "Deadlock"; "Line 7:
/// ValueError: sold out".
pub fn outcome_label(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Values(values) if values.is_empty() => "Finished".to_owned(),
        Outcome::Values(values) => {
            let parts: Vec<String> = values
                .iter()
                .map(|(name, value)| format!("{name} = {}", text::clipped(value, 40)))
                .collect();
            text::clipped(&parts.join(" · "), 90)
        }
        Outcome::Deadlock => "Deadlock: every task waits".to_owned(),
        Outcome::Exception { message, line } => format!("Line {line}: {message}"),
        Outcome::Stopped { message, line } => format!("Stopped on line {line}: {message}"),
        Outcome::Unfinished => "Still looping".to_owned(),
        Outcome::LostUpdate(ending) => format!("{}, an update lost", outcome_label(ending)),
    }
}

/// Whether `outcome` is what the tasks one at a time give: the watched
/// variable's value, else every variable's.
pub fn is_right(outcome: &Outcome, serial: Option<&Outcome>) -> bool {
    match (outcome.ending(), serial.map(Outcome::ending)) {
        (Outcome::Values(values), Some(Outcome::Values(expected))) => {
            match (values.first(), expected.first()) {
                (Some(a), Some(b)) => a == b,
                _ => values == expected,
            }
        }
        _ => false,
    }
}

/// Numbers in order, then words; then deadlock, exceptions, stops, loops.
fn order(a: &ProgramBar, b: &ProgramBar) -> std::cmp::Ordering {
    let rank = |bar: &ProgramBar| match bar.outcome.ending() {
        Outcome::Values(_) => 0,
        Outcome::Deadlock => 1,
        Outcome::Exception { .. } => 2,
        Outcome::Stopped { .. } => 3,
        Outcome::Unfinished | Outcome::LostUpdate(_) => 4,
    };
    let number = |bar: &ProgramBar| bar.key.parse::<f64>().ok();
    rank(a)
        .cmp(&rank(b))
        .then_with(|| match (number(a), number(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.outcome.cmp(&b.outcome),
        })
}

impl ProgramSummary {
    /// `serial`: the outcome of the tasks run one at a time (the serial
    /// run), with the watched variable first.
    pub fn new(outcomes: &Outcomes, serial: Option<&Outcome>) -> Self {
        let total = outcomes.total();
        let most = outcomes
            .all
            .iter()
            .map(|(_, count, _)| count.clone())
            .max()
            .unwrap_or_else(Count::zero);
        let mut right = Count::zero();
        let bars: Vec<ProgramBar> = outcomes
            .all
            .iter()
            .map(|(outcome, count, schedule)| {
                let is_right = is_right(outcome, serial);
                if is_right {
                    right.add(count);
                }
                ProgramBar {
                    outcome: outcome.clone(),
                    key: outcome_key(outcome),
                    label: outcome_label(outcome),
                    count: count.to_string(),
                    width: count.share_of(&most),
                    schedule: Rc::clone(schedule),
                    right: is_right,
                }
            })
            .collect();
        let sorted = crate::py::run::stable_order(bars.len(), &mut |a, b| {
            order(&bars[a], &bars[b]) == std::cmp::Ordering::Less
        });
        let bars: Vec<ProgramBar> = sorted.into_iter().map(|at| bars[at].clone()).collect();
        let (watched, expected) = match serial {
            Some(Outcome::Values(values)) => values
                .first()
                .map_or((None, None), |(n, v)| (Some(n.clone()), Some(v.clone()))),
            _ => (None, None),
        };
        ProgramSummary {
            bars,
            total: total.to_string(),
            right: right.to_string(),
            watched,
            expected,
            states: outcomes.states,
            draws: None,
            verdict: None,
        }
    }

    /// A summary of `draws` schedules drawn at random.
    pub fn sampled(outcomes: &Outcomes, serial: Option<&Outcome>) -> Self {
        ProgramSummary {
            draws: Some(outcomes.runs),
            ..Self::new(outcomes, serial)
        }
    }

    /// The `distribution` test id's value: counts by key, as JSON.
    pub fn distribution(&self) -> String {
        let mut keys: Vec<(String, Count)> = Vec::new();
        for bar in &self.bars {
            let count: Count = parse_count(&bar.count);
            match keys.iter_mut().find(|(key, _)| *key == bar.key) {
                Some((_, known)) => known.add(&count),
                None => keys.push((bar.key.clone(), count)),
            }
        }
        let fields: Vec<String> = keys
            .iter()
            .map(|(key, count)| format!("\"{}\":\"{count}\"", json_escape(key)))
            .collect();
        format!("{{{}}}", fields.join(","))
    }

    /// "6 of 90 right" in words: the headline.
    pub fn headline(&self) -> String {
        let share = share_of(&self.right, &self.total);
        let schedules = match self.draws {
            Some(_) => "schedules drawn at random",
            None => "schedules",
        };
        match (&self.watched, &self.expected) {
            (Some(name), Some(value)) => format!(
                "{} of {} {schedules} end with {name} = {value}, as when the tasks run one at a time: {share}.",
                text::grouped_digits(&self.right),
                text::grouped_digits(&self.total),
            ),
            _ => format!(
                "{} {schedules}, {}.",
                text::grouped_digits(&self.total),
                text::count(self.bars.len(), "outcome", "outcomes")
            ),
        }
    }

    /// "6 of 90 right" (for the before and after).
    pub fn short(&self) -> String {
        format!(
            "{} of {} right",
            text::grouped_digits(&self.right),
            text::grouped_digits(&self.total)
        )
    }
}

/// Before the learner's change (an edit, the lock switch), and now:
/// "Before your change: 6 of 90 right. Now: 36 of 36 right."
pub fn before_and_after(before: &ProgramSummary, now: &ProgramSummary) -> String {
    format!(
        "Before your change: {}. Now: {}.",
        before.short(),
        now.short()
    )
}

/// A bar as markup: a button that replays its schedule (`data-picks`), or,
/// for a program no longer on screen, the bar alone.
fn bar_markup(out: &mut String, bar: &ProgramBar, total: &str, replay: bool) {
    use crate::view::markup::{escape, escape_into, tenths};
    let mut class = String::from("bar-row");
    if bar.right {
        class.push_str(" correct");
    }
    if bar.key == "deadlock" {
        class.push_str(" deadlock");
    }
    out.push_str(&format!("<li class=\"{class}\">"));
    if replay {
        let picks: Vec<String> = bar.schedule.iter().map(u32::to_string).collect();
        out.push_str(&format!(
            "<button type=\"button\" class=\"bar\" data-ending=\"{}\" data-picks=\"{}\" title=\"Replay a schedule with this outcome in the lanes\">",
            escape(&bar.key),
            picks.join(".")
        ));
    } else {
        out.push_str("<div class=\"bar\">");
    }
    out.push_str("<span class=\"bar-label\">");
    escape_into(out, &bar.label);
    if bar.right {
        out.push_str(" · right");
    }
    out.push_str(&format!(
        "</span><svg class=\"bar-track\" viewBox=\"0 0 100 1\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect class=\"bar-fill\" width=\"{}\" height=\"1\"></rect></svg><span class=\"bar-count\" title=\"{}\">{} · {}</span>",
        tenths((bar.width * 100.0).max(2.0)),
        text::grouped_digits(&bar.count),
        crate::view::outcomes::count_text(&bar.count),
        share_of(&bar.count, total)
    ));
    out.push_str(if replay {
        "</button></li>"
    } else {
        "</div></li>"
    });
}

fn bars_markup(
    out: &mut String,
    summary: &ProgramSummary,
    testid: &str,
    label: &str,
    replay: bool,
) {
    use crate::view::markup::escape;
    out.push_str(&format!(
        "<ul class=\"histogram\" data-testid=\"{testid}\" data-value=\"{}\" aria-label=\"{label}\">",
        escape(&summary.distribution())
    ));
    for bar in &summary.bars {
        bar_markup(out, bar, &summary.total, replay);
    }
    out.push_str("</ul>");
}

/// The counted outcomes as the panel shows them, as markup: the headline,
/// a bar per outcome (each replays its schedule), and beside them the
/// bars of the program `before` the learner's change, with the two compared.
pub fn summary_markup(summary: &ProgramSummary, before: Option<&ProgramSummary>) -> String {
    use crate::view::markup::{escape, escape_into};
    let mut out = String::new();
    if let Some(before) = before {
        out.push_str("<p class=\"explore-before\" data-testid=\"explore-before\">");
        escape_into(&mut out, &before_and_after(before, summary));
        out.push_str("</p>");
    }
    out.push_str(&format!(
        "<p class=\"explore-headline\" data-testid=\"schedules\" data-value=\"{}\">{}</p><div class=\"explore-compare\"><div>",
        escape(&summary.total),
        escape(&summary.headline())
    ));
    if before.is_some() {
        out.push_str("<h3>Now</h3>");
    }
    bars_markup(&mut out, summary, "distribution", "Outcomes", true);
    out.push_str("</div>");
    if let Some(before) = before {
        out.push_str("<div class=\"explore-then\"><h3>Before your change</h3>");
        bars_markup(
            &mut out,
            before,
            "distribution-before",
            "Outcomes before your change",
            false,
        );
        out.push_str("</div>");
    }
    out.push_str("</div><p class=\"hint\">Choose a bar to replay its shortest schedule in the lanes.</p><p class=\"hint\">");
    escape_into(&mut out, &summary.how_counted());
    out.push_str("</p>");
    out
}

impl ProgramSummary {
    /// How the counts were made, in a sentence or two.
    pub fn how_counted(&self) -> String {
        match self.draws {
            Some(draws) => format!(
                "Too many merged states to count every order: these are {} schedules drawn by a random scheduler. {}",
                text::grouped(draws),
                crate::view::outcomes::RANDOM_SCHEDULER
            ),
            None => format!(
                "Exact: every schedule counted once, from {} merged states. {}",
                text::grouped(self.states),
                crate::view::outcomes::MERGED_STATES
            ),
        }
    }
}

/// What the page asks the program explorer's worker: the program, the
/// lock switch, the variable watched, the goal to judge (if any).
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub program: Rc<str>,
    pub locks_off: bool,
    pub watched: Option<String>,
    pub goal: Option<Goal>,
}

impl Question {
    /// One line of settings, then the program's text.
    pub fn to_text(&self) -> String {
        format!(
            "{}\t{}\t{}\n{}",
            u8::from(self.locks_off),
            self.watched.as_deref().unwrap_or(""),
            self.goal.map(|g| g.to_link()).unwrap_or_default(),
            self.program
        )
    }

    /// [`Question::to_text`] read back.
    pub fn from_text(text: &str) -> Option<Question> {
        let (head, program) = text.split_once('\n')?;
        let mut fields = head.split('\t');
        let (locks_off, watched, goal) = (fields.next()?, fields.next()?, fields.next()?);
        Some(Question {
            program: Rc::from(program),
            locks_off: locks_off == "1",
            watched: (!watched.is_empty()).then(|| watched.to_owned()),
            goal: match goal {
                "" => None,
                text => Some(Goal::parse(text).ok()?),
            },
        })
    }
}

/// A text field: no tab or line break inside.
fn field(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

impl ProgramSummary {
    /// The summary as the worker sends it: a line of totals, then a line
    /// per bar (key, label, count, width in thousandths, right, picks).
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            self.total,
            self.right,
            self.states,
            self.draws.map_or_else(|| "-".to_owned(), |d| d.to_string()),
            field(self.watched.as_deref().unwrap_or("")),
            field(self.expected.as_deref().unwrap_or("")),
        );
        if let Some(verdict) = &self.verdict {
            out.push('\t');
            out.push_str(&verdict.to_text());
        }
        for bar in &self.bars {
            let picks: Vec<String> = bar.schedule.iter().map(u32::to_string).collect();
            out.push_str(&format!(
                "\n{}\t{}\t{}\t{}\t{}\t{}",
                field(&bar.key),
                field(&bar.label),
                bar.count,
                (bar.width * 1000.0).round() as u32,
                u8::from(bar.right),
                picks.join(".")
            ));
        }
        out
    }

    /// [`ProgramSummary::to_text`] read back (`None` if it is not one).
    pub fn from_text(text: &str) -> Option<ProgramSummary> {
        let mut lines = text.split('\n');
        let head = lines.next()?;
        // The verdict, if any, is the rest of the line (its own fields).
        let fields: Vec<&str> = head.splitn(7, '\t').collect();
        let [total, right, states, draws, watched, expected, ref verdict @ ..] = fields[..] else {
            return None;
        };
        let verdict = match verdict.first() {
            Some(line) => Some(Verdict::from_text(line)?),
            None => None,
        };
        let named = |text: &str| (!text.is_empty()).then(|| text.to_owned());
        let mut bars = Vec::new();
        for line in lines {
            let parts: Vec<&str> = line.split('\t').collect();
            let [key, label, count, width, right, picks] = parts[..] else {
                return None;
            };
            bars.push(ProgramBar {
                // The page reads keys and labels only.
                outcome: Outcome::Unfinished,
                key: key.to_owned(),
                label: label.to_owned(),
                count: count.to_owned(),
                width: f64::from(width.parse::<u32>().ok()?) / 1000.0,
                schedule: crate::view::full_links::parse_picks(picks)?,
                right: right == "1",
            });
        }
        Some(ProgramSummary {
            bars,
            total: total.to_owned(),
            right: right.to_owned(),
            watched: named(watched),
            expected: named(expected),
            states: states.parse().ok()?,
            draws: match draws {
                "-" => None,
                n => Some(n.parse().ok()?),
            },
            verdict,
        })
    }
}

fn parse_count(digits: &str) -> Count {
    let mut count = Count::zero();
    for digit in digits.bytes().filter(u8::is_ascii_digit) {
        let mut ten = Count::zero();
        ten.add_times(&count, 10);
        ten.add(&Count::from(u64::from(digit - b'0')));
        count = ten;
    }
    count
}

fn json_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::py::run::explore::Explorer;
    use crate::py::run::{run_serially, Limits, Mode};

    const ARTICLE: &str = "
import asyncio
balance = 0
async def credit():
    global balance
    current = balance
    await asyncio.sleep(0.1)
    balance = current + 1
async def main():
    await asyncio.gather(*[credit() for _ in range(3)])
asyncio.run(main())
";

    fn summary(source: &str) -> ProgramSummary {
        let mut explorer =
            Explorer::new(source, Limits::default(), Mode::default(), Some("balance")).unwrap();
        let all = explorer.finish().unwrap();
        let serial = run_serially(source, Limits::default()).unwrap();
        ProgramSummary::new(&all, Some(&Outcome::of(&serial, Some("balance"))))
    }

    #[test]
    fn the_article_at_three_tasks() {
        let unsafe_one = summary(ARTICLE);
        let summary_of = summary;
        let summary = unsafe_one;
        assert_eq!(summary.total, "90");
        assert_eq!(summary.right, "6");
        assert_eq!(summary.distribution(), r#"{"1":"48","2":"36","3":"6"}"#);
        let keys: Vec<&str> = summary.bars.iter().map(|b| b.key.as_str()).collect();
        assert_eq!(keys, ["1", "2", "3"]);
        assert!(summary.bars[2].right && !summary.bars[0].right);
        assert_eq!(summary.bars[0].label, "balance = 1");
        assert!(summary
            .headline()
            .starts_with("6 of 90 schedules end with balance = 3"));
        let locked = summary_of(&ARTICLE.replace(
            "    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\n",
            "    async with lock:\n        current = balance\n        await asyncio.sleep(0.1)\n        balance = current + 1\n",
        ).replace("balance = 0\n", "balance = 0\nlock = asyncio.Lock()\n"));
        assert_eq!(locked.distribution(), r#"{"3":"36"}"#);
        assert_eq!(
            before_and_after(&summary, &locked),
            "Before your change: 6 of 90 right. Now: 36 of 36 right."
        );
    }

    #[test]
    fn deadlocks_and_exceptions_have_their_keys() {
        let source = "
import asyncio
a = asyncio.Lock()
b = asyncio.Lock()
note = 'x\"y'
async def one():
    async with a:
        await asyncio.sleep(0)
        async with b:
            pass
async def two():
    async with b:
        await asyncio.sleep(0)
        async with a:
            raise ValueError('no')
async def main():
    await asyncio.gather(one(), two())
asyncio.run(main())
";
        let mut explorer = Explorer::new(source, Limits::default(), Mode::default(), None).unwrap();
        let all = explorer.finish().unwrap();
        let summary = ProgramSummary::new(&all, None);
        let json = summary.distribution();
        assert!(json.contains("\"deadlock\":\""), "{json}");
        assert!(json.contains("\"exception\":\""), "{json}");
        let exception = summary.bars.iter().find(|b| b.key == "exception").unwrap();
        assert_eq!(exception.label, "Line 15: ValueError: no");
        assert_eq!(json_escape("'x\"y'"), "'x\\\"y'");
        assert_eq!(parse_count("81729648000").to_string(), "81729648000");
        // Across to the page and back: what the page reads is kept.
        let back = ProgramSummary::from_text(&summary.to_text()).unwrap();
        assert_eq!(back.distribution(), summary.distribution());
        assert_eq!(back.headline(), summary.headline());
        for (a, b) in back.bars.iter().zip(&summary.bars) {
            assert_eq!(
                (&a.key, &a.label, &a.count, a.right),
                (&b.key, &b.label, &b.count, b.right)
            );
            assert_eq!(a.schedule, b.schedule);
            assert!((a.width - b.width).abs() < 0.001);
        }
        assert_eq!(ProgramSummary::from_text("nonsense"), None);
        // As markup: every bar a button with its schedule; the counts
        // before a change beside, without buttons.
        let markup = summary_markup(&summary, None);
        assert_eq!(markup.matches("<button").count(), summary.bars.len());
        assert!(
            markup.contains("data-testid=\"distribution\" data-value=\"{&quot;"),
            "{markup}"
        );
        assert!(markup.contains("Line 15: ValueError: no"));
        assert!(!markup.contains("distribution-before"));
        let compared = summary_markup(&summary, Some(&back));
        assert!(compared.contains("data-testid=\"distribution-before\""));
        assert_eq!(compared.matches("<button").count(), summary.bars.len());
        assert!(compared.contains("Before your change: "), "{compared}");
        for question in [
            Question {
                program: Rc::from("print(1)\nx = 2\n"),
                locks_off: true,
                watched: Some("x".into()),
                goal: Goal::parse("balance:3,awaits-in-lock:1").ok(),
            },
            Question {
                program: Rc::from(""),
                locks_off: false,
                watched: None,
                goal: None,
            },
        ] {
            assert_eq!(Question::from_text(&question.to_text()), Some(question));
        }
        assert_eq!(Question::from_text("1\tx\tnonsense\nprint(1)"), None);
    }
}
