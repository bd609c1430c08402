//! A float's decimal digits without core's float formatting (Grisu and
//! Dragon, some 12 KB of wasm): the exact decimal expansion from a small
//! big number, rounded half to even, is what `{:.N}` and `{:.Ne}` print;
//! the shortest digits that read back are what `repr` prints. The tests
//! check both against core's formatting.

/// A non-negative number as decimal digits (ASCII): `0.d1d2d3… × 10^point`.
/// No digits is zero.
#[derive(Clone)]
struct Digits {
    digits: Vec<u8>,
    point: i32,
}

const BASE: u64 = 1_000_000_000;

/// The exact decimal expansion of finite `value.abs()`: a double is an
/// integer times a power of two, so it is an integer times 5^k over 10^k.
fn exact(value: f64) -> Digits {
    let bits = value.abs().to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, power) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    if mantissa == 0 {
        return Digits {
            digits: Vec::new(),
            point: 0,
        };
    }
    // Base 10^9 limbs, least significant first.
    let mut limbs = vec![
        (mantissa % BASE) as u32,
        (mantissa / BASE % BASE) as u32,
        (mantissa / BASE / BASE) as u32,
    ];
    let (mut twos, mut fives) = if power >= 0 { (power, 0) } else { (0, -power) };
    while twos > 0 {
        let step = twos.min(29);
        multiply(&mut limbs, 1 << step);
        twos -= step;
    }
    while fives > 0 {
        let step = fives.min(12);
        multiply(&mut limbs, 5u64.pow(step as u32));
        fives -= step;
    }
    let mut text = String::new();
    for limb in limbs.iter().rev() {
        if text.is_empty() {
            if *limb != 0 {
                text = limb.to_string();
            }
        } else {
            text.push_str(&format!("{limb:09}"));
        }
    }
    let point = text.len() as i32 + power.min(0);
    let mut digits = text.into_bytes();
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    Digits { digits, point }
}

fn multiply(limbs: &mut Vec<u32>, by: u64) {
    let mut carry = 0;
    for limb in limbs.iter_mut() {
        let product = u64::from(*limb) * by + carry;
        *limb = (product % BASE) as u32;
        carry = product / BASE;
    }
    while carry > 0 {
        limbs.push((carry % BASE) as u32);
        carry /= BASE;
    }
}

/// The first `keep` digits, cut off.
fn truncate(number: &Digits, keep: i32) -> Digits {
    let keep = keep.clamp(0, number.digits.len() as i32) as usize;
    Digits {
        digits: number.digits[..keep].to_vec(),
        point: number.point,
    }
}

/// One more in the last digit (`99` becomes `100`, one place further).
fn increment(mut number: Digits) -> Digits {
    for at in (0..number.digits.len()).rev() {
        if number.digits[at] == b'9' {
            number.digits[at] = b'0';
        } else {
            number.digits[at] += 1;
            return number;
        }
    }
    number.digits.insert(0, b'1');
    number.point += 1;
    number
}

/// `number` to `keep` significant digits (none or fewer: to zero or one
/// unit in that place), ties to even.
fn round(number: &Digits, keep: i32) -> Digits {
    if keep < 0 || keep as usize >= number.digits.len() {
        return if keep < 0 {
            truncate(number, 0)
        } else {
            number.clone()
        };
    }
    let at = keep as usize;
    let rest = &number.digits[at..];
    let odd = at > 0 && (number.digits[at - 1] - b'0') % 2 == 1;
    let up = match rest[0] {
        b'6'..=b'9' => true,
        b'5' => odd || rest[1..].iter().any(|&d| d != b'0'),
        _ => false,
    };
    let cut = truncate(number, keep);
    if up {
        increment(cut)
    } else {
        cut
    }
}

/// The digit at `at` (0 is the first), or a zero beyond them.
fn digit(number: &Digits, at: i32) -> char {
    usize::try_from(at)
        .ok()
        .and_then(|at| number.digits.get(at))
        .map_or('0', |&d| char::from(d))
}

/// What Python prints for infinities and NaN, as `format` does.
pub fn special(value: f64) -> Option<String> {
    match value {
        v if v.is_nan() => Some("nan".into()),
        v if v.is_infinite() => Some(if v > 0.0 { "inf" } else { "-inf" }.into()),
        _ => None,
    }
}

