//! The schedule explorer's numbers and words ("All outcomes"): counts of
//! any size, shares that never round an outcome away, and the sentences
//! that say what its terms mean. Pure, so each is tested here; digits are
//! grouped by [`text::grouped_digits`].

use super::text;

/// Counts with more digits than this get a short form (10^12 and up): a
/// learner reads "81,729,648,000" but not "6,941,856,921,753,600".
const LONGEST_IN_FULL: usize = 12;

/// What "merged states" means, for a learner.
pub const MERGED_STATES: &str = "A merged state is one situation (the same balance, every task at the same point) that many orders reach: it is followed once, which is how billions of orders are counted from a few thousand states.";
/// What a uniform sample is.
pub const UNIFORM_SAMPLE: &str = "A uniform sample draws orders at random from all of them, every order equally likely, like names from a hat.";
/// What a random scheduler is.
pub const RANDOM_SCHEDULER: &str = "A random scheduler picks, at each step, one of the tasks that can run, as if by rolling a die, so orders with fewer choices in them come up more often.";

/// A share (0 to 1) as a percentage to a tenth, "6.7%", that never hides
/// an outcome: above zero it is at least "< 0.1%", below all at most
/// "> 99.9%"; exactly none and all are "0%" and "100%".
pub fn percent(share: f64) -> String {
    if share.is_nan() || share <= 0.0 {
        return "0%".to_owned();
    }
    if share >= 1.0 {
        return "100%".to_owned();
    }
    match (share * 1000.0).round() as u64 {
        0 => "< 0.1%".to_owned(),
        1000.. => "> 99.9%".to_owned(),
        tenths => format!("{}.{}%", tenths / 10, tenths % 10),
    }
}

/// `count` of `total` (decimal digits, any length) as [`percent`] writes
/// it, with none and all decided exactly, not by a rounded division.
pub fn share_of(count: &str, total: &str) -> String {
    let (count, total) = (count.trim_start_matches('0'), total.trim_start_matches('0'));
    if count.is_empty() || total.is_empty() {
        return "0%".to_owned();
    }
    if count == total {
        return "100%".to_owned();
    }
    // Some but not all: strictly between, however the division rounds.
    percent(ratio(count, total).clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON))
}

/// `count / total` for decimal digits of any length (both scaled down alike).
fn ratio(count: &str, total: &str) -> f64 {
    let cut = total.len().saturating_sub(17);
    let head = |digits: &str| -> f64 {
        let keep = digits.len().saturating_sub(cut);
        digits
            .get(..keep)
            .and_then(|d| d.parse().ok())
            .unwrap_or(0.0)
    };
    let whole = head(total);
    if whole == 0.0 {
        return 0.0;
    }
    head(count) / whole
}

/// The short form of a count with more than twelve digits: its mantissa to
/// two figures and its power of ten, `("1.5", 20)` for
/// 151,476,660,579,404,160,000. `None` for counts short enough to read.
pub fn short_form(digits: &str) -> Option<(String, usize)> {
    let digits = digits.trim_start_matches('0');
    if digits.len() <= LONGEST_IN_FULL || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let lead: u32 = digits[..3].parse().ok()?;
    // Round to two figures: 9.96 × 10^20 is 1.0 × 10^21.
    let figures = (lead + 5) / 10;
    let (figures, power) = if figures == 100 {
        (10, digits.len())
    } else {
        (figures, digits.len() - 1)
    };
    Some((format!("{}.{}", figures / 10, figures % 10), power))
}

/// A count as plain text: grouped digits, or the short form with a caret
/// ("1.5 × 10^20") where a page cannot raise the power (a title).
pub fn count_text(digits: &str) -> String {
    match short_form(digits) {
        Some((mantissa, power)) => format!("{mantissa} × 10^{power}"),
        None => text::grouped_digits(digits),
    }
}

/// An estimate in words: "about 213,008", "about 2.4 trillion" (beyond a
/// million, digits would claim a precision an estimate does not have).
pub fn about(estimate: u64) -> String {
    const NAMES: [&str; 5] = [
        "million",
        "billion",
        "trillion",
        "quadrillion",
        "quintillion",
    ];
    if estimate < 1_000_000 {
        return format!("about {}", text::grouped(estimate));
    }
    let mut scale = 1_000_000_f64;
    let mut name = 0;
    while name + 1 < NAMES.len() && estimate as f64 >= scale * 999.95 {
        scale *= 1000.0;
        name += 1;
    }
    let value = estimate as f64 / scale;
    let value = if value < 9.95 {
        super::markup::tenths(value)
    } else {
        (value.round() as u64).to_string()
    };
    let qualifier = if estimate == u64::MAX {
        "more than"
    } else {
        "about"
    };
    format!("{qualifier} {value} {}", NAMES[name])
}

/// Why a panel shows a sample instead of exact counts.
pub enum WhySampled<'a> {
    /// More tasks than an order can name.
    Tasks { tasks: u64, most: u64 },
    /// Counting would reach about `estimate` merged states.
    States { estimate: u64, budget: u64 },
    /// A count stopped, for the reason given.
    Stopped(&'a str),
}

