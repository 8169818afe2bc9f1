//! A JSONL record edited in place, for the common record: `reflow.cli.records`
//! (the specification) reads a line with the positions of its fields and
//! writes back only the output field's value; this reads the same line as
//! bytes, so that the command line's records need no Python `str` for their
//! text on the way in or out.
//!
//! [`locate`] takes only what it can read exactly as the Python path does —
//! a JSON object whose keys hold no escapes, the text field a string — and
//! answers None for anything else (invalid JSON, a line that is not an
//! object, a missing or non-string text field, `NaN`, a number of over a
//! thousand characters, nesting past [`MAX_DEPTH`], a byte order mark):
//! the caller then runs the Python path, which takes or refuses the record
//! with its own message. So this is an accelerator, never a second judge:
//! it accepts a subset of what `json` accepts, and where it accepts, it
//! reads the same values.
//!
//! ```
//! use reflow_core::code_points;
//! use reflow_core::jsonl::{locate, write_record};
//!
//! let line = br#"{"id": 7, "text": "a\nb\u00e9"}"#;
//! let record = locate(line, "text", "text").unwrap();
//! assert_eq!(record.text, code_points("a\nbé"));
//! let mut out = Vec::new();
//! write_record(&mut out, line, &record, "text", &code_points("ab\"é"), b"\n");
//! assert_eq!(out, "{\"id\": 7, \"text\": \"ab\\\"é\"}\n".as_bytes());
//! ```

/// Deeper nesting than this is left to the Python path (whose scanner
/// recurses, and refuses past the interpreter's recursion limit).
pub const MAX_DEPTH: usize = 100;

/// A longer number is left to the Python path (`int()` refuses over 4,300
/// digits).
const MAX_NUMBER: usize = 1000;

/// Where the output field's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// The field is there: its value is `line[start..end]`.
    Replace(usize, usize),
    /// It is not: the object that holds its path's first `depth` parts
    /// (the line itself for 0) gets a member before its closing brace at
    /// `close`: the next part, whose value is the rest of the path down to
    /// the field (`Record.set`). `empty`: the object has no members yet.
    Append { close: usize, depth: usize, empty: bool },
}

/// A record [`locate`] read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The text field's value, decoded as `json` decodes it (a pair of
    /// surrogate escapes is one code point; a lone surrogate stays one).
    pub text: Vec<u32>,
    /// Where the output field's value goes.
    pub output: Output,
}

