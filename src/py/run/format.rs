//! Python's format specification mini-language, for f-strings and
//! `format()`: `[[fill]align][sign][0][width][,|_][.precision][type]`.

use super::interp::{Interp, R};
use super::value::float_repr;
use super::value::Value;

struct Spec {
    fill: char,
    align: Option<char>,
    sign: char,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    kind: Option<char>,
}

fn parse(interp: &Interp, spec: &str) -> R<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut at = 0;
    let mut parsed = Spec {
        fill: ' ',
        align: None,
        sign: '-',
        zero: false,
        width: 0,
        grouping: None,
        precision: None,
        kind: None,
    };
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        parsed.fill = chars[0];
        parsed.align = Some(chars[1]);
        at = 2;
    } else if chars.first().is_some_and(|&c| is_align(c)) {
        parsed.align = Some(chars[0]);
        at = 1;
    }
    if let Some(&c) = chars.get(at) {
        if matches!(c, '+' | '-' | ' ') {
            parsed.sign = c;
            at += 1;
        }
    }
    if chars.get(at) == Some(&'0') {
        parsed.zero = true;
        at += 1;
    }
    let mut width = String::new();
    while let Some(c) = chars.get(at).filter(|c| c.is_ascii_digit()) {
        width.push(*c);
        at += 1;
    }
    parsed.width = width.parse().unwrap_or(0).min(10_000);
    if let Some(&c) = chars.get(at) {
        if c == ',' || c == '_' {
            parsed.grouping = Some(c);
            at += 1;
        }
    }
    if chars.get(at) == Some(&'.') {
        at += 1;
        let mut precision = String::new();
        while let Some(c) = chars.get(at).filter(|c| c.is_ascii_digit()) {
            precision.push(*c);
            at += 1;
        }
        parsed.precision = Some(precision.parse().unwrap_or(0).min(100));
    }
    if let Some(&c) = chars.get(at) {
        parsed.kind = Some(c);
        at += 1;
    }
    if at != chars.len() {
        return Err(interp.error("ValueError", "Invalid format specifier"));
    }
    Ok(parsed)
}

fn group(digits: &str, separator: char) -> String {
    let (whole, rest) = match digits.find('.') {
        Some(point) => digits.split_at(point),
        None => (digits, ""),
    };
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    out + rest
}

/// Whether a float prints with a minus: `-0.0` does, a NaN never.
fn negative(float: f64) -> bool {
    float.is_sign_negative() && !float.is_nan()
}

pub fn apply(interp: &Interp, value: &Value, spec: &str) -> R<String> {
    let spec = parse(interp, spec)?;
    let number = match value {
        Value::Int(i) => Some((*i as f64, Some(*i))),
        Value::Bool(b) if spec.kind.is_some() => {
            Some((f64::from(u8::from(*b)), Some(i64::from(*b))))
        }
        Value::Float(f) => Some((*f, None)),
        _ => None,
    };
    let (body, negative, numeric) = match (number, spec.kind) {
        (Some((_, Some(int))), None | Some('d')) => (
            group_opt(int.unsigned_abs().to_string(), &spec),
            int < 0,
            true,
        ),
        (Some((float, _)), Some('f' | 'F' | '%')) => {
            let precision = spec.precision.unwrap_or(6);
            let scaled = if spec.kind == Some('%') {
                float * 100.0
            } else {
                float
            };
            let mut text = super::digits::fixed(scaled.abs(), precision);
            text = group_opt(text, &spec);
            if spec.kind == Some('%') {
                text.push('%');
            }
            (text, negative(scaled), true)
        }
        (Some((float, _)), Some('e')) if !float.is_finite() => {
            let text = super::digits::special(float.abs()).unwrap_or_default();
            (text, negative(float), true)
        }
        (Some((float, _)), Some('e')) => {
            let precision = spec.precision.unwrap_or(6);
            let (mantissa, exponent) = super::digits::scientific(float, precision);
            let sign = if exponent < 0 { '-' } else { '+' };
            (
                format!("{mantissa}e{sign}{:02}", exponent.abs()),
                negative(float),
                true,
            )
        }
        (Some((float, None)), None) => {
            (group_opt(float_repr(float.abs()), &spec), float < 0.0, true)
        }
        (Some((float, _)), Some('g')) => {
            let text = float_repr(float.abs());
            (text, float < 0.0, true)
        }
        (Some((_, Some(int))), Some('x')) => (format!("{:x}", int.unsigned_abs()), int < 0, true),
        (Some((_, Some(int))), Some('b')) => (format!("{:b}", int.unsigned_abs()), int < 0, true),
        (_, None | Some('s')) if number.is_none() => {
            let mut text = value.to_str();
            if let Some(precision) = spec.precision {
                text = text.chars().take(precision).collect();
            }
            (text, false, false)
        }
        (_, Some(kind)) => {
            return Err(interp.error(
                "ValueError",
                format!(
                    "Unknown format code '{kind}' for object of type '{}'",
                    value.type_name()
                ),
            ))
        }
        _ => (value.to_str(), false, false),
    };
    let sign = match (negative, spec.sign) {
        (true, _) => "-",
        (false, '+') if numeric => "+",
        (false, ' ') if numeric => " ",
        _ => "",
    };
    let length = sign.chars().count() + body.chars().count();
    let pad = spec.width.saturating_sub(length);
    let (fill, align) = if spec.zero && spec.align.is_none() && numeric {
        ('0', '=')
    } else {
        (
            spec.fill,
            spec.align.unwrap_or(if numeric { '>' } else { '<' }),
        )
    };
    let padding = |n: usize| fill.to_string().repeat(n);
    Ok(match align {
        '<' => format!("{sign}{body}{}", padding(pad)),
        '^' => format!("{}{sign}{body}{}", padding(pad / 2), padding(pad - pad / 2)),
        '=' => format!("{sign}{}{body}", padding(pad)),
        _ => format!("{}{sign}{body}", padding(pad)),
    })
}

fn group_opt(text: String, spec: &Spec) -> String {
    match spec.grouping {
        Some(separator) => group(&text, separator),
        None => text,
    }
}
