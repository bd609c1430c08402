//! `random` in the learner's programs gives CPython's numbers: the same
//! seeds, run by `python3` and by `racecourse::py::random`, draw the same
//! floats (bit for bit), integers, choices and shuffles.

mod common;

use common::python;
use racecourse::py::random::Random;

const SEEDS: [i128; 8] = [0, 1, 2, 42, -7, 1_099_511_627_779, 1 << 70, 20_261_202];

/// What CPython draws for `seed`, one value per line, in the order below.
fn cpython_draws(seed: i128) -> Vec<String> {
    let script = format!(
        r#"
import random
random.seed({seed})
out = [repr(random.random()) for _ in range(5)]
out += [str(random.randint(1, 6)) for _ in range(8)]
out.append(str(random.getrandbits(40)))
out.append(str(random.getrandbits(7)))
out.append(repr(random.uniform(0.5, 1.5)))
out.append(str(random.randrange(0, 100, 7)))
out.append(str(random.randrange(10, -10, -3)))
out.append(str(random.randrange(-9223372036854775808, 9223372036854775807, 3)))
out.append(str(random.randrange(9223372036854775807, -9223372036854775808, -5)))
out.append(str(random.randrange(100, 4, -7)))
out.append(str(random.choice(range(10))))
items = list(range(10))
random.shuffle(items)
out.append(",".join(map(str, items)))
out.append(str(random.randint(-1000000, 1000000)))
out.append(str(random.randint(5, 5)))
out.append(str(random.choice([7])))
out.append(repr(random.random()))
print("\n".join(out))
"#
    );
    python(&script, &[]).lines().map(str::to_owned).collect()
}

fn our_draws(seed: i128) -> Vec<String> {
    let mut random = Random::seeded(seed);
    let mut out: Vec<String> = (0..5).map(|_| random.random().to_string()).collect();
    for _ in 0..8 {
        out.push(random.randint(1, 6).expect("a range").to_string());
    }
    out.push(random.getrandbits(40).to_string());
    out.push(random.getrandbits(7).to_string());
    out.push(random.uniform(0.5, 1.5).to_string());
    out.push(random.randrange(0, 100, 7).expect("a range").to_string());
    out.push(random.randrange(10, -10, -3).expect("a range").to_string());
    // The widest ranges, both ways.
    for (start, stop, step) in [
        (i64::MIN, i64::MAX, 3),
        (i64::MAX, i64::MIN, -5),
        (100, 4, -7),
    ] {
        let drawn = random.randrange(start, stop, step).expect("a range");
        out.push(drawn.to_string());
    }
    out.push(random.choice(10).expect("not empty").to_string());
    let mut items: Vec<u32> = (0..10).collect();
    random.shuffle(&mut items);
    out.push(
        items
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push(
        random
            .randint(-1_000_000, 1_000_000)
            .expect("a range")
            .to_string(),
    );
    // A one-value range still draws, as CPython's does.
    out.push(random.randint(5, 5).expect("a range").to_string());
    out.push(["7"][random.choice(1).expect("not empty")].to_owned());
    out.push(random.random().to_string());
    out
}

#[test]
fn every_draw_is_cpythons() {
    for seed in SEEDS {
        let theirs = cpython_draws(seed);
        let ours = our_draws(seed);
        assert_eq!(theirs.len(), ours.len());
        for (i, (t, o)) in theirs.iter().zip(&ours).enumerate() {
            // Floats compared as numbers (the same bits), the rest as text.
            let same = match (t.parse::<f64>(), o.parse::<f64>()) {
                (Ok(a), Ok(b)) if t.contains('.') || t.contains('e') => a.to_bits() == b.to_bits(),
                _ => t == o,
            };
            assert!(same, "seed {seed}, draw {i}: CPython {t}, ours {o}");
        }
    }
}

#[test]
fn what_python_refuses_is_refused() {
    let mut random = Random::seeded(1);
    assert_eq!(
        random.randrange(5, 5, 1),
        None,
        "empty range: ValueError in Python"
    );
    assert_eq!(
        random.randrange(0, 10, 0),
        None,
        "zero step: ValueError in Python"
    );
    assert_eq!(random.choice(0), None, "IndexError in Python");
}