/// `value` with `precision` digits after the point, as `{:.N}` prints it.
pub fn fixed(value: f64, precision: usize) -> String {
    if let Some(text) = special(value) {
        return text;
    }
    let number = exact(value);
    let number = round(&number, number.point + precision as i32);
    let mut out = String::from(if value.is_sign_negative() { "-" } else { "" });
    if number.point <= 0 {
        out.push('0');
    }
    out.extend((0..number.point).map(|at| digit(&number, at)));
    if precision > 0 {
        out.push('.');
        let start = number.point;
        out.extend((start..start + precision as i32).map(|at| digit(&number, at)));
    }
    out
}

/// Finite `value.abs()` as `d.ddd` with `precision` digits after the
/// point, and its power of ten (what `{:.Ne}` prints, in two parts).
pub fn scientific(value: f64, precision: usize) -> (String, i32) {
    let number = round(&exact(value), precision as i32 + 1);
    let exponent = if number.digits.is_empty() {
        0
    } else {
        number.point - 1
    };
    (mantissa(&number, precision + 1), exponent)
}

/// The first `count` digits as `d.ddd`.
fn mantissa(number: &Digits, count: usize) -> String {
    let mut out = String::new();
    for at in 0..count {
        if at == 1 {
            out.push('.');
        }
        out.push(digit(number, at as i32));
    }
    out
}

/// The fewest digits that read back as finite, non-zero `value.abs()`
/// (the closest such, if there are two), and the power of ten of the
/// first: `{:e}`'s digits, in two parts.
pub fn shortest(value: f64) -> (String, i32) {
    let value = value.abs();
    let number = exact(value);
    for keep in 1..=17 {
        let cut = truncate(&number, keep);
        let candidates = [round(&number, keep), cut.clone(), increment(cut)];
        for mut candidate in candidates {
            if reads_back(&candidate, value) {
                while candidate.digits.last() == Some(&b'0') {
                    candidate.digits.pop();
                }
                let count = candidate.digits.len();
                return (mantissa(&candidate, count), candidate.point - 1);
            }
        }
    }
    (mantissa(&number, number.digits.len()), number.point - 1)
}

fn reads_back(number: &Digits, value: f64) -> bool {
    let text = format!(
        "0.{}e{}",
        String::from_utf8_lossy(&number.digits),
        number.point
    );
    text.parse::<f64>() == Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doubles of every kind: a seeded spread of bit patterns, and the edges.
    fn samples() -> Vec<f64> {
        let mut values = vec![
            0.0,
            -0.0,
            0.1,
            0.5,
            1.0,
            2.5,
            0.125,
            1e23,
            9007199254740992.0,
            5e-324,
            2.2250738585072014e-308,
            f64::MAX,
            f64::MIN_POSITIVE,
            123456.789,
            0.0005,
            0.00049999,
            99.995,
            1.5,
            -2.5,
            1e16,
            1e-5,
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let value = f64::from_bits(state);
            if value.is_finite() {
                values.push(value);
            }
            // Short decimals too, where ties and carries happen.
            values.push((state % 100_000) as f64 / 1000.0);
        }
        for power in -1074..1024 {
            values.push(2f64.powi(power));
        }
        values
    }

    #[test]
    fn shortest_digits_are_cores() {
        for value in samples().into_iter().filter(|v| *v != 0.0) {
            let core = format!("{:e}", value.abs());
            let (digits, exponent) = shortest(value);
            let ours = format!("{digits}e{exponent}");
            if ours != core {
                // Core rounds a tie between two shortest candidates up;
                // CPython (`repr(1149636667324797.25)` is `…797.2`) to even.
                let count = digits.len() - usize::from(digits.contains('.'));
                let number = exact(value);
                let tie = number.digits.len() == count + 1 && number.digits[count] == b'5';
                let even = digits.ends_with(['0', '2', '4', '6', '8']);
                assert!(tie && even, "{value:?}: {ours} against core's {core}");
            }
        }
    }

    #[test]
    fn fixed_and_scientific_are_cores() {
        for (at, value) in samples().into_iter().enumerate() {
            let precision = at % 20;
            let core = format!("{value:.precision$}");
            assert_eq!(fixed(value, precision), core, "{value:?}");
            let (mantissa, exponent) = scientific(value, precision);
            let core = format!("{:.precision$e}", value.abs());
            assert_eq!(format!("{mantissa}e{exponent}"), core, "{value:?}");
        }
        for (value, python) in [
            (f64::INFINITY, "inf"),
            (-f64::INFINITY, "-inf"),
            (f64::NAN, "nan"),
        ] {
            assert_eq!(fixed(value, 2), python);
        }
    }
}
