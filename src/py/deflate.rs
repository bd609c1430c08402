//! Raw DEFLATE (RFC 1951), as small as the page can carry it: what puts a
//! learner's program in a link and takes it out again.
//!
//! [`inflate`] reads every DEFLATE stream (stored, fixed and dynamic
//! Huffman blocks, as zlib or any tool writes them), never past a limit and
//! never panicking on a bad one. [`deflate`] writes one block with the
//! fixed Huffman codes and greedy LZ77 matches: the article's programs come
//! out at about half their size, some 15% more than zlib's best, for a
//! fraction of a compressor's code.

/// Why a stream could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bad {
    /// Not a DEFLATE stream (or a truncated one).
    Invalid,
    /// It holds more than the limit.
    TooLong,
}

// ---- reading -------------------------------------------------------------

/// Lengths 257..=285: the base length and how many extra bits follow.
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// Distances 0..=29: the base distance and how many extra bits follow.
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order a dynamic block lists its code-length code's lengths in.
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// The stream's bits, least significant first.
struct Bits<'a> {
    data: &'a [u8],
    at: usize,
    held: u32,
    count: u32,
}

impl Bits<'_> {
    fn take(&mut self, n: u32) -> Result<u32, Bad> {
        while self.count < n {
            let byte = *self.data.get(self.at).ok_or(Bad::Invalid)?;
            self.at += 1;
            self.held |= u32::from(byte) << self.count;
            self.count += 8;
        }
        let value = self.held & ((1u32 << n) - 1);
        self.held = self.held.checked_shr(n).unwrap_or(0);
        self.count -= n;
        Ok(value)
    }
}

/// A canonical Huffman code: how many codes of each length, and the
/// symbols in code order.
struct Code {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Code {
    fn new(lengths: &[u8]) -> Result<Self, Bad> {
        let mut counts = [0u16; 16];
        for &length in lengths {
            counts[usize::from(length)] += 1;
        }
        // More codes of a length than it has room for: not a code.
        let mut left = 1i32;
        for &count in &counts[1..] {
            left = left * 2 - i32::from(count);
            if left < 0 {
                return Err(Bad::Invalid);
            }
        }
        let mut offsets = [0u16; 16];
        for length in 1..15 {
            offsets[length + 1] = offsets[length] + counts[length];
        }
        let mut symbols = vec![0; lengths.len()];
        for (symbol, &length) in lengths.iter().enumerate() {
            if length != 0 {
                let slot = &mut offsets[usize::from(length)];
                symbols[usize::from(*slot)] = symbol as u16;
                *slot += 1;
            }
        }
        Ok(Self { counts, symbols })
    }

