//! What the lesson's steps say: data, apart from the steps' setups (in
//! the parent module), so that the playground's first load, which never
//! shows the lesson, does not carry it.

/// What a step says.
pub struct StepText {
    pub title: &'static str,
    /// What to look at, in a few sentences.
    pub body: &'static str,
    /// Said after the run, beside the learner's guess.
    pub reveal: &'static str,
    /// Said once the run of `also` has finished.
    pub also_reveal: &'static str,
    /// Points shown as a numbered list after the body.
    pub checklist: &'static [&'static str],
    /// The "you are the scheduler" level where the learner can cause what
    /// the step shows, offered once the answer is revealed: its name, so
    /// that levels can be added or moved.
    pub challenge: Option<&'static str>,
}

/// The steps' words, apart from their setups, one per step in order: only
/// the lesson's panel (in the full app) reads them, so the playground does
/// not download them.
pub const TEXTS: &[StepText] = &[
    StepText {
        title: "The bug",
        body: "1000 tasks each credit $1 to a balance of $1,000. Each reads the balance, awaits 100 ms of I/O, then writes back what it read plus one. Nothing else is wrong with the code. When it runs, each square below is a task; the balance is above.",
        reveal: "$1,001, not $2,000. Every task read $1,000 before any task wrote, so every task wrote $1,001. 999 updates vanished without an error. The article says it got \"sometimes $1,001, sometimes $1,156\": not from this program. asyncio runs every task up to its await before any I/O ends, so all 1000 reads come first and the answer is $1,001 every time, however long each task's I/O takes (try Jitter in Money, timing and seed). Other balances need tasks that start at different times, as requests reach a server: one click below runs that. All outcomes shows every balance an order of the tasks can give.",
        also_reveal: "",
        checklist: &[],
        challenge: Some("lose-two-at-once"),
    },
    StepText {
        title: "Why: state crosses an await",
        body: "Two tasks, $100 each. Press Step (or →) a few times. The sentence under the balance says what each step did, and the code beside the lanes marks the line each task is on: T1 reads, then suspends at its await; T2 runs and reads the same $1,000. Then both write. \"If state crosses an await, assume it is wrong until you check it again.\"",
        reveal: "$1,100. T2's write was computed from a read taken before T1's write landed, so it overwrote T1's update.",
        also_reveal: "",
        checklist: &[],
        challenge: Some("lose-an-update"),
    },
    StepText {
        title: "Solution 1: a lock",
        body: "Now the read, the I/O and the write sit inside one asyncio.Lock. Watch the row named lock, just above the tasks: one task holds it, the others queue for it.",
        reveal: "$2,000, correct. But look at the virtual time: 100 s (100,000 ms). With the I/O inside the lock the tasks do their I/O one at a time, so the run is 1000 times longer. The article's \"5-12% overhead\" does not hold for this code.",
        also_reveal: "",
        checklist: &[],
        challenge: Some("break-solution-1"),
    },
    StepText {
        title: "Solution 2: restructure",
        body: "Do the I/O first, then `balance += amount` with no await between the read and the write. Between two awaits a coroutine runs alone.",
        reveal: "$2,000 in 100 ms: correct and fast. All the I/O still overlaps; only the update is atomic, because nothing can interleave where there is no await.",
        also_reveal: "",
        checklist: &[],
        challenge: Some("break-the-restructure"),
    },
    StepText {
        title: "Solution 3: encapsulate",
        body: "The article's AsyncSafeCounter keeps the value and its lock together, so no caller can forget the lock. Its simulated work takes 1 ms, inside the lock.",
        reveal: "$2,000, in 1 s (1000 ms): correct, and serialised like Solution 1 because the work happens inside the lock.",
        also_reveal: "",
        checklist: &[],
        challenge: Some("break-the-counter"),
    },
    StepText {
        title: "The bank example",
        body: "Five transactions of $100 on an account of $1,000, as in the article's production bug. Run it without the lock first.",
        reveal: "$1,100 without the lock: every transaction read $1,000, then they wrote in turn, T1 to T5, each $1,100. Only T5's write survived; four transactions were lost. Now press L (or the lock switch) to turn the lock on: it runs again.",
        also_reveal: "$1,500 with the lock: each transaction read what the one before it wrote. The runs table below keeps both runs side by side.",
        checklist: &[],
        challenge: None,
    },
    StepText {
        title: "Mistake 1: locking too late",
        body: "The lock is there, around the I/O and the write, but the read happens before it.",
        reveal: "$1,001. Every task read $1,000 before taking the lock; the lock only serialised the writes of stale values (and made the run 1000 times slower).",
        also_reveal: "",
        checklist: &[],
        challenge: Some("a-lock-too-late"),
    },
    StepText {
        title: "Mistake 2, exactly as the article writes it",
        body: "Read, then `async with lock:` around the write alone. The article calls this wrong. Think about what can run between the read and the write here.",
        reveal: "$2,000: nothing is lost! There is no await between the read and the write, and taking a free asyncio.Lock does not suspend, so no other task ever runs in between. The habit is still wrong: add any await before the lock, as in the next step, and it breaks.",
        also_reveal: "",
        checklist: &[],
        challenge: Some("mistake-2-as-written"),
    },
    StepText {
        title: "Mistake 2, with I/O before the lock",
        body: "The same narrow lock, but now the I/O comes between the read and the lock, as it would in real code.",
        reveal: "$1,001. The lock serialises the writes, but each was computed from a read taken before the await.",
        also_reveal: "",
        checklist: &[],
        challenge: Some("mistake-2-with-io"),
    },
    StepText {
        title: "Mistake 3: any await in between",
        body: "`temp = balance; await do_something_else(); balance = temp + 1`. The await has nothing to do with the balance.",
        reveal: "$1,100, the same loss as the bug: it is the bug. Any await between a read and a write of shared state lets other tasks run.",
        also_reveal: "",
        checklist: &[],
        challenge: None,
    },
    StepText {
        title: "Two locks, opposite order",
        body: "T1 takes lock_a then lock_b; T2 takes lock_b then lock_a, each with 10 ms of work in between.",
        reveal: "No, it never finishes: T1 holds lock_a and waits for lock_b, T2 holds lock_b and waits for lock_a. asyncio would wait forever; here the engine sees that no task can run and no timer is pending, and draws the cycle. The balance stays $1,000.",
        also_reveal: "",
        checklist: &[],
        challenge: Some("deadlock"),
    },
    StepText {
        title: "The fix: one lock order",
        body: "Both tasks take lock_a first, then lock_b.",
        reveal: "Yes, with $1,002 in 20 ms. Whoever holds lock_a can always get lock_b eventually, so there is no cycle: T2 waits for lock_a, then runs.",
        also_reveal: "",
        checklist: &[],
        challenge: Some("deadlock-one-lock-order"),
    },
    StepText {
        title: "The checklist",
        body: "The article's checklist, with what the runs showed:",
        reveal: "",
        also_reveal: "",
        checklist: &[
            "Find all shared mutable state.",
            "Trace every read and every write of it.",
            "Look for an await between a read and the write that depends on it.",
            "If there is one, restructure so there is none: correct, and the I/O still overlaps.",
            "Or hold one lock across the whole read-await-write: correct, but the I/O runs one task at a time.",
            "Or put the state and its lock in one type, so no caller can forget the lock.",
            "Take several locks in one order only. Then try your own cases: every control is yours.",
        ],
        challenge: None,
    },
    StepText {
        title: "Every order, not just asyncio's",
        body: "Each run so far was one order: asyncio's, where equal delays let every task read before any wrote. Other timings give other orders. Here 3 tasks each add $1 to $0. A task can be overtaken only at an await (its start and its I/O), so its steps can interleave with the others' in 90 different orders.",
        reveal: "6 of 90: only the orders in which each task writes before the next one reads. 48 end at $1 and 36 end at $2. asyncio's own order, marked on its bar in All outcomes, is one of the 48: equal delays are the worst case. Choose a bar to watch, in the lanes, an order that gives it.",
        also_reveal: "",
        checklist: &[],
        challenge: Some("right-by-luck"),
    },
    StepText {
        title: "Can any order break Solution 1?",
        body: "The same 3 tasks, now with Solution 1's lock held from the read, across the I/O, to the write. One run shows one order. The explorer can try them all.",
        reveal: "No: all 36 orders end at $3. While a task holds the lock across its await, the others queue for it and the lock passes to them in turn, so no read can fall between another task's read and write. Only the order of the updates varies. A test run shows one order; counting every order shows that none fails.",
        also_reveal: "",
        checklist: &[],
        challenge: Some("break-solution-1"),
    },
];