struct Scanner<'a> {
    s: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// JSON white space (`[ \t\n\r]*`, as `records._WS` and `json` read it).
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.i += 1)
    }

    /// A string at `i` (its opening quote): the span of its contents and
    /// whether it holds an escape; `i` then follows its closing quote. None
    /// where `json` (strict) refuses it: a control character, an escape it
    /// does not know, a `\u` without four hex digits, no closing quote.
    fn string(&mut self) -> Option<(usize, usize, bool)> {
        self.expect(b'"')?;
        let start = self.i;
        let mut escaped = false;
        loop {
            self.i = next_special(self.s, self.i);
            match self.peek()? {
                b'"' => {
                    let end = self.i;
                    self.i += 1;
                    return Some((start, end, escaped));
                }
                b'\\' => {
                    escaped = true;
                    match self.s.get(self.i + 1)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i += 2,
                        b'u' => {
                            hex4(self.s.get(self.i + 2..self.i + 6)?)?;
                            self.i += 6;
                        }
                        _ => return None,
                    }
                }
                _ => return None, // (a control character)
            }
        }
    }

    /// A number as `json`'s scanner matches it (`-?(0|[1-9][0-9]*)`, then a
    /// fraction only where a digit follows the point, an exponent only where
    /// digits follow its sign): the same prefix, so that what follows is
    /// judged the same.
    fn number(&mut self) -> Option<()> {
        let start = self.i;
        let digit = |s: &Self, k: usize| s.s.get(k).is_some_and(u8::is_ascii_digit);
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                while digit(self, self.i) {
                    self.i += 1;
                }
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') && digit(self, self.i + 1) {
            self.i += 1;
            while digit(self, self.i) {
                self.i += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            let mut k = self.i + 1;
            if matches!(self.s.get(k), Some(b'+' | b'-')) {
                k += 1;
            }
            if digit(self, k) {
                while digit(self, k) {
                    k += 1;
                }
                self.i = k;
            }
        }
        (self.i - start <= MAX_NUMBER).then_some(())
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        (self.s.get(self.i..self.i + word.len())? == word).then(|| self.i += word.len())
    }

    /// Any JSON value at `i` (white space before it already passed).
    fn value(&mut self, depth: usize) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            // (NaN, Infinity, -Infinity and the rest: the Python path's)
            _ => None,
        }
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        self.object_with(depth, |_, _, _| Some(()))
    }

    /// An object at `i` (its opening brace), each member handed to
    /// `member(key, value start, value end)` as it is read (the key's span,
    /// and whether it holds an escape); None from it, or from the JSON,
    /// stops the scan. `i` then follows the closing brace.
    fn object_with(
        &mut self,
        depth: usize,
        mut member: impl FnMut((usize, usize, bool), usize, usize) -> Option<()>,
    ) -> Option<()> {
        self.sequence(depth, b'{', b'}', |p| {
            let key = p.string()?;
            p.ws();
            p.expect(b':')?;
            p.ws();
            let start = p.i;
            p.value(depth)?;
            member(key, start, p.i)
        })
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        self.sequence(depth, b'[', b']', |p| p.value(depth))
    }

    /// The object or array at `i` (`open` … `close`), its items read by
    /// `item` (the white space before each passed) between commas; `i` then
    /// follows `close`. None past [`MAX_DEPTH`].
    fn sequence(
        &mut self,
        depth: usize,
        open: u8,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.expect(open)?;
        self.ws();
        if self.peek()? == close {
            self.i += 1;
            return Some(());
        }
        loop {
            item(self)?;
            self.ws();
            match self.peek()? {
                b if b == close => {
                    self.i += 1;
                    return Some(());
                }
                b',' => {
                    self.i += 1;
                    self.ws();
                }
                _ => return None,
            }
        }
    }
}

/// A byte a string's scan stops at: its closing quote, an escape, or a
/// control character (which `json` refuses there).
#[inline]
fn special(b: u8) -> bool {
    (b == b'"') | (b == b'\\') | (b < 0x20)
}

/// The index of the first [`special`] byte at or after `from`, or `s.len()`:
/// 32 bytes at a time, branch-free, until a block holds one (the text of a
/// record runs for kilobytes without one).
fn next_special(s: &[u8], from: usize) -> usize {
    let mut i = from.min(s.len());
    while i < s.len() {
        let end = (i + 32).min(s.len());
        let block = &s[i..end];
        if block.iter().fold(false, |found, &b| found | special(b)) {
            return i + block.iter().position(|&b| special(b)).unwrap_or(block.len());
        }
        i = end;
    }
    s.len()
}

/// Four hex digits as a number.
fn hex4(digits: &[u8]) -> Option<u32> {
    digits
        .iter()
        .try_fold(0u32, |n, &d| Some(n * 16 + (d as char).to_digit(16)?))
}

/// The members of the object at `start` (its opening brace): each key's
/// bytes and its value's span, in order; and the index of the closing brace.
/// Reads every value (`depth` deep already); None where the object is not
/// valid JSON or a key holds an escape (`json` would decode it: compared as
/// the Python path compares it).
type Members<'a> = (Vec<(&'a [u8], usize, usize)>, usize);

fn members(line: &[u8], start: usize, depth: usize) -> Option<Members<'_>> {
    let mut p = Scanner { s: line, i: start };
    let mut out = Vec::new();
    p.object_with(depth + 1, |(a, b, escaped), start, end| {
        (!escaped).then(|| out.push((&line[a..b], start, end)))
    })?;
    Some((out, p.i - 1))
}

