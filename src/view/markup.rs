//! Markup built as text, for the few drawings where that keeps the download
//! small (the timeline, the code pane, the deadlock ring): one `String`
//! costs far less code than a virtual-DOM node per mark. Every piece of text
//! that goes into such markup goes through [`escape_into`].

/// Appends `text` with the characters HTML and SVG treat specially escaped.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// An SVG coordinate, rounded: integer formatting keeps float formatting
/// out of the download.
pub fn px(value: f64) -> String {
    (value.round() as i64).to_string()
}

/// `value` (at least 0) to the nearest tenth, halves up, "12.5": integer formatting,
/// as [`px`], keeps float formatting out of the download.
pub fn tenths(value: f64) -> String {
    let tenths = (value.max(0.0) * 10.0).round() as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_round_to_the_nearest_tenth_halves_up() {
        let cases = [
            (0.0, "0.0"),
            (0.04, "0.0"),
            (1.0, "1.0"),
            (2.25, "2.3"),
            (9.94, "9.9"),
            (12.5, "12.5"),
            (99.99, "100.0"),
            (1234.56, "1234.6"),
            (-3.0, "0.0"),
        ];
        for (value, shown) in cases {
            assert_eq!(tenths(value), shown, "{value}");
        }
    }

    #[test]
    fn escapes_what_could_open_a_tag_or_close_an_attribute() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(escape("balance += amount  # ok"), "balance += amount  # ok");
        assert_eq!(escape("ü → ✗"), "ü → ✗");
    }

    #[test]
    fn coordinates_are_whole_numbers() {
        assert_eq!(px(63.5), "64");
        assert_eq!(px(-0.4), "0");
        assert_eq!(px(700.0), "700");
    }
}
