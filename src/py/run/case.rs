//! `str.upper()` and `str.lower()` as Rust's (and CPython's) full Unicode
//! mappings give them, from tables a sixth the size of core's: each mapping
//! is a run of characters moved by one distance (every character, or every
//! other one), so a run is one word instead of one pair per character. The
//! tests check every character against core's own mapping; after a Rust
//! update that moves Unicode on, `cargo test --lib print_case_tables --
//! --ignored --nocapture` prints the tables anew.

/// Runs, one `u64` each: first character (bits 0..21), length less one
/// (21..32), every other character (bit 32), signed distance (33..64).
const UPPER: [u64; 197] = [
    0x5ce000000b5,
    0xffffffc002c000e0,
    0xffffffc000c000f8,
    0xf2000000ff,
    0xffffffff02e00101,
    0xfffffe3000000131,
    0xffffffff00400133,
    0xffffffff00e0013a,
    0xffffffff02c0014b,
    0xffffffff0040017a,
    0xfffffda80000017f,
    0x18600000180,
    0xffffffff00200183,
    0xfffffffe00000188,
    0xfffffffe0000018c,
    0xfffffffe00000192,
    0xc200000195,
    0xfffffffe00000199,
    0x1460000019a,
    0x14c820000019b,
    0x1040000019e,
    0xffffffff004001a1,
    0xfffffffe000001a8,
    0xfffffffe000001ad,
    0xfffffffe000001b0,
    0xffffffff002001b4,
    0xfffffffe000001b9,
    0xfffffffe000001bd,
    0x70000001bf,
    0xfffffffe000001c5,
    0xfffffffc000001c6,
    0xfffffffe000001c8,
    0xfffffffc000001c9,
    0xfffffffe000001cb,
    0xfffffffc000001cc,
    0xffffffff00e001ce,
    0xffffff62000001dd,
    0xffffffff010001df,
    0xfffffffe000001f2,
    0xfffffffc000001f3,
    0xfffffffe000001f5,
    0xffffffff026001f9,
    0xffffffff01000223,
    0xfffffffe0000023c,
    0x547e0020023f,
    0xfffffffe00000242,
    0xffffffff00800247,
    0x543e00000250,
    0x543800000251,
    0x543c00000252,
    0xfffffe5c00000253,
    0xfffffe6400000254,
    0xfffffe6600200256,
    0xfffffe6c00000259,
    0xfffffe6a0000025b,
    0x14a9e0000025c,
    0xfffffe6600000260,
    0x14a9600000261,
    0xfffffe6200000263,
    0x14ace00000264,
    0x14a5000000265,
    0x14a8800000266,
    0xfffffe5e00000268,
    0xfffffe5a00000269,
    0x14a880000026a,
    0x53ee0000026b,
    0x14a820000026c,
    0xfffffe5a0000026f,
    0x53fa00000271,
    0xfffffe5600000272,
    0xfffffe5400000275,
    0x53ce0000027d,
    0xfffffe4c00000280,
    0x14a8600000282,
    0xfffffe4c00000283,
    0x14a5400000287,
    0xfffffe4c00000288,
    0xffffff7600000289,
    0xfffffe4e0020028a,
    0xffffff720000028c,
    0xfffffe4a00000292,
    0x14a2a0000029d,
    0x14a240000029e,
    0xa800000345,
    0xffffffff00200371,
    0xfffffffe00000377,
    0x1040040037b,
    0xffffffb4000003ac,
    0xffffffb6004003ad,
    0xffffffc0020003b1,
    0xffffffc2000003c2,
    0xffffffc0010003c3,
    0xffffff80000003cc,
    0xffffff82002003cd,
    0xffffff84000003d0,
    0xffffff8e000003d1,
    0xffffffa2000003d5,
    0xffffff94000003d6,
    0xfffffff0000003d7,
    0xffffffff016003d9,
    0xffffff54000003f0,
    0xffffff60000003f1,
    0xe000003f2,
    0xffffff18000003f3,
    0xffffff40000003f5,
    0xfffffffe000003f8,
    0xfffffffe000003fb,
    0xffffffc003e00430,
    0xffffff6001e00450,
    0xffffffff02000461,
    0xffffffff0340048b,
    0xffffffff00c004c2,
    0xffffffe2000004cf,
    0xffffffff05e004d1,
    0xffffffa004a00561,
    0x1780054010d0,
    0x1780004010fd,
    0xfffffff000a013f8,
    0xffffcf2400001c80,
    0xffffcf2600001c81,
    0xffffcf3800001c82,
    0xffffcf3c00201c83,
    0xffffcf3a00001c85,
    0xffffcf4800001c86,
    0xffffcfb600001c87,
    0x1138400001c88,
    0xfffffffe00001c8a,
    0x1140800001d79,
    0x1dcc00001d7d,
    0x1147000001d8e,
    0xffffffff09401e01,
    0xffffff8a00001e9b,
    0xffffffff05e01ea1,
    0x1000e01f00,
    0x1000a01f10,
    0x1000e01f20,
    0x1000e01f30,
    0x1000a01f40,
    0x1100601f51,
    0x1000e01f60,
    0x9400201f70,
    0xac00601f72,
    0xc800201f76,
    0x10000201f78,
    0xe000201f7a,
    0xfc00201f7c,
    0x1000201fb0,
    0xffffc7b600001fbe,
    0x1000201fd0,
    0x1000201fe0,
    0xe00001fe5,
    0xffffffc80000214e,
    0xffffffe001e02170,
    0xfffffffe00002184,
    0xffffffcc032024d0,
    0xffffffa005e02c30,
    0xfffffffe00002c61,
    0xffffabaa00002c65,
    0xffffabb000002c66,
    0xffffffff00402c68,
    0xfffffffe00002c73,
    0xfffffffe00002c76,
    0xffffffff06202c81,
    0xffffffff00202cec,
    0xfffffffe00002cf3,
    0xffffc74004a02d00,
    0xffffc74000002d27,
    0xffffc74000002d2d,
    0xffffffff02c0a641,
    0xffffffff01a0a681,
    0xffffffff00c0a723,
    0xffffffff03c0a733,
    0xffffffff0020a77a,
    0xffffffff0080a77f,
    0xfffffffe0000a78c,
    0xffffffff0020a791,
    0x600000a794,
    0xffffffff0120a797,
    0xffffffff00e0a7b5,
    0xffffffff0020a7c8,
    0xffffffff00e0a7cd,
    0xfffffffe0000a7f6,
    0xfffff8c00000ab53,
    0xfffed06009e0ab70,
    0xffffffc00320ff41,
    0xffffffb004e10428,
    0xffffffb0046104d8,
    0xffffffb201410597,
    0xffffffb201c105a3,
    0xffffffb200c105b3,
    0xffffffb2002105bb,
    0xffffff8006410cc0,
    0xffffffc002a10d70,
    0xffffffc003e118c0,
    0xffffffc003e16e60,
    0xffffffca03016ebb,
    0xffffffbc0421e922,
];
const LOWER: [u64; 184] = [
    0x4002c000c0,
    0x4000c000d8,
    0x302e00100,
    0x300400132,
    0x300e00139,
    0x302c0014a,
    0xffffff0e00000178,
    0x300400179,
    0x1a400000181,
    0x300200182,
    0x19c00000186,
    0x200000187,
    0x19a00200189,
    0x20000018b,
    0x9e0000018e,
    0x1940000018f,
    0x19600000190,
    0x200000191,
    0x19a00000193,
    0x19e00000194,
    0x1a600000196,
    0x1a200000197,
    0x200000198,
    0x1a60000019c,
    0x1aa0000019d,
    0x1ac0000019f,
    0x3004001a0,
    0x1b4000001a6,
    0x2000001a7,
    0x1b4000001a9,
    0x2000001ac,
    0x1b4000001ae,
    0x2000001af,
    0x1b2002001b1,
    0x3002001b3,
    0x1b6000001b7,
    0x2000001b8,
    0x2000001bc,
    0x4000001c4,
    0x2000001c5,
    0x4000001c7,
    0x2000001c8,
    0x4000001ca,
    0x3010001cb,
    0x3010001de,
    0x4000001f1,
    0x3002001f2,
    0xffffff3e000001f6,
    0xffffff90000001f7,
    0x3026001f8,
    0xfffffefc00000220,
    0x301000222,
    0x54560000023a,
    0x20000023b,
    0xfffffeba0000023d,
    0x54500000023e,
    0x200000241,
    0xfffffe7a00000243,
    0x8a00000244,
    0x8e00000245,
    0x300800246,
    0x300200370,
    0x200000376,
    0xe80000037f,
    0x4c00000386,
    0x4a00400388,
    0x800000038c,
    0x7e0020038e,
    0x4002000391,
    0x40010003a3,
    0x10000003cf,
    0x3016003d8,
    0xffffff88000003f4,
    0x2000003f7,
    0xfffffff2000003f9,
    0x2000003fa,
    0xfffffefc004003fd,
    0xa001e00400,
    0x4003e00410,
    0x302000460,
    0x30340048a,
    0x1e000004c0,
    0x300c004c1,
    0x305e004d0,
    0x6004a00531,
    0x38c004a010a0,
    0x38c0000010c7,
    0x38c0000010cd,
    0x12fa009e013a0,
    0x1000a013f0,
    0x200001c89,
    0xffffe88005401c90,
    0xffffe88000401cbd,
    0x309401e00,
    0xffffc48200001e9e,
    0x305e01ea0,
    0xfffffff000e01f08,
    0xfffffff000a01f18,
    0xfffffff000e01f28,
    0xfffffff000e01f38,
    0xfffffff000a01f48,
    0xfffffff100601f59,
    0xfffffff000e01f68,
    0xfffffff000e01f88,
    0xfffffff000e01f98,
    0xfffffff000e01fa8,
    0xfffffff000201fb8,
    0xffffff6c00201fba,
    0xffffffee00001fbc,
    0xffffff5400601fc8,
    0xffffffee00001fcc,
    0xfffffff000201fd8,
    0xffffff3800201fda,
    0xfffffff000201fe8,
    0xffffff2000201fea,
    0xfffffff200001fec,
    0xffffff0000201ff8,
    0xffffff0400201ffa,
    0xffffffee00001ffc,
    0xffffc54600002126,
    0xffffbe820000212a,
    0xffffbf740000212b,
    0x3800002132,
    0x2001e02160,
    0x200002183,
    0x34032024b6,
    0x6005e02c00,
    0x200002c60,
    0xffffac1200002c62,
    0xffffe23400002c63,
    0xffffac3200002c64,
    0x300402c67,
    0xffffabc800002c6d,
    0xffffac0600002c6e,
    0xffffabc200002c6f,
    0xffffabc400002c70,
    0x200002c72,
    0x200002c75,
    0xffffab8200202c7e,
    0x306202c80,
    0x300202ceb,
    0x200002cf2,
    0x302c0a640,
    0x301a0a680,
    0x300c0a722,
    0x303c0a732,
    0x30020a779,
    0xfffeebf80000a77d,
    0x30080a77e,
    0x20000a78b,
    0xfffeb5b00000a78d,
    0x30020a790,
    0x30120a796,
    0xfffeb5780000a7aa,
    0xfffeb5620000a7ab,
    0xfffeb56a0000a7ac,
    0xfffeb57e0000a7ad,
    0xfffeb5780000a7ae,
    0xfffeb5dc0000a7b0,
    0xfffeb5ac0000a7b1,
    0xfffeb5d60000a7b2,
    0x7400000a7b3,
    0x300e0a7b4,
    0xffffffa00000a7c4,
    0xfffeb57a0000a7c5,
    0xfffeeb900000a7c6,
    0x30020a7c7,
    0xfffeb5320000a7cb,
    0x300e0a7cc,
    0xfffeb37e0000a7dc,
    0x20000a7f5,
    0x400320ff21,
    0x5004e10400,
    0x50046104b0,
    0x4e01410570,
    0x4e01c1057c,
    0x4e00c1058c,
    0x4e00210594,
    0x8006410c80,
    0x4002a10d50,
    0x4003e118a0,
    0x4003e16e40,
    0x3603016ea0,
    0x440421e900,
];
const UPPER_MULTI: [(char, &str); 102] = [
    ('ß', "SS"),
    ('ŉ', "ʼN"),
    ('ǰ', "J\u{30c}"),
    ('ΐ', "Ι\u{308}\u{301}"),
    ('ΰ', "Υ\u{308}\u{301}"),
    ('և', "ԵՒ"),
    ('ẖ', "H\u{331}"),
    ('ẗ', "T\u{308}"),
    ('ẘ', "W\u{30a}"),
    ('ẙ', "Y\u{30a}"),
    ('ẚ', "Aʾ"),
    ('ὐ', "Υ\u{313}"),
    ('ὒ', "Υ\u{313}\u{300}"),
    ('ὔ', "Υ\u{313}\u{301}"),
    ('ὖ', "Υ\u{313}\u{342}"),
    ('ᾀ', "ἈΙ"),
    ('ᾁ', "ἉΙ"),
    ('ᾂ', "ἊΙ"),
    ('ᾃ', "ἋΙ"),
    ('ᾄ', "ἌΙ"),
    ('ᾅ', "ἍΙ"),
    ('ᾆ', "ἎΙ"),
    ('ᾇ', "ἏΙ"),
    ('ᾈ', "ἈΙ"),
    ('ᾉ', "ἉΙ"),
    ('ᾊ', "ἊΙ"),
    ('ᾋ', "ἋΙ"),
    ('ᾌ', "ἌΙ"),
    ('ᾍ', "ἍΙ"),
    ('ᾎ', "ἎΙ"),
    ('ᾏ', "ἏΙ"),
    ('ᾐ', "ἨΙ"),
    ('ᾑ', "ἩΙ"),
    ('ᾒ', "ἪΙ"),
    ('ᾓ', "ἫΙ"),
    ('ᾔ', "ἬΙ"),
    ('ᾕ', "ἭΙ"),
    ('ᾖ', "ἮΙ"),
    ('ᾗ', "ἯΙ"),
    ('ᾘ', "ἨΙ"),
    ('ᾙ', "ἩΙ"),
    ('ᾚ', "ἪΙ"),
    ('ᾛ', "ἫΙ"),
    ('ᾜ', "ἬΙ"),
    ('ᾝ', "ἭΙ"),
    ('ᾞ', "ἮΙ"),
    ('ᾟ', "ἯΙ"),
    ('ᾠ', "ὨΙ"),
    ('ᾡ', "ὩΙ"),
    ('ᾢ', "ὪΙ"),
    ('ᾣ', "ὫΙ"),
    ('ᾤ', "ὬΙ"),
    ('ᾥ', "ὭΙ"),
    ('ᾦ', "ὮΙ"),
    ('ᾧ', "ὯΙ"),
    ('ᾨ', "ὨΙ"),
    ('ᾩ', "ὩΙ"),
    ('ᾪ', "ὪΙ"),
    ('ᾫ', "ὫΙ"),
    ('ᾬ', "ὬΙ"),
    ('ᾭ', "ὭΙ"),
    ('ᾮ', "ὮΙ"),
    ('ᾯ', "ὯΙ"),
    ('ᾲ', "ᾺΙ"),
    ('ᾳ', "ΑΙ"),
    ('ᾴ', "ΆΙ"),
    ('ᾶ', "Α\u{342}"),
    ('ᾷ', "Α\u{342}Ι"),
    ('ᾼ', "ΑΙ"),
    ('ῂ', "ῊΙ"),
    ('ῃ', "ΗΙ"),
    ('ῄ', "ΉΙ"),
    ('ῆ', "Η\u{342}"),
    ('ῇ', "Η\u{342}Ι"),
    ('ῌ', "ΗΙ"),
    ('ῒ', "Ι\u{308}\u{300}"),
    ('ΐ', "Ι\u{308}\u{301}"),
    ('ῖ', "Ι\u{342}"),
    ('ῗ', "Ι\u{308}\u{342}"),
    ('ῢ', "Υ\u{308}\u{300}"),
    ('ΰ', "Υ\u{308}\u{301}"),
    ('ῤ', "Ρ\u{313}"),
    ('ῦ', "Υ\u{342}"),
    ('ῧ', "Υ\u{308}\u{342}"),
    ('ῲ', "ῺΙ"),
    ('ῳ', "ΩΙ"),
    ('ῴ', "ΏΙ"),
    ('ῶ', "Ω\u{342}"),
    ('ῷ', "Ω\u{342}Ι"),
    ('ῼ', "ΩΙ"),
    ('ﬀ', "FF"),
    ('ﬁ', "FI"),
    ('ﬂ', "FL"),
    ('ﬃ', "FFI"),
    ('ﬄ', "FFL"),
    ('ﬅ', "ST"),
    ('ﬆ', "ST"),
    ('ﬓ', "ՄՆ"),
    ('ﬔ', "ՄԵ"),
    ('ﬕ', "ՄԻ"),
    ('ﬖ', "ՎՆ"),
    ('ﬗ', "ՄԽ"),
];
const LOWER_MULTI: [(char, &str); 1] = [('İ', "i\u{307}")];