/// The value span of the last member named `key` (a dict keeps the last).
fn last<'a>(members: &'a Members<'_>, key: &str) -> Option<&'a (&'a [u8], usize, usize)> {
    members.0.iter().rev().find(|m| m.0 == key.as_bytes())
}

/// The record on `line` (its line end already taken off), with its fields
/// `text_key` and `output_key` — dotted paths into nested objects, as
/// `--text-key doc.text` names them (the last of a repeated name at each
/// level, as a `dict` keeps it); None where it is not a record this reads
/// exactly as `reflow.cli.records.Record` does (see the module).
pub fn locate(line: &[u8], text_key: &str, output_key: &str) -> Option<Located> {
    // (Invalid UTF-8, and a byte order mark, which `files.decode` drops: the Python path's.)
    let whole = std::str::from_utf8(line).ok()?;
    let mut p = Scanner { s: line, i: 0 };
    p.ws();
    let top_start = p.i;
    let top = members(line, top_start, 0)?;
    p.i = top.1 + 1;
    p.ws();
    if p.i != line.len() {
        return None; // (extra data)
    }
    // The text field: every part but the last an object (else the Python
    // path's error: a missing field, or one that is not an object).
    let parts: Vec<&str> = text_key.split('.').collect();
    let mut object = None;
    for part in &parts[..parts.len() - 1] {
        let &(_, start, _) = last(object.as_ref().unwrap_or(&top), part)?;
        object = Some(members(line, start, 1)?);
    }
    let &(_, start, end) = last(object.as_ref().unwrap_or(&top), parts[parts.len() - 1])?;
    if line[start] != b'"' {
        return None; // (not a string: the Python path's error)
    }
    let escaped = line[start + 1..end - 1].contains(&b'\\');
    // (start + 1 and end - 1 lie next to quotes, so on character boundaries)
    let text = decode_string(whole.get(start + 1..end - 1)?, escaped);
    // The output field: where its path ends, or where it leaves the record.
    let parts: Vec<&str> = output_key.split('.').collect();
    let mut object: Option<Members<'_>> = None;
    let mut output = None;
    for (depth, part) in parts.iter().enumerate() {
        let here = object.as_ref().unwrap_or(&top);
        match last(here, part) {
            None => {
                output = Some(Output::Append {
                    close: here.1,
                    depth,
                    empty: here.0.is_empty(),
                });
                break;
            }
            Some(&(_, start, end)) if depth == parts.len() - 1 => output = Some(Output::Replace(start, end)),
            Some(&(_, start, _)) => object = Some(members(line, start, 1)?), // (not an object: the Python path's error)
        }
    }
    Some(Located { text, output: output? })
}

/// The code points of a string's contents (whose escapes
/// [`Scanner::string`] checked), as `json.decoder.scanstring` decodes them.
fn decode_string(text: &str, escaped: bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(text.len());
    if !escaped {
        out.extend(text.chars().map(|c| c as u32));
        return out;
    }
    let s = text.as_bytes();
    let mut k = 0;
    while k < s.len() {
        if s[k] != b'\\' {
            let next = s[k..].iter().position(|&b| b == b'\\').map_or(s.len(), |n| k + n);
            out.extend(text[k..next].chars().map(|c| c as u32));
            k = next;
            continue;
        }
        let c = match s[k + 1] {
            b'"' => 0x22,
            b'\\' => 0x5C,
            b'/' => 0x2F,
            b'b' => 0x08,
            b'f' => 0x0C,
            b'n' => 0x0A,
            b'r' => 0x0D,
            b't' => 0x09,
            _ => {
                // \uXXXX; a high surrogate and a low one escaped after it are one code point.
                let c = hex4(&s[k + 2..k + 6]).unwrap_or(0xFFFD);
                if (0xD800..0xDC00).contains(&c) && s.get(k + 6..k + 8) == Some(b"\\u") {
                    if let Some(low @ 0xDC00..=0xDFFF) = s.get(k + 8..k + 12).and_then(hex4) {
                        out.push(0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00));
                        k += 12;
                        continue;
                    }
                }
                out.push(c);
                k += 6;
                continue;
            }
        };
        out.push(c);
        k += 2;
    }
    out
}

