//! Python's tokens, as CPython's tokenizer makes them: names, numbers,
//! strings (f-strings split into their text and `{expression}` parts),
//! operators, and the layout tokens NEWLINE, INDENT and DEDENT that turn
//! indentation into blocks. Blank lines and comments make no tokens; inside
//! brackets, and after a backslash, a line break is only space.

use super::error::{ErrorKind, PyError};

/// One piece of an f-string: literal text, or an expression with its
/// format spec (`{x:>8}`), kept as source text with where it starts.
#[derive(Clone, Debug, PartialEq)]
pub enum FPart {
    Text(String),
    Expr {
        source: String,
        line: u32,
        column: u32,
        spec: String,
        /// `{x=}`: the text `x=` comes first, and the value as `repr` shows it.
        debug: bool,
        /// `{x!r}`, `{x!s}`, `{x!a}`: the conversion asked for.
        conversion: Option<char>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Name(String),
    /// Decimal digits of an integer literal (integers do not overflow in
    /// Python: the interpreter decides what it can hold).
    Int(String),
    Float(f64),
    Str(String),
    FStr(Vec<FPart>),
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    End,
}

/// A token and where it starts (1-based line and column).
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub column: u32,
}

/// Longest first, so that `**=` is not read as `**` then `=`.
const OPERATORS: [&str; 47] = [
    "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=",
    "/=", "%=", "&=", "|=", "^=", ":=", "<<", ">>", "@=", "+", "-", "*", "/", "%", "@", "&", "|",
    "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
];

struct Lexer {
    chars: Vec<char>,
    at: usize,
    line: u32,
    line_start: usize,
    out: Vec<Token>,
    /// The open blocks' indentation: tabs as 8 columns, and as 1.
    indents: Vec<(usize, usize)>,
    /// Open brackets, with where each opened.
    brackets: Vec<(char, u32, u32)>,
}