fn mapped(runs: &[u64], c: char) -> char {
    let code = c as u32;
    let at = runs.partition_point(|&run| (run & 0x1f_ffff) as u32 <= code);
    let Some(&run) = at.checked_sub(1).and_then(|at| runs.get(at)) else {
        return c;
    };
    let start = (run & 0x1f_ffff) as u32;
    let step = if run & (1 << 32) == 0 { 1 } else { 2 };
    let count = ((run >> 21) & 0x7ff) as u32 + 1;
    let offset = code - start;
    if offset % step != 0 || offset / step >= count {
        return c;
    }
    let delta = (run as i64) >> 33;
    char::from_u32((i64::from(code) + delta) as u32).unwrap_or(c)
}

fn convert(text: &str, runs: &[u64], multi: &[(char, &str)], ascii: fn(&char) -> char) -> String {
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if c.is_ascii() {
            out.push(ascii(&c));
        } else if let Ok(found) = multi.binary_search_by_key(&c, |pair| pair.0) {
            out.push_str(multi[found].1);
        } else if c == 'Σ' && std::ptr::eq(runs, LOWER.as_slice()) {
            out.push(if word_final(text, at) { 'ς' } else { 'σ' });
        } else {
            out.push(mapped(runs, c));
        }
    }
    out
}

