//! The line table: `reflow.lines.split_lines` as columns of numbers.
//!
//! One row per non-blank line, with the fields of `reflow.lines.Line` but its
//! text (`text[start:end]` is the text): `start`, `end` (code point offsets,
//! i.e. Python string indices), `number` (1-based, counting every line
//! `str.splitlines()` yields, blank ones included), `gap` (blank lines since
//! the previous non-blank line), `page` (form feeds before the line),
//! `page_break` (0/1: a form feed since the previous non-blank line), `width`
//! (`chars.width` of the stripped text, in half-cells) and `indent`, which
//! `split_lines` throws away: the width of the white space before the text,
//! the ideographic space U+3000 counting 4 half-cells (a full CJK cell: two of
//! them are the usual paragraph indent) and any other white space 2.
//!
//! Lines end where `str.splitlines()` ends them: `\n`, `\r`, `\r\n`, `\v`,
//! `\f`, `\x1c`, `\x1d`, `\x1e`, `\x85`, U+2028, U+2029. A form feed ends a
//! page too. White space is what `str.strip()` removes (`str.isspace()`).
//!
//! The builder takes code points one at a time (or in chunks), so a caller
//! can feed a huge text in pieces; it holds no text, only the table.

use crate::chars::{self, Classes, PY_SPACE};

/// The column names, in the order [`LineTable::columns`] returns them.
pub const COLUMNS: [&str; 8] = ["start", "end", "number", "gap", "page", "page_break", "width", "indent"];

/// The table, column by column.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LineTable {
    pub start: Vec<i64>,
    pub end: Vec<i64>,
    pub number: Vec<i64>,
    pub gap: Vec<i64>,
    pub page: Vec<i64>,
    pub page_break: Vec<i64>,
    pub width: Vec<i64>,
    pub indent: Vec<i64>,
}

impl LineTable {
    pub fn len(&self) -> usize {
        self.start.len()
    }

    pub fn is_empty(&self) -> bool {
        self.start.is_empty()
    }

    /// The columns in [`COLUMNS`] order.
    pub fn columns(&self) -> [&[i64]; 8] {
        [
            &self.start,
            &self.end,
            &self.number,
            &self.gap,
            &self.page,
            &self.page_break,
            &self.width,
            &self.indent,
        ]
    }

    /// One row, in [`COLUMNS`] order.
    pub fn row(&self, i: usize) -> [i64; 8] {
        self.columns().map(|c| c[i])
    }
}

/// Every line end ([`is_line_end`]) passes: those below U+0020, U+0085 and
/// U+2028/9, in three compares the compiler vectorizes.
#[inline]
pub(crate) fn may_be_line_end(cp: u32) -> bool {
    (cp < 0x20) | (cp == 0x85) | ((cp | 1) == 0x2029)
}

#[inline]
pub(crate) fn is_line_end(cp: u32) -> bool {
    matches!(
        cp,
        0x0A | 0x0B | 0x0C | 0x0D | 0x1C | 0x1D | 0x1E | 0x85 | 0x2028 | 0x2029
    )
}

/// Builds a [`LineTable`] from code points fed in order.
pub struct LineTableBuilder {
    cls: Classes,
    table: LineTable,
    /// Offset of the next code point.
    pos: i64,
    /// Number of the current line (1-based).
    number: i64,
    gap: i64,
    page: i64,
    page_break: bool,
    /// The previous code point was `\r`: a `\n` now completes its line end.
    after_cr: bool,
    // The current line:
    first: Option<i64>,
    last_end: i64,
    indent: i64,
    width: i64,
    width_at_last: i64,
}

impl Default for LineTableBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// The longest run at the start of `text` of characters of U+3001..U+FEFF (CJK
/// text and its punctuation) and printable ASCII: none is a line end or white
/// space, and `chars::width` gives them 2 (ASCII, U+3001..U+303F) or 4. Returns
/// the run's length and summed width.
#[inline]
fn run_width(text: &[u32]) -> (usize, i64) {
    let mut w = 0i64;
    for (k, &cp) in text.iter().enumerate() {
        let cw = if cp.wrapping_sub(0x3040) < 0xFF00 - 0x3040 {
            4
        } else if cp.wrapping_sub(0x3001) < 0x3F || cp.wrapping_sub(0x21) < 0x5E {
            2
        } else {
            return (k, w);
        };
        w += cw;
    }
    (text.len(), w)
}

impl LineTableBuilder {
    pub fn new() -> Self {
        LineTableBuilder {
            cls: Classes::get(),
            table: LineTable::default(),
            pos: 0,
            number: 1,
            gap: 0,
            page: 0,
            page_break: false,
            after_cr: false,
            first: None,
            last_end: 0,
            indent: 0,
            width: 0,
            width_at_last: 0,
        }
    }