/// The tokens of `source`, ending with NEWLINE (if the last line has
/// tokens), the DEDENTs that close every block, and END.
pub fn tokenize(source: &str) -> Result<Vec<Token>, PyError> {
    let mut lexer = Lexer {
        chars: source.chars().collect(),
        at: 0,
        line: 1,
        line_start: 0,
        out: Vec::new(),
        indents: vec![(0, 0)],
        brackets: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.out)
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl Lexer {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn column(&self) -> u32 {
        (self.at - self.line_start) as u32 + 1
    }

    fn push(&mut self, tok: Tok, line: u32, column: u32) {
        self.out.push(Token { tok, line, column });
    }

    fn error(&self, message: impl Into<String>) -> PyError {
        PyError::syntax(message, self.line, self.column())
    }

    fn newline(&mut self) {
        self.at += 1;
        self.line += 1;
        self.line_start = self.at;
    }

    fn run(&mut self) -> Result<(), PyError> {
        let mut at_line_start = true;
        loop {
            if at_line_start && self.brackets.is_empty() {
                if !self.indentation()? {
                    break;
                }
                at_line_start = false;
            }
            let Some(c) = self.peek(0) else {
                break;
            };
            match c {
                ' ' | '\t' | '\x0c' | '\r' => self.at += 1,
                '#' => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.at += 1;
                    }
                }
                '\n' => {
                    if self.brackets.is_empty() {
                        let (line, column) = (self.line, self.column());
                        self.push(Tok::Newline, line, column);
                        at_line_start = true;
                    }
                    self.newline();
                }
                '\\' => {
                    let after = self.peek(1);
                    if after == Some('\n') {
                        self.at += 1;
                        self.newline();
                    } else if after == Some('\r') && self.peek(2) == Some('\n') {
                        self.at += 2;
                        self.newline();
                    } else {
                        return Err(
                            self.error("unexpected character after line continuation character")
                        );
                    }
                }
                c if c.is_ascii_digit()
                    || (c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) =>
                {
                    self.number()?
                }
                c if is_name_start(c) => self.name_or_string()?,
                '"' | '\'' => {
                    let (line, column) = (self.line, self.column());
                    let text = self.string_body(false)?;
                    self.push(Tok::Str(text), line, column);
                }
                _ => self.operator()?,
            }
        }
        if let Some(&(open, line, column)) = self.brackets.last() {
            return Err(PyError::syntax(
                format!("'{open}' was never closed"),
                line,
                column,
            ));
        }
        let (line, column) = (self.line, self.column());
        if self
            .out
            .last()
            .is_some_and(|t| !matches!(t.tok, Tok::Newline | Tok::Dedent | Tok::Indent))
        {
            self.push(Tok::Newline, line, column);
        }
        for _ in 1..self.indents.len() {
            self.push(Tok::Dedent, line, column);
        }
        self.indents.truncate(1);
        self.push(Tok::End, line, column);
        Ok(())
    }

    /// Reads a line's indentation and makes INDENT or DEDENT tokens;
    /// skips blank and comment-only lines. False at the end of the text.
    /// As CPython's tokenizer does, each level is measured twice, with
    /// tabs as 8 columns and as 1: where the two disagree about the
    /// blocks, tabs and spaces were mixed inconsistently (TabError).
    fn indentation(&mut self) -> Result<bool, PyError> {
        loop {
            let (mut width, mut alt) = (0usize, 0usize);
            while let Some(c) = self.peek(0) {
                match c {
                    ' ' => {
                        width += 1;
                        alt += 1;
                    }
                    '\t' => {
                        width = (width / 8 + 1) * 8;
                        alt += 1;
                    }
                    '\x0c' => (width, alt) = (0, 0),
                    _ => break,
                }
                self.at += 1;
            }
            match self.peek(0) {
                None => return Ok(false),
                Some('\n') => {
                    self.newline();
                    continue;
                }
                Some('\r') if self.peek(1) == Some('\n') => {
                    self.at += 1;
                    self.newline();
                    continue;
                }
                Some('#') => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.at += 1;
                    }
                    continue;
                }
                _ => {}
            }
            let column = self.column();
            let (line, top) = (self.line, |lexer: &Self| {
                *lexer.indents.last().unwrap_or(&(0, 0))
            });
            let tab_error = || {
                PyError::new(
                    ErrorKind::TabError,
                    "inconsistent use of tabs and spaces in indentation",
                    line,
                    column,
                )
            };
            let (current, current_alt) = top(self);
            if width == current {
                if alt != current_alt {
                    return Err(tab_error());
                }
            } else if width > current {
                if alt <= current_alt {
                    return Err(tab_error());
                }
                self.indents.push((width, alt));
                self.push(Tok::Indent, line, column);
            } else {
                while self.indents.len() > 1 && width < top(self).0 {
                    self.indents.pop();
                    self.push(Tok::Dedent, line, column);
                }
                let (level, level_alt) = top(self);
                if width != level {
                    return Err(PyError::new(
                        ErrorKind::IndentationError,
                        "unindent does not match any outer indentation level",
                        line,
                        column,
                    ));
                }
                if alt != level_alt {
                    return Err(tab_error());
                }
            }
            return Ok(true);
        }
    }

    fn number(&mut self) -> Result<(), PyError> {
        let (line, column) = (self.line, self.column());
        let start = self.at;
        let radix = match (self.peek(0), self.peek(1).map(|c| c.to_ascii_lowercase())) {
            (Some('0'), Some('x')) => 16,
            (Some('0'), Some('o')) => 8,
            (Some('0'), Some('b')) => 2,
            _ => 10,
        };
        if radix != 10 {
            self.at += 2;
            let digits_start = self.at;
            while self.peek(0).is_some_and(|c| c.is_digit(radix) || c == '_') {
                self.at += 1;
            }
            let digits: String = self.chars[digits_start..self.at]
                .iter()
                .filter(|&&c| c != '_')
                .collect();
            if digits.is_empty() || self.peek(0).is_some_and(is_name_char) {
                return Err(PyError::syntax("invalid number literal", line, column));
            }
            let decimal = to_decimal(&digits, radix);
            self.push(Tok::Int(decimal), line, column);
            return Ok(());
        }
        let mut float = false;
        while let Some(c) = self.peek(0) {
            if c.is_ascii_digit() || c == '_' {
                self.at += 1;
            } else if c == '.' && !float {
                float = true;
                self.at += 1;
            } else if (c == 'e' || c == 'E')
                && (self.peek(1).is_some_and(|d| d.is_ascii_digit())
                    || (matches!(self.peek(1), Some('+' | '-'))
                        && self.peek(2).is_some_and(|d| d.is_ascii_digit())))
            {
                float = true;
                self.at += 2;
            } else {
                break;
            }
        }
        if self.peek(0).is_some_and(is_name_start) {
            return Err(PyError::syntax("invalid decimal literal", line, column));
        }
        let text: String = self.chars[start..self.at]
            .iter()
            .filter(|&&c| c != '_')
            .collect();
        if float {
            let value = text
                .parse::<f64>()
                .map_err(|_| PyError::syntax("invalid decimal literal", line, column))?;
            self.push(Tok::Float(value), line, column);
        } else {
            let trimmed = text.trim_start_matches('0');
            if trimmed.len() != text.len() && !trimmed.is_empty() {
                return Err(PyError::syntax(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    line,
                    column,
                ));
            }
            self.push(
                Tok::Int(if trimmed.is_empty() {
                    "0".to_owned()
                } else {
                    trimmed.to_owned()
                }),
                line,
                column,
            );
        }
        Ok(())
    }

    fn name_or_string(&mut self) -> Result<(), PyError> {
        let (line, column) = (self.line, self.column());
        let start = self.at;
        while self.peek(0).is_some_and(is_name_char) {
            self.at += 1;
        }
        let name: String = self.chars[start..self.at].iter().collect();
        if matches!(self.peek(0), Some('"' | '\'')) {
            let prefix = name.to_ascii_lowercase();
            match prefix.as_str() {
                "f" | "rf" | "fr" => {
                    let raw = prefix.contains('r');
                    let text = self.string_body(raw)?;
                    let parts = fstring_parts(&text, line, column + name.len() as u32 + 1)?;
                    self.push(Tok::FStr(parts), line, column);
                    return Ok(());
                }
                "r" | "u" => {
                    let text = self.string_body(prefix == "r")?;
                    self.push(Tok::Str(text), line, column);
                    return Ok(());
                }
                "b" | "rb" | "br" => {
                    return Err(PyError::new(
                        ErrorKind::NotInPlayground,
                        "bytes literals are not part of this playground: it runs asyncio programs with text and numbers",
                        line,
                        column,
                    ));
                }
                _ => {}
            }
        }
        self.push(Tok::Name(name), line, column);
        Ok(())
    }

    /// The text of a string literal, the quote at `self.at`; escapes read
    /// unless `raw`. Handles '...', "...", and triple-quoted strings.
    fn string_body(&mut self, raw: bool) -> Result<String, PyError> {
        let (line, column) = (self.line, self.column());
        let quote = self.peek(0).unwrap_or('"');
        let triple = self.peek(1) == Some(quote) && self.peek(2) == Some(quote);
        self.at += if triple { 3 } else { 1 };
        let mut text = String::new();
        loop {
            let Some(c) = self.peek(0) else {
                // CPython counts to the last line with text on it.
                let last = if self.chars.last() == Some(&'\n') {
                    self.line - 1
                } else {
                    self.line
                };
                return Err(if triple {
                    PyError::syntax(
                        format!(
                            "unterminated triple-quoted string literal (detected at line {last})"
                        ),
                        line,
                        column,
                    )
                } else {
                    PyError::syntax(
                        format!("unterminated string literal (detected at line {line})"),
                        line,
                        column,
                    )
                });
            };
            if c == quote
                && (!triple || (self.peek(1) == Some(quote) && self.peek(2) == Some(quote)))
            {
                self.at += if triple { 3 } else { 1 };
                return Ok(text);
            }
            match c {
                '\n' if !triple => {
                    return Err(PyError::syntax(
                        format!("unterminated string literal (detected at line {line})"),
                        line,
                        column,
                    ));
                }
                '\n' => {
                    text.push('\n');
                    self.newline();
                }
                '\\' if raw => {
                    text.push('\\');
                    self.at += 1;
                    if let Some(next) = self.peek(0) {
                        if next == '\n' {
                            text.push('\n');
                            self.newline();
                        } else {
                            text.push(next);
                            self.at += 1;
                        }
                    }
                }
                '\\' => {
                    self.at += 1;
                    let Some(escaped) = self.peek(0) else {
                        continue;
                    };
                    self.at += 1;
                    match escaped {
                        '\n' => {
                            self.line += 1;
                            self.line_start = self.at;
                        }
                        'n' => text.push('\n'),
                        't' => text.push('\t'),
                        'r' => text.push('\r'),
                        '0'..='7' => {
                            // Up to three octal digits: "\033" is ESC.
                            let mut code = escaped.to_digit(8).unwrap_or(0);
                            for _ in 0..2 {
                                match self.peek(0).and_then(|d| d.to_digit(8)) {
                                    Some(d) => {
                                        code = code * 8 + d;
                                        self.at += 1;
                                    }
                                    None => break,
                                }
                            }
                            text.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        'N' => {
                            return Err(PyError::new(
                                ErrorKind::NotInPlayground,
                                "\\N{...} escapes are not part of this playground",
                                line,
                                column,
                            ))
                        }
                        '\\' => text.push('\\'),
                        '\'' => text.push('\''),
                        '"' => text.push('"'),
                        'a' => text.push('\x07'),
                        'b' => text.push('\x08'),
                        'f' => text.push('\x0c'),
                        'v' => text.push('\x0b'),
                        'x' | 'u' | 'U' => {
                            let digits = match escaped {
                                'x' => 2,
                                'u' => 4,
                                _ => 8,
                            };
                            let hex: String = (0..digits).filter_map(|i| self.peek(i)).collect();
                            let code = (hex.len() == digits
                                && hex.chars().all(|c| c.is_ascii_hexdigit()))
                            .then(|| u32::from_str_radix(&hex, 16).ok())
                            .flatten();
                            match code.and_then(char::from_u32) {
                                Some(ch) => {
                                    text.push(ch);
                                    self.at += digits;
                                }
                                None => {
                                    return Err(PyError::syntax(
                                        format!("(unicode error) truncated \\{escaped} escape"),
                                        line,
                                        column,
                                    ))
                                }
                            }
                        }
                        other => {
                            // Python keeps an unknown escape as it is (with a warning).
                            text.push('\\');
                            text.push(other);
                        }
                    }
                }
                c => {
                    text.push(c);
                    self.at += 1;
                }
            }
        }
    }

    fn operator(&mut self) -> Result<(), PyError> {
        let (line, column) = (self.line, self.column());
        for op in OPERATORS {
            let matches = op.chars().enumerate().all(|(i, c)| self.peek(i) == Some(c));
            if !matches {
                continue;
            }
            self.at += op.chars().count();
            match op {
                "(" | "[" | "{" => {
                    self.brackets
                        .push((op.chars().next().unwrap_or('('), line, column))
                }
                ")" | "]" | "}" => {
                    let close = op.chars().next().unwrap_or(')');
                    let open = match close {
                        ')' => '(',
                        ']' => '[',
                        _ => '{',
                    };
                    match self.brackets.pop() {
                        Some((o, _, _)) if o == open => {}
                        Some((o, l, _)) => {
                            let message = if l == line {
                                format!("closing parenthesis '{close}' does not match opening parenthesis '{o}'")
                            } else {
                                format!("closing parenthesis '{close}' does not match opening parenthesis '{o}' on line {l}")
                            };
                            return Err(PyError::syntax(message, line, column));
                        }
                        None => {
                            return Err(PyError::syntax(
                                format!("unmatched '{close}'"),
                                line,
                                column,
                            ))
                        }
                    }
                }
                _ => {}
            }
            self.push(Tok::Op(op), line, column);
            return Ok(());
        }
        let c = self.peek(0).unwrap_or(' ');
        Err(if c == '$' || c == '?' || c == '!' || c == '`' {
            self.error("invalid syntax")
        } else {
            self.error(format!("invalid character '{c}' (U+{:04X})", u32::from(c)))
        })
    }
}

