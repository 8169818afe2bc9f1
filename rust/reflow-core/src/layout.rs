//! Layout stages 1-3 (`layout.py`): jump markers split off, line features,
//! the column model. OWNER: the layout port.
//!
//! A port of the Python reference, function by function (the Python names are
//! in the doc comments); `tests/test_differential_layout.py` checks it field
//! for field against `layout.split_markers`, `line_features` and
//! `segment_columns`. The regular expressions of `layout.py` (the cheap
//! *hints* in front of the grammars, `_CLAUSE`, `_CJK_GAP`, …) are plain
//! scans over code points here; each says which pattern it is.
//!
//! Everything is one pass over the line table (or over one line), with no
//! allocation per line beyond the tables themselves (a line's letter-spaced
//! probe and a running head's pieces are read into buffers reused across
//! lines).

use std::collections::HashMap;

use crate::chars::{self, is_markdown_line, Classes, PY_SPACE, RE_SPACE};
use crate::grammar::{
    dateline_length, is_byline, is_folio, is_running_head, is_running_head_if, running_head_has_word,
    running_head_opens,
};
use crate::markers::{may_end_marker, parse_jump, parse_marker, split_trailing_marker, MAX_MARKER_CHARS};
use crate::model::{Columns, Features, JumpMarker, LineKind, LineTexts, Lines, Options};
use crate::tables;

/// `layout.CHAR`, `layout.HANG`.
pub const CHAR: i64 = 4;
pub const HANG: i64 = 2;
/// `layout.MAX_PALETTE`.
pub const MAX_PALETTE: usize = 6;
/// `layout.MIN_COLUMN_LINES`.
pub const MIN_COLUMN_LINES: i64 = 2;

/// `chars.TERMINAL_PUNCT`.
pub const TERMINAL_PUNCT: &str = "。！？!?…．";
/// `chars.CLOSING_BRACKETS`.
pub const CLOSING_BRACKETS: &str = "”’」』）》〉】〕〗)]}";
/// `chars.OPENING_BRACKETS`.
pub const OPENING_BRACKETS: &str = "“‘「『（《〈【〔〖([{";
/// `chars.NO_LINE_START`.
pub const NO_LINE_START: &str = "，。、；：？！）」』》〉】〕〗”’…%‰℃,.;:?!)";
/// `chars.CAPTION_MARKS`.
pub const CAPTION_MARKS: &str = "▲△▼■□◆";
/// `chars.CONTINUING_PUNCT`.
pub const CONTINUING_PUNCT: &str = "，、；：,;:—";
/// `chars.CLAUSE_PUNCT`.
pub const CLAUSE_PUNCT: &str = "，。、；：？！,;";

/// Is the code point one of the characters of `set` (`ch in SET` in Python)?
#[inline(always)]
pub fn in_set(cp: u32, set: &str) -> bool {
    // Inlined with a constant set, the loop folds into comparisons.
    set.chars().any(|c| c as u32 == cp)
}

// The sets of chars.py the per-character scans ask about, and the
// characters the hints start from, as bits of one table (all of them are in
// the Basic Multilingual Plane).
const CLAUSE: u16 = 1;
const CLOSING: u16 = 2;
const TERMINAL: u16 = 4;
const NO_START: u16 = 8;
const CAPTION: u16 = 16;
const CONTINUING: u16 = 32;
/// The punctuation of `_CJK_GAP`'s class: `，。、；：“”（）《》`.
const GAP_PUNCT: u16 = 64;
/// `_MARKER_HINT`'s characters.
const MARKER_CH: u16 = 128;
/// The characters a `_BYLINE_HINT` match can start or end with.
const BYLINE_CH: u16 = 256;
/// The characters a `_FURNITURE_HINT` match can start with.
const FURNITURE_CH: u16 = 512;
/// `_DATELINE_HINT`'s characters.
const DATELINE_CH: u16 = 1024;
/// `_HEAD_HINT`'s characters.
const HEAD_CH: u16 = 2048;
/// Characters no BYLINE match holds (a native shortcut, not a set of
/// chars.py): a BYLINE match is made of Han characters, Latin letters (a
/// name OCR could not read: 本报记者 庄刚 RUT), spaces and tabs, the
/// brackets （(【[ ]】)）, · ・ 、 / ／ : ： and a final 。 — see
/// `patterns.BYLINE`. A line that holds one of these is no byline, so
/// [`row_features`] skips the grammar (the tests insert each into bylines).
const NOT_BYLINE: u16 = 4096;
const NOT_BYLINE_CHARS: &str = "，；？！“”‘’《》「」『』…—－-,.;?!%\"'0123456789";
/// `layout._QUOTE_OPENS`: “ 「 《.
const QUOTE_OPEN: u16 = 8192;
/// `layout._QUOTE_CLOSES`: ” 」 》.
const QUOTE_CLOSE: u16 = 16384;
/// `layout._UNDIRECTED_QUOTES`: " ＂ (a quote mark of no direction).
const QUOTE_UNDIRECTED: u16 = 32768;

/// `_MARKER_HINT`'s characters: the verbs of a jump marker.
const MARKER_CHARS: &str = "转轉接见見";
/// [`MARKER_CHARS`] as code points, for [`is_marker_char`].
const MARKER_CPS: [u32; 5] = ['转' as u32, '轉' as u32, '接' as u32, '见' as u32, '見' as u32];

/// Is `c` one of [`MARKER_CHARS`] (`is(c, MARKER_CH)`, as five compares the
/// compiler vectorizes: [`split_markers_kept`] asks it of every code point of
/// every line)?
#[inline]
fn is_marker_char(c: u32) -> bool {
    let [a, b, d, e, f] = MARKER_CPS;
    (c == a) | (c == b) | (c == d) | (c == e) | (c == f)
}

/// The character sets of the flags, for the table below.
const SETS: [(u16, &str); 16] = [
    (CLAUSE, CLAUSE_PUNCT),
    (CLOSING, CLOSING_BRACKETS),
    (TERMINAL, TERMINAL_PUNCT),
    (NO_START, NO_LINE_START),
    (CAPTION, CAPTION_MARKS),
    (CONTINUING, CONTINUING_PUNCT),
    (GAP_PUNCT, "，。、；：“”（）《》"),
    (MARKER_CH, MARKER_CHARS),
    (BYLINE_CH, "摄攝著撰文图圖记記编編整通实實评評作/／:：（("),
    (FURNITURE_CH, "版编編週0123456789I定零邮郵校星"),
    (DATELINE_CH, "讯訊电電"),
    (HEAD_CH, "年星週报報0123456789"),
    (NOT_BYLINE, NOT_BYLINE_CHARS),
    (QUOTE_OPEN, "“「《"),
    (QUOTE_CLOSE, "”」》"),
    (QUOTE_UNDIRECTED, "\"＂"),
];

/// The table of the sets, built at compile time: a plain static, where a
/// `OnceLock` cost an atomic load and a branch on every character of the
/// per-character scans (which could not hoist it out of their loops).
static SET_TABLE: [u16; 0x10000] = {
    let mut t = [0u16; 0x10000];
    let sets = SETS;
    let mut k = 0;
    while k < sets.len() {
        let (flag, set) = sets[k];
        // The set's characters, decoded from UTF-8 (`str::chars` is not const);
        // all of them are in the Basic Multilingual Plane (at most 3 bytes).
        let b = set.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let (c, len) = if b[i] < 0x80 {
                (b[i] as usize, 1)
            } else if b[i] < 0xE0 {
                ((((b[i] & 0x1F) as usize) << 6) | (b[i + 1] & 0x3F) as usize, 2)
            } else {
                (
                    (((b[i] & 0x0F) as usize) << 12) | (((b[i + 1] & 0x3F) as usize) << 6) | (b[i + 2] & 0x3F) as usize,
                    3,
                )
            };
            t[c] |= flag;
            i += len;
        }
        k += 1;
    }
    t
};

#[inline(always)]
fn set_table() -> &'static [u16; 0x10000] {
    &SET_TABLE
}

/// Is `cp` in the set of `flag`?
#[inline]
fn is(cp: u32, flag: u16) -> bool {
    cp < 0x10000 && set_table()[cp as usize] & flag != 0
}

fn in_ranges(ranges: &[(u32, u32)], cp: u32) -> bool {
    let i = ranges.partition_point(|&(lo, _)| lo <= cp);
    i > 0 && cp <= ranges[i - 1].1
}

/// `\p{Han}` of the `regex` module (a generated table).
#[inline]
pub fn is_han(cp: u32) -> bool {
    (0x4E00..=0x9FFF).contains(&cp) || (cp >= 0x2E80 && in_ranges(&tables::HAN, cp))
}

/// `\d` of the `regex` module (Unicode decimal digits; a generated table).
#[inline]
fn is_re_digit(cp: u32) -> bool {
    if cp < 0x80 {
        chars::is_digit(cp)
    } else {
        in_ranges(&tables::REGEX_DIGIT, cp)
    }
}