/// One sentence: why there are no exact counts, and what is shown instead.
pub fn why_sampled(why: &WhySampled) -> String {
    let reason = match why {
        WhySampled::Tasks { tasks, most } => format!(
            "{} tasks are more than exact counting takes (up to {most})",
            text::grouped(*tasks)
        ),
        WhySampled::States { estimate, budget } => format!(
            "counting every order would follow {} merged states, more than the {} that take a moment",
            about(*estimate),
            text::grouped(*budget)
        ),
        WhySampled::Stopped(why) => (*why).to_owned(),
    };
    format!("No exact counts: {reason}. Shown instead: a sample from a random scheduler.")
}

/// How a growing sample stands: "Drawing orders at random: 340 drawn; the
/// sample stops at 1,000 orders or 3,000,000 steps, whichever comes first."
/// Once complete, what it stopped at.
pub fn sample_progress(draws: u64, most_draws: u64, steps: u64, most_steps: u64) -> String {
    if draws >= most_draws {
        format!("{} orders drawn.", text::grouped(draws))
    } else if steps >= most_steps {
        format!(
            "{} drawn: the sample stops at {} steps in all, and these orders are long.",
            text::count(draws as usize, "order", "orders"),
            text::grouped(most_steps)
        )
    } else {
        format!(
            "Drawing orders at random: {} drawn; the sample stops at {} orders or {} steps, whichever comes first.",
            text::grouped(draws),
            text::grouped(most_draws),
            text::grouped(most_steps)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_never_round_an_outcome_to_none_or_to_all() {
        assert_eq!(percent(6.0 / 90.0), "6.7%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0004), "< 0.1%");
        assert_eq!(percent(1e-30), "< 0.1%");
        assert_eq!(percent(0.0005), "0.1%");
        assert_eq!(percent(0.9996), "> 99.9%");
        assert_eq!(percent(0.999), "99.9%");
        // Exact counts decide none and all, however large.
        assert_eq!(share_of("40320", "81729648000"), "< 0.1%");
        assert_eq!(share_of("6941856921753600", "6941856921753600"), "100%");
        assert_eq!(share_of("6941856921753599", "6941856921753600"), "> 99.9%");
        assert_eq!(share_of("1", "151476660579404160000"), "< 0.1%");
        assert_eq!(
            share_of("151476660579404159999", "151476660579404160000"),
            "> 99.9%"
        );
        assert_eq!(
            share_of("75738330289702080000", "151476660579404160000"),
            "50.0%"
        );
        assert_eq!(share_of("0", "90"), "0%");
        assert_eq!(share_of("6", "90"), "6.7%");
        assert_eq!(share_of("48", "90"), "53.3%");
    }

    #[test]
    fn very_large_counts_get_a_short_form() {
        assert_eq!(short_form("81729648000"), None);
        assert_eq!(short_form("999999999999"), None);
        assert_eq!(short_form("1000000000000"), Some(("1.0".to_owned(), 12)));
        assert_eq!(
            short_form("151476660579404160000"),
            Some(("1.5".to_owned(), 20))
        );
        assert_eq!(short_form("6941856921753600"), Some(("6.9".to_owned(), 15)));
        assert_eq!(short_form("9960000000000000"), Some(("1.0".to_owned(), 16)));
        assert_eq!(short_form("9940000000000000"), Some(("9.9".to_owned(), 15)));
        assert_eq!(count_text("151476660579404160000"), "1.5 × 10^20");
        assert_eq!(count_text("81729648000"), "81,729,648,000");
        assert_eq!(count_text("40320"), "40,320");
    }

    #[test]
    fn estimates_read_as_words_beyond_a_million() {
        assert_eq!(about(213_008), "about 213,008");
        assert_eq!(about(2_400_000), "about 2.4 million");
        assert_eq!(about(45_000_000), "about 45 million");
        assert_eq!(about(999_990_000), "about 1.0 billion");
        assert_eq!(about(2_412_000_000_000), "about 2.4 trillion");
        assert_eq!(about(u64::MAX), "more than 18 quintillion");
    }

    #[test]
    fn sentences_say_why_and_how_far() {
        assert_eq!(
            why_sampled(&WhySampled::States {
                estimate: 98_319,
                budget: 19_230
            }),
            "No exact counts: counting every order would follow about 98,319 merged states, more than the 19,230 that take a moment. Shown instead: a sample from a random scheduler."
        );
        assert!(why_sampled(&WhySampled::Tasks {
            tasks: 1000,
            most: 35
        })
        .contains("1,000 tasks are more than exact counting takes (up to 35)"));
        assert_eq!(
            sample_progress(340, 1000, 10_000, 3_000_000),
            "Drawing orders at random: 340 drawn; the sample stops at 1,000 orders or 3,000,000 steps, whichever comes first."
        );
        assert_eq!(
            sample_progress(1000, 1000, 10, 3_000_000),
            "1,000 orders drawn."
        );
        assert!(sample_progress(48, 1000, 3_000_100, 3_000_000)
            .starts_with("48 orders drawn: the sample stops at 3,000,000 steps"));
    }
}
