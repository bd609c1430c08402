//! A learner's program in a link: `code=` holds the text as UTF-8,
//! compressed with raw DEFLATE (RFC 1951) and written in base64url without
//! padding (RFC 4648 section 5), so any tool can make such a link. In
//! Python:
//!
//! ```text
//! base64.urlsafe_b64encode(zlib.compress(text.encode(), 9)[2:-4]).rstrip(b"=")
//! ```
//!
//! Decoding is bounded: a parameter longer than [`MAX_PARAMETER`] or a
//! program longer than [`MAX_PROGRAM`] bytes is refused with a reason, as
//! is anything that is not base64url, not DEFLATE, or not UTF-8.

use super::deflate::{deflate, inflate, Bad};

/// The longest `code=` value read (about 8,000 characters of program).
pub const MAX_PARAMETER: usize = 16_384;
/// The longest program, in bytes, once decompressed.
pub const MAX_PROGRAM: usize = 65_536;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a `code=` value could not be read: a sentence for the link's notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadCode(pub String);

/// The `code=` value for `program`.
pub fn encode(program: &str) -> String {
    base64url(&deflate(program.as_bytes()))
}

/// The program a `code=` value holds.
pub fn decode(parameter: &str) -> Result<String, BadCode> {
    if parameter.len() > MAX_PARAMETER {
        return Err(BadCode(format!(
            "the program in the link is too long ({} characters; at most {MAX_PARAMETER})",
            parameter.len()
        )));
    }
    let bytes = from_base64url(parameter)
        .ok_or_else(|| BadCode("the program in the link is not base64url text".to_owned()))?;
    let text = inflate(&bytes, MAX_PROGRAM).map_err(|bad| {
        BadCode(match bad {
            Bad::TooLong => format!("the program in the link is longer than {MAX_PROGRAM} bytes"),
            Bad::Invalid => {
                "the program in the link is not DEFLATE-compressed (raw, RFC 1951)".to_owned()
            }
        })
    })?;
    String::from_utf8(text)
        .map_err(|_| BadCode("the program in the link is not UTF-8 text".to_owned()))
}

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn from_base64url(text: &str) -> Option<Vec<u8>> {
    // Padding is not written, but a tool may have left it.
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut bits = 0u32;
    let mut count = 0;
    for c in text.bytes() {
        let value = ALPHABET.iter().position(|&a| a == c)? as u32;
        bits = bits << 6 | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len)
                .map(|i| i.wrapping_mul(97).wrapping_add(3))
                .collect();
            let text = base64url(&bytes);
            assert!(!text.contains('=') && !text.contains('+') && !text.contains('/'));
            assert_eq!(from_base64url(&text), Some(bytes));
        }
    }

    #[test]
    fn a_program_round_trips() {
        let program =
            "import asyncio\n\nasync def main():\n    print('héllo ✓')\n\nasyncio.run(main())\n";
        assert_eq!(decode(&encode(program)), Ok(program.to_owned()));
    }

    #[test]
    fn bad_values_say_why() {
        let why = |p: &str| decode(p).expect_err("refused").0;
        assert!(why("not*base64").contains("not base64url"));
        assert!(why("A").contains("not base64url"));
        assert!(why("AAAA").contains("not DEFLATE"));
        assert!(why(&"A".repeat(MAX_PARAMETER + 1)).contains("too long"));
        // Valid DEFLATE of bytes that are not UTF-8.
        assert!(why(&base64url(&deflate(&[0xff, 0xfe]))).contains("not UTF-8"));
        // A small link that inflates past the limit (a "zip bomb").
        let bomb = base64url(&deflate(&vec![b'a'; MAX_PROGRAM + 1]));
        assert!(bomb.len() < 1000);
        assert!(why(&bomb).contains("longer than"));
    }
}