    fn decode(&self, bits: &mut Bits) -> Result<u16, Bad> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &self.counts[1..] {
            code |= bits.take(1)? as i32;
            let count = i32::from(count);
            if code - first < count {
                let at = (index + code - first) as usize;
                return self.symbols.get(at).copied().ok_or(Bad::Invalid);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(Bad::Invalid)
    }
}

fn fixed_codes() -> Result<(Code, Code), Bad> {
    let mut lengths = [8u8; 288];
    lengths[144..256].fill(9);
    lengths[256..280].fill(7);
    Ok((Code::new(&lengths)?, Code::new(&[5; 30])?))
}

fn dynamic_codes(bits: &mut Bits) -> Result<(Code, Code), Bad> {
    let literals = bits.take(5)? as usize + 257;
    let distances = bits.take(5)? as usize + 1;
    let code_lengths = bits.take(4)? as usize + 4;
    if literals > 286 || distances > 30 {
        return Err(Bad::Invalid);
    }
    let mut order = [0u8; 19];
    for &at in &CODE_LENGTH_ORDER[..code_lengths] {
        order[at] = bits.take(3)? as u8;
    }
    let lengths_code = Code::new(&order)?;
    let mut lengths = vec![0u8; literals + distances];
    let mut at = 0;
    while at < lengths.len() {
        let symbol = lengths_code.decode(bits)?;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => (
                *lengths.get(at.wrapping_sub(1)).ok_or(Bad::Invalid)?,
                3 + bits.take(2)?,
            ),
            17 => (0, 3 + bits.take(3)?),
            _ => (0, 11 + bits.take(7)?),
        };
        let end = at + repeat as usize;
        lengths.get_mut(at..end).ok_or(Bad::Invalid)?.fill(value);
        at = end;
    }
    // A block with no end-of-block code could never end.
    if lengths[256] == 0 {
        return Err(Bad::Invalid);
    }
    Ok((
        Code::new(&lengths[..literals])?,
        Code::new(&lengths[literals..])?,
    ))
}

/// The bytes `data` holds, at most `limit` of them.
pub fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, Bad> {
    let mut bits = Bits {
        data,
        at: 0,
        held: 0,
        count: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = bits.take(1)? == 1;
        match bits.take(2)? {
            0 => {
                // Stored: whole bytes, after the rest of this one.
                bits.held = 0;
                bits.count = 0;
                let header = data.get(bits.at..bits.at + 4).ok_or(Bad::Invalid)?;
                let length = usize::from(u16::from_le_bytes([header[0], header[1]]));
                if u16::from_le_bytes([header[2], header[3]]) != !(length as u16) {
                    return Err(Bad::Invalid);
                }
                bits.at += 4;
                let stored = data.get(bits.at..bits.at + length).ok_or(Bad::Invalid)?;
                if out.len() + length > limit {
                    return Err(Bad::TooLong);
                }
                out.extend_from_slice(stored);
                bits.at += length;
            }
            kind @ (1 | 2) => {
                let (literals, distances) = if kind == 1 {
                    fixed_codes()?
                } else {
                    dynamic_codes(&mut bits)?
                };
                loop {
                    let symbol = literals.decode(&mut bits)?;
                    match symbol {
                        0..=255 => out.push(symbol as u8),
                        256 => break,
                        _ => {
                            let at = usize::from(symbol - 257);
                            let extra = u32::from(*LENGTH_EXTRA.get(at).ok_or(Bad::Invalid)?);
                            let length = usize::from(LENGTH_BASE[at]) + bits.take(extra)? as usize;
                            let code = usize::from(distances.decode(&mut bits)?);
                            let extra = u32::from(*DISTANCE_EXTRA.get(code).ok_or(Bad::Invalid)?);
                            let distance =
                                usize::from(DISTANCE_BASE[code]) + bits.take(extra)? as usize;
                            let from = out.len().checked_sub(distance).ok_or(Bad::Invalid)?;
                            // Byte by byte: a copy may overlap what it writes.
                            for i in 0..length {
                                out.push(out[from + i]);
                            }
                        }
                    }
                    if out.len() > limit {
                        return Err(Bad::TooLong);
                    }
                }
            }
            _ => return Err(Bad::Invalid),
        }
        if last {
            return Ok(out);
        }
    }
}

// ---- writing -------------------------------------------------------------

/// Bits out, least significant first.
#[derive(Default)]
struct Writer {
    out: Vec<u8>,
    held: u32,
    count: u32,
}

impl Writer {
    fn put(&mut self, value: u32, n: u32) {
        self.held |= value << self.count;
        self.count += n;
        while self.count >= 8 {
            self.out.push(self.held as u8);
            self.held >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code: its bits go most significant first.
    fn code(&mut self, code: u32, n: u32) {
        self.put(code.reverse_bits() >> (32 - n), n);
    }

    /// A literal or length symbol in the fixed code.
    fn symbol(&mut self, symbol: u32) {
        match symbol {
            0..=143 => self.code(0x30 + symbol, 8),
            144..=255 => self.code(0x190 + symbol - 144, 9),
            256..=279 => self.code(symbol - 256, 7),
            _ => self.code(0xc0 + symbol - 280, 8),
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.held as u8);
        }
        self.out
    }
}

/// The last index at or below which `value` is in `table`'s bases.
fn slot(table: &[u16], value: usize) -> usize {
    table.partition_point(|&base| usize::from(base) <= value) - 1
}

/// `data` as one fixed-Huffman DEFLATE block.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    const WINDOW: usize = 32_768;
    const CHAIN: usize = 64;
    let hash = |at: usize| -> usize {
        let key =
            u32::from(data[at]) << 16 | u32::from(data[at + 1]) << 8 | u32::from(data[at + 2]);
        (key.wrapping_mul(2_654_435_761) >> 18) as usize
    };
    // For each hash, the last position it was seen at; for each position,
    // the one before it with the same hash (positions are stored + 1).
    let mut head = vec![0usize; 1 << 14];
    let mut previous = vec![0usize; data.len()];
    let insert = |at: usize, head: &mut [usize], previous: &mut [usize]| {
        if at + 2 < data.len() {
            let h = hash(at);
            previous[at] = head[h];
            head[h] = at + 1;
        }
    };
    let mut out = Writer::default();
    out.put(1, 1); // the last block...
    out.put(1, 2); // ...with the fixed codes
    let mut at = 0;
    while at < data.len() {
        let (mut best, mut from) = (0, 0);
        if at + 2 < data.len() {
            let mut candidate = head[hash(at)];
            for _ in 0..CHAIN {
                let Some(start) = candidate.checked_sub(1).filter(|&s| at - s <= WINDOW) else {
                    break;
                };
                let length = data[start..]
                    .iter()
                    .zip(&data[at..])
                    .take(258)
                    .take_while(|(a, b)| a == b)
                    .count();
                if length > best {
                    (best, from) = (length, start);
                }
                candidate = previous[start];
            }
        }
        if best >= 3 {
            let code = slot(&LENGTH_BASE, best);
            out.symbol(257 + code as u32);
            out.put(
                (best - usize::from(LENGTH_BASE[code])) as u32,
                u32::from(LENGTH_EXTRA[code]),
            );
            let distance = at - from;
            let code = slot(&DISTANCE_BASE, distance);
            out.code(code as u32, 5);
            out.put(
                (distance - usize::from(DISTANCE_BASE[code])) as u32,
                u32::from(DISTANCE_EXTRA[code]),
            );
            for position in at..at + best {
                insert(position, &mut head, &mut previous);
            }
            at += best;
        } else {
            out.symbol(u32::from(data[at]));
            insert(at, &mut head, &mut previous);
            at += 1;
        }
    }
    out.symbol(256);
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back() {
        let texts: [&[u8]; 5] = [
            b"",
            b"a",
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "import asyncio\n\nbalance = 0\n# héllo ✓\n".as_bytes(),
            include_bytes!("../sim/strategy/unsafe_credit.py"),
        ];
        for text in texts {
            let packed = deflate(text);
            assert_eq!(inflate(&packed, 1 << 20).as_deref(), Ok(text), "{text:?}");
        }
        // Every byte value, and matches as far back as the window goes.
        let long: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect();
        assert_eq!(inflate(&deflate(&long), 1 << 20), Ok(long));
    }

