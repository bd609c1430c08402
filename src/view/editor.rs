//! The learner's program as they edit it: what Tab, Shift+Tab and Enter do
//! to the text (indents of four spaces, as Python's style guide has them),
//! which line the caret is on, and how each line is coloured. Pure, and
//! tested natively; the editor component applies each [`Edit`] to its
//! textarea.
//!
//! Offsets are in UTF-16 code units, as a textarea counts its selection.

/// One level of indentation.
pub const INDENT: usize = 4;

/// The text after a key, and the selection to put back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// The byte index of a UTF-16 offset (clamped to the text).
fn byte_at(text: &str, offset: usize) -> usize {
    let mut units = 0;
    for (index, c) in text.char_indices() {
        if units >= offset {
            return index;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The UTF-16 offset of a byte index.
fn units_at(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].encode_utf16().count()
}

/// The byte range of the lines a selection touches: from the start of the
/// first line to the end of the last (a selection that ends at the start
/// of a line does not touch that line).
fn touched_lines(text: &str, start: usize, end: usize) -> (usize, usize) {
    let first = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let last_end = if end > start && text[..end].ends_with('\n') {
        end - 1
    } else {
        end
    };
    let last = text[last_end..]
        .find('\n')
        .map_or(text.len(), |at| last_end + at);
    (first, last.max(first))
}

fn leading_spaces(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Rewrites each line the selection touches with `change`, keeping the
/// selection on the same text.
fn per_line(text: &str, start: usize, end: usize, change: impl Fn(&str) -> String) -> Edit {
    let (s, e) = (byte_at(text, start), byte_at(text, end));
    let (first, last) = touched_lines(text, s, e);
    let old_lines: Vec<&str> = text[first..last].split('\n').collect();
    let new_lines: Vec<String> = old_lines.iter().map(|line| change(line)).collect();
    let shift =
        |line: usize| -> isize { new_lines[line].len() as isize - old_lines[line].len() as isize };
    let mut out = String::with_capacity(text.len() + 4 * new_lines.len());
    out.push_str(&text[..first]);
    out.push_str(&new_lines.join("\n"));
    out.push_str(&text[last..]);
    // The selection's ends move with their own lines' change, never before the line's start.
    let moved = |at: usize| -> usize {
        let line = text[first..at].matches('\n').count();
        let before: isize = (0..line).map(shift).sum();
        let line_start =
            (first as isize + before + text[first..at].rfind('\n').map_or(0, |p| p + 1) as isize)
                as usize;
        let column = at - (first + text[first..at].rfind('\n').map_or(0, |p| p + 1));
        let new_column = (column as isize + shift(line)).max(0) as usize;
        line_start + new_column.min(new_lines[line].len())
    };
    let (new_start, new_end) = (moved(s.max(first)), moved(e.min(last)));
    Edit {
        start: units_at(&out, new_start),
        end: units_at(&out, new_end),
        text: out,
    }
}

/// Tab: spaces to the next indent stop at the caret, or one indent more
/// for every line of a selection that spans lines.
pub fn indent(text: &str, start: usize, end: usize) -> Edit {
    let (s, e) = (byte_at(text, start), byte_at(text, end));
    if text[s..e].contains('\n') {
        return per_line(text, start, end, |line| {
            if line.trim().is_empty() {
                line.to_string()
            } else {
                format!("{}{line}", " ".repeat(INDENT))
            }
        });
    }
    let line_start = text[..s].rfind('\n').map_or(0, |at| at + 1);
    let column = text[line_start..s].chars().count();
    let spaces = " ".repeat(INDENT - column % INDENT);
    let out = format!("{}{spaces}{}", &text[..s], &text[e..]);
    let caret = units_at(&out, s + spaces.len());
    Edit {
        text: out,
        start: caret,
        end: caret,
    }
}

/// Shift+Tab: every line the selection touches (or the caret's line)
/// moves back to the indent stop before it.
pub fn dedent(text: &str, start: usize, end: usize) -> Edit {
    per_line(text, start, end, |line| {
        let spaces = leading_spaces(line);
        let remove = match spaces % INDENT {
            0 => spaces.min(INDENT),
            partial => partial,
        };
        line[remove..].to_string()
    })
}

/// Enter: a new line indented as this one, one level deeper after a line
/// that opens a block (`:`), one level less after one that ends it
/// (`return`, `pass`, `break`, `continue`, `raise`).
pub fn newline(text: &str, start: usize, end: usize) -> Edit {
    let (s, e) = (byte_at(text, start), byte_at(text, end));
    let line_start = text[..s].rfind('\n').map_or(0, |at| at + 1);
    let before = &text[line_start..s];
    let mut spaces = leading_spaces(before);
    let code = before.split('#').next().unwrap_or_default().trim();
    let first_word = code
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or_default();
    if code.ends_with(':') {
        spaces += INDENT;
    } else if matches!(
        first_word,
        "return" | "pass" | "break" | "continue" | "raise"
    ) {
        spaces = spaces.saturating_sub(INDENT);
    }
    let inserted = format!("\n{}", " ".repeat(spaces));
    let out = format!("{}{inserted}{}", &text[..s], &text[e..]);
    let caret = units_at(&out, s + inserted.len());
    Edit {
        text: out,
        start: caret,
        end: caret,
    }
}

/// The 1-based line an offset is on.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..byte_at(text, offset)].matches('\n').count() + 1
}

/// What a piece of a line is, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shade {
    Plain,
    Keyword,
    /// `print`, `len`, `asyncio`, ...: names Python gives.
    Builtin,
    /// The name a `def` or `class` defines.
    Definition,
    String,
    Number,
    Comment,
}

impl Shade {
    /// The CSS class the code pane colours it with.
    pub fn class(self) -> &'static str {
        match self {
            Shade::Plain => "",
            Shade::Keyword => "tok-keyword",
            Shade::Builtin => "tok-builtin",
            Shade::Definition => "tok-definition",
            Shade::String => "tok-string",
            Shade::Number => "tok-number",
            Shade::Comment => "tok-comment",
        }
    }
}

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