/// `text.upper()`
pub fn upper(text: &str) -> String {
    convert(text, &UPPER, &UPPER_MULTI, char::to_ascii_uppercase)
}

/// `text.lower()`
pub fn lower(text: &str) -> String {
    convert(text, &LOWER, &LOWER_MULTI, char::to_ascii_lowercase)
}

/// Whether the capital sigma at byte `at` ends a word (it lowers to `ς`):
/// a cased letter before it and none after, skipping case-ignorable marks,
/// as Unicode's Final_Sigma condition says.
fn word_final(text: &str, at: usize) -> bool {
    cased_first(&mut text[..at].chars().rev())
        && !cased_first(&mut text[at + 'Σ'.len_utf8()..].chars())
}

/// Whether the first character that is not case-ignorable has case.
fn cased_first(chars: &mut dyn Iterator<Item = char>) -> bool {
    for c in chars {
        if !case_ignorable(c) {
            return cased(c);
        }
    }
    false
}

/// A letter with case: one that upper- or lower-casing changes.
fn cased(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (!c.is_ascii()
            && (mapped(&UPPER, c) != c
                || mapped(&LOWER, c) != c
                || UPPER_MULTI.binary_search_by_key(&c, |pair| pair.0).is_ok()))
}

/// Marks, modifiers and apostrophes, which do not break a word for casing.
fn case_ignorable(c: char) -> bool {
    matches!(c, '\'' | '.' | ':' | '^' | '`' | '\u{a8}' | '\u{ad}' | '\u{af}' | '\u{b4}' | '\u{b7}' | '\u{b8}' | '\u{2b0}'..='\u{36f}' | '\u{374}' | '\u{375}' | '\u{37a}' | '\u{384}' | '\u{385}' | '\u{387}' | '\u{200b}'..='\u{200f}' | '\u{2018}' | '\u{2019}' | '\u{2024}' | '\u{2027}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_maps_as_core_maps_it() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(upper(&text), text.to_uppercase(), "upper of {c:?}");
            if c != 'Σ' {
                assert_eq!(lower(&text), text.to_lowercase(), "lower of {c:?}");
            }
        }
    }

    /// The runs of `map` (one character to one other) over all of Unicode.
    fn runs(map: &dyn Fn(char) -> Option<char>) -> Vec<u64> {
        let moved: Vec<(u32, i64)> = (0x80..=0x10_ffff)
            .filter_map(char::from_u32)
            .filter_map(|c| {
                map(c)
                    .filter(|&m| m != c)
                    .map(|m| (c as u32, m as i64 - c as i64))
            })
            .collect();
        let mut out = Vec::new();
        let mut at = 0;
        while at < moved.len() {
            let (start, delta) = moved[at];
            let length = |step: u32| {
                (1..2048)
                    .take_while(|&n| moved.get(at + n) == Some(&(start + step * n as u32, delta)))
                    .count()
                    + 1
            };
            let (count, step) = if length(2) > length(1) {
                (length(2), 2)
            } else {
                (length(1), 1)
            };
            out.push(
                u64::from(start)
                    | ((count as u64 - 1) << 21)
                    | (u64::from(step == 2) << 32)
                    | ((delta as u64) << 33),
            );
            at += count;
        }
        out
    }

    #[test]
    #[ignore = "prints the tables; run by hand after a Unicode update"]
    fn print_case_tables() {
        let single = |mapped: String| {
            let mut chars = mapped.chars();
            chars.next().filter(|_| chars.next().is_none())
        };
        let upper = runs(&|c| single(c.to_uppercase().collect()));
        let lower = runs(&|c| single(c.to_lowercase().collect()));
        let multi = |map: fn(char) -> String| -> Vec<String> {
            (0x80..=0x10_ffff)
                .filter_map(char::from_u32)
                .filter(|&c| map(c).chars().count() > 1)
                .map(|c| format!("({c:?}, {:?})", map(c)))
                .collect()
        };
        let words = |runs: &[u64]| runs.iter().map(|r| format!("{r:#x}")).collect::<Vec<_>>();
        let upper_multi = multi(|c| c.to_uppercase().collect());
        let lower_multi = multi(|c| c.to_lowercase().collect());
        println!(
            "const UPPER: [u64; {}] = [{}];",
            upper.len(),
            words(&upper).join(", ")
        );
        println!(
            "const LOWER: [u64; {}] = [{}];",
            lower.len(),
            words(&lower).join(", ")
        );
        println!(
            "const UPPER_MULTI: [(char, &str); {}] = [{}];",
            upper_multi.len(),
            upper_multi.join(", ")
        );
        println!(
            "const LOWER_MULTI: [(char, &str); {}] = [{}];",
            lower_multi.len(),
            lower_multi.join(", ")
        );
        assert_eq!(
            (upper.as_slice(), lower.as_slice()),
            (&UPPER[..], &LOWER[..])
        );
    }

    #[test]
    fn a_final_sigma_lowers_as_core_lowers_it() {
        for text in [
            "ΣΑΣ",
            "Σ",
            "ΑΣ",
            "ΑΣ Α",
            "ΑΣ.",
            "Α.Σ",
            "ΑΣΑ",
            "'Σ'",
            "ΑΣ'Α",
            "ΌΣΟΣ ΤΟΣ",
            "AΣb",
            "Σa",
        ] {
            assert_eq!(lower(text), text.to_lowercase(), "lower of {text:?}");
        }
    }
}