/// `digits` in base `radix` as decimal digits (any length).
fn to_decimal(digits: &str, radix: u32) -> String {
    // Little-endian base 10^9 limbs: big literals stay exact.
    let mut limbs: Vec<u64> = vec![0];
    for c in digits.chars() {
        let mut carry = u64::from(c.to_digit(radix).unwrap_or(0));
        for limb in &mut limbs {
            let value = *limb * u64::from(radix) + carry;
            *limb = value % 1_000_000_000;
            carry = value / 1_000_000_000;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut out = limbs.last().map(|l| l.to_string()).unwrap_or_default();
    for limb in limbs.iter().rev().skip(1) {
        out.push_str(&format!("{limb:09}"));
    }
    out
}

/// Splits an f-string's text into literal parts and `{expression}` parts
/// (`{{` and `}}` are braces). `line`/`column`: where the text starts.
fn fstring_parts(text: &str, line: u32, column: u32) -> Result<Vec<FPart>, PyError> {
    let chars: Vec<char> = text.chars().collect();
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' if chars.get(i + 1) == Some(&'{') => {
                literal.push('{');
                i += 2;
            }
            '}' if chars.get(i + 1) == Some(&'}') => {
                literal.push('}');
                i += 2;
            }
            '}' => {
                return Err(PyError::syntax(
                    "f-string: single '}' is not allowed",
                    line,
                    column + i as u32,
                ))
            }
            '{' => {
                if !literal.is_empty() {
                    parts.push(FPart::Text(std::mem::take(&mut literal)));
                }
                let start = i + 1;
                let mut depth = 0;
                let mut end = None;
                let mut spec_at = None;
                let mut bang_at = None;
                let mut quote: Option<char> = None;
                let mut j = start;
                while j < chars.len() {
                    let c = chars[j];
                    if let Some(q) = quote {
                        if c == q {
                            quote = None;
                        }
                    } else {
                        match c {
                            '\'' | '"' => quote = Some(c),
                            '(' | '[' | '{' => depth += 1,
                            ')' | ']' => depth -= 1,
                            '}' if depth > 0 => depth -= 1,
                            '}' => {
                                end = Some(j);
                                break;
                            }
                            ':' if depth == 0 && spec_at.is_none() => spec_at = Some(j),
                            '!' if depth == 0
                                && spec_at.is_none()
                                && bang_at.is_none()
                                && chars.get(j + 1) != Some(&'=') =>
                            {
                                bang_at = Some(j);
                            }
                            _ => {}
                        }
                    }
                    j += 1;
                }
                let Some(end) = end else {
                    return Err(PyError::syntax(
                        "f-string: expecting '}'",
                        line,
                        column + i as u32,
                    ));
                };
                let conversion = match bang_at {
                    Some(bang) => {
                        let after = spec_at.unwrap_or(end);
                        match chars.get(bang + 1) {
                            Some(&c @ ('r' | 's' | 'a')) if bang + 2 == after => Some(c),
                            _ => return Err(PyError::syntax(
                                "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                                line,
                                column + bang as u32,
                            )),
                        }
                    }
                    None => None,
                };
                let expr_end = bang_at.or(spec_at).unwrap_or(end);
                let mut source: String = chars[start..expr_end].iter().collect();
                let trimmed = source.trim_end().to_owned();
                let debug = trimmed.ends_with('=')
                    && !["==", "!=", "<=", ">="]
                        .iter()
                        .any(|op| trimmed.ends_with(op));
                if debug {
                    parts.push(FPart::Text(source.clone()));
                    source = trimmed[..trimmed.len() - 1].to_owned();
                }
                if source.trim().is_empty() {
                    return Err(PyError::syntax(
                        "f-string: valid expression required before '}'",
                        line,
                        column + i as u32,
                    ));
                }
                let spec: String = spec_at
                    .map(|s| chars[s + 1..end].iter().collect())
                    .unwrap_or_default();
                parts.push(FPart::Expr {
                    source,
                    line,
                    column: column + start as u32,
                    spec,
                    debug,
                    conversion,
                });
                i = end + 1;
            }
            c => {
                literal.push(c);
                i += 1;
            }
        }
    }
    if !literal.is_empty() {
        parts.push(FPart::Text(literal));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<Tok> {
        tokenize(source)
            .expect("tokenizes")
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    fn name(s: &str) -> Tok {
        Tok::Name(s.to_owned())
    }

    #[test]
    fn blocks_come_from_indentation() {
        let toks = kinds("if x:\n    y = 1\n\n    # note\nz\n");
        assert_eq!(
            toks,
            vec![
                name("if"),
                name("x"),
                Tok::Op(":"),
                Tok::Newline,
                Tok::Indent,
                name("y"),
                Tok::Op("="),
                Tok::Int("1".into()),
                Tok::Newline,
                Tok::Dedent,
                name("z"),
                Tok::Newline,
                Tok::End
            ]
        );
    }

    #[test]
    fn brackets_join_lines_and_the_last_line_needs_no_newline() {
        let toks = kinds("f(a,\n  b)");
        assert_eq!(toks.iter().filter(|t| **t == Tok::Newline).count(), 1);
        assert_eq!(toks.last(), Some(&Tok::End));
        let dedents = kinds("def f():\n    return 1")
            .iter()
            .filter(|t| **t == Tok::Dedent)
            .count();
        assert_eq!(dedents, 1);
    }

    #[test]
    fn numbers_strings_and_operators() {
        assert_eq!(kinds("0.1")[0], Tok::Float(0.1));
        assert_eq!(kinds("1_000")[0], Tok::Int("1000".into()));
        assert_eq!(kinds("0xff")[0], Tok::Int("255".into()));
        assert_eq!(
            kinds("0x1_0000_0000_0000_0000")[0],
            Tok::Int("18446744073709551616".into())
        );
        assert_eq!(kinds("1e3")[0], Tok::Float(1000.0));
        assert_eq!(kinds(r#""a\tb\x41""#)[0], Tok::Str("a\tbA".into()));
        assert_eq!(kinds(r#"r"a\tb""#)[0], Tok::Str("a\\tb".into()));
        assert_eq!(kinds(r#""\033[1m\7""#)[0], Tok::Str("\x1b[1m\x07".into()));
        assert_eq!(kinds("'''x\ny'''")[0], Tok::Str("x\ny".into()));
        assert_eq!(kinds("a **= 2")[1], Tok::Op("**="));
        assert_eq!(kinds("a//b")[1], Tok::Op("//"));
    }

    #[test]
    fn fstrings_split_into_text_and_expressions() {
        let Tok::FStr(parts) = &kinds("f\"Final: {balance:,} of {{x}} {d['k']}\"")[0] else {
            panic!("an f-string");
        };
        assert_eq!(parts[0], FPart::Text("Final: ".into()));
        assert!(
            matches!(&parts[1], FPart::Expr { source, spec, .. } if source == "balance" && spec == ",")
        );
        assert_eq!(parts[2], FPart::Text(" of {x} ".into()));
        assert!(matches!(&parts[3], FPart::Expr { source, .. } if source == "d['k']"));
    }

    #[test]
    fn errors_read_like_cpythons() {
        let error = |s: &str| tokenize(s).expect_err("an error");
        let e = error("x = 'abc\ny = 1\n");
        assert_eq!(
            (e.message.as_str(), e.line, e.column),
            ("unterminated string literal (detected at line 1)", 1, 5)
        );
        let e = error("if x:\n        a\n    b\n");
        assert_eq!((e.kind, e.line), (ErrorKind::IndentationError, 3));
        assert_eq!(
            e.message,
            "unindent does not match any outer indentation level"
        );
        let e = error("f(a, [b)\n");
        assert_eq!(
            e.message,
            "closing parenthesis ')' does not match opening parenthesis '['"
        );
        let e = error("x = (1,\n");
        assert_eq!(
            (e.message.as_str(), e.line, e.column),
            ("'(' was never closed", 1, 5)
        );
        assert_eq!(error("x = 1)\n").message, "unmatched ')'");
        assert_eq!(
            error("x = 012\n").message.split(';').next(),
            Some("leading zeros in decimal integer literals are not permitted")
        );
        assert_eq!(error("x = 1a\n").message, "invalid decimal literal");
        assert_eq!(error("x = b'1'\n").kind, ErrorKind::NotInPlayground);
        assert_eq!(
            error("x = f'{}'\n").message,
            "f-string: valid expression required before '}'"
        );
    }
}