#[inline]
fn ch(cp: u32) -> char {
    // Surrogates are no char; U+FFFD stands in (no scanner here looks for it).
    char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Does `s` hold `pat` at `i`?
#[inline]
fn starts_at(s: &[u32], i: usize, pat: &str) -> bool {
    (i..).zip(pat.chars()).all(|(k, c)| s.get(k) == Some(&(c as u32)))
}

/// `str.rstrip()` (white space as `str.isspace()`).
fn rstrip(text: &[u32]) -> &[u32] {
    let cls = Classes::get();
    let mut end = text.len();
    while end > 0 && cls.is(text[end - 1], PY_SPACE) {
        end -= 1;
    }
    &text[..end]
}

/// `str.lstrip()`.
fn lstrip(text: &[u32]) -> &[u32] {
    let cls = Classes::get();
    let mut start = 0;
    while start < text.len() && cls.is(text[start], PY_SPACE) {
        start += 1;
    }
    &text[start..]
}

// --------------------------------------------------------------------------
// The hints (layout.py's cheap regular expressions) as scans
// --------------------------------------------------------------------------

/// `layout._marker_hint`: a verb's character (`_MARKER_HINT`: `[转轉接见見]`),
/// or a line of teasers — a digit last (spaces aside), "P." or "p." in it.
#[inline]
fn marker_hint(s: &[u32]) -> bool {
    s.iter().any(|&c| is(c, MARKER_CH)) || teaser_hint(s)
}

/// The teaser half of [`marker_hint`]: most lines are turned away by their
/// last character.
fn teaser_hint(s: &[u32]) -> bool {
    let cls = Classes::get();
    let Some(end) = s.iter().rposition(|&c| !cls.is(c, PY_SPACE)) else {
        return false;
    };
    matches!(s[end], 0x30..=0x39 | 0xFF10..=0xFF19) && crate::markers::holds_page_dot(&s[..=end])
}

/// `_PAGE_HINT.search`: `[版頁页面]|[Pp]\.?\s?\d`.
fn page_hint(s: &[u32]) -> bool {
    let cls = Classes::get();
    let at = |k: usize| s.get(k).copied();
    for (i, &c) in s.iter().enumerate() {
        match ch(c) {
            '版' | '頁' | '页' | '面' => return true,
            'P' | 'p' => {
                // \.? then \s? then \d: some choice of the optional parts leads to a digit.
                let j = i + 1;
                let dots: &[usize] = if at(j) == Some('.' as u32) { &[j + 1, j] } else { &[j] };
                for &d in dots {
                    if at(d).is_some_and(|x| cls.is(x, RE_SPACE)) && at(d + 1).is_some_and(is_re_digit) {
                        return true;
                    }
                    if at(d).is_some_and(is_re_digit) {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// `_BYLINE_HINT.search`: `记者|記者|通讯员|通訊員|实习生|實習生|[摄攝著]|撰|编辑|編輯|整理|评论员|評論員|作者|[文图圖]\s*[/／:：]`,
/// or `\A[（(].{2,8}[）)]\Z` (a name alone in brackets).
fn byline_hint(s: &[u32]) -> bool {
    // (`.` stops at a newline, which a line never holds.)
    if (4..=10).contains(&s.len()) && matches!(s[0], 0xFF08 | 0x28) && matches!(s[s.len() - 1], 0xFF09 | 0x29) {
        return true;
    }
    let cls = Classes::get();
    // [文图圖]\s*[/／:：]: a 文图圖 seen, then white space only.
    let mut credit = false;
    for (i, &c) in s.iter().enumerate() {
        if !is(c, BYLINE_CH) {
            if !cls.is(c, RE_SPACE) {
                credit = false;
            }
            continue;
        }
        match ch(c) {
            '摄' | '攝' | '著' | '撰' => return true,
            '/' | '／' | ':' | '：' if credit => return true,
            '文' | '图' | '圖' => {
                credit = true;
                continue;
            }
            '记' | '記' if starts_at(s, i + 1, "者") => return true,
            '编' if starts_at(s, i + 1, "辑") => return true,
            '編' if starts_at(s, i + 1, "輯") => return true,
            '整' if starts_at(s, i + 1, "理") => return true,
            '通' if starts_at(s, i + 1, "讯员") || starts_at(s, i + 1, "訊員") => return true,
            '实' if starts_at(s, i + 1, "习生") => return true,
            '實' if starts_at(s, i + 1, "習生") => return true,
            '作' if starts_at(s, i + 1, "者") => return true,
            '评' if starts_at(s, i + 1, "论员") => return true,
            '評' if starts_at(s, i + 1, "論員") => return true,
            _ => {}
        }
        if !cls.is(c, RE_SPACE) {
            credit = false;
        }
    }
    false
}

/// `_FURNITURE_HINT.search`: `版|编|編|ISSN|定价|定價|零售|出版物|邮发|郵發|校对|校對|美编|美編|星期|週|[0-9]`
/// (出版物, 美编, 美編 hold 版, 编, 編: they need no test of their own).
fn furniture_hint(s: &[u32]) -> bool {
    for (i, &c) in s.iter().enumerate() {
        if !is(c, FURNITURE_CH) {
            continue;
        }
        let hit = match ch(c) {
            '版' | '编' | '編' | '週' | '0'..='9' => true,
            'I' => starts_at(s, i + 1, "SSN"),
            '定' => starts_at(s, i + 1, "价") || starts_at(s, i + 1, "價"),
            '零' => starts_at(s, i + 1, "售"),
            '邮' => starts_at(s, i + 1, "发"),
            '郵' => starts_at(s, i + 1, "發"),
            '校' => starts_at(s, i + 1, "对") || starts_at(s, i + 1, "對"),
            '星' => starts_at(s, i + 1, "期"),
            _ => false,
        };
        if hit {
            return true;
        }
    }
    false
}

/// `layout.line_dateline`: the length of the dateline that opens `text` (a
/// line, or a block's text), read as a line's features read it.
pub fn line_dateline(text: &[u32]) -> usize {
    // Where the characters the grammar reads (MAX_GRAMMAR_CHARS) hold no space
    // or tab, the probe is the text itself there, however the rest is spaced
    // (despacing only takes spaces and tabs out): read them alone, not the
    // whole of a long block's text.
    let head = &text[..text.len().min(crate::grammar::MAX_GRAMMAR_CHARS)];
    if !head.iter().any(|&c| c == 0x20 || c == 0x09) {
        return dateline_on(head, head, false);
    }
    let mut spaced = Vec::new();
    let despaced = text.contains(&0x20) && despace_into(text, &mut spaced);
    dateline_on(text, if despaced { &spaced } else { text }, despaced)
}

/// [`line_dateline`] on a probe already made (`despaced`: `probe` is `text`
/// less its spaces, else `text` itself).
fn dateline_on(text: &[u32], probe: &[u32], despaced: bool) -> usize {
    if !dateline_hint(probe) {
        return 0;
    }
    let dl = dateline_length(probe);
    if dl == 0 {
        // Read again without the spaces between a Chinese character and a
        // digit or another Chinese character before the hint (新华社北京8月
        // 19日电, 本報 特訊）: `layout._HEAD_SPACE`).
        let h = probe.iter().take(40).position(|&c| is(c, DATELINE_CH)).unwrap_or(0);
        if !probe[..h].contains(&0x20) {
            return 0;
        }
        let mut closed = close_head_spaces(&probe[..h]);
        if closed.len() == h {
            return 0;
        }
        closed.extend_from_slice(&probe[h..]);
        let dl = dateline_length(&closed);
        return if dl != 0 { original_length(text, &closed, dl) } else { 0 };
    }
    if dl != 0 && despaced {
        original_length(text, probe, dl)
    } else {
        dl
    }
}

/// `layout._HEAD_SPACE.sub("", s)`: `s` less the runs of spaces between a
/// Han character and an ASCII digit (in either order) or another Han
/// character.
fn close_head_spaces(s: &[u32]) -> Vec<u32> {
    let digit = chars::is_digit;
    let mut out = Vec::with_capacity(s.len());
    let mut k = 0;
    while k < s.len() {
        if s[k] != 0x20 {
            out.push(s[k]);
            k += 1;
            continue;
        }
        let mut e = k;
        while e < s.len() && s[e] == 0x20 {
            e += 1;
        }
        let before = k.checked_sub(1).map(|b| s[b]);
        let after = s.get(e).copied();
        let gone = match (before, after) {
            (Some(b), Some(a)) => ((digit(b) || is_han(b)) && is_han(a)) || (is_han(b) && digit(a)),
            _ => false,
        };
        if !gone {
            out.extend_from_slice(&s[k..e]);
        }
        k = e;
    }
    out
}

/// Is the dateline hint (讯 訊 电 電) anywhere in `s`? (No dateline opens a
/// text that holds none: see [`dateline_on`].)
pub(crate) fn dateline_hint_anywhere(s: &[u32]) -> bool {
    s.iter().any(|&c| is(c, DATELINE_CH))
}

/// Is the dateline hint among the first `k` characters of `text` that are
/// not spaces or tabs — where despacing (which takes out only those) could
/// bring it into a probe's first `k`? No dateline is read without it there
/// ([`dateline_on`]: the hint in the probe's first 40).
pub(crate) fn hint_within(text: &[u32], k: usize) -> bool {
    let mut seen = 0usize;
    for &c in text {
        if is(c, DATELINE_CH) {
            return true;
        }
        if c != 0x20 && c != 0x09 {
            seen += 1;
            if seen >= k {
                return false;
            }
        }
    }
    false
}

/// `layout.dateline_hint` (`_DATELINE_HINT.search(probe, 0, 40)`): `[讯訊电電]`
/// in the first 40 characters.
pub(crate) fn dateline_hint(s: &[u32]) -> bool {
    // (the four code points compared, not the class table: asked of every
    // block of several lines, `blocks::joined_dateline`)
    s[..s.len().min(40)].iter().any(|&c| matches!(c, 0x8BAF | 0x8A0A | 0x7535 | 0x96FB))
}

/// `_HEAD_HINT.search`: `[年星週报報]|[0-9]`.
fn head_hint(s: &[u32]) -> bool {
    s.iter().any(|&c| is(c, HEAD_CH))
}

/// `_CLAUSE.search`: any of `chars.CLAUSE_PUNCT`.
fn has_clause(s: &[u32]) -> bool {
    s.iter().any(|&c| is(c, CLAUSE))
}

/// `len(_CJK_PUNCT.findall(s))`: `[\u2000-\u203f\u3000-\u303f\uff00-\uff3f]`.
pub(crate) fn cjk_punct_count(s: &[u32]) -> i64 {
    // The three ranges are the 64-code-point blocks at 0x2000, 0x3000 and
    // 0xFF00: one shift and three compares a character (every line of every
    // reading goes through this).
    chars::count_where(s, |c| matches!(c >> 6, 0x80 | 0xC0 | 0x3FC)) as i64
}

/// The hints of one line, for the differential tests: `_MARKER_HINT`,
/// `_PAGE_HINT`, `_BYLINE_HINT`, `_FURNITURE_HINT`, `_DATELINE_HINT` (first 40
/// characters), `_HEAD_HINT`, `_CLAUSE` (each 0/1), `len(_CJK_PUNCT.findall)`,
/// `len(_HAN.findall)`.
pub fn line_hints(s: &[u32]) -> [i64; 9] {
    [
        marker_hint(s) as i64,
        page_hint(s) as i64,
        byline_hint(s) as i64,
        furniture_hint(s) as i64,
        dateline_hint(s) as i64,
        head_hint(s) as i64,
        has_clause(s) as i64,
        cjk_punct_count(s),
        s.iter().filter(|&&c| is_han(c)).count() as i64,
    ]
}

// --------------------------------------------------------------------------
// 1. Markers
// --------------------------------------------------------------------------

/// `layout.split_markers`: jump markers — whole lines, a marker split over
/// two short lines, markers at the end or start of a body line (split off
/// into a row of their own). Returns the new table and the marker of each
/// marker row.
pub fn split_markers(t: Lines) -> (Lines, HashMap<usize, JumpMarker>) {
    let (t, found, _) = split_markers_kept(t);
    (t, found)
}

/// `layout.GLYPH_RUN`: the fewest lines of one character each that read as
/// one printed line printed a glyph to a line.
pub const GLYPH_RUN: usize = 3;

/// `layout._glyph_line`: is `text` (a stripped line) one character, not ASCII?
#[inline]
pub(crate) fn glyph_line(text: &[u32]) -> bool {
    text.len() == 1 && text[0] >= 0x80
}

/// `layout.join_glyph_runs`: lines of one character each, `GLYPH_RUN` or
/// more in a row with at most one blank line (and no form feed) between, made one row
/// spanning them — a printed line an extraction gave a glyph to a line. True
/// where it joined any.
pub fn join_glyph_runs(t: Lines) -> (Lines, bool) {
    let n = t.len();
    let texts = &t.text;
    // The first of three glyph lines in a row (most sections have none).
    let mut run = 0usize;
    let Some(first) = (0..n).find(|&k| {
        run = if glyph_line(&texts[k]) { run + 1 } else { 0 };
        run == GLYPH_RUN
    }) else {
        return (t, false);
    };
    let first = first + 1 - GLYPH_RUN;
    let mut out = Lines {
        text: LineTexts::with_capacity(n, texts.chars_in(0, n)),
        ..Lines::default()
    };
    for k in 0..first {
        copy_row(&mut out, &t, k);
    }
    let (mut i, mut joined_any) = (first, false);
    while i < n {
        let mut j = i + 1;
        if glyph_line(&texts[i]) {
            while j < n && glyph_line(&texts[j]) && t.gap[j] <= 1 && !t.page_break[j] {
                j += 1;
            }
        }
        if j - i >= GLYPH_RUN {
            let joined: Vec<u32> = (i..j).map(|k| texts[k][0]).collect();
            out.append(joined, t.start[i], t.end[j - 1], t.number[i], t.gap[i], t.page[i], t.page_break[i], t.indent[i]);
            joined_any = true;
        } else {
            j = i + 1;
            copy_row(&mut out, &t, i);
        }
        i = j;
    }
    if !joined_any {
        return (t, false);
    }
    (out, true)
}

/// `layout.glyph_joins`: of a rendering's `m` lines (`glyph(j)`: line `j`,
/// stripped, is one character and not ASCII), those a reading of it would
/// join to the line before as a glyph run: three such lines or more in a row.
pub fn glyph_joins(m: usize, glyph: impl Fn(usize) -> bool) -> Vec<bool> {
    let mut out = vec![false; m];
    let mut run = 0usize;
    for j in 0..m {
        run = if glyph(j) { run + 1 } else { 0 };
        if run == GLYPH_RUN {
            // The run's lines but its first (each line is flagged once).
            for flag in &mut out[j + 2 - GLYPH_RUN..=j] {
                *flag = true;
            }
        } else if run > GLYPH_RUN {
            out[j] = true;
        }
    }
    out
}

/// [`split_markers`], and whether it kept every row as it was (it cut,
/// joined or moved none: the markers it found are whole lines, each one by
/// its own text). A row's outcome depends only on it and the two rows after
/// it (the settle step's reflowed rounds rely on this: `document::RenderedRound`).
pub(crate) fn split_markers_kept(t: Lines) -> (Lines, HashMap<usize, JumpMarker>, bool) {
    let mut found = HashMap::new();
    // Each line's hint ([`marker_hint`]), read once: the lines that hold a
    // verb's character are found in one scan of the section's text (most
    // lines hold none; a scan line by line, with its exit after every code
    // point, was 3.4% of `reflow()`'s instructions, callgrind), the teaser
    // half is asked of each line's last characters.
    let verbs = t.text.lines_where(is_marker_char);
    let hints: Vec<bool> = verbs
        .iter()
        .zip(t.text.iter())
        .map(|(&verb, text)| verb || teaser_hint(text))
        .collect();
    if !hints.contains(&true) {
        return (t, found, true);
    }
    let n = t.len();
    let mut rb = Rebuilt { src: &t, out: None };
    let mut i = 0;
    while i < n {
        let text: &[u32] = &t.text[i];
        let (start, number, gap, page, page_break, indent) = (
            t.start[i],
            t.number[i],
            t.gap[i],
            t.page[i],
            t.page_break[i],
            t.indent[i],
        );
        // (what the rows split off this line keep of it)
        let row = Row {
            start,
            number,
            gap,
            page,
            page_break,
            indent,
        };
        let hinted = hints[i];
        if !hinted {
            // (The next line may hold a marker's rest; or, where this one is
            // short and opens with a bracket, all the marker but that bracket,
            // text after it.)
            let opens = || text.len() <= ACROSS && text.first().is_some_and(|&c| is_marker_first(c));
            if !(i + 1 < n && hints[i + 1] && (t.text[i + 1].len() <= ACROSS || opens())) {
                rb.keep(i);
                i += 1;
                continue;
            }
        } else if let Some(marker) = parse_marker(text).or_else(|| spaced_marker(text)) {
            found.insert(rb.len(i), marker);
            rb.keep(i);
            i += 1;
            continue;
        }
        if let Some((cut, k, marker, tail)) = marker_across(&t, text, i) {
            let last = i + k - 1;
            let last_text: &[u32] = &t.text[last];
            let mut joined = text.to_vec();
            for j in i + 1..last {
                joined.extend_from_slice(&t.text[j]);
            }
            joined.extend_from_slice(&last_text[..tail]);
            let end_last = if tail == last_text.len() {
                t.end[last]
            } else {
                t.start[last] + tail as i64
            };
            if cut > 0 {
                // The marker opens at the end of a body line.
                append_rows(rb.out(i), &mut found, text, segment_rows(text, 0, cut, true).0, row);
                found.insert(rb.len(i), marker);
                rb.out(i)
                    .append(&joined[cut..], start + cut as i64, end_last, number, 0, page, false, 0);
            } else {
                found.insert(rb.len(i), marker);
                rb.out(i)
                    .append(joined, start, end_last, number, gap, page, page_break, 0);
            }
            if tail < last_text.len() {
                // Text after the marker on its last line: rows of its own.
                let rows = segment_rows(last_text, tail, last_text.len(), true).0;
                let rest = Row {
                    start: t.start[last],
                    number: t.number[last],
                    gap: 0,
                    page: t.page[last],
                    page_break: false,
                    indent: 0,
                };
                append_rows(rb.out(i), &mut found, last_text, rows, rest);
            }
            i += k;
            continue;
        }
        if !hinted {
            rb.keep(i);
            i += 1;
            continue;
        }
        // Markers at the end or start of a body line, or between other
        // columns' text, set off by spaces after it (pdftotext sets side-by-side
        // columns on one line): split off into rows of their own.
        if page_hint(text) {
            let (mut rows, mut split) = segment_rows(text, 0, text.len(), false);
            if !split && text.iter().any(|&c| c == 0x20 || c == 0x09) {
                (rows, split) = spaced_rows(text);
            }
            if split {
                append_rows(rb.out(i), &mut found, text, rows, row);
                i += 1;
                continue;
            }
        }
        // A whole-line marker that lost a bracket to OCR.
        if let Some(marker) = crate::markers::parse_lost_bracket(text) {
            found.insert(rb.len(i), marker);
        }
        rb.keep(i);
        i += 1;
    }
    match rb.out {
        Some(out) => (out, found, false),
        None => (t, found, true),
    }
}

/// What [`append_rows`] keeps of the line it cuts: where the line starts
/// in the input, and its number, blank lines before it, page, page break and
/// indent.
#[derive(Clone, Copy)]
struct Row {
    start: i64,
    number: i64,
    gap: i64,
    page: i64,
    page_break: bool,
    indent: i64,
}

/// A row [`segment_rows`] makes of a line: (from, to, its marker if it is one), in the line.
type SegmentRow = (usize, usize, Option<JumpMarker>);

/// `layout._segment_rows`: the rows `split_markers` makes of `line[lo..hi]`,
/// a line or (`piece`) what is left of one beside a jump marker, in line
/// order, and whether a marker was split off: each marker that opens the
/// text (again after it, as long as one is found), each that closes it
/// (likewise), one set off by spaces after it between other text (what
/// follows it read so again), and each text between, a marker row itself
/// where it is a whole marker ([`whole_marker`]; a line left whole is read
/// so by `split_markers` itself). 下轉13版 記（下轉第九版）, 正文 （转4版） （转5版）,
/// 下转A2版①下转A3版②: split one at a time, reading the output back found the others.
fn segment_rows(line: &[u32], lo: usize, hi: usize, piece: bool) -> (Vec<SegmentRow>, bool) {
    let (mut lo, mut hi) = (lo, hi);
    let mut rows: Vec<SegmentRow> = Vec::new();
    let mut closing: Vec<Vec<SegmentRow>> = Vec::new(); // each stretch's closing markers, the last first
    let mut split = false;
    let (first, end) = loop {
        while let Some((marker, at)) = crate::markers::leading_at(&line[lo..hi]) {
            let rest = lo + at;
            rows.push((skip_space(line, lo, rest), strip_end(line, lo, rest), Some(marker)));
            lo = rest;
            split = true;
        }
        let first = skip_space(line, lo, hi);
        let mut tails = Vec::new();
        let end = tails_of(line, first, hi, &mut tails);
        let closed = !tails.is_empty();
        closing.push(tails);
        let Some((cut, marker, at)) = crate::markers::inner_at(line, first, end) else {
            split |= closed;
            break (first, end);
        };
        split = true;
        // The text before it opens with no marker (read above) and holds none
        // set off by spaces (this is the first); it may end with some.
        let mut before = Vec::new();
        let stop = strip_end(line, first, tails_of(line, first, cut, &mut before));
        if stop > first {
            rows.push((first, stop, whole_marker(&line[first..stop])));
        }
        rows.extend(before.into_iter().rev());
        let mstart = marker_start(line, cut, &marker);
        rows.push((mstart, strip_end(line, mstart, at), Some(marker)));
        (lo, hi) = (at, end);
    };
    let stop = strip_end(line, first, end);
    if stop > first {
        let marker = if split || piece {
            whole_marker(&line[first..stop])
        } else {
            None
        };
        rows.push((first, stop, marker));
    }
    for tails in closing.into_iter().rev() {
        rows.extend(tails.into_iter().rev());
    }
    (rows, split)
}

/// `layout._tails`: split the jump markers that close `line[first..end]` off
/// it, the last first, into `tails`; where the text before them ends.
fn tails_of(line: &[u32], first: usize, end: usize, tails: &mut Vec<SegmentRow>) -> usize {
    let mut end = end;
    while let Some((cut, marker)) = crate::markers::trailing_at(&line[..end], first) {
        let at = marker_start(line, cut, &marker);
        tails.push((at, strip_end(line, at, end), Some(marker)));
        end = cut;
    }
    end
}

/// `layout._spaced_rows`: [`segment_rows`] of a letter-spaced line read on
/// its probe, or of another with a run of spaces read with each run one
/// space, the rows mapped back onto the line as printed (a marker's `raw`
/// its text as printed).
fn spaced_rows(line: &[u32]) -> (Vec<SegmentRow>, bool) {
    let mut probe = Vec::new();
    // (a letter-spaced line less its spacing, or any other with each run of
    // spaces one space: `despace`)
    if !despace_into(line, &mut probe) || probe == line {
        return (Vec::new(), false);
    }
    let (rows, split) = segment_rows(&probe, 0, probe.len(), false);
    if !split {
        return (Vec::new(), false);
    }
    let at = probe_positions(line, &probe);
    let rows = rows
        .into_iter()
        .map(|(a, b, marker)| {
            let (a, b) = (at[a], at[b - 1] + 1);
            let marker = marker.map(|mut m| {
                m.raw = line[a..b].to_vec();
                m
            });
            (a, b, marker)
        })
        .collect();
    (rows, true)
}

/// `layout._append_rows`: the `rows` of `line` ([`segment_rows`]) as rows of
/// `out`, their markers in `found`; `row.start`: where `line` starts in the
/// input. The first row keeps the line's blank lines before it, page break
/// and indent.
fn append_rows(out: &mut Lines, found: &mut HashMap<usize, JumpMarker>, line: &[u32], rows: Vec<SegmentRow>, row: Row) {
    for (k, (a, b, marker)) in rows.into_iter().enumerate() {
        if let Some(marker) = marker {
            found.insert(out.len(), marker);
        }
        let (s, e) = (row.start + a as i64, row.start + b as i64);
        if k == 0 {
            out.append(
                &line[a..b],
                s,
                e,
                row.number,
                row.gap,
                row.page,
                row.page_break,
                row.indent,
            );
        } else {
            out.append(&line[a..b], s, e, row.number, 0, row.page, false, 0);
        }
    }
}

/// `markers.skip_space`: the first index in `line[lo..hi]` that is not white space (`hi` if none).
fn skip_space(line: &[u32], lo: usize, hi: usize) -> usize {
    hi - lstrip(&line[lo..hi]).len()
}

/// `layout._strip_end`: the end of `line[lo..hi]` less the white space it ends with.
fn strip_end(line: &[u32], lo: usize, hi: usize) -> usize {
    lo + rstrip(&line[lo..hi]).len()
}

/// `layout._whole_marker`: a piece of a line, what is left once jump markers
/// are split off it, read as a line of its own is: a whole marker (as
/// printed, spaced out letter by letter, or less a bracket OCR lost), or None.
fn whole_marker(piece: &[u32]) -> Option<JumpMarker> {
    if !marker_hint(piece) {
        return None;
    }
    parse_marker(piece)
        .or_else(|| spaced_marker(piece))
        .or_else(|| crate::markers::parse_lost_bracket(piece))
}

/// The table [`split_markers`] builds, made only when a row changes: until
/// then it is the rows of `src` as they are, which stays the table.
struct Rebuilt<'a> {
    src: &'a Lines,
    out: Option<Lines>,
}

impl Rebuilt<'_> {
    /// Row `i` of the source, unchanged, is the next row.
    fn keep(&mut self, i: usize) {
        if let Some(out) = &mut self.out {
            copy_row(out, self.src, i);
        }
    }

    /// The number of rows so far, at source row `i`.
    fn len(&self, i: usize) -> usize {
        self.out.as_ref().map_or(i, |out| out.len())
    }

    /// The table, at source row `i` (the rows before it copied in, the first time).
    fn out(&mut self, i: usize) -> &mut Lines {
        let t = self.src;
        self.out.get_or_insert_with(|| {
            let n = t.len();
            let mut out = Lines {
                text: LineTexts::with_capacity(n + 8, t.text.chars_in(0, n) + 8),
                ..Lines::default()
            };
            for k in 0..i {
                copy_row(&mut out, t, k);
            }
            out
        })
    }
}

/// Row `i` of `t`, as it is, appended to `out`.
fn copy_row(out: &mut Lines, t: &Lines, i: usize) {
    out.append_with_width(
        &t.text[i],
        t.width[i],
        t.start[i],
        t.end[i],
        t.number[i],
        t.gap[i],
        t.page[i],
        t.page_break[i],
        t.indent[i],
    );
}

/// `layout._ACROSS`: the longest line that can hold nothing but the end of a
/// marker broken over two lines.
const ACROSS: usize = 12;

/// `layout._marker_across`: a jump marker that the layout broke over lines
/// `i` (its text is `text`, taken out of the table) to `i + 1` or `i + 2`:
/// where in line `i` it opens (0: the whole line), how many lines it takes,
/// the marker, and where in its last line it ends (the line's length: the
/// whole line; less where it opens line `i` and other text follows it,
/// [`leading_over`]). Three lines are tried only where two make no marker.
fn marker_across(t: &Lines, text: &[u32], i: usize) -> Option<(usize, usize, JumpMarker, usize)> {
    if let Some(found) = marker_over(t, text, i, 2) {
        if opened_before(text, found.0) {
            if let Some(longer) = marker_over(t, text, i, 3).filter(|longer| longer.0 < found.0) {
                return Some(longer);
            }
        }
        return Some(found);
    }
    marker_over(t, text, i, 3)
        .or_else(|| lost_over(t, text, i, 2))
        .or_else(|| lost_over(t, text, i, 3))
        .or_else(|| {
            // (The marker opens in line i's last MAX_MARKER_CHARS characters,
            // with a bracket or its verb: asked once for both.)
            let tail = &text[text.len().saturating_sub(crate::markers::MAX_MARKER_CHARS)..];
            if tail.iter().any(|&c| is_marker_first(c)) {
                inner_over(t, text, i, 2).or_else(|| inner_over(t, text, i, 3))
            } else {
                None
            }
        })
}

/// Is `c` one of [`MARKER_FIRST`] (a bracket or a verb's first character)?
/// A match, which the compiler makes a few range tests, not a scan.
#[inline]
fn is_marker_first(c: u32) -> bool {
    matches!(
        c,
        0xFF08 | 0x28 | 0x3010 | 0x5B | 0x3014 | 0x3008 | 0x300A | 0x3C | 0xFF1C | 0x25C0 | 0x25C4 | 0x7B | 0xFF5B
            | 0x4E0B | 0x8F6C | 0x8F49 | 0x4E0A | 0x7D27 | 0x7DCA | 0x63A5 | 0x8BE6 | 0x8A73 | 0x53C2 | 0x53C3 | 0x76F8
            | 0x89C1 | 0x898B
    )
}

/// `layout._inner_over`: [`marker_across`] over exactly `k` lines where the
/// marker opens inside line `i`, after other text, and ends inside the last,
/// set off from the text after it by a space (，（转4 / 版） 察): read as the
/// lines' text joined reads (`markers::inner_at`). Tried last.
fn inner_over(t: &Lines, text: &[u32], i: usize, k: usize) -> Option<(usize, usize, JumpMarker, usize)> {
    if !lines_over(t, i, k) {
        return None;
    }
    // (The space after the marker stands in the last line's first
    // MAX_MARKER_CHARS characters: `layout._gap_after_end`, a space after a
    // character a marker can end with. That the marker opens in line i's
    // last as many, [`marker_across`] asked.)
    let last = &t.text[i + k - 1];
    let gap_after_end = last[..last.len().min(crate::markers::MAX_MARKER_CHARS)]
        .windows(2)
        .any(|w| matches!(w[1], 0x20 | 0x09 | 0x3000) && crate::markers::is_marker_end(w[0]));
    if !gap_after_end {
        return None;
    }
    let joined = joined_rows(t, i, k);
    let (cut, marker, at) = crate::markers::inner_at(&joined, 0, joined.len())?;
    let start = marker_start(&joined, cut, &marker);
    let before = joined.len() - last.len();
    let end = strip_end(&joined, start, at);
    // (Within one line, that line's own reading splits it off.)
    (start < text.len() && end > before).then_some((start, k, marker, end - before))
}

/// `layout._opened_before`: does the text before a marker that opens at
/// `cut` in `text` end with an opening bracket, spaces after it at most
/// (以（ 下 / 轉八版 / ）)? Then three lines are tried for the marker the bracket
/// opens.
fn opened_before(text: &[u32], cut: usize) -> bool {
    let mut e = cut;
    while e > 0 && matches!(text[e - 1], 0x20 | 0x09 | 0x3000) {
        e -= 1;
    }
    e > 0 && crate::decide::in_set(text[e - 1], crate::decide::OPENING_BRACKETS)
}

/// `layout._lost_over`: [`marker_across`] over exactly `k` lines that hold a
/// whole marker but for a bracket OCR lost ((接 / 1版), read as the lines'
/// text joined reads on one line (`markers::parse_lost_bracket`), once no
/// other reading of two or three lines finds a marker.
fn lost_over(t: &Lines, text: &[u32], i: usize, k: usize) -> Option<(usize, usize, JumpMarker, usize)> {
    if i + k > t.len() || text.len() > ACROSS || (i + 1..i + k).any(|j| t.page_break[j] || t.text[j].len() > ACROSS) {
        return None;
    }
    // (`parse_lost_bracket`'s own first test, before the lines are joined.)
    let total: usize = (i..i + k).map(|j| t.text[j].len()).sum();
    if total > crate::markers::MAX_MARKER_CHARS || !may_end_marker(&t.text[i + k - 1]) {
        return None;
    }
    let joined = joined_rows(t, i, k);
    let marker = crate::markers::parse_lost_bracket(&joined)?;
    Some((0, k, marker, t.text[i + k - 1].len()))
}

/// Rows `i..i + k` of `t`, their texts run together (`"".join(t.text[i:i + k])`).
fn joined_rows(t: &Lines, i: usize, k: usize) -> Vec<u32> {
    let mut joined = Vec::with_capacity((i..i + k).map(|j| t.text[j].len()).sum());
    for j in i..i + k {
        joined.extend_from_slice(&t.text[j]);
    }
    joined
}

/// `layout._MARKER_FIRST`: what a jump marker can open with (a bracket, or
/// its verb's first character): the table [`is_marker_first`]'s match is
/// tested against.
#[cfg(test)]
const MARKER_FIRST: [u32; 27] = [
    0xFF08, 0x28, 0x3010, 0x5B, 0x3014, 0x3008, 0x300A, 0x3C, 0xFF1C, 0x25C0, 0x25C4, 0x7B, 0xFF5B,
    0x4E0B, 0x8F6C, 0x8F49, 0x4E0A, 0x7D27, 0x7DCA, 0x63A5, 0x8BE6, 0x8A73, 0x53C2, 0x53C3, 0x76F8, 0x89C1, 0x898B,
];

/// `layout._leading_over`: [`marker_over`] where the marker opens line `i`
/// and ends inside line `i + k - 1`, other text after it (（转1 / 版）员工):
/// read as the lines' text joined reads, a marker that opens a line
/// (`markers::leading_at`).
fn leading_over(t: &Lines, text: &[u32], i: usize, k: usize) -> Option<(usize, usize, JumpMarker, usize)> {
    // (A line that opens a marker broken after it holds the marker's head
    // only, and opens with a bracket or the first character of a verb.)
    if text.len() > ACROSS || !text.first().is_some_and(|&c| is_marker_first(c)) {
        return None;
    }
    let joined = joined_rows(t, i, k);
    let (marker, rest) = crate::markers::leading_at(&joined)?;
    let before = joined.len() - t.text[i + k - 1].len();
    let end = strip_end(&joined, 0, rest);
    // (Where it ends on an earlier line, fewer lines make it, or none.)
    (end > before).then_some((0, k, marker, end - before))
}

/// `layout._lines_over`: can a marker run over lines `i..i + k`: they are
/// there, no page breaks after line `i`, the lines between the first and the
/// last short ([`ACROSS`])?
fn lines_over(t: &Lines, i: usize, k: usize) -> bool {
    i + k <= t.len()
        && !(i + 1..i + k - 1).any(|j| t.page_break[j] || t.text[j].len() > ACROSS)
        && !t.page_break[i + k - 1]
}

/// `layout._marker_over`: [`marker_across`] over exactly `k` lines.
fn marker_over(t: &Lines, text: &[u32], i: usize, k: usize) -> Option<(usize, usize, JumpMarker, usize)> {
    if !lines_over(t, i, k) {
        return None;
    }
    let last = t.text[i + k - 1].len();
    if last <= ACROSS && may_end_marker(&t.text[i + k - 1]) {
        let joined = joined_rows(t, i, k);
        let spaced = |s: &[u32]| s.iter().any(|&c| c == 0x20 || c == 0x09);
        let found = marker_opening(&joined, text.len())
            .or_else(|| if spaced(text) { spaced_marker_opening(&joined, text.len()) } else { None })
            .or_else(|| if spaced(&joined[text.len()..]) { spaced_rest_opening(&joined, text.len()) } else { None });
        if let Some((cut, marker)) = found {
            return Some((cut, k, marker, last));
        }
    }
    leading_over(t, text, i, k)
}

/// `layout._spaced_rest_opening`: [`marker_opening`] where the lines after
/// the first (`joined[first..]`) are spaced out (。(转 / 第 1 7 版 )): read
/// without their spaces; the marker's `raw` the text as printed.
fn spaced_rest_opening(joined: &[u32], first: usize) -> Option<(usize, JumpMarker)> {
    let mut probe = joined[..first].to_vec();
    probe.extend(joined[first..].iter().filter(|&&c| c != 0x20 && c != 0x09));
    let (cut, mut marker) = marker_opening(&probe, first)?;
    marker.raw = crate::markers::strip(&joined[cut..]).to_vec();
    Some((cut, marker))
}

/// `layout._marker_opening`: where in the first line (`joined[..first]`;
/// the next lines joined after it) a jump marker they complete opens (0:
/// the whole line), and the marker.
fn marker_opening(joined: &[u32], first: usize) -> Option<(usize, JumpMarker)> {
    let rest = &joined[first..];
    if first <= ACROSS {
        if let Some(marker) = parse_jump(joined) {
            return Some((0, marker));
        }
    }
    // The rest names the page, or only closes the bracket the marker opened.
    let closes_only = rest
        .iter()
        .all(|&c| c == 0x20 || c == 0x3000 || crate::decide::in_set(c, crate::decide::CLOSING_BRACKETS));
    if !page_hint(rest) && !closes_only {
        return None;
    }
    let (before, marker) = split_trailing_marker(joined)?;
    let cut = marker_start(joined, before.len(), &marker);
    (cut < first).then_some((cut, marker))
}

/// `layout._spaced_marker_opening`: [`marker_opening`] of a letter-spaced
/// first line (`joined[..first]`) read on its probe, the rest less its
/// spaces; where in the line as printed, the marker's `raw` the text as
/// printed from there.
fn spaced_marker_opening(joined: &[u32], first: usize) -> Option<(usize, JumpMarker)> {
    let text = &joined[..first];
    let mut probe = Vec::new();
    if !letter_probe(text, &mut probe) {
        return None;
    }
    let first_probe = probe.len();
    probe.extend(joined[first..].iter().filter(|&&c| c != 0x20 && c != 0x09));
    let (mut cut, mut marker) = marker_opening(&probe, first_probe)?;
    if cut > 0 {
        cut = probe_positions(text, &probe[..first_probe])[cut];
    }
    marker.raw = crate::markers::strip(&joined[cut..]).to_vec();
    Some((cut, marker))
}

/// `layout._probe_positions`: where each character of `probe` — `text`
/// less some of its spaces (a letter probe) — stands in `text`.
fn probe_positions(text: &[u32], probe: &[u32]) -> Vec<usize> {
    let mut at = Vec::with_capacity(probe.len());
    let mut pos = 0;
    for &c in probe {
        while text[pos] != c {
            pos += 1;
        }
        at.push(pos);
        pos += 1;
    }
    at
}

/// `text.index(marker.raw[0], from)`: where a marker split off the end of
/// `text` starts (Python raises where it is missing, which the grammar rules
/// out; here the marker then starts at `from`).
fn marker_start(text: &[u32], from: usize, marker: &JumpMarker) -> usize {
    marker
        .raw
        .first()
        .and_then(|&c| text.get(from..).and_then(|rest| rest.iter().position(|&x| x == c)))
        .map_or(from, |p| from + p)
}

// --------------------------------------------------------------------------
// 2. Line features
// --------------------------------------------------------------------------

/// `layout.is_terminal`: does the text end a sentence (。！？… possibly
/// followed by ”）, or a full stop after a letter)?
pub fn is_terminal(text: &[u32]) -> bool {
    let mut end = text.len();
    while end > 0 && (text[end - 1] == 0x20 || is(text[end - 1], CLOSING)) {
        end -= 1;
    }
    if end == 0 {
        return false;
    }
    let last = text[end - 1];
    if is(last, TERMINAL) {
        return true;
    }
    // An ASCII full stop after a letter ends a sentence: English, or Chinese where OCR
    // or a converter set . for 。; not "3.", nor Mr. (a title: a name follows). After
    // an ASCII closing mark too (…(2019). …said "yes".: `_CLOSED_BEFORE_STOP`).
    let before =
        |c: u32| chars::py_isalpha(c) || c == ')' as u32 || c == ']' as u32 || c == '"' as u32 || c == '\'' as u32;
    last == '.' as u32 && end > 1 && before(text[end - 2]) && !ends_with_title(&text[..end])
}

/// `chars.ENGLISH_TITLES`: English titles that stand before a name.
const ENGLISH_TITLES: [&str; 16] = [
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Gov", "Sen", "Rep", "Lt", "Col", "Capt", "Sgt", "Rev", "Hon", "vs",
];

/// `layout._ends_with_title`: does `core` (ending with a period) end with an
/// English title as a word of its own (ASCII letters, the start or no ASCII
/// letter before them)?
fn ends_with_title(core: &[u32]) -> bool {
    let end = core.len() - 1;
    let mut k = end;
    while k > 0 && chars::is_ascii_alpha(core[k - 1]) {
        k -= 1;
    }
    let word = &core[k..end];
    ENGLISH_TITLES
        .iter()
        .any(|t| t.len() == word.len() && t.bytes().zip(word).all(|(b, &c)| b as u32 == c))
}

/// `layout._ascii_uncertainty`: how far the printed width of a line's ASCII
/// text may be from what `chars.width` counts, in half-cells.
pub fn ascii_uncertainty(text: &[u32]) -> i64 {
    let mut all_ascii = true;
    let mut runs = 0i64; // len of _ASCII_RUN matches: [!-~]
    let mut upper = 0i64;
    for &c in text {
        if c >= 0x80 {
            all_ascii = false;
        } else if (0x21..=0x7E).contains(&c) {
            runs += 1;
            if (0x41..=0x5A).contains(&c) {
                upper += 1;
            }
        }
    }
    let n = if all_ascii { text.len() as i64 } else { runs };
    if n == 0 {
        return 0;
    }
    n / 4 + upper
}

/// The class on either side of a `_CJK_GAP`: `[\p{Han}，。、；：“”（）《》]`.
#[inline]
fn gap_side(cp: u32) -> bool {
    is(cp, GAP_PUNCT) || is_han(cp)
}

/// The matches of `_CJK_GAP` (`(?<=[…])[ \t]+(?=[…])`): maximal runs of
/// spaces and tabs with a class character on both sides, as (start, end).
fn cjk_gaps(text: &[u32], mut each: impl FnMut(usize, usize)) {
    let mut i = 0;
    let n = text.len();
    while i < n {
        if text[i] == 0x20 || text[i] == 0x09 {
            let s = i;
            while i < n && (text[i] == 0x20 || text[i] == 0x09) {
                i += 1;
            }
            if s > 0 && i < n && gap_side(text[s - 1]) && gap_side(text[i]) {
                each(s, i);
            }
        } else {
            i += 1;
        }
    }
}

/// `layout.despace` into `out`: true (and the text without its letter
/// spacing in `out`) where the line is letter-spaced, or (with each run of
/// two or more spaces and tabs made one space) where OCR laid it out with
/// runs of spaces; false (and `out` untouched) where the line is to be read
/// as it is.
pub fn despace_into(text: &[u32], out: &mut Vec<u32>) -> bool {
    letter_probe(text, out) || squeeze_wide_gaps(text, out)
}

/// `layout._letter_probe` into `out`: true (and the line less the spaces of
/// its letter spacing in `out`) where the line is letter-spaced; false (and
/// `out` untouched) where it is not.
pub(crate) fn letter_probe(text: &[u32], out: &mut Vec<u32>) -> bool {
    if !is_letter_spaced(text) {
        return false;
    }
    // The runs of single characters collapsed (`collapse_letter_spacing`),
    // then the gaps between CJK characters taken out. Where taking the gaps
    // out alone leaves no space, the collapse has nothing to add (it only
    // takes spaces out, each of which the gaps held): most letter-spaced
    // lines, which are all CJK.
    remove_cjk_gaps(text, out);
    if !out.iter().any(|&c| c == 0x20 || c == 0x09) {
        return true;
    }
    if let Some(collapsed) = crate::normalize::collapse_letter_spacing(text) {
        remove_cjk_gaps(&collapsed, out);
    }
    // Each run of two or more spaces and tabs left is its first (`_WIDE_RUN`).
    let blank = |c: u32| c == 0x20 || c == 0x09;
    let mut prev_blank = false;
    out.retain(|&c| {
        let keep = !(blank(c) && prev_blank);
        prev_blank = blank(c);
        keep
    });
    true
}

/// `layout._spaced_seam`: does the line end cut a letter-spaced run (人 民 军 /
/// 队 的): `prev` ends with a character set apart, `part` opens with one, and
/// one of the two is letter-spaced?
pub(crate) fn spaced_seam(prev: &[u32], part: &[u32]) -> bool {
    let blank = |c: u32| c == 0x20 || c == 0x09;
    let apart_end = match prev.len() {
        0 => false,
        1 => true,
        n => blank(prev[n - 2]),
    };
    let apart_start = match part.len() {
        0 => false,
        1 => true,
        _ => blank(part[1]),
    };
    apart_end && apart_start && (is_letter_spaced(prev) || is_letter_spaced(part))
}

/// `layout._letter_probe(text) is not None`: is the line letter-spaced?
pub(crate) fn is_letter_spaced(text: &[u32]) -> bool {
    let mut gaps = 0i64;
    cjk_gaps(text, |_, _| gaps += 1);
    !((gaps < 2 || 2 * gaps < text.iter().filter(|&&c| is_han(c)).count() as i64 - 1) && !letter_spaced(text))
}

/// `_CJK_GAP.sub("", text)` into `out`.
fn remove_cjk_gaps(text: &[u32], out: &mut Vec<u32>) {
    out.clear();
    let mut from = 0;
    cjk_gaps(text, |s, e| {
        out.extend_from_slice(&text[from..s]);
        from = e;
    });
    out.extend_from_slice(&text[from..]);
}

/// `layout._letter_spaced`: two in three of the pieces between spaces and
/// tabs are single characters, four pieces at least, a Han character among
/// them.
fn letter_spaced(text: &[u32]) -> bool {
    let (mut pieces, mut singles, mut run) = (0usize, 0usize, 0usize);
    for &c in text {
        if c == 0x20 || c == 0x09 {
            if run > 0 {
                pieces += 1;
                singles += usize::from(run == 1);
                run = 0;
            }
        } else {
            run += 1;
        }
    }
    if run > 0 {
        pieces += 1;
        singles += usize::from(run == 1);
    }
    pieces >= 4 && 3 * singles >= 2 * pieces && text.iter().any(|&c| is_han(c))
}

/// `_WIDE_GAP.sub(" ", text)` into `out` where the text holds a run of two
/// or more spaces or tabs (true), else false and `out` untouched.
fn squeeze_wide_gaps(text: &[u32], out: &mut Vec<u32>) -> bool {
    let blank = |c: u32| c == 0x20 || c == 0x09;
    if !text.windows(2).any(|w| blank(w[0]) && blank(w[1])) {
        return false;
    }
    out.clear();
    let mut i = 0;
    while i < text.len() {
        if blank(text[i]) {
            let s = i;
            while i < text.len() && blank(text[i]) {
                i += 1;
            }
            if i - s >= 2 {
                out.push(0x20);
            } else {
                out.push(text[s]);
            }
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    true
}

/// `layout._spaced_marker`: a whole-line jump marker spaced out letter by
/// letter, read on the line less its spacing, its `raw` the line as printed.
fn spaced_marker(text: &[u32]) -> Option<JumpMarker> {
    if !text.iter().any(|&c| c == 0x20 || c == 0x09) {
        return None;
    }
    // (The probe keeps every character but spaces and tabs: with more than
    // MAX_MARKER_CHARS of them parse_marker refuses it, so it is not made.)
    if text.iter().filter(|&&c| c != 0x20 && c != 0x09).count() > MAX_MARKER_CHARS {
        return None;
    }
    let probe = despace(text);
    if probe == text {
        return None;
    }
    let mut marker = parse_jump(&probe)?;
    marker.raw = text.to_vec();
    Some(marker)
}

/// `layout.despace`.
pub fn despace(text: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    if despace_into(text, &mut out) {
        out
    } else {
        text.to_vec()
    }
}

/// `layout._original_length`: the length in `text` of the first `n`
/// characters of `probe` (its despaced form).
fn original_length(text: &[u32], probe: &[u32], n: usize) -> usize {
    let mut k = 0;
    for (pos, &c) in text.iter().enumerate() {
        if k == n {
            return pos;
        }
        if k < probe.len() && c == probe[k] {
            k += 1;
        }
    }
    text.len()
}

/// What [`line_features`] reads in one line on its own (a line that is not
/// a marker row): its grammar kind, `terminal`, `clause`, `open_end`,
/// `dateline`, `headline_like`, `ascii`. It depends on the line's text and
/// `max_headline_chars` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowFeatures {
    pub kind: Option<LineKind>,
    pub terminal: bool,
    pub clause: bool,
    pub open_end: bool,
    pub dateline: usize,
    pub headline_like: bool,
    pub ascii: i64,
}

impl RowFeatures {
    /// The row of a line its grammar typed (a marker, a byline, furniture):
    /// the kind says all, every other feature is off.
    fn of_kind(kind: LineKind) -> RowFeatures {
        RowFeatures {
            kind: Some(kind),
            terminal: false,
            clause: false,
            open_end: false,
            dateline: 0,
            headline_like: false,
            ascii: 0,
        }
    }
}

/// A hasher for line texts (FxHash's mix, word by word): fast, and the
/// cache it serves holds only the lines of one section's settle step.
#[derive(Default, Clone, Copy)]
pub struct LineHasher(u64);

impl std::hash::Hasher for LineHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(K);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The [`RowFeatures`] of line texts read before, by text (for one value of
/// `max_headline_chars`): the settle step reads a section's rendering again
/// in a second or third round, and most of its lines are the lines of the
/// round before. (Seeding it with the section's own lines costs more than
/// it saves: a third of the first rendering's lines are among them, but
/// the section's lines are many more.) The texts are kept
/// in one buffer; an entry is found by the hash of its text, then compared.
#[derive(Default)]
pub struct RowCache {
    limit: Option<i64>,
    buf: Vec<u32>,
    /// (offset in `buf`, length, features, next entry of the same hash or `NONE`).
    entries: Vec<(usize, usize, RowFeatures, usize)>,
    index: HashMap<u64, usize, std::hash::BuildHasherDefault<LineHasher>>,
    /// The rows of the last table read (None: a marker row).
    last: Vec<Option<RowFeatures>>,
}

const NONE: usize = usize::MAX;

fn hash_text(text: &[u32]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = LineHasher::default();
    text.hash(&mut h);
    h.finish()
}

impl RowCache {
    pub fn new() -> RowCache {
        RowCache::default()
    }

    fn find(&self, text: &[u32], hash: u64) -> Option<RowFeatures> {
        let mut at = *self.index.get(&hash)?;
        while at != NONE {
            let (off, len, row, next) = self.entries[at];
            if len == text.len() && self.buf[off..off + len] == *text {
                return Some(row);
            }
            at = next;
        }
        None
    }

    /// The features of a line's text read before.
    pub fn get(&self, text: &[u32]) -> Option<RowFeatures> {
        if self.entries.is_empty() {
            return None;
        }
        self.find(text, hash_text(text))
    }

    /// The rows of the last table read (None: a marker row), taken out.
    pub fn take_last(&mut self) -> Vec<Option<RowFeatures>> {
        std::mem::take(&mut self.last)
    }

    /// Adds the features of a line's text (read by [`line_features_cached`]).
    pub fn insert(&mut self, text: &[u32], row: RowFeatures) {
        let hash = hash_text(text);
        if self.find(text, hash).is_some() {
            return;
        }
        let next = self.index.get(&hash).copied().unwrap_or(NONE);
        self.index.insert(hash, self.entries.len());
        self.entries.push((self.buf.len(), text.len(), row, next));
        self.buf.extend_from_slice(text);
    }

    /// Keeps the rows of the last table read, by text: `texts` are the
    /// texts of that table's lines, in order.
    pub fn keep(&mut self, texts: &LineTexts) {
        let last = std::mem::take(&mut self.last);
        if texts.len() == last.len() {
            // Room for every row at once (most are new: the first table of a
            // section fills an empty cache).
            let n = texts.len();
            self.buf.reserve(texts.chars_in(0, n));
            self.entries.reserve(n);
            self.index.reserve(n);
            for (text, row) in texts.iter().zip(&last) {
                if let Some(row) = row {
                    self.insert(text, *row);
                }
            }
        }
        self.last = last;
        self.last.clear();
    }
}

/// `chars.BYLINE_MARKS`: marks some papers set before a byline (□本报记者 刘洋).
const BYLINE_MARKS: &[u32] = &[0x25A0, 0x25A1, 0x25C6, 0x25C7, 0x25CF];

/// `layout.reads_as_byline`: would `text`, printed as one line, be typed a
/// byline by the line grammars — its probe (despaced) 60 characters at most,
/// the hint, then the grammar, plain or behind a mark?
pub(crate) fn reads_as_byline(text: &[u32]) -> bool {
    // (Despacing takes out spaces and tabs only: a text of more than 60
    // characters besides them has a probe too long. Most blocks are, and
    // most hold no space among their first 61 characters, which says so.)
    // (Counted without an exit, which the compiler vectorizes.)
    let blanks = |s: &[u32]| s.iter().fold(0usize, |n, &c| n + usize::from(c == 0x20 || c == 0x09));
    if text.len() > 60 && (blanks(&text[..61]) == 0 || text.len() - blanks(text) > 60) {
        return false;
    }
    // The hint flags, as `row_features` reads them: no hint matches without a
    // `BYLINE_CH`, and no plain byline holds a `NOT_BYLINE` character.
    let table = set_table();
    let flags = text.iter().fold(0u16, |f, &c| f | if c < 0x10000 { table[c as usize] } else { 0 });
    let plain = flags & (BYLINE_CH | NOT_BYLINE) == BYLINE_CH;
    let first = text.iter().find(|&&c| c != 0x20 && c != 0x09); // (the probe's first, if any is a mark)
    if flags & BYLINE_CH == 0 || !(plain || first.is_some_and(|c| BYLINE_MARKS.contains(c))) {
        return false;
    }
    let mut spaced = Vec::new();
    let despaced = text.contains(&0x20) && despace_into(text, &mut spaced);
    probe_reads_as_byline(flags, if despaced { &spaced } else { text })
}

/// `layout._probe_reads_as_byline`: does `probe` (a line's, despaced; `flags`
/// the hint flags of the line it came from) match the byline grammar, plain or
/// behind a mark, 60 characters at most, the hint first? (A line holding a
/// `NOT_BYLINE` character is no plain byline: `is_byline` never matches one.)
#[inline]
fn probe_reads_as_byline(flags: u16, probe: &[u32]) -> bool {
    probe.len() <= 60
        && ((flags & (BYLINE_CH | NOT_BYLINE) == BYLINE_CH && byline_hint(probe) && is_byline(probe))
            || (probe.len() > 1 && BYLINE_MARKS.contains(&probe[0]) && byline_hint(probe) && is_byline(&probe[1..])))
}

/// The features of one line that is not a marker row (see [`RowFeatures`]).
fn row_features(text: &[u32], limit: i64, spaced: &mut Vec<u32>) -> RowFeatures {
    // The hint flags of every character of the line, in one pass: a hint that
    // none of its characters is in cannot match (the despaced probe holds the
    // same characters less spaces), so its own scan is skipped.
    let table = set_table();
    let (flags, space) = text.iter().fold((0u16, false), |(f, sp), &c| {
        (f | if c < 0x10000 { table[c as usize] } else { 0 }, sp | (c == 0x20))
    });
    let despaced = space && despace_into(text, spaced);
    let probe: &[u32] = if despaced { spaced } else { text };
    let short = probe.len() <= 60;
    // (`flags` are the line's, and the probe holds the same characters less
    // spaces and tabs: a character no byline holds rules the probe out too.)
    let kind = if is_markdown_line(text) {
        Some(LineKind::Markdown)
    } else if probe_reads_as_byline(flags, probe) {
        // (a byline behind a mark too: `layout._marked_byline`)
        Some(LineKind::Byline)
    } else if (short
        && flags & FURNITURE_CH != 0
        && furniture_hint(probe)
        && (is_running_head(probe) || is_folio(probe)))
        || chars::is_decoration(text)
    {
        // (a decoration line, **********, ━━━━━━: `chars.is_decoration`)
        Some(LineKind::Furniture)
    } else {
        None
    };
    if let Some(kind) = kind {
        return RowFeatures::of_kind(kind);
    }
    let terminal = is_terminal(text);
    let clause = flags & CLAUSE != 0; // has_clause(text)
    let dl = if flags & DATELINE_CH != 0 {
        dateline_on(text, probe, despaced)
    } else {
        0
    };
    let first = text.first().copied();
    RowFeatures {
        kind: None,
        terminal,
        clause,
        open_end: text.last().is_some_and(|&c| is(c, CONTINUING)),
        dateline: dl,
        headline_like: !clause
            && !terminal
            && dl == 0
            && (text.len() as i64) <= limit
            && first.is_some_and(|c| !is(c, NO_START | CAPTION)),
        ascii: ascii_uncertainty(text),
    }
}

/// `layout.drop_margin`: the indent nine in ten of the section's lines reach
/// at least (five lines at least) taken out of every line's indent, in place.
pub fn drop_margin(t: &mut Lines) {
    let n = t.len();
    if n < 5 {
        return;
    }
    // (The margin is 0 wherever more than a tenth of the lines have no indent:
    // most sections, read without sorting.)
    if t.indent.iter().filter(|&&x| x == 0).count() > n / 10 {
        return;
    }
    let mut sorted = t.indent.clone();
    let (_, &mut margin, _) = sorted.select_nth_unstable(n / 10);
    if margin > 0 {
        for indent in t.indent.iter_mut() {
            *indent = (*indent - margin).max(0);
        }
    }
}

/// `layout.line_features`: every line read on its own — its grammar kind,
/// punctuation, dateline; then running heads split over lines, the blank
/// lines that mean something, the section's full stop.
pub fn line_features(t: &Lines, markers: HashMap<usize, JumpMarker>, options: &Options) -> Features {
    line_features_cached(t, markers, options, None)
}

/// [`line_features`], taking each line's own reading from `cache` where it
/// holds the line's text (and adding what it does not hold).
pub fn line_features_cached(
    t: &Lines,
    markers: HashMap<usize, JumpMarker>,
    options: &Options,
    mut cache: Option<&mut RowCache>,
) -> Features {
    let n = t.len();
    let limit = options.max_headline_chars;
    let mut f = Features {
        kind: Vec::with_capacity(n),
        terminal: Vec::with_capacity(n),
        clause: Vec::with_capacity(n),
        open_end: Vec::with_capacity(n),
        dateline: Vec::with_capacity(n),
        headline_like: Vec::with_capacity(n),
        ascii: Vec::with_capacity(n),
        gap: Vec::new(),
        markers,
        continues: vec![false; n],
        pause_stop: false,
        unpunctuated: false,
        rendered: false,
    };
    if let Some(c) = cache.as_deref_mut() {
        if c.limit != Some(limit) {
            c.buf.clear();
            c.entries.clear();
            c.index.clear();
            c.limit = Some(limit);
        }
        c.last.clear();
        c.last.reserve(n);
    }
    let mut spaced: Vec<u32> = Vec::new();
    let mut is_marker = vec![false; n];
    for &k in f.markers.keys() {
        if let Some(flag) = is_marker.get_mut(k) {
            *flag = true;
        }
    }
    for (i, text) in t.text.iter().enumerate() {
        let text: &[u32] = text;
        let row = if is_marker[i] {
            if let Some(c) = cache.as_deref_mut() {
                c.last.push(None);
            }
            RowFeatures::of_kind(LineKind::Marker)
        } else if let Some(c) = cache.as_deref_mut() {
            let row = match c.get(text) {
                Some(row) => row,
                None => row_features(text, limit, &mut spaced),
            };
            c.last.push(Some(row));
            row
        } else {
            row_features(text, limit, &mut spaced)
        };
        f.kind.push(row.kind);
        f.terminal.push(row.terminal);
        f.clause.push(row.clause);
        f.open_end.push(row.open_end);
        f.dateline.push(row.dateline);
        f.headline_like.push(row.headline_like);
        f.ascii.push(row.ascii);
    }
    fenced(t, &mut f);
    split_running_heads(t, &mut f);
    f.gap = meaningful_gaps(t, &f);
    f.pause_stop = pause_stop(t, &f.markers);
    f.unpunctuated = unpunctuated(t, &f);
    f.rendered = reads_as_rendered(&t.text);
    if f.unpunctuated {
        // No line stands out as a headline for want of punctuation: every line wants it.
        f.headline_like.iter_mut().for_each(|h| *h = false);
    }
    f
}

/// `layout.RENDERED_CHARS`: a finished line holds this many characters at least.
pub const RENDERED_CHARS: usize = 100;
/// `layout.RENDERED_PARTS`: a section whose characters stand in finished
/// lines one part in this many at least is reflowed text.
pub const RENDERED_PARTS: usize = 5;

/// `layout.reads_as_rendered`: is this section reflowed text already, a
/// finished block a line? A fifth of its characters at least stand in lines
/// of [`RENDERED_CHARS`] or more that hold no space between two Han
/// characters and no run of white space (`layout._UNFINISHED`).
pub fn reads_as_rendered(texts: &LineTexts) -> bool {
    let total = texts.chars_in(0, texts.len());
    let mut finished = 0usize;
    for text in texts.iter() {
        finished += finished_chars(text);
        if finished * RENDERED_PARTS >= total && finished > 0 {
            return true; // (the share is reached: the rest need not be read)
        }
    }
    false
}

/// The characters of `text` that stand in a finished line (all of them, or
/// none): [`reads_as_rendered`]'s count of one line.
pub(crate) fn finished_chars(text: &[u32]) -> usize {
    if text.len() >= RENDERED_CHARS && (is_terminal(text) || pause_ended(text)) && !unfinished(text) {
        text.len()
    } else {
        0
    }
}

/// `layout.pause_ended`: does `text` end with 、 (its closing brackets and
/// spaces aside) and hold no 。 — a sentence end on a page whose full stop
/// is 、 (the 1930s–1940s)?
pub fn pause_ended(text: &[u32]) -> bool {
    crate::decide::pause_end(text) && !text.contains(&0x3002)
}

/// `layout._UNFINISHED.search`: a space, tab or ideographic space next to a
/// CJK character, two white space characters in a row (`\s\s`), or `|`.
/// (No white space character is above U+3000: the rest are passed over at
/// a compare or two each.)
fn unfinished(text: &[u32]) -> bool {
    let cls = Classes::get();
    let space = |c: u32| c <= 0x3000 && cls.is(c, RE_SPACE);
    let n = text.len();
    for (k, &c) in text.iter().enumerate() {
        if c == '|' as u32 {
            return true;
        }
        if c <= 0x3000 && cls.is(c, RE_SPACE) {
            if k + 1 < n && space(text[k + 1]) {
                return true;
            }
            let gap = c == 0x20 || c == 0x09 || c == 0x3000;
            if gap && ((k >= 1 && cls.is(text[k - 1], chars::CJK)) || (k + 1 < n && cls.is(text[k + 1], chars::CJK))) {
                return true;
            }
        }
    }
    false
}

/// What `layout._rendered_join` asks of a line's characters ([`quotes_and_hint`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineSum {
    /// The quotations it opens less those it closes (`layout._quote_balance`).
    pub balance: i64,
    /// It closes a quotation before it opens one (`layout._closes_quote`).
    pub closes_first: bool,
    /// It holds the dateline hint 讯 訊 电 電 anywhere.
    pub hint: bool,
}

/// A line's [`LineSum`], read in one pass.
pub(crate) fn quotes_and_hint(text: &[u32]) -> LineSum {
    let table = set_table();
    let (mut balance, mut first, mut hint) = (0i64, None, false);
    for &c in text {
        let f = if c < 0x10000 { table[c as usize] } else { 0 };
        if f & (QUOTE_OPEN | QUOTE_CLOSE | QUOTE_UNDIRECTED | DATELINE_CH) == 0 {
            continue;
        }
        if f & QUOTE_UNDIRECTED != 0 {
            // A quote mark of no direction met first closes nothing
            // (`_closes_quote`; missed here, the engines took apart on a
            // rendering's line "双10万+”…: a damage search, session 53).
            first.get_or_insert(false);
            continue;
        }
        hint |= f & DATELINE_CH != 0;
        let (opens, closes) = (f & QUOTE_OPEN != 0, f & QUOTE_CLOSE != 0);
        balance += i64::from(opens) - i64::from(closes);
        if first.is_none() && (opens || closes) {
            first = Some(closes);
        }
    }
    LineSum {
        balance,
        closes_first: first == Some(true),
        hint,
    }
}

/// `layout._own_kind` and the dateline `layout.line_features` reads: a
/// line's grammar kind read on its own (never a marker), and the length of
/// the dateline that opens it (0 for a grammar line).
pub(crate) fn own_line(text: &[u32]) -> (Option<LineKind>, usize) {
    // More than 60 characters besides its spaces and tabs: its probe (which
    // despacing takes only those out of) is too long for a byline or a
    // running head; only Markdown and a decoration line are left to ask,
    // and the dateline (none without its hint).
    if text.len() > 60 && text.len() - text.iter().filter(|&&c| c == 0x20 || c == 0x09).count() > 60 {
        if is_markdown_line(text) {
            return (Some(LineKind::Markdown), 0);
        }
        if chars::is_decoration(text) {
            return (Some(LineKind::Furniture), 0);
        }
        return (None, if hint_within(text, 40) { line_dateline(text) } else { 0 });
    }
    let mut spaced = Vec::new();
    let row = row_features(text, i64::MAX, &mut spaced);
    (row.kind, row.dateline)
}

/// `layout.UNPUNCTUATED_CHARS`.
const UNPUNCTUATED_CHARS: usize = 100;

/// `c in layout._PAGE_MARKS`: `CLAUSE_PUNCT` and the ASCII `:?!`.
#[inline]
fn page_mark(c: u32) -> bool {
    is(c, CLAUSE) || c == ':' as u32 || c == '?' as u32 || c == '!' as u32
}

/// `layout._unpunctuated`: fewer clause and sentence marks in the section's
/// running text than one for every `UNPUNCTUATED_CHARS` characters, 200
/// characters at least? The rows whose reading found a clause mark hold one
/// each at least: where they reach the share, no character need be read;
/// else the marks are counted until they do (a punctuated page stops early).
fn unpunctuated(t: &Lines, f: &Features) -> bool {
    let (mut chars, mut marked) = (0usize, 0usize);
    for i in 0..t.len() {
        if f.kind[i].is_none() {
            chars += t.text[i].len();
            marked += f.clause[i] as usize;
        }
    }
    if chars < 200 || marked * UNPUNCTUATED_CHARS >= chars {
        return false;
    }
    let mut marks = 0usize;
    for i in 0..t.len() {
        if f.kind[i].is_none() {
            marks += t.text[i].iter().filter(|&&c| page_mark(c)).count();
            if marks * UNPUNCTUATED_CHARS >= chars {
                return false;
            }
        }
    }
    true
}

/// `layout._fence`: the Markdown fence a line is (0: ```, 1: ~~~, 2: $$ alone), or None.
fn fence(text: &[u32]) -> Option<u8> {
    let starts = |c: char| text.len() >= 3 && text[..3].iter().all(|&x| x == c as u32);
    if starts('`') {
        Some(0)
    } else if starts('~') {
        Some(1)
    } else if text.len() == 2 && text.iter().all(|&x| x == '$' as u32) {
        Some(2)
    } else {
        None
    }
}

/// `layout._fenced`: the lines between a Markdown fence and the one that
/// closes it are Markdown too (a fence with no close fences nothing).
fn fenced(t: &Lines, f: &mut Features) {
    let n = t.len();
    let mut unclosed = [false; 3];
    let fence_at = |f: &Features, k: usize| {
        if f.kind[k] == Some(LineKind::Markdown) {
            fence(&t.text[k])
        } else {
            None
        }
    };
    let mut i = 0;
    while i < n {
        let Some(kind) = fence_at(f, i).filter(|&k| !unclosed[k as usize]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < n && fence_at(f, j) != Some(kind) {
            j += 1;
        }
        if j == n {
            unclosed[kind as usize] = true;
            i += 1;
            continue;
        }
        for k in (i + 1)..j {
            if f.kind[k].is_none() {
                retype(f, k, LineKind::Markdown);
            }
        }
        i = j + 1;
    }
}

/// `layout._retype`: line `k` is of grammar `kind` after all (a running
/// head's piece, a fenced line): what its text said as running text no
/// longer counts.
fn retype(f: &mut Features, k: usize, kind: LineKind) {
    f.kind[k] = Some(kind);
    f.terminal[k] = false;
    f.clause[k] = false;
    f.open_end[k] = false;
    f.headline_like[k] = false;
    f.dateline[k] = 0;
}

/// `layout._pause_stop`: does the section end its sentences with 、 rather than 。?
/// (A jump marker's row, a key of `markers`, is not counted.)
fn pause_stop(t: &Lines, markers: &HashMap<usize, JumpMarker>) -> bool {
    let pause = '、' as u32;
    let stop = '。' as u32;
    let stops_in = |s: &[u32]| s.iter().filter(|&&c| c == stop).count();
    // Every row counted in one plain pass (the common case: no marker), the
    // marker rows taken out after.
    let rows = || markers.keys().filter(|&&k| k < t.len()).map(|&k| &t.text[k]);
    let ends = t.text.iter().filter(|s| s.last() == Some(&pause)).count()
        - rows().filter(|s| s.last() == Some(&pause)).count();
    if ends < 3 {
        return false;
    }
    let stops = t.text.iter().map(&stops_in).sum::<usize>() - rows().map(stops_in).sum::<usize>();
    10 * stops <= t.len() - rows().count()
}

/// `layout._probe`: `text` as the line grammars read it (despaced where it
/// holds a space; `buf` holds the despaced form).
fn probe<'a>(text: &'a [u32], buf: &'a mut Vec<u32>) -> &'a [u32] {
    if text.contains(&0x20) && despace_into(text, buf) {
        buf
    } else {
        text
    }
}

/// Are at most `limit` characters of `text` other than spaces and tabs (no
/// despacing makes it shorter)? Stops counting past the limit.
fn unspaced_within(text: &[u32], limit: usize) -> bool {
    if text.len() <= limit {
        return true;
    }
    let mut count = 0;
    for &c in text {
        if c != 0x20 && c != 0x09 {
            count += 1;
            if count > limit {
                return false;
            }
        }
    }
    true
}

/// `layout._split_running_heads`: up to six short lines that together read
/// as one running head are one furniture block (each read as [`probe`] reads it).
fn split_running_heads(t: &Lines, f: &mut Features) {
    let n = t.len();
    let mut acc: Vec<u32> = Vec::new();
    let (mut spaced, mut spaced_next) = (Vec::new(), Vec::new());
    // Each line's probe holds a word of the grammar (`running_head_has_word`),
    // read once: a line is asked in up to five runs (0: not read yet).
    let mut words = vec![0u8; n];
    let mut has_word_at = |k: usize, probe: &[u32]| {
        if words[k] == 0 {
            words[k] = 1 + u8::from(running_head_has_word(probe));
        }
        words[k] == 2
    };
    for i in 0..n {
        // (The hint survives despacing, which only takes spaces out: test it
        // first, and the length despacing cannot bring under the limit.)
        if f.kind[i].is_some() || !unspaced_within(&t.text[i], 16) || !head_hint(&t.text[i]) {
            continue;
        }
        let text = probe(&t.text[i], &mut spaced);
        if text.len() > 16 {
            continue;
        }
        acc.clear();
        acc.extend_from_slice(text);
        // The grammar's prefilter, carried over the run as it grows (the
        // lines are joined by spaces, which no opening or word holds): the
        // run opens as its first line does and holds a word where one of
        // its lines does. (Tested on every run, it scanned each line up to
        // five times: 3% of parse().)
        let opens = running_head_opens(text);
        let mut has_word = has_word_at(i, text);
        let mut last = None; // the longest run that reads as a running head
        for j in (i + 1)..n.min(i + 6) {
            if f.kind[j].is_some() || !unspaced_within(&t.text[j], 16) {
                break;
            }
            let next = probe(&t.text[j], &mut spaced_next);
            if next.len() > 16 {
                break;
            }
            acc.push(0x20);
            acc.extend_from_slice(next);
            has_word = has_word || has_word_at(j, next);
            if is_running_head_if(&acc, opens || has_word) {
                last = Some(j);
            }
        }
        if let Some(last) = last {
            for k in i..=last {
                retype(f, k, LineKind::Furniture);
            }
            for k in (i + 1)..=last {
                f.continues[k] = true;
            }
        }
    }
}

/// `layout._meaningful_gaps`: the blank lines before each line that mean
/// something (a marker's blank lines pass to the line after it; a
/// double-spaced region's blank lines mean nothing).
fn meaningful_gaps(t: &Lines, f: &Features) -> Vec<i64> {
    let n = t.len();
    let mut gaps = t.gap.clone();
    let mut carried: Option<i64> = None;
    for (gap, kind) in gaps.iter_mut().zip(&f.kind) {
        if *kind == Some(LineKind::Marker) {
            if carried.is_none() {
                carried = Some(*gap);
            }
            continue;
        }
        if let Some(c) = carried.take() {
            *gap = c;
        }
    }
    let keep: Vec<usize> = (0..n).filter(|&i| f.kind[i] != Some(LineKind::Marker)).collect();
    let m = keep.len();
    if double_spaced(f, &keep, &gaps) {
        // Each line end doubled: k blank lines became 2k + 1, every gap odd;
        // else a blank line was added after each line: k became k + 1.
        let doubled = keep[1..].iter().all(|&r| gaps[r] == 0 || gaps[r] % 2 == 1);
        for &r in &keep[1..] {
            gaps[r] = if doubled && gaps[r] > 0 {
                (gaps[r] - 1) / 2
            } else {
                (gaps[r] - 1).max(0)
            };
        }
    }
    let mut k = 1;
    while k < m {
        if gaps[keep[k]] != 1 {
            k += 1;
            continue;
        }
        let mut j = k;
        while j < m && gaps[keep[j]] == 1 {
            j += 1;
        }
        let run = &keep[k - 1..j];
        let mids: Vec<i64> = run
            .iter()
            .filter(|&&r| f.kind[r].is_none() && !f.terminal[r] && f.clause[r])
            .map(|&r| t.width[r])
            .collect();
        let mid = mids.len();
        if j - k >= 4 && mid >= 3 && ((2 * mid >= run.len() && one_width(&mids, 2 * CHAR)) || narrow_double_spaced(t, f, run)) {
            for &r in &keep[k..j] {
                gaps[r] = 0;
            }
            if j < m && gaps[keep[j]] > 1 {
                gaps[keep[j]] -= 1;
            }
        }
        k = j;
    }
    gaps
}

/// `layout._double_spaced`: a blank line before nine in ten of the section's
/// lines (markers aside), and a tenth of them at least, three at least, in
/// mid-sentence, a blank after nine in ten of those.
fn double_spaced(f: &Features, keep: &[usize], gaps: &[i64]) -> bool {
    let m = keep.len();
    if m < 5 {
        return false;
    }
    let zeros = keep[1..].iter().filter(|&&r| gaps[r] == 0).count();
    if 10 * zeros > m - 1 {
        return false;
    }
    let (mut mids, mut unfollowed) = (0usize, 0usize);
    for k in 0..m - 1 {
        let r = keep[k];
        if f.kind[r].is_none() && f.clause[r] && !f.terminal[r] {
            mids += 1;
            unfollowed += usize::from(gaps[keep[k + 1]] == 0);
        }
    }
    mids >= 3 && 10 * mids >= m && 10 * unfollowed <= mids
}

/// `layout._narrow_double_spaced`: a run of lines each after one blank line,
/// in a column under eight characters, double-spaced: half its lines in
/// mid-sentence, marked or not, most within a character of their median width.
fn narrow_double_spaced(t: &Lines, f: &Features, run: &[usize]) -> bool {
    let mut mids: Vec<i64> = run
        .iter()
        .filter(|&&r| f.kind[r].is_none() && !f.terminal[r])
        .map(|&r| t.width[r])
        .collect();
    if mids.is_empty() || 2 * mids.len() < run.len() {
        return false;
    }
    mids.sort_unstable();
    mids[mids.len() / 2] < crate::decide::TWO_SHORT_COLUMN && one_width(&mids, CHAR)
}

/// `layout._one_width`: most of `widths` (three at least) `within` of their median.
fn one_width(widths: &[i64], within: i64) -> bool {
    let mut sorted = widths.to_vec();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    let near = widths.iter().filter(|&&w| (w - median).abs() <= within).count();
    near >= 3 && 2 * near >= widths.len()
}

// --------------------------------------------------------------------------
// 3. The column model
// --------------------------------------------------------------------------

/// `layout.tolerance`.
pub fn tolerance(set_width: i64) -> i64 {
    HANG.max((set_width / 11).min(6))
}

impl Columns {
    /// `Columns.tol`.
    pub fn tol(&self, set_width: i64) -> i64 {
        tolerance(set_width).max(self.spread)
    }
}

/// `layout._spread`: of neighbouring prose lines within two characters of
/// each other, the difference 90% stay within, bounded to [HANG, 6].
fn spread(widths: &[i64], eligible: &[bool], rows: &[usize]) -> i64 {
    // The differences are 0..=2*CHAR: counted, not sorted.
    let mut counts = [0usize; (2 * CHAR + 1) as usize];
    let mut total = 0usize;
    for p in rows.windows(2) {
        let (a, b) = (p[0], p[1]);
        let d = (widths[a] - widths[b]).abs();
        if eligible[a] && eligible[b] && d <= 2 * CHAR {
            counts[d as usize] += 1;
            total += 1;
        }
    }
    if total < 5 {
        return CHAR; // too few lines to tell: a character
    }
    let mut idx = (total * 9) / 10;
    let mut value = 0i64;
    for (d, &c) in counts.iter().enumerate() {
        if idx < c {
            value = d as i64;
            break;
        }
        idx -= c;
    }
    HANG.max(value.min(6))
}

/// One width's evidence in `_palette`: its votes (0: deleted), whether a line
/// of it wraps mid-word, whether it shows a paragraph's shape.
#[derive(Clone, Copy, Default)]
struct Vote {
    votes: i64,
    wrapped: bool,
    shaped: bool,
}

/// The widest width [`palette`] counts its votes for in a table by width
/// (255 characters; the default `max_column_cells` makes 320 the widest voted).
const DENSE_WIDTHS: i64 = 1023;

/// `layout._palette`: the set widths of a section.
#[allow(clippy::too_many_arguments)]
fn palette(
    widths: &[i64],
    eligible: &[bool],
    wraps: &[bool],
    rows: &[usize],
    limit: i64,
    spread: i64,
    terminal: &[bool],
    next_to: &dyn Fn(usize, usize) -> bool,
    item: &dyn Fn(usize) -> bool,
    dense_widths: i64,
) -> Vec<i64> {
    // Every width voted for lies in [3 * CHAR, limit]: those up to
    // `dense_widths` (DENSE_WIDTHS: every default) counted in a table by
    // width, any wider (a `max_column_cells` set that high) in a map. Read
    // back sorted by width.
    let top = widths.iter().copied().filter(|&w| w <= limit).max().unwrap_or(0).clamp(0, dense_widths.max(0));
    let mut dense = vec![Vote::default(); top as usize + 1];
    let mut wide: HashMap<i64, Vote, std::hash::BuildHasherDefault<LineHasher>> = HashMap::default();
    let mut vote = |w: i64, by: i64, wrapped: bool, shaped: bool| {
        let v = match usize::try_from(w) {
            Ok(k) if k < dense.len() => &mut dense[k],
            _ => wide.entry(w).or_default(),
        };
        v.votes += by;
        v.wrapped |= wrapped;
        v.shaped |= shaped;
    };
    for k in 0..rows.len().saturating_sub(1) {
        let (a, b) = (rows[k], rows[k + 1]);
        let (wa, wb) = (widths[a], widths[b]);
        if !(eligible[a] || eligible[b]) || wa.min(wb) < 3 * CHAR || wa.max(wb) > limit {
            continue;
        }
        if (wa - wb).abs() > spread {
            // A paragraph's first line, its two-character indent lost, then a
            // full line: a vote for the full line's width.
            if eligible[a] && eligible[b] && 6 <= wb - wa && wb - wa <= 2 * CHAR + HANG {
                vote(wb, 2, wraps[b], false);
            }
            continue;
        }
        let shaped = eligible[a] && eligible[b] && k + 2 < rows.len() && {
            let c = rows[k + 2];
            next_to(b, c) && !eligible[c] && !wraps[c] && widths[c] <= wa.max(wb) + HANG
        };
        for r in [a, b] {
            vote(widths[r], 1, wraps[r], shaped);
        }
    }
    // Paragraphs of two lines: a prose line that does not end its sentence,
    // then a shorter line that does; three of them at one width show a column.
    // A numbered item (第二条　…) opens such a paragraph whatever its
    // punctuation, and its first line may stand the indent short of the full
    // lines that end longer paragraphs (`opened`).
    let mut twos: Vec<i64> = Vec::new();
    let mut opened: Vec<i64> = Vec::new();
    for k in 0..rows.len().saturating_sub(1) {
        let (a, c) = (rows[k], rows[k + 1]);
        if next_to(a, c) && terminal[c] && widths[c] < widths[a] && 3 * CHAR <= widths[a] && widths[a] <= limit {
            let numbered = !terminal[a] && item(a);
            if eligible[a] || numbered {
                twos.push(widths[a]);
            }
            if numbered {
                opened.push(widths[a]);
            }
        }
    }
    twos.sort_unstable();
    opened.sort_unstable();
    let around = |counts: &[i64], w: i64| {
        counts.partition_point(|&v| v <= w + spread) - counts.partition_point(|&v| v < w - spread)
    };
    let mut k = 0;
    while k < twos.len() {
        let w = twos[k];
        let mut e = k;
        while e < twos.len() && twos[e] == w {
            e += 1;
        }
        let (near, short) = (around(&twos, w), around(&opened, w - 2 * CHAR));
        if near >= 3 || (near > 0 && short > 0 && near + short >= 3) {
            vote(w, (e - k + short) as i64, false, true);
        }
        k = e;
    }
    // Three lines in a row of one width that do not end a sentence.
    for k in 0..rows.len().saturating_sub(2) {
        let (a, b, c) = (rows[k], rows[k + 1], rows[k + 2]);
        if !(next_to(a, b) && next_to(b, c)) {
            continue;
        }
        let ws = [widths[a], widths[b], widths[c]];
        let (lo, hi) = (ws[0].min(ws[1]).min(ws[2]), ws[0].max(ws[1]).max(ws[2]));
        if hi - lo <= spread
            && lo >= 3 * CHAR
            && hi <= limit
            && !(eligible[a] || eligible[b] || eligible[c])
            && !(terminal[a] || terminal[b] || terminal[c])
        {
            for r in [a, b, c] {
                vote(widths[r], 1, wraps[r], false);
            }
        }
    }
    // (A width has an entry where it has a vote: every vote adds one or more.)
    let mut table: Vec<(i64, Vote)> =
        dense.iter().enumerate().filter(|(_, v)| v.votes > 0).map(|(w, v)| (w as i64, *v)).collect();
    let mut wider: Vec<(i64, Vote)> = wide.into_iter().collect();
    wider.sort_unstable_by_key(|&(w, _)| w);
    table.extend(wider);
    let keys: Vec<i64> = table.iter().map(|&(w, _)| w).collect();
    let window = |w: i64| keys.partition_point(|&v| v < w - spread)..keys.partition_point(|&v| v <= w + spread);
    let mut live = table.len();
    let mut pre = vec![0i64; table.len() + 1];
    let mut out: Vec<i64> = Vec::new();
    while out.len() < MAX_PALETTE && live > 0 {
        for (k, (_, v)) in table.iter().enumerate() {
            pre[k + 1] = pre[k] + v.votes;
        }
        // max(score, key=lambda v: (score[v], votes[v], v))
        let mut best: Option<(i64, i64, i64, usize)> = None;
        for (k, &(w, v)) in table.iter().enumerate() {
            if v.votes == 0 {
                continue;
            }
            let range = window(w);
            let score = pre[range.end] - pre[range.start];
            let key = (score, v.votes, w, k);
            if best.is_none_or(|b| (key.0, key.1, key.2) > (b.0, b.1, b.2)) {
                best = Some(key);
            }
        }
        let Some((score, _, w, k)) = best else { break };
        if score < MIN_COLUMN_LINES {
            break;
        }
        let range = window(w);
        let members = || table[range.clone()].iter().filter(|(_, v)| v.votes != 0);
        let wrap = members().any(|(_, v)| v.wrapped);
        let shown = (score >= 2 * MIN_COLUMN_LINES && wrap)
            || score >= 3 * MIN_COLUMN_LINES
            || members().any(|(_, v)| v.shaped);
        if shown && out.iter().all(|&p| (w - p).abs() > spread) {
            // The widest width of the window with a fair share of its votes.
            let top = members().map(|(_, v)| v.votes).max().unwrap_or(0);
            let set = members()
                .filter(|(_, v)| 3 * v.votes >= top)
                .map(|&(v, _)| v)
                .max()
                .unwrap_or(w);
            out.push(set);
            for entry in &mut table[range] {
                if entry.1.votes != 0 {
                    entry.1.votes = 0;
                    live -= 1;
                }
            }
        } else {
            table[k].1.votes = 0; // not a column of its own: its neighbours may still be
            live -= 1;
        }
    }
    out.sort_unstable();
    out
}

/// `layout._disagreement`: how much neighbouring prose lines disagree on
/// their width (differences capped at two characters).
fn disagreement(widths: &[i64], eligible: &[bool], rows: &[usize]) -> i64 {
    rows.windows(2)
        .filter(|p| eligible[p[0]] && eligible[p[1]])
        .map(|p| (widths[p[0]] - widths[p[1]]).abs().min(2 * CHAR))
        .sum()
}

/// `layout.WRAPPED_OUTSIDE`: what a line of running text that wrapped costs
/// outside any column.
pub const WRAPPED_OUTSIDE: f64 = 3.0;

/// `layout._emit` in the state "no column": the cost of line `r` outside any column.
fn emit_outside(f: &Features, r: usize, wrapped: bool) -> f64 {
    if f.headline_like[r] {
        0.4
    } else if wrapped {
        WRAPPED_OUTSIDE
    } else {
        1.0
    }
}

/// `layout._emit` for one line in each column state: line `r` (width `x`),
/// what it costs in a column it falls short of read once.
struct EmitLine {
    x: i64,
    ascii: i64,
    short: f64,
}

impl EmitLine {
    fn new(x: i64, f: &Features, r: usize, apart: bool) -> EmitLine {
        let short = if f.terminal[r] {
            0.6
        } else if f.headline_like[r] || apart {
            1.0
        } else {
            2.0
        };
        EmitLine {
            x,
            ascii: f.ascii[r],
            short,
        }
    }

    /// `layout._emit`: the cost of the line in the column `state`, whose
    /// tolerance (`Columns.tol(state)`) is `tol`.
    #[inline]
    fn emit_in(&self, state: i64, tol: i64) -> f64 {
        let (x, ascii) = (self.x, self.ascii);
        if x > state + HANG + tol + ascii {
            6.0
        } else if x >= state - tol - ascii {
            0.0
        } else if x >= state - tol - 2 * CHAR - ascii {
            0.5
        } else {
            self.short
        }
    }
}

/// `min(range(len(cost)), key=cost.__getitem__)`: the first minimum.
fn argmin(cost: &[f64]) -> usize {
    let mut best = 0;
    for (k, &c) in cost.iter().enumerate().skip(1) {
        if c < cost[best] {
            best = k;
        }
    }
    best
}

/// `layout._cut_mid_word`: for each line, is it running text that stops in
/// mid-word (a line the column wrapped)?
pub(crate) fn cut_mid_word(t: &Lines, f: &Features) -> Vec<bool> {
    (0..t.len())
        .map(|i| f.kind[i].is_none() && t.text[i].last().is_some_and(|&c| chars::py_isalnum(c)))
        .collect()
}

/// `layout._cuts_next_word`: of the lines that stop in mid-word (`wraps`),
/// those that cut a word the next line of running text (`following`: the
/// next line that is not a jump marker) completes — the evidence of a wrap
/// in a section with no punctuation.
fn cuts_next_word(t: &Lines, f: &Features, wraps: &[bool], following: &[Option<usize>]) -> Vec<bool> {
    (0..t.len())
        .map(|i| {
            wraps[i] && following[i].is_some_and(|k| f.kind[k].is_none() && chars::cuts_word(&t.text[i], &t.text[k]))
        })
        .collect()
}

/// `layout._following`: for each line, the next line that is not a jump
/// marker (a marker is no evidence of layout).
fn following(f: &Features) -> Vec<Option<usize>> {
    let mut out = vec![None; f.kind.len()];
    let mut upcoming = None;
    for k in (0..f.kind.len()).rev() {
        out[k] = upcoming;
        if f.kind[k] != Some(LineKind::Marker) {
            upcoming = Some(k);
        }
    }
    out
}

/// `layout.segment_columns`: the column model of a section — the palette of
/// set widths, then a Viterbi segmentation of the running-text lines into
/// stretches of one set width or none.
pub fn segment_columns(t: &Lines, f: &Features, options: &Options) -> Columns {
    let n = t.len();
    let limit = options.max_column_cells.saturating_mul(2);
    let texts = &t.text;
    let eligible: Vec<bool> = (0..n)
        .map(|i| f.kind[i].is_none() && (f.clause[i] || f.unpunctuated) && !f.terminal[i])
        .collect();
    let wraps = cut_mid_word(t, f);
    let compressed_w = &t.width;
    // The widths with full-width punctuation: the prose lines' first (all
    // `disagreement` reads), the other lines' only where they are taken.
    let mut full_w: Vec<i64> = compressed_w.clone();
    let widen = |w: &mut i64, i: usize| *w += 2 * cjk_punct_count(&texts[i]);
    for (i, w) in full_w.iter_mut().enumerate() {
        if eligible[i] {
            widen(w, i);
        }
    }
    let rows: Vec<usize> = (0..n).filter(|&i| f.kind[i].is_none()).collect();
    // Lines with nothing but jump markers between them are neighbours.
    let mut solid = Vec::with_capacity(n + 1);
    solid.push(0usize);
    for k in &f.kind {
        let last = solid[solid.len() - 1];
        solid.push(last + usize::from(matches!(k, Some(k) if *k != LineKind::Marker)));
    }
    let next_to = |a: usize, b: usize| solid[b] == solid[a + 1];
    // Punctuation setting: the one under which prose lines agree best on a
    // width; the palette is read under it alone.
    let compressed = disagreement(compressed_w, &eligible, &rows) <= disagreement(&full_w, &eligible, &rows);
    let widths = if compressed {
        compressed_w.clone()
    } else {
        for (i, w) in full_w.iter_mut().enumerate() {
            if f.kind[i].is_none() && !eligible[i] {
                widen(w, i);
            }
        }
        full_w
    };
    let spread = spread(&widths, &eligible, &rows);
    // In a section with no punctuation, a column shows its wraps where it cuts words.
    let following = following(f);
    let word_cuts;
    let shown = if f.unpunctuated {
        word_cuts = cuts_next_word(t, f, &wraps, &following);
        &word_cuts
    } else {
        &wraps
    };
    let item = |i: usize| f.kind[i].is_none() && crate::decide::item_label(&texts[i]);
    let pal = palette(
        &widths,
        &eligible,
        shown,
        &rows,
        limit,
        spread,
        &f.terminal,
        &next_to,
        &item,
        DENSE_WIDTHS,
    );
    let mut cols = Columns {
        width: widths,
        set_width: vec![0; n],
        palette: pal,
        compressed,
        indented: true,
        spread,
    };
    if cols.palette.is_empty() {
        return cols;
    }
    let mut states = [0i64; MAX_PALETTE + 1];
    let ns = cols.palette.len() + 1;
    states[1..ns].copy_from_slice(&cols.palette);
    let states = &states[..ns];
    // Each column's tolerance (`Columns.tol`), read once.
    let mut tols = [0i64; MAX_PALETTE + 1];
    for (s, tol) in tols.iter_mut().enumerate().take(ns).skip(1) {
        *tol = cols.tol(states[s]);
    }
    let mut cost = [0f64; MAX_PALETTE + 1];
    // back[k * ns + s]: the state before row k's state s on its best path.
    let mut back = vec![0u8; rows.len() * ns];
    let mut prev_row: Option<usize> = None;
    for (&r, back) in rows.iter().zip(back.chunks_exact_mut(ns)) {
        let x = cols.width[r];
        let apart = match following[r] {
            None => true,
            Some(nx) => f.gap[nx] > 0 || f.kind[nx].is_some(),
        };
        let wrapped = eligible[r] && wraps[r];
        let mut em = [0f64; MAX_PALETTE + 1];
        em[0] = emit_outside(f, r, wrapped);
        let line = EmitLine::new(x, f, r, apart);
        for ((e, &state), &tol) in em[1..ns].iter_mut().zip(&states[1..]).zip(&tols[1..ns]) {
            *e = line.emit_in(state, tol);
        }
        match prev_row {
            None => cost = em,
            Some(p) => {
                // A grammar line (not a marker) between p and r: solid counts them.
                let cheap = f.gap[r] > 0
                    || solid[r] > solid[p + 1]
                    || t.page_break[r]
                    || f.terminal[p]
                    || f.headline_like[p]
                    || f.dateline[r] > 0;
                let switch = if cheap { 2.0 } else { 4.0 };
                let best_prev = argmin(&cost[..ns]);
                let mv = cost[best_prev] + switch;
                for ((c, &e), (s, b)) in cost[..ns].iter_mut().zip(&em[..ns]).zip(back.iter_mut().enumerate()) {
                    if *c <= mv {
                        *c += e;
                        *b = s as u8;
                    } else {
                        *c = mv + e;
                        *b = best_prev as u8;
                    }
                }
            }
        }
        prev_row = Some(r);
    }
    let mut s = argmin(&cost[..ns]);
    for k in (0..rows.len()).rev() {
        cols.set_width[rows[k]] = states[s];
        s = back[k * ns + s] as usize;
    }
    refine(&mut cols, &rows, &eligible);
    narrow_stretches(&mut cols, &rows, &eligible, &wraps, f);
    cols.indented = indent_style(t, f, &cols);
    cols
}

/// `layout._narrow_stretches`: a column that narrows for a few lines (around
/// a photo), too short a stretch for the palette: a run of lines clearly short
/// of their segment's set width, no blank between, three of which agree on a
/// width (two prose in mid-sentence, one cut in mid-word; or one prose and
/// three cut in mid-word), is a column of that width; lines of the run wider
/// than it keep the segment's.
fn narrow_stretches(cols: &mut Columns, rows: &[usize], eligible: &[bool], wraps: &[bool], f: &Features) {
    let n = rows.len();
    let mut near: Vec<i64> = Vec::new();
    let mut k = 0;
    while k < n {
        let w = cols.set_width[rows[k]];
        let limit = if w != 0 { w - cols.tol(w) - 2 * CHAR } else { 0 };
        let short = |cols: &Columns, q: usize| cols.set_width[q] == w && cols.width[q] < limit;
        if w == 0 || !short(cols, rows[k]) {
            k += 1;
            continue;
        }
        let mut j = k + 1;
        while j < n && short(cols, rows[j]) && f.gap[rows[j]] == 0 && rows[j] == rows[j - 1] + 1 {
            j += 1;
        }
        let run = &rows[k..j];
        near.clear();
        near.extend(run.iter().filter(|&&q| eligible[q]).map(|&q| cols.width[q]));
        if near.len() >= 2 {
            near.sort_unstable();
            let m = near[(3 * near.len()) / 4];
            let band = cols.spread.max(HANG);
            let (mut members, mut prose, mut cut, mut wrapped) = (0usize, 0usize, false, 0usize);
            for &q in run {
                if (cols.width[q] - m).abs() <= band {
                    members += 1;
                    prose += usize::from(eligible[q]);
                    cut |= eligible[q] && wraps[q];
                    wrapped += usize::from(wraps[q]);
                }
            }
            if m >= 3 * CHAR && members >= 3 && ((prose >= 2 && cut) || (prose >= 1 && wrapped >= 3)) {
                let wide = m + HANG + cols.tol(m);
                for &q in run {
                    if cols.width[q] <= wide {
                        cols.set_width[q] = m;
                    }
                }
            }
        }
        k = j;
    }
}

/// `layout._refine`: each segment's set width read from its own lines (the
/// upper quartile of its prose lines near the palette width, where it shows
/// three of them).
fn refine(cols: &mut Columns, rows: &[usize], eligible: &[bool]) {
    let mut near: Vec<i64> = Vec::new();
    let mut k = 0;
    while k < rows.len() {
        let w = cols.set_width[rows[k]];
        let mut j = k;
        while j < rows.len() && cols.set_width[rows[j]] == w {
            j += 1;
        }
        if w != 0 {
            let (lo, hi) = (w - 2 * CHAR, w + HANG + cols.tol(w));
            near.clear();
            near.extend(
                rows[k..j]
                    .iter()
                    .filter(|&&r| eligible[r] && lo <= cols.width[r] && cols.width[r] <= hi)
                    .map(|&r| cols.width[r]),
            );
            if near.len() >= 3 {
                near.sort_unstable();
                let local = near[(3 * near.len()) / 4];
                for &r in &rows[k..j] {
                    cols.set_width[r] = local;
                }
            }
        }
        k = j;
    }
}

/// `layout._neighbours`: consecutive lines (a, b) with only jump markers between them.
fn neighbours(f: &Features) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut prev: Option<usize> = None;
    f.kind.iter().enumerate().filter_map(move |(i, k)| {
        if *k == Some(LineKind::Marker) {
            return None;
        }
        let pair = prev.map(|p| (p, i));
        prev = Some(i);
        pair
    })
}

/// `layout._indent_style`: do paragraphs here open with an indent?
fn indent_style(_t: &Lines, f: &Features, cols: &Columns) -> bool {
    let (mut short, mut flat) = (0i64, 0i64);
    for (a, i) in neighbours(f) {
        let w = cols.set_width[i];
        if w == 0 || f.kind[i].is_some() || f.kind[a].is_some() || !f.terminal[a] || f.gap[i] != 0 {
            continue;
        }
        if cols.width[a] >= cols.set_width[a] - CHAR || f.terminal[i] {
            continue; // not a clear paragraph end, or a one-line paragraph after it
        }
        if cols.width[i] <= w - cols.tol(w) - CHAR {
            short += 1;
        } else if cols.width[i] >= w - cols.tol(w) {
            flat += 1;
        }
    }
    !(flat >= 3 && flat > 2 * short)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code_points as cp;

    /// `split_markers_kept` finds the lines that hold a verb's character in
    /// one scan of the section's buffer: the five compares are the table's
    /// set, and the scan marks exactly the lines a scan of each line would
    /// (empty lines, a hit at a line's first or last code point, several in
    /// a line, lines longer than a scan's sixteen code points).
    #[test]
    fn the_marker_verbs_are_found_line_by_line_in_one_scan() {
        for c in 0..0x11_0000u32 {
            assert_eq!(is_marker_char(c), is(c, MARKER_CH), "{c:#x}");
        }
        let lines = [
            "", "转", "下转A2版", "本报讯", "", "中国日报记者见到了他", "上接第一版接着说", "轉",
            "一二三四五六七八九十一二三四五六七八九十见", "見一二三四五六七八九十一二三四五六七八九十", "a", "",
        ];
        for n in 0..=lines.len() {
            for start in 0..n {
                let texts: LineTexts = lines[start..n].iter().map(|s| cp(s)).collect::<Vec<_>>().into();
                let want: Vec<bool> = texts.iter().map(|t| t.iter().any(|&c| is(c, MARKER_CH))).collect();
                assert_eq!(texts.lines_where(is_marker_char), want, "{:?}", &lines[start..n]);
            }
        }
    }

    /// The shortcut in `row_features`: no character of `NOT_BYLINE_CHARS` is
    /// Han or one of BYLINE's own marks, and put anywhere into a byline of
    /// every form, each makes the grammar refuse it.
    #[test]
    fn a_character_no_byline_holds_rules_a_line_out() {
        let own = "（(【[）)】]·・、/／:：。 \t\u{3000}";
        for c in NOT_BYLINE_CHARS.chars() {
            assert!(!is_han(c as u32) && !own.contains(c), "{c:?}");
            assert!(is(c as u32, NOT_BYLINE), "{c:?}");
        }
        let bylines = [
            "本报记者袁虹摄影报道。",
            "株洲日报记者 李逸峰",
            "文/图 张三",
            "文／图 李四 王五",
            "图：王五",
            "蔡家緯攝",
            "（謝麗娟攝）",
            "(本报记者 李楠 张茜茜)",
            "（邢娜建）",
            "【本报记者 张三】",
            "本报记者 张三 通讯员 李四、王五",
            "新华社记者 靳轩丽 摄",
            "靳晓 著",
            "本报记者庄刚戴新静",
            "记者 阿卜杜·热合曼 摄",
            "新华社记者 路远斌 RK 贺立桂",
        ];
        for s in bylines {
            let text = cp(s);
            assert!(is_byline(&text), "{s}");
            assert!(!text.iter().any(|&c| is(c, NOT_BYLINE)), "{s}");
            for c in NOT_BYLINE_CHARS.chars() {
                for i in 0..=text.len() {
                    let mut t = text.clone();
                    t.insert(i, c as u32);
                    assert!(!is_byline(&t), "{s} with {c:?} at {i}");
                }
            }
        }
    }

    /// The doctests of `layout._spaced_rows`, on the native side: the rows
    /// are the line's as printed, each marker's `raw` its spaced text.
    #[test]
    fn a_marker_at_the_end_of_a_letter_spaced_line_is_a_row() {
        let line = cp("而 在 手 术 室 （ 转 1 1 版 ）");
        let (rows, split) = spaced_rows(&line);
        assert!(split);
        let got: Vec<(String, Option<String>)> = rows
            .iter()
            .map(|(a, b, m)| {
                let text: String = line[*a..*b].iter().filter_map(|&c| char::from_u32(c)).collect();
                let page = m.as_ref().map(|m| m.page.iter().filter_map(|&c| char::from_u32(c)).collect());
                (text, page)
            })
            .collect();
        assert_eq!(
            got,
            [("而 在 手 术 室".into(), None), ("（ 转 1 1 版 ）".into(), Some("11".into()))]
        );
        assert_eq!(rows[1].2.as_ref().unwrap().raw, cp("（ 转 1 1 版 ）"));
        for s in ["而在手术室（转11版）", "株洲日报记者 李逸峰 转 发"] {
            assert_eq!(spaced_rows(&cp(s)), (Vec::new(), false), "{s}");
        }
    }

    /// The doctest of `layout._probe_positions`.
    #[test]
    fn probe_positions_find_each_character_in_the_line() {
        assert_eq!(probe_positions(&cp("人 民  军"), &cp("人民 军")), [0, 2, 3, 5]);
    }

    /// The doctest of `layout._letter_probe`: a run of spaces left after the
    /// collapse is its first.
    #[test]
    fn a_letter_probe_keeps_one_space_of_a_run() {
        let mut out = Vec::new();
        assert!(letter_probe(&cp("（ 记 者 D A   B A R R E ）"), &mut out));
        assert_eq!(out, cp("（记者DA BARRE）"));
        assert!(!letter_probe(&cp("记者 李逸峰"), &mut out));
    }

    /// The doctests of `layout._spaced_seam` and
    /// `layout._spaced_marker_opening`, on the native side.
    #[test]
    fn a_letter_spaced_run_and_a_marker_are_read_across_the_line_end() {
        assert!(spaced_seam(&cp("人 民 军"), &cp("队 的 作 风")));
        assert!(spaced_seam(&cp("会 强 奸 女"), &cp("生")));
        assert!(!spaced_seam(&cp("株洲日报记者 王"), &cp("芳 摄")));
        assert!(!spaced_seam(&cp("人民军"), &cp("队的作风")));
        assert!(!spaced_seam(&cp(""), &cp("队 的 作 风")));
        let text = cp("但 是 现 在 （ 下 转 第 十");
        let joined = [text.as_slice(), &cp("二 版 ）")].concat();
        let (cut, marker) = spaced_marker_opening(&joined, text.len()).unwrap();
        assert_eq!((cut, marker.page, marker.raw), (8, cp("12"), cp("（ 下 转 第 十二 版 ）")));
        // `layout._spaced_rest_opening`'s doctest: only the rest is spaced out.
        let text = cp("。(转");
        let joined = [text.as_slice(), &cp("第 1 7 版 )")].concat();
        let (cut, marker) = spaced_rest_opening(&joined, text.len()).unwrap();
        assert_eq!((cut, marker.page, marker.raw), (1, cp("17"), cp("(转第 1 7 版 )")));
    }

    /// The doctests of `layout._narrow_stretches`, on the native side.
    #[test]
    fn narrow_stretches_read_a_narrowed_column() {
        let run = |width: Vec<i64>, eligible: &[bool], wraps: &[bool]| {
            let n = width.len();
            let mut cols = Columns {
                width,
                set_width: vec![92; n],
                palette: vec![92],
                compressed: false,
                indented: false,
                spread: 4,
            };
            let f = Features {
                gap: vec![0; n],
                ..Features::default()
            };
            let rows: Vec<usize> = (0..n).collect();
            narrow_stretches(&mut cols, &rows, eligible, wraps, &f);
            cols.set_width
        };
        // Two prose lines, one of them cut in mid-word.
        let (all, cut) = ([true; 6], [false, true, true, false, true, true]);
        let narrowed = vec![92, 40, 40, 40, 40, 92];
        assert_eq!(run(vec![92, 40, 38, 40, 36, 90], &all, &cut), narrowed);
        // One prose line, three cut in mid-word (lines with no mark at all).
        let one = [true, false, false, true, true, true];
        let cut = [false, true, true, true, false, true];
        assert_eq!(run(vec![92, 40, 40, 40, 32, 90], &one, &cut), narrowed);
        // Two cut in mid-word are not enough.
        let cut = [false, true, false, true, false, true];
        assert_eq!(run(vec![92, 40, 40, 40, 32, 90], &one, &cut), vec![92; 6]);
    }

    #[test]
    fn dateline_hint_is_the_hint_class() {
        let class: Vec<u32> = (0..0x10000).filter(|&c| is(c, DATELINE_CH)).collect();
        assert_eq!(class, {
            let mut v = cp("讯訊电電");
            v.sort();
            v
        });
        assert!(class.iter().all(|&c| dateline_hint(&[c])));
    }

    #[test]
    fn dateline_hint_anywhere_is_the_hint_class() {
        for c in "讯訊电電本报社日".chars() {
            assert_eq!(dateline_hint_anywhere(&[c as u32]), is(c as u32, DATELINE_CH), "{c}");
        }
        assert!(dateline_hint_anywhere(&cp("新华社南京1月26日电")));
        assert!(!dateline_hint_anywhere(&cp("新华社南京1月26日")));
    }

    #[test]
    fn line_texts_index_ranges_and_empty_lines() {
        let mut t = LineTexts::new();
        for s in ["甲乙", "", "丙"] {
            t.push(&cp(s));
        }
        assert_eq!(
            (t.len(), &t[0], &t[1], &t[2]),
            (3, &cp("甲乙")[..], &[][..], &cp("丙")[..])
        );
        assert_eq!(t.get(3), None);
        assert_eq!(t.chars_in(0, 3), 3);
        assert_eq!(t.chars_in(1, 1), 0);
        assert_eq!(t.range(1, 3).collect::<Vec<_>>(), [&[][..], &cp("丙")[..]]);
        assert_eq!(LineTexts::from(vec![cp("甲乙"), vec![], cp("丙")]), t);
    }

    #[test]
    fn cached_rows_read_as_fresh_ones() {
        let texts = [
            "本报讯（记者 张三）今天上午，",
            "新华社北京1月1日电",
            "下转第3版",
            "一段正文。",
            "标 题 字 间 有 空 格",
            "一段正文。",
            "本报记者 李四",
        ];
        let t = lines(&texts, &[0; 7]);
        let (t, found) = split_markers(t);
        let options = Options::default();
        let fresh = line_features(&t, found.clone(), &options);
        let mut cache = RowCache::new();
        let first = line_features_cached(&t, found.clone(), &options, Some(&mut cache));
        cache.keep(&t.text);
        let again = line_features_cached(&t, found.clone(), &options, Some(&mut cache));
        assert_eq!(fresh, first);
        assert_eq!(fresh, again);
        // Another limit: the cache starts over.
        let short = Options {
            max_headline_chars: 3,
            ..Options::default()
        };
        let want = line_features(&t, found.clone(), &short);
        assert_eq!(line_features_cached(&t, found, &short, Some(&mut cache)), want);
        assert_ne!(want.headline_like, fresh.headline_like);
    }

    #[test]
    fn tolerances() {
        // tolerance(4 * CHAR), tolerance(8 * CHAR), tolerance(17 * CHAR), tolerance(40 * CHAR)
        assert_eq!([16, 32, 68, 160].map(tolerance), [2, 2, 6, 6]);
    }

    #[test]
    fn terminal() {
        assert!(is_terminal(&cp("一切行动听指挥”。")));
        assert!(!is_terminal(&cp("实现社区全覆盖，")));
        assert!(!is_terminal(&cp("U.S. 3.")));
        assert!(is_terminal(&cp("It ends here. ")));
        assert!(is_terminal(&cp("他们终于回家了.")));
        assert!(!is_terminal(&cp("见第3.")));
        assert!(is_terminal(&cp("posted on its website (http://www.example.gov.cn).")));
        assert!(is_terminal(&cp("he said \"yes\".")));
        assert!(!is_terminal(&cp("”） ")));
        assert!(!is_terminal(&cp("")));
        // An English title's period ends no sentence; a longer word's does.
        assert!(!is_terminal(&cp("according to the treasurer, Mr.")));
        assert!(!is_terminal(&cp("Mrs.")) && !is_terminal(&cp("中Dr.”")));
        assert!(is_terminal(&cp("MMr.")) && is_terminal(&cp("Mrx.")));
    }

    #[test]
    fn ascii() {
        assert_eq!(
            [cp("中文"), cp("说NO的"), cp("in 2019")].map(|s| ascii_uncertainty(&s)),
            [0, 2, 1]
        );
    }

    #[test]
    fn letter_spacing() {
        assert_eq!(despace(&cp("新 华 社 记者 靳 轩 丽")), cp("新华社记者靳轩丽"));
        assert_eq!(despace(&cp("株洲日报记者 李逸峰")), cp("株洲日报记者 李逸峰"));
        assert_eq!(original_length(&cp("新 华 社 记者"), &cp("新华社记者"), 3), 5);
        // Spaced out letter by letter, digits and Latin letters too (`_letter_spaced`).
        assert_eq!(
            despace(&cp("2 0 1 3 年 1 0 月 7 日 ●星 期 一")),
            cp("2013年10月7日 ●星期一")
        );
        assert_eq!(despace(&cp("下 转 A 1 2 版")), cp("下转A12版"));
        assert!(letter_spaced(&cp("下 转 A 1 2 版")));
        assert!(!letter_spaced(&cp("株洲日报记者 李逸峰")));
        assert!(!letter_spaced(&cp("I am a b c")));
        assert!(!letter_spaced(&cp("中 文")));
    }

    /// The doctest of `layout._spaced_marker`.
    #[test]
    fn a_marker_spaced_out_letter_by_letter() {
        let m = spaced_marker(&cp("下 转 A 1 2 版")).expect("a marker");
        assert_eq!(
            (m.page.clone(), m.seq, m.raw.clone()),
            (cp("A12"), None, cp("下 转 A 1 2 版"))
        );
        assert!(spaced_marker(&cp("下转A12版")).is_none());
        assert!(spaced_marker(&cp("转 发 给 同 事")).is_none());
    }

    #[test]
    fn han_fast_path_is_the_table() {
        for c in 0..0x110000u32 {
            assert_eq!(is_han(c), in_ranges(&tables::HAN, c), "{c:#x}");
        }
        assert!(is_han('々' as u32) && !is_han(0x4DC0) && !is_han('，' as u32));
    }

    #[test]
    fn palette_counts_the_same_in_its_table_and_in_its_map() {
        // Pseudo-random sections (a fixed LCG): widths around a few columns,
        // prose and wrap flags; the palette with every width in the table by
        // width and with every width in the map.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |m: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        let mut found = 0;
        for _ in 0..400 {
            let n = 5 + next(80) as usize;
            let columns = [40 + next(20) as i64, 60 + next(40) as i64, 90 + next(60) as i64];
            let widths: Vec<i64> = (0..n)
                .map(|_| columns[next(3) as usize] - next(10) as i64 + next(3) as i64)
                .collect();
            let eligible: Vec<bool> = (0..n).map(|_| next(4) != 0).collect();
            let wraps: Vec<bool> = (0..n).map(|_| next(3) == 0).collect();
            let terminal: Vec<bool> = (0..n).map(|_| next(5) == 0).collect();
            let rows: Vec<usize> = (0..n).filter(|_| next(8) != 0).collect();
            let gapless = |a: usize, b: usize| b == a + 1;
            let item = |i: usize| i % 7 == 0;
            let spread = HANG + next(4) as i64;
            let limit = 200 + next(200) as i64;
            let run = |dense| {
                palette(&widths, &eligible, &wraps, &rows, limit, spread, &terminal, &gapless, &item, dense)
            };
            assert_eq!(run(DENSE_WIDTHS), run(0), "{widths:?}");
            assert_eq!(run(DENSE_WIDTHS), run(100), "{widths:?}");
            found += usize::from(!run(DENSE_WIDTHS).is_empty());
        }
        assert!(found > 200, "{found} of 400 sections show a column");
    }

    #[test]
    fn cjk_punct_count_is_the_class() {
        let class = |c: u32| matches!(c, 0x2000..=0x203F | 0x3000..=0x303F | 0xFF00..=0xFF3F);
        let all: Vec<u32> = (0..0x110000u32).collect();
        assert_eq!(cjk_punct_count(&all), all.iter().filter(|&&c| class(c)).count() as i64);
        for c in (0x1F00..0x2100).chain(0x2F00..0x3100).chain(0xFE00..0x10000) {
            assert_eq!(cjk_punct_count(&[c, 0x41]), class(c) as i64, "{c:#x}");
        }
    }

    #[test]
    fn the_const_set_table_decodes_the_sets() {
        // The table built at compile time is the one `str::chars` gives.
        let mut t = vec![0u16; 0x10000];
        for (flag, set) in SETS {
            for c in set.chars() {
                t[c as usize] |= flag;
            }
        }
        assert_eq!(t[..], set_table()[..]);
    }

    #[test]
    fn hints() {
        assert!(
            page_hint(&cp("见P3"))
                && page_hint(&cp("p. 3"))
                && page_hint(&cp("P.\u{3000}3"))
                && page_hint(&cp("第2版"))
        );
        assert!(!page_hint(&cp("P. x3")) && !page_hint(&cp("P..3")));
        assert!(byline_hint(&cp("文 ／张三")) && byline_hint(&cp("本报记者")) && !byline_hint(&cp("文字/张三")));
        assert!(furniture_hint(&cp("ISSN")) && furniture_hint(&cp("星期一")) && !furniture_hint(&cp("星")));
    }

    /// `layout.reads_as_rendered`'s doctest: a fifth of the characters in
    /// finished lines (a hundred characters or more, no space between Han
    /// characters, no run of white space).
    #[test]
    fn reflowed_text_is_read_as_such() {
        let line = "疫情发生以来，政协委员发挥自身岗位优势，将音乐、戏曲、朗诵、说唱等文艺作品鼓舞斗志，温暖人心。".repeat(3);
        let texts = |lines: &[&str]| -> LineTexts { lines.iter().map(|s| cp(s)).collect::<Vec<_>>().into() };
        assert!(reads_as_rendered(&texts(&[&line, "标题"])));
        assert!(!reads_as_rendered(&texts(&[&line.replace("温暖", "温 暖"), "标题"])));
        assert!(!reads_as_rendered(&texts(&[&line.replace("，", "，  "), "标题"])));
        assert!(!reads_as_rendered(&texts(&["标题", "标题", "标题"])));
        // One finished line among four times its length of column lines: under a fifth.
        let mut many = vec![line.as_str()];
        many.extend(["疫情发生以来，政协委员发挥自身岗"; 40]);
        assert!(!reads_as_rendered(&texts(&many)));
        many.truncate(30); // (141 of 605 characters: past a fifth)
        assert!(reads_as_rendered(&texts(&many)));
        // A space next to a CJK mark or character, a tab, a column rule: not finished.
        assert!(!reads_as_rendered(&texts(&[&line.replace("，", " ，")])));
        assert!(!reads_as_rendered(&texts(&[&line.replace("温暖", "温\t暖")])));
        assert!(!reads_as_rendered(&texts(&[&line.replacen("，", "|", 1)])));
        // Latin words may be spaced; the line must end a sentence.
        assert!(reads_as_rendered(&texts(&[&line.replacen("温暖", "warm hearts", 1)])));
        assert!(!reads_as_rendered(&texts(&[line.trim_end_matches('。')])));
        // On a page whose full stop is 、 (the 1930s), a paragraph ends with it.
        let pause = "各部隊奮勇進攻、已將敵軍包圍於城北、".repeat(6);
        assert!(reads_as_rendered(&texts(&[&pause, "標題"])));
        assert!(reads_as_rendered(&texts(&[&format!("{pause}」"), "標題"])));
        let stopped = format!("本報訊。{pause}");
        assert!(!reads_as_rendered(&texts(&[&stopped, "標題"])));
        assert!(pause_ended(&cp("進攻、」")) && !pause_ended(&cp("進攻")) && !pause_ended(&cp("、")[..0]));
    }

    #[test]
    fn the_dateline_hint_within_the_first_characters_but_spaces() {
        assert!(hint_within(&cp("本报北京3月1日电"), 40));
        assert!(hint_within(&cp("本报北京3月1日电"), 9) && !hint_within(&cp("本报北京3月1日电"), 8));
        assert!(hint_within(&cp("本 报 北 京 电"), 5)); // (spaces are not counted)
        assert!(!hint_within(&cp("本报北京"), 40));
    }

    #[test]
    fn quotations_and_the_hint_in_one_pass() {
        let sum = |s: &str| {
            let x = quotes_and_hint(&cp(s));
            (x.balance, x.closes_first, x.hint)
        };
        assert_eq!(sum("王芳说：“今年我们"), (1, false, false));
        assert_eq!(sum("但这并未阻挠他的意志。”本报讯"), (-1, true, true));
        assert_eq!(sum("“长达近一年的亲密关系中。”"), (0, false, false));
        assert_eq!(sum("导论》正是《宪法学"), (0, true, false));
        // A quote mark of no direction met first closes nothing (`_closes_quote`'s doctest).
        assert_eq!(sum("他说\"好”"), (-1, false, false));
        assert_eq!(sum("\"发生什么事了么?””"), (-2, false, false));
        assert_eq!(sum("好”他说\""), (-1, true, false));
    }

    /// [`own_line`] reads a line as `line_features` does, its long-line
    /// shortcut included.
    #[test]
    fn a_line_read_on_its_own() {
        assert_eq!(own_line(&cp("株洲日报记者 李逸峰")).0, Some(LineKind::Byline));
        assert_eq!(own_line(&cp("本报北京3月1日电")), (None, 9));
        let long = format!("新华社北京3月1日电 {}", "今天下雨了大家都没有出门".repeat(6));
        assert_eq!(own_line(&long.chars().map(|c| c as u32).collect::<Vec<_>>()), (None, 10));
        assert_eq!(own_line(&cp(&"*".repeat(70))).0, Some(LineKind::Furniture));
        assert_eq!(own_line(&cp(&"今天下雨了大家都没有出门".repeat(6))), (None, 0));
    }

    fn lines(texts: &[&str], gaps: &[i64]) -> Lines {
        let mut t = Lines::default();
        let mut off = 0;
        for (k, s) in texts.iter().enumerate() {
            let text = cp(s);
            let len = text.len() as i64;
            t.append(text, off, off + len, k as i64 + 1, gaps[k], 0, false, 0);
            off += len + 1;
        }
        t
    }

    fn prose(n: usize) -> Features {
        Features {
            kind: vec![None; n],
            terminal: vec![false; n],
            clause: vec![true; n],
            open_end: vec![false; n],
            dateline: vec![0; n],
            headline_like: vec![false; n],
            ascii: vec![0; n],
            gap: vec![0; n],
            markers: HashMap::new(),
            continues: vec![false; n],
            pause_stop: false,
            unpunctuated: false,
            rendered: false,
        }
    }

    #[test]
    fn without_punctuation_a_wrap_is_a_word_cut_across_the_line_end() {
        // 临时收 / 容所: the line end cuts 收容; 监督 / 市政府 cuts nothing.
        let t = lines(
            &["扩大临时收", "容所三处并给难民监督", "市政府亦允派员协助"],
            &[0, 1, 0],
        );
        let mut f = prose(3);
        f.unpunctuated = true;
        let wraps = cut_mid_word(&t, &f);
        assert_eq!(wraps, vec![true, true, true]);
        assert_eq!(cuts_next_word(&t, &f, &wraps, &following(&f)), vec![true, false, false]);
        // A jump marker between is skipped; a grammar line ends the look-ahead.
        let t = lines(&["扩大临时收", "下转第二版", "容所三处"], &[0, 0, 0]);
        let mut f = prose(3);
        f.kind[1] = Some(LineKind::Marker);
        assert_eq!(
            cuts_next_word(&t, &f, &[true, false, true], &following(&f)),
            vec![true, false, false]
        );
        f.kind[1] = Some(LineKind::Byline);
        assert_eq!(
            cuts_next_word(&t, &f, &[true, false, true], &following(&f)),
            vec![false, false, false]
        );
    }

    #[test]
    fn a_column_forms() {
        let texts = [
            "一二三四五六七八，十",
            "一二三四五六七八，十",
            "一二三四五六七八，十",
            "一二三四五六七八，十",
            "一二三四。",
        ];
        let t = lines(&texts, &[0; 5]);
        let mut f = prose(5);
        f.terminal[4] = true;
        f.clause[4] = false;
        let cols = segment_columns(&t, &f, &Options::default());
        assert_eq!(cols.palette, vec![38]);
        assert_eq!(cols.set_width, vec![38; 5]);
    }

    /// The doctest of `layout.join_glyph_runs`: four lines a glyph each (a
    /// blank line between two) are one row spanning them; two are not, nor
    /// is a run two blank lines part, nor ASCII characters.
    #[test]
    fn a_line_printed_a_glyph_to_a_line_is_one_row() {
        let t = crate::document::split_lines(&crate::code_points("人\n民\n\n军\n队\n\n本报讯 昨日，\n甲\n乙"));
        let (t, joined) = join_glyph_runs(t);
        assert!(joined);
        let rows: Vec<(String, i64, i64, i64)> = (0..t.len())
            .map(|i| (t.text[i].iter().filter_map(|&c| char::from_u32(c)).collect(), t.start[i], t.end[i], t.number[i]))
            .collect();
        let want = [("人民军队", 0, 8, 1), ("本报讯 昨日，", 10, 17, 7), ("甲", 18, 19, 8), ("乙", 20, 21, 9)];
        assert_eq!(rows, want.map(|(s, a, b, n)| (s.to_string(), a, b, n)));
        let apart = crate::document::split_lines(&crate::code_points("人\n民\n\n\n军\n1\n2\n3"));
        assert!(!join_glyph_runs(apart).1);
    }

    /// The doctests of `layout.drop_margin`.
    #[test]
    fn a_margin_every_line_shares_is_no_indent() {
        let mut t = lines(&["本市", "救济会", "开会决定", "扩大", "收容"], &[0; 5]);
        t.indent = vec![16, 8, 8, 16, 8];
        drop_margin(&mut t);
        assert_eq!(t.indent, [8, 0, 0, 8, 0]);
        t.indent = vec![8, 0, 0, 8, 0];
        drop_margin(&mut t);
        assert_eq!(t.indent, [8, 0, 0, 8, 0]);
        let mut short = lines(&["本市", "救济会"], &[0; 2]);
        short.indent = vec![8, 8];
        drop_margin(&mut short);
        assert_eq!(short.indent, [8, 8]); // too few lines to tell a margin
    }

    /// The doctest of `layout._double_spaced`: a column with a blank line
    /// after every line reads as if it had none; a page of one-line blocks
    /// set apart by blank lines keeps them.
    #[test]
    fn a_double_spaced_section_reads_as_single_spaced() {
        let column = [
            "本市救济会昨日开会，决定扩",
            "大收容所三处，并给口粮，市",
            "府亦允协助监督，教育局昨",
            "日通令各校，照常上课，各",
            "界捐款踊跃，已达万元。",
        ];
        let f = line_features(&lines(&column, &[0, 1, 1, 1, 1]), HashMap::new(), &Options::default());
        assert_eq!(f.gap, [0, 0, 0, 0, 0]);
        let f = line_features(&lines(&column, &[0, 1, 2, 1, 1]), HashMap::new(), &Options::default());
        assert_eq!(f.gap, [0, 0, 1, 0, 0]); // two blank lines mean what one would
        let f = line_features(&lines(&column, &[0, 1, 3, 1, 1]), HashMap::new(), &Options::default());
        assert_eq!(f.gap, [0, 0, 1, 0, 0]); // every line end doubled: a blank line became three
        let heads = ["本市新闻", "救济会开会", "各校照常上课", "捐款踊跃", "市府协助"];
        let f = line_features(&lines(&heads, &[0, 1, 1, 1, 1]), HashMap::new(), &Options::default());
        assert_eq!(f.gap, [0, 1, 1, 1, 1]);
    }

    /// `input`'s line table, as `split_lines` makes it.
    fn table_of(input: &str) -> Lines {
        let text = cp(input);
        let table = crate::lines::line_table(&text);
        let mut t = Lines::default();
        for i in 0..table.len() {
            let (s, e) = (table.start[i] as usize, table.end[i] as usize);
            t.append(
                &text[s..e],
                table.start[i],
                table.end[i],
                table.number[i],
                table.gap[i],
                table.page[i],
                table.page_break[i] != 0,
                table.indent[i],
            );
        }
        t
    }

    /// The rows `split_markers` makes of `input` and the rows it found markers on.
    fn marker_rows(input: &str) -> (Vec<String>, Vec<usize>) {
        let (t, found) = split_markers(table_of(input));
        let texts = t.text.iter().map(|s| s.iter().map(|&c| ch(c)).collect()).collect();
        let mut rows: Vec<usize> = found.keys().copied().collect();
        rows.sort_unstable();
        (texts, rows)
    }

    #[test]
    fn markers_run_together_or_one_after_another_are_each_a_row() {
        let (texts, rows) = marker_rows("下转A2版①下转A3版②\n");
        assert_eq!(
            (texts, rows),
            (vec!["下转A2版①".to_string(), "下转A3版②".to_string()], vec![0, 1])
        );
        let (texts, rows) = marker_rows("（转4版）（转5版）\n");
        assert_eq!(
            (texts, rows),
            (vec!["（转4版）".to_string(), "（转5版）".to_string()], vec![0, 1])
        );
        let (texts, rows) = marker_rows("正文 （转4版） （转5版）\n");
        assert_eq!(texts, ["正文", "（转4版）", "（转5版）"]);
        assert_eq!(rows, [1, 2]);
        // One inside, set off by a space, and one at the end; one that opens
        // what a marker at the line's start leaves.
        let (texts, rows) = marker_rows("全市今年新建学校十所(转4版) 总投资约三亿元 （上接第一版）\n");
        assert_eq!(
            texts,
            ["全市今年新建学校十所", "(转4版)", "总投资约三亿元", "（上接第一版）"]
        );
        assert_eq!(rows, [1, 3]);
        let (texts, rows) = marker_rows("（下转第二版） 下转A2版①图为新建的学校\n");
        assert_eq!(texts, ["（下转第二版）", "下转A2版①", "图为新建的学校"]);
        assert_eq!(rows, [0, 1]);
        // A piece that only holds a marker's verb is no marker.
        let (texts, rows) = marker_rows("（上接第一版）转发各地\n");
        assert_eq!(texts, ["（上接第一版）", "转发各地"]);
        assert_eq!(rows, [0]);
    }

    #[test]
    fn a_line_with_a_marker_at_either_end_gives_three_rows() {
        // Columns run together: one column's marker opens the line, another's
        // closes it, on the line or over the next (the bracket alone).
        for (input, end) in [("下转6版 记（下转第二版）\n", 13), ("下转6版 记（下转第二版\n）\n", 14)]
        {
            let (t, found) = split_markers(table_of(input));
            let texts: Vec<String> = t.text.iter().map(|s| s.iter().map(|&c| ch(c)).collect()).collect();
            assert_eq!(texts, ["下转6版", "记", "（下转第二版）"]);
            assert_eq!(t.start, [0, 5, 6]);
            assert_eq!(t.end, [4, 6, end]);
            let mut rows: Vec<usize> = found.keys().copied().collect();
            rows.sort_unstable();
            assert_eq!(rows, [0, 2]);
            assert_eq!((found[&0].page.clone(), found[&2].page.clone()), (cp("6"), cp("2")));
        }
    }

    #[test]
    fn a_marker_that_opens_its_line_and_ends_inside_the_next_is_a_row() {
        // `layout._leading_over`: （转1 / 版）员工们 reads as （转1版）员工们 on one line
        // does: the marker, then the text after it; one that opens at the end
        // of a body line, text after it, stays in the text.
        let (t, found) = split_markers(table_of("（转1\n版）员工们说\n"));
        let texts: Vec<String> = t.text.iter().map(|s| s.iter().map(|&c| ch(c)).collect()).collect();
        assert_eq!(texts, ["（转1版）", "员工们说"]);
        assert_eq!((t.start.clone(), t.end.clone()), (vec![0, 6], vec![6, 10]));
        assert_eq!(t.number, [1, 2]);
        assert_eq!(found[&0].page, cp("1"));
        assert_eq!(found.len(), 1);
        let (t, found) = split_markers(table_of("会议指出。（转\n1版）员工们说\n"));
        assert_eq!(t.len(), 2);
        assert!(found.is_empty());
    }

    #[test]
    fn a_dateline_whose_date_is_spaced_is_read_without_the_spaces() {
        // (`layout.line_dateline`'s doctest.)
        let dl = |s: &str| line_dateline(&crate::code_points(s));
        assert_eq!((dl("新华社北京8月 19日电 讲话"), dl("本报4 日讯\u{3000}讲话")), (12, 6));
        assert_eq!(dl("电话 12345 联系"), 0);
        assert_eq!(dl("本報 特訊） 管時"), 6);
        assert_eq!(close_head_spaces(&crate::code_points("2月  3日 a 1 b 中 文")), crate::code_points("2月3日 a 1 b 中文"));
    }

    #[test]
    fn is_marker_first_is_the_marker_first_table() {
        assert!(MARKER_FIRST.iter().all(|&c| is_marker_first(c)));
        assert_eq!((0..0x11000).filter(|&c| is_marker_first(c)).count(), MARKER_FIRST.len());
    }

    #[test]
    fn a_marker_ocr_spread_out_is_read_with_one_space_in_each_run() {
        // `layout._spaced_rows`'s doctest: 否（转    0版） is 否 and the marker.
        let (t, found) = split_markers(table_of("否（转    0版）\n"));
        assert_eq!(t.len(), 2);
        assert_eq!(found[&1].raw, cp("（转    0版）"));
    }

    #[test]
    fn a_marker_inside_two_lines_text_on_both_sides_is_one_row() {
        // `layout._inner_over`'s doctest: ，（转4 / 版） 察 is ，, （转4版） and 察.
        let (t, found) = split_markers(table_of("，（转4\n版） 察\n"));
        assert_eq!(t.len(), 3);
        assert_eq!(found[&1].raw, cp("（转4版）"));
        assert_eq!((t.text[0].to_vec(), t.text[2].to_vec()), (cp("，"), cp("察")));
        let (t, found) = split_markers(table_of("，（转4\n版）察\n"));
        assert!(found.is_empty() && t.len() == 2);
    }

    #[test]
    fn a_bracket_left_open_before_a_two_line_marker_asks_for_three_lines() {
        // `layout._opened_before`: 以（ 下 / 轉八版 / ） is 以 and （ 下轉八版）, not
        // 以（, 下轉八版 and ）.
        assert!(opened_before(&cp("以（ 下"), 3));
        assert!(!opened_before(&cp("以， 下"), 3));
        assert!(!opened_before(&cp("下"), 0));
        let (t, found) = split_markers(table_of("以（ 下\n轉八版\n）\n"));
        assert_eq!((t.len(), t.text[0].to_vec()), (2, cp("以")));
        assert_eq!(found[&1].raw, cp("（ 下轉八版）"));
    }

    #[test]
    fn a_marker_that_lost_a_bracket_over_two_lines_is_one_row() {
        // `layout._lost_over`: (接 / 1版 reads as (接1版 on one line does; a
        // bracket the third line closes is read first.
        let (t, found) = split_markers(table_of("(接\n1版\n"));
        assert_eq!(t.len(), 1);
        assert_eq!(found[&0].page, cp("1"));
        let (t, found) = split_markers(table_of("(下轉第\n13版\n)\n"));
        assert_eq!(t.len(), 1);
        assert_eq!(found[&0].raw, cp("(下轉第13版)"));
    }

    #[test]
    fn markers_split_off_and_running_heads_in_pieces() {
        let (t, found) = split_markers(table_of(
            "实现社区全覆盖，下转A2版①\n（上接第一版）会议指出，要做好\n详见第\n7版\n2018年7月10日\n星期一\nA10\n要闻\n",
        ));
        let texts: Vec<String> = t.text.iter().map(|s| s.iter().map(|&c| ch(c)).collect()).collect();
        assert_eq!(
            texts,
            [
                "实现社区全覆盖，",
                "下转A2版①",
                "（上接第一版）",
                "会议指出，要做好",
                "详见第7版",
                "2018年7月10日",
                "星期一",
                "A10",
                "要闻"
            ]
        );
        assert_eq!((t.start[1], t.end[1], t.start[3], t.end[4]), (8, 14, 22, 37));
        let mut rows: Vec<usize> = found.keys().copied().collect();
        rows.sort_unstable();
        assert_eq!(rows, [1, 2, 4]);
        assert_eq!((found[&1].seq, found[&2].seq), (Some(1), None));
        let f = line_features(&t, found, &Options::default());
        let m = Some(LineKind::Marker);
        let h = Some(LineKind::Furniture);
        assert_eq!(f.kind, [None, m, m, None, m, h, h, h, h]);
        assert_eq!(
            f.continues,
            [false, false, false, false, false, false, true, true, true]
        );
    }

    #[test]
    fn double_spacing_means_nothing() {
        let texts = ["一，", "二，", "三，", "四，", "五，", "六。"];
        let t = lines(&texts, &[0, 1, 1, 1, 1, 1]);
        let f = prose(6);
        assert_eq!(meaningful_gaps(&t, &f), vec![0; 6]);
    }

    /// `layout._fenced`: a fence's lines are Markdown up to the fence of its
    /// own kind that closes it; a fence with no close fences nothing.
    #[test]
    fn fenced_lines_are_markdown() {
        let texts = ["正文。", "$$", "x^2+y^2=1", "```", "$$", "代码", "```", "$$", "标题"];
        let t = lines(&texts, &[0; 9]);
        let options = Options::default();
        let f = line_features(&t, HashMap::new(), &options);
        let md: Vec<bool> = f.kind.iter().map(|k| *k == Some(LineKind::Markdown)).collect();
        // $$ (1) closes at 4 (the ``` between is fenced); ``` (6) finds no close; $$ (7) none.
        assert_eq!(md, [false, true, true, true, true, false, true, true, false]);
        assert!(!f.headline_like[2] && !f.terminal[2]);
    }
}

#[cfg(test)]
mod bench {
    use super::*;

    /// `cargo test --release -p reflow-core layout::bench -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn throughput() {
        let seed = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../seeds/000_8105d0b5ae336b9b.txt"
        ))
        .unwrap();
        let mut big = String::new();
        while big.len() < 10_000_000 {
            big.push_str(&seed);
            big.push('\n');
        }
        let cps = crate::code_points(&big);
        let t0 = std::time::Instant::now();
        let table = crate::lines::line_table(&cps);
        let t1 = std::time::Instant::now();
        drop(table);
        let t = crate::document::split_lines(&cps);
        let t2 = std::time::Instant::now();
        let (t, found) = split_markers(t);
        let t3 = std::time::Instant::now();
        let f = line_features(&t, found, &Options::default());
        let t4 = std::time::Instant::now();
        let c = segment_columns(&t, &f, &Options::default());
        let t5 = std::time::Instant::now();
        let mb = big.len() as f64 / 1e6;
        for (name, a, b) in [
            ("line_table", t0, t1),
            ("texts", t1, t2),
            ("split_markers", t2, t3),
            ("line_features", t3, t4),
            ("segment_columns", t4, t5),
        ] {
            println!("{name}: {:.1} MB/s", mb / (b - a).as_secs_f64());
        }
        println!(
            "stages 1-3: {:.1} MB/s ({} lines, palette {:?})",
            mb / (t5 - t2).as_secs_f64(),
            t.len(),
            c.palette
        );
    }
}