/// `text` as a JSON string, as `json.dumps(text, ensure_ascii=False)` writes
/// it, with lone surrogates escaped (`\ud800`), as `records.dumps` escapes
/// them (UTF-8 cannot hold them).
pub fn write_string(out: &mut Vec<u8>, text: &[u32]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(text.len() * 3 + 2);
    out.push(b'"');
    for &c in text {
        if c >= 0x800 {
            if c < 0x10000 {
                if (0xD800..0xE000).contains(&c) {
                    let hex = |k: u32| HEX[((c >> (4 * k)) & 0xF) as usize];
                    out.extend_from_slice(&[b'\\', b'u', hex(3), hex(2), hex(1), hex(0)]);
                } else {
                    out.extend_from_slice(&[
                        0xE0 | (c >> 12) as u8,
                        0x80 | ((c >> 6) & 0x3F) as u8,
                        0x80 | (c & 0x3F) as u8,
                    ]);
                }
            } else if c < 0x110000 {
                out.extend_from_slice(&[
                    0xF0 | (c >> 18) as u8,
                    0x80 | ((c >> 12) & 0x3F) as u8,
                    0x80 | ((c >> 6) & 0x3F) as u8,
                    0x80 | (c & 0x3F) as u8,
                ]);
            } else {
                out.extend_from_slice("\u{FFFD}".as_bytes()); // (no code point is past U+10FFFF)
            }
        } else if c >= 0x80 {
            out.extend_from_slice(&[0xC0 | (c >> 6) as u8, 0x80 | (c & 0x3F) as u8]);
        } else if c >= 0x20 && c != 0x22 && c != 0x5C {
            out.push(c as u8);
        } else {
            match c {
                0x22 => out.extend_from_slice(b"\\\""),
                0x5C => out.extend_from_slice(b"\\\\"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0C => out.extend_from_slice(b"\\f"),
                0x0A => out.extend_from_slice(b"\\n"),
                0x0D => out.extend_from_slice(b"\\r"),
                0x09 => out.extend_from_slice(b"\\t"),
                _ => out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(c >> 4) as usize], HEX[(c & 0xF) as usize]]),
            }
        }
    }
    out.push(b'"');
}

/// The record's line with the output field set to `value` (`Record.set`),
/// then `ending`: every other byte as it was.
pub fn write_record(out: &mut Vec<u8>, line: &[u8], record: &Located, output_key: &str, value: &[u32], ending: &[u8]) {
    match record.output {
        Output::Replace(start, end) => {
            out.extend_from_slice(&line[..start]);
            write_string(out, value);
            out.extend_from_slice(&line[end..]);
        }
        Output::Append { close, depth, empty } => {
            // `{part: {next: … value}}` as json.dumps writes the nested dicts.
            let parts: Vec<Vec<u32>> = output_key
                .split('.')
                .map(|p| p.chars().map(|c| c as u32).collect())
                .collect();
            out.extend_from_slice(&line[..close]);
            if !empty {
                out.extend_from_slice(b", ");
            }
            for (k, part) in parts[depth..].iter().enumerate() {
                if k > 0 {
                    out.push(b'{');
                }
                write_string(out, part);
                out.extend_from_slice(b": ");
            }
            write_string(out, value);
            out.extend(std::iter::repeat_n(b'}', parts.len() - depth - 1));
            out.extend_from_slice(&line[close..]);
        }
    }
    out.extend_from_slice(ending);
}