    #[test]
    fn a_program_packs_to_a_fraction_of_its_size() {
        let text = include_bytes!("../sim/strategy/counter.py");
        // 706 bytes; zlib's best is 324, this is 374.
        assert!(
            deflate(text).len() * 5 < text.len() * 3,
            "{}",
            deflate(text).len()
        );
    }

    #[test]
    fn stored_blocks_and_limits() {
        // A stored block: BFINAL, type 0, then LEN, NLEN and the bytes.
        let stored = [1, 3, 0, !3, !0, b'a', b'b', b'c'];
        assert_eq!(inflate(&stored, 10), Ok(b"abc".to_vec()));
        assert_eq!(inflate(&stored, 2), Err(Bad::TooLong));
        let mut wrong = stored;
        wrong[3] = 0;
        assert_eq!(inflate(&wrong, 10), Err(Bad::Invalid));
        let bomb = deflate(&vec![b'a'; 100_000]);
        assert!(bomb.len() < 1000);
        assert_eq!(inflate(&bomb, 65_536), Err(Bad::TooLong));
    }

    #[test]
    fn nothing_read_panics() {
        // Every prefix of a real stream, and bytes from a fixed generator.
        let packed = deflate(include_bytes!("../sim/strategy/lock.py"));
        for end in 0..packed.len() {
            let _ = inflate(&packed[..end], 1 << 16);
        }
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let bytes: Vec<u8> = (0..(state % 64) as usize)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            let _ = inflate(&bytes, 1 << 16);
        }
    }
}