    /// Room for `lines` more rows.
    pub fn reserve(&mut self, lines: usize) {
        let t = &mut self.table;
        for column in [
            &mut t.start,
            &mut t.end,
            &mut t.number,
            &mut t.gap,
            &mut t.page,
            &mut t.page_break,
            &mut t.width,
            &mut t.indent,
        ] {
            column.reserve(lines);
        }
    }

    pub fn feed(&mut self, text: &[u32]) {
        let n = text.len();
        let mut i = 0;
        while i < n {
            // The common case first: a run of characters that are neither line
            // ends nor white space and whose widths need no table, summed in
            // one tight loop and taken in at once (see `run_width`).
            if !self.after_cr {
                let (len, w) = run_width(&text[i..]);
                if len > 0 {
                    let pos = self.pos;
                    self.pos += len as i64;
                    if self.first.is_none() {
                        self.first = Some(pos);
                    }
                    self.width += w;
                    self.width_at_last = self.width;
                    self.last_end = self.pos;
                    i += len;
                    if i == n {
                        break;
                    }
                }
            }
            self.push(text[i]);
            i += 1;
        }
    }

    #[inline]
    pub fn push(&mut self, cp: u32) {
        let pos = self.pos;
        self.pos += 1;
        if self.after_cr {
            self.after_cr = false;
            if cp == 0x0A {
                return; // the \n of a \r\n: the line already ended at the \r
            }
        }
        if is_line_end(cp) {
            self.end_line(cp == 0x0C);
            self.after_cr = cp == 0x0D;
            return;
        }
        if self.cls.is(cp, PY_SPACE) {
            if self.first.is_none() {
                self.indent += if cp == 0x3000 { 4 } else { 2 };
            } else {
                self.width += chars::width(cp) as i64;
            }
        } else {
            if self.first.is_none() {
                self.first = Some(pos);
            }
            self.width += chars::width(cp) as i64;
            self.width_at_last = self.width;
            self.last_end = pos + 1;
        }
    }

    /// The current line ends (at a line end or at the end of the text).
    fn end_line(&mut self, form_feed: bool) {
        if let Some(first) = self.first {
            let t = &mut self.table;
            t.start.push(first);
            t.end.push(self.last_end);
            t.number.push(self.number);
            t.gap.push(self.gap);
            t.page.push(self.page);
            t.page_break.push(self.page_break as i64);
            t.width.push(self.width_at_last);
            t.indent.push(self.indent);
            self.gap = 0;
            self.page_break = false;
        } else if !self.table.is_empty() {
            self.gap += 1;
        }
        if form_feed {
            self.page += 1;
            self.page_break = !self.table.is_empty();
        }
        self.number += 1;
        self.first = None;
        self.indent = 0;
        self.width = 0;
        self.width_at_last = 0;
    }

    pub fn finish(mut self) -> LineTable {
        // A last line without a line end (the text does not end with one).
        if self.first.is_some() {
            self.end_line(false);
        }
        self.table
    }
}

/// The line table of a whole text.
pub fn line_table(text: &[u32]) -> LineTable {
    line_table_counted(text).0
}