/// A raw JSONL line taken apart as `process_records` takes it: the line
/// without the `\r` and `\n` at its end (`rstrip("\r\n")`), and the ending
/// its output line gets (`\r\n` where the line had one, else `\n`).
pub fn split_ending(raw: &[u8]) -> (&[u8], &'static [u8]) {
    let ending: &'static [u8] = if raw.ends_with(b"\r\n") { b"\r\n" } else { b"\n" };
    let keep = raw.iter().rposition(|&b| b != b'\r' && b != b'\n').map_or(0, |k| k + 1);
    (&raw[..keep], ending)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code_points;

    fn text_of(line: &str) -> Option<String> {
        locate(line.as_bytes(), "text", "text")
            .map(|r| r.text.iter().map(|&c| char::from_u32(c).unwrap_or('?')).collect())
    }

    #[test]
    fn reads_the_text_field_as_json_does() {
        assert_eq!(text_of(r#"{"text": "株洲"}"#).as_deref(), Some("株洲"));
        assert_eq!(
            text_of(r#"  {"a": [1, {"b": null}], "text":"x\ty\/\"" }  "#).as_deref(),
            Some("x\ty/\"")
        );
        assert_eq!(text_of(r#"{"text": "\ud83d\ude00 \u00E9"}"#).as_deref(), Some("😀 é"));
        // The last of a repeated field, as a dict keeps it.
        assert_eq!(text_of(r#"{"text": "a", "text": "b"}"#).as_deref(), Some("b"));
        let lone = locate(br#"{"text": "\ud800x\udc00\ud800\u0041"}"#, "text", "text").unwrap();
        assert_eq!(lone.text, vec![0xD800, 0x78, 0xDC00, 0xD800, 0x41]);
    }

    #[test]
    fn leaves_everything_else_to_the_python_path() {
        for line in [
            "",
            "[]",
            r#""text""#,
            "{}",
            r#"{"id": 1}"#,
            r#"{"text": 1}"#,
            r#"{"text": "a", "text": null}"#,
            r#"{"te\u0078t": "a"}"#,
            r#"{"text": "a"} x"#,
            r#"{"text": "a",}"#,
            r#"{"text": "a" "b": 1}"#,
            r#"{"text": "a\q"}"#,
            r#"{"text": "a\u12"}"#,
            "{\"text\": \"a\tb\"}",
            r#"{"text": "a", "n": NaN}"#,
            r#"{"text": "a", "n": -Infinity}"#,
            r#"{"text": "a", "n": 01}"#,
            r#"{"text": "a", "n": 1.}"#,
            r#"{"text": "a", "n": 1e}"#,
            r#"{"text": "a", "n": +1}"#,
            r#"{"text": "a", "n": [1,]}"#,
            r#"{"text": "a", "n": tru}"#,
            "\u{feff}{\"text\": \"a\"}",
            r#"{"text": "a""#,
        ] {
            assert_eq!(text_of(line), None, "{line}");
        }
        assert_eq!(locate(b"{\"text\": \"\xff\"}", "text", "text"), None);
        let deep = format!(
            "{{\"text\": \"a\", \"d\": {}{}}}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(text_of(&deep), None);
        let ok = format!(
            "{{\"text\": \"a\", \"d\": {}{}}}",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(text_of(&ok).as_deref(), Some("a"));
        let long = format!("{{\"text\": \"a\", \"n\": {}}}", "1".repeat(MAX_NUMBER + 1));
        assert_eq!(text_of(&long), None);
        assert_eq!(
            text_of(r#"{"text": "a", "n": -0.5e+10, "m": 1E5}"#).as_deref(),
            Some("a")
        );
    }

    #[test]
    fn writes_the_output_field_in_place_or_at_the_end() {
        let line = br#"{"text": "a b", "n": 1.10}"#;
        let record = locate(line, "text", "text").unwrap();
        let mut out = Vec::new();
        write_record(&mut out, line, &record, "text", &code_points("ab"), b"\r\n");
        assert_eq!(out, b"{\"text\": \"ab\", \"n\": 1.10}\r\n");
        let record = locate(line, "text", "clean").unwrap();
        assert_eq!(
            record.output,
            Output::Append {
                close: line.len() - 1,
                depth: 0,
                empty: false
            }
        );
        out.clear();
        write_record(&mut out, line, &record, "clean", &code_points("ab"), b"\n");
        assert_eq!(out, b"{\"text\": \"a b\", \"n\": 1.10, \"clean\": \"ab\"}\n");
        let record = locate(line, "text", "n").unwrap();
        out.clear();
        write_record(&mut out, line, &record, "n", &code_points("ab"), b"\n");
        assert_eq!(out, b"{\"text\": \"a b\", \"n\": \"ab\"}\n");
    }

    #[test]
    fn follows_dotted_paths_into_nested_objects() {
        let line = br#"{"id": 1, "doc": {"meta": {}, "text": "a b", "doc": 2}}"#;
        let record = locate(line, "doc.text", "doc.text").unwrap();
        assert_eq!(record.text, code_points("a b"));
        let mut out = Vec::new();
        write_record(&mut out, line, &record, "doc.text", &code_points("ab"), b"\n");
        assert_eq!(
            out,
            b"{\"id\": 1, \"doc\": {\"meta\": {}, \"text\": \"ab\", \"doc\": 2}}\n"
        );
        // An output path that leaves the record: the rest of it added where it leaves.
        for (key, want) in [
            (
                "doc.clean",
                &br#"{"id": 1, "doc": {"meta": {}, "text": "a b", "doc": 2, "clean": "ab"}}"#[..],
            ),
            (
                "doc.meta.clean",
                br#"{"id": 1, "doc": {"meta": {"clean": "ab"}, "text": "a b", "doc": 2}}"#,
            ),
            (
                "out.x.y",
                br#"{"id": 1, "doc": {"meta": {}, "text": "a b", "doc": 2}, "out": {"x": {"y": "ab"}}}"#,
            ),
        ] {
            let record = locate(line, "doc.text", key).unwrap();
            out.clear();
            write_record(&mut out, line, &record, key, &code_points("ab"), b"");
            assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(want), "{key}");
        }
        // Paths the Python path refuses (or reads another way): left to it.
        assert_eq!(locate(line, "doc.missing", "doc.text"), None);
        assert_eq!(locate(line, "id.text", "doc.text"), None);
        assert_eq!(locate(line, "doc.meta", "doc.text"), None); // (an object, not a string)
        assert_eq!(locate(line, "doc.text", "id.clean"), None); // (id is not an object)
        assert_eq!(locate(br#"{"doc": {"te\u0078t": "a"}}"#, "doc.text", "doc.text"), None);
    }

    #[test]
    fn writes_strings_as_json_dumps_does() {
        let mut out = Vec::new();
        write_string(
            &mut out,
            &[
                0x22, 0x5C, 0x08, 0x0C, 0x0A, 0x0D, 0x09, 0x01, 0x1F, 0x7F, 0x2028, 0xD800, 0xDFFF, 0x1F600, 0x4E00,
            ],
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\u{7f}\u{2028}\\ud800\\udfff😀一\""
        );
    }

    #[test]
    fn splits_the_line_ending_as_rstrip_does() {
        assert_eq!(split_ending(b"{}\r\n"), (&b"{}"[..], &b"\r\n"[..]));
        assert_eq!(split_ending(b"{}\n"), (&b"{}"[..], &b"\n"[..]));
        assert_eq!(split_ending(b"{}"), (&b"{}"[..], &b"\n"[..]));
        assert_eq!(split_ending(b"{}\r\r\n\n"), (&b"{}"[..], &b"\n"[..]));
        assert_eq!(split_ending(b"{} \r"), (&b"{} "[..], &b"\n"[..]));
    }
}