const BUILTINS: [&str; 30] = [
    "print",
    "len",
    "range",
    "min",
    "max",
    "sum",
    "abs",
    "int",
    "str",
    "float",
    "bool",
    "list",
    "dict",
    "tuple",
    "sorted",
    "reversed",
    "enumerate",
    "zip",
    "isinstance",
    "round",
    "repr",
    "any",
    "all",
    "type",
    "self",
    "asyncio",
    "random",
    "time",
    "Exception",
    "ValueError",
];

/// A whole program's lines, each as (shade, text) pieces. A triple-quoted
/// string carries over from line to line; text that is not (yet) Python,
/// as while the learner types, is coloured as far as it reads and never
/// refused.
pub fn shade_lines(source: &str) -> Vec<Vec<(Shade, String)>> {
    let mut open: Option<&'static str> = None;
    source
        .split('\n')
        .map(|line| shade_line(line, &mut open))
        .collect()
}

fn shade_line(line: &str, open: &mut Option<&'static str>) -> Vec<(Shade, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut pieces: Vec<(Shade, String)> = Vec::new();
    let mut push = |shade: Shade, text: String| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some((last, held)) if *last == shade => held.push_str(&text),
            _ => pieces.push((shade, text)),
        }
    };
    let mut i = 0;
    let mut defining = false;
    if let Some(quote) = *open {
        let rest: String = chars.iter().collect();
        match rest.find(quote) {
            Some(at) => {
                let upto = rest[..at + 3].chars().count();
                push(Shade::String, chars[..upto].iter().collect());
                i = upto;
                *open = None;
            }
            None => {
                push(Shade::String, rest);
                return pieces;
            }
        }
    }
    while i < chars.len() {
        let c = chars[i];
        if c == '#' {
            push(Shade::Comment, chars[i..].iter().collect());
            break;
        }
        // A string, with any prefix (f, r, b, rb, ...).
        let prefix = chars[i..]
            .iter()
            .take_while(|c| matches!(c, 'f' | 'F' | 'r' | 'R' | 'b' | 'B' | 'u' | 'U'))
            .count()
            .min(2);
        if let Some(&quote) = chars.get(i + prefix).filter(|q| **q == '\'' || **q == '"') {
            let at_word_start = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
            if prefix == 0 || at_word_start {
                let start = i;
                let body = i + prefix;
                let triple =
                    chars.get(body + 1) == Some(&quote) && chars.get(body + 2) == Some(&quote);
                if triple {
                    let closing: String = std::iter::repeat_n(quote, 3).collect();
                    let rest: String = chars[body + 3..].iter().collect();
                    match rest.find(&closing) {
                        Some(at) => {
                            i = body + 3 + rest[..at].chars().count() + 3;
                        }
                        None => {
                            *open = Some(if quote == '"' { "\"\"\"" } else { "'''" });
                            i = chars.len();
                        }
                    }
                } else {
                    i = body + 1;
                    while i < chars.len() && chars[i] != quote {
                        i += if chars[i] == '\\' { 2 } else { 1 };
                    }
                    i = (i + 1).min(chars.len());
                }
                push(Shade::String, chars[start..i].iter().collect());
                continue;
            }
        }
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '.' || chars[i] == '_')
            {
                i += 1;
            }
            push(Shade::Number, chars[start..i].iter().collect());
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let shade = if defining {
                Shade::Definition
            } else if KEYWORDS.contains(&word.as_str()) {
                Shade::Keyword
            } else if BUILTINS.contains(&word.as_str()) {
                Shade::Builtin
            } else {
                Shade::Plain
            };
            defining = word == "def" || word == "class";
            push(shade, word);
            continue;
        }
        push(Shade::Plain, c.to_string());
        i += 1;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, marker: &str) -> usize {
        text[..text.find(marker).expect("the marker")]
            .encode_utf16()
            .count()
    }

    #[test]
    fn tab_inserts_spaces_to_the_next_stop() {
        let edit = indent("x = 1", 0, 0);
        assert_eq!(
            (edit.text.as_str(), edit.start, edit.end),
            ("    x = 1", 4, 4)
        );
        let edit = indent("ab", 2, 2);
        assert_eq!((edit.text.as_str(), edit.start), ("ab  ", 4));
        // A selection within a line is replaced.
        let edit = indent("a_bc", 1, 2);
        assert_eq!(edit.text, "a   bc");
    }

    #[test]
    fn tab_and_shift_tab_move_every_selected_line() {
        let text = "if x:\ny = 1\nz = 2\nw = 3";
        let (start, end) = (at(text, "y"), at(text, "z") + 1);
        let edit = indent(text, start, end);
        assert_eq!(edit.text, "if x:\n    y = 1\n    z = 2\nw = 3");
        assert_eq!(&edit.text[edit.start..edit.end], "y = 1\n    z");
        let back = dedent(&edit.text, edit.start, edit.end);
        assert_eq!(back.text, text);
        assert_eq!(&back.text[back.start..back.end], "y = 1\nz");
    }

    #[test]
    fn shift_tab_goes_back_to_the_previous_stop_and_no_further() {
        assert_eq!(dedent("      x", 7, 7).text, "    x");
        assert_eq!(dedent("  x", 3, 3).text, "x");
        assert_eq!(dedent("x", 1, 1).text, "x");
        let edit = dedent("        x", 8, 8);
        assert_eq!((edit.text.as_str(), edit.start), ("    x", 4));
    }

    #[test]
    fn enter_keeps_the_indent_and_opens_and_closes_blocks() {
        let text = "async def credit(amount):";
        let edit = newline(text, text.len(), text.len());
        assert_eq!(edit.text, "async def credit(amount):\n    ");
        assert_eq!(edit.start, edit.text.len());
        let text = "    current = balance  # read";
        assert_eq!(
            newline(text, text.len(), text.len()).text,
            format!("{text}\n    ")
        );
        let text = "        return current";
        assert_eq!(
            newline(text, text.len(), text.len()).text,
            format!("{text}\n    ")
        );
    }

    #[test]
    fn offsets_count_utf16_units_as_a_textarea_does() {
        let text = "print('€💸')\nx";
        let end = text.encode_utf16().count();
        assert_eq!(line_of(text, end), 2);
        let edit = indent(text, end - 1, end - 1);
        assert_eq!(edit.text, "print('€💸')\n    x");
        assert_eq!(edit.start, end + 3);
    }

    #[test]
    fn lines_are_coloured_as_python_reads_them() {
        let lines = shade_lines(
            "async def credit(amount):  # one task\n    await asyncio.sleep(0.1)\n    print(f\"{amount}\", 'it''s')",
        );
        let find = |line: usize, shade: Shade| -> Vec<String> {
            lines[line]
                .iter()
                .filter(|(s, _)| *s == shade)
                .map(|(_, t)| t.clone())
                .collect()
        };
        assert_eq!(find(0, Shade::Keyword), vec!["async", "def"]);
        assert_eq!(find(0, Shade::Definition), vec!["credit"]);
        assert_eq!(find(0, Shade::Comment), vec!["# one task"]);
        assert_eq!(find(1, Shade::Keyword), vec!["await"]);
        assert_eq!(find(1, Shade::Builtin), vec!["asyncio"]);
        assert_eq!(find(1, Shade::Number), vec!["0.1"]);
        assert_eq!(find(2, Shade::String), vec!["f\"{amount}\"", "'it''s'"]);
        // Every character is kept, in order.
        let rebuilt: Vec<String> = lines
            .iter()
            .map(|l| l.iter().map(|(_, t)| t.as_str()).collect())
            .collect();
        assert_eq!(rebuilt.join("\n"), "async def credit(amount):  # one task\n    await asyncio.sleep(0.1)\n    print(f\"{amount}\", 'it''s')");
    }

    #[test]
    fn a_triple_quoted_string_runs_over_lines_and_half_typed_code_still_colours() {
        let lines = shade_lines("x = \"\"\"one\ntwo\nthree\"\"\" + 1\nprint('unclosed");
        assert_eq!(lines[1], vec![(Shade::String, "two".to_string())]);
        assert_eq!(lines[2][0], (Shade::String, "three\"\"\"".to_string()));
        assert!(lines[2].contains(&(Shade::Number, "1".to_string())));
        assert_eq!(
            lines[3].last(),
            Some(&(Shade::String, "'unclosed".to_string()))
        );
    }
}