/// [`line_table`], with the text's lines as `str.splitlines` counts them
/// (a last line no line end closes counts, blank or not) and its form feeds:
/// what the table's reading of every line end knows already, where a
/// section's reader would otherwise count them in two more passes.
pub fn line_table_counted(text: &[u32]) -> (LineTable, i64, i64) {
    let mut b = LineTableBuilder::new();
    // A guess at the rows: newspaper lines run 3 to 25 characters (14 on
    // the benchmark's pages, 24 would leave most sections to grow twice), so
    // one row per 8 characters holds nearly every page at once; it is a
    // section's table, some 50,000 characters at most.
    b.reserve(text.len() / 8 + 8);
    b.feed(text);
    // (`number` is one more than the line ends read, \r\n one end.)
    let lines = b.number - 1 + i64::from(text.last().is_some_and(|&c| !is_line_end(c)));
    let pages = b.page;
    (b.finish(), lines, pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(s: &str) -> Vec<[i64; 8]> {
        let cps: Vec<u32> = s.chars().map(|c| c as u32).collect();
        let t = line_table(&cps);
        (0..t.len()).map(|i| t.row(i)).collect()
    }

    #[test]
    fn line_table_counts_lines_and_form_feeds() {
        for s in ["", "a", "a\n", "a\r\nb\n\nc", "\r\r\n\u{c}x", "  ", "a\n  ", "\u{c}\u{c}", "a\u{2028}b\u{85}", "\r"] {
            let cps: Vec<u32> = s.chars().map(|c| c as u32).collect();
            let (_, lines, pages) = line_table_counted(&cps);
            assert_eq!(lines, s.lines_python(), "{s:?}");
            assert_eq!(pages, s.matches('\u{c}').count() as i64, "{s:?}");
        }
    }

    /// `len(str.splitlines())`, written out for the test.
    trait SplitLines {
        fn lines_python(&self) -> i64;
    }

    impl SplitLines for str {
        fn lines_python(&self) -> i64 {
            let cps: Vec<u32> = self.chars().map(|c| c as u32).collect();
            let mut count = 0;
            let mut i = 0;
            while i < cps.len() {
                let mut j = i;
                while j < cps.len() && !is_line_end(cps[j]) {
                    j += 1;
                }
                count += 1;
                i = if j + 1 < cps.len() && cps[j] == 0x0D && cps[j + 1] == 0x0A { j + 2 } else { j + 1 };
            }
            count
        }
    }

    #[test]
    fn may_be_line_end_holds_every_line_end() {
        for cp in 0..0x110000u32 {
            assert!(!is_line_end(cp) || may_be_line_end(cp), "{cp:#x}");
        }
        assert!(!may_be_line_end('中' as u32) && !may_be_line_end(' ' as u32));
    }

    #[test]
    fn split_lines_doctest() {
        // [('ab', 0, 2, 0), ('c', 5, 6, 1), ('d', 9, 10, 0)]
        let rows = table("ab\n\n c \r\nd");
        let spans: Vec<_> = rows.iter().map(|r| (r[0], r[1], r[3])).collect();
        assert_eq!(spans, [(0, 2, 0), (5, 6, 1), (9, 10, 0)]);
        assert_eq!(rows.iter().map(|r| r[2]).collect::<Vec<_>>(), [1, 3, 4]);
        assert_eq!(rows[1][7], 2); // one ASCII space of indent
    }

    #[test]
    fn pages() {
        let rows = table("a\u{c}b\u{c}\u{c}c");
        assert_eq!(
            rows.iter().map(|r| (r[4], r[5])).collect::<Vec<_>>(),
            [(0, 0), (1, 1), (3, 1)]
        );
        // A form feed before the first line is a page, not a page break.
        assert_eq!(table("\u{c}a")[0][4..6], [1, 0]);
    }

    #[test]
    fn widths_and_indent() {
        let rows = table("\u{3000}\u{3000}中文 a ，\t\n");
        assert_eq!(rows[0][0..2], [2, 8]);
        assert_eq!(rows[0][6], 4 + 4 + 2 + 2); // 中 文 a ，, spaces 0
        assert_eq!(rows[0][7], 8);
    }

    #[test]
    fn separators() {
        // \r alone, \v, \x1c, \x85, U+2028 end lines; \x1f is white space, not a line end.
        let rows = table("a\rb\u{b}c\u{1c}d\u{85}e\u{2028}\u{1f}f");
        assert_eq!(
            rows.iter().map(|r| (r[0], r[2])).collect::<Vec<_>>(),
            [(0, 1), (2, 2), (4, 3), (6, 4), (8, 5), (11, 6)]
        );
        assert!(table("").is_empty() && table("\n\n \r\n").is_empty());
        // Blank lines before the first line are not a gap.
        assert_eq!(table("\n\na\n\n\nb")[1][3], 2);
        assert_eq!(table("\n\na")[0][3], 0);
    }

    #[test]
    fn the_fast_paths_are_push() {
        // feed takes CJK and printable ASCII on a fast path; push takes every
        // character the general way: the tables agree.
        let s: Vec<u32> =
            "\u{3000}中文，\u{3001}〇ぁ\u{feff}\u{ff01}ab~ \r\n\r中 \u{2028}x\u{85}\u{1f}!\u{c}\u{3040}\u{303f}"
                .chars()
                .map(|c| c as u32)
                .chain([0xD800, 0x10FFFF, 0x20, 0x41])
                .collect();
        let mut slow = LineTableBuilder::new();
        for &cp in &s {
            slow.push(cp);
        }
        assert_eq!(line_table(&s), slow.finish());
    }

    #[test]
    fn chunks_give_the_same_table() {
        let s: Vec<u32> = "ab\r\n\r\ncd\r".chars().map(|c| c as u32).collect();
        let whole = line_table(&s);
        let mut b = LineTableBuilder::new();
        for cp in &s {
            b.feed(&[*cp]);
        }
        assert_eq!(b.finish(), whole);
    }
}
