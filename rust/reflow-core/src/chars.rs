//! Character classes: the generated tables of `tables.rs` as one flag byte per
//! code point.
//!
//! Text is handled as a slice of code points (`u32`), exactly as Python's `str`
//! is: a lone surrogate is one code point like any other, and indices are
//! Python's string indices. The Basic Multilingual Plane is looked up in a
//! 64 KiB table built once from the ranges; other planes (rare in newspaper
//! text) by binary search over the same ranges.

use std::sync::OnceLock;

use crate::tables;

/// `[{CJK_CLASS}]` of chars.py.
pub const CJK: u8 = 1;
/// `[{IDEOGRAPH_CLASS}]` of chars.py.
pub const IDEO: u8 = 2;
/// `[{CJK_CLASS}--{IDEOGRAPH_CLASS}]`: CJK punctuation.
pub const CJK_PUNCT: u8 = 4;
/// The `regex` module's `\s`.
pub const RE_SPACE: u8 = 8;
/// `str.isspace()`.
pub const PY_SPACE: u8 = 16;

const CLASSES: [(u8, &[(u32, u32)]); 5] = [
    (CJK, &tables::CJK),
    (IDEO, &tables::IDEOGRAPH),
    (CJK_PUNCT, &tables::CJK_NOT_IDEOGRAPH),
    (RE_SPACE, &tables::REGEX_SPACE),
    (PY_SPACE, &tables::PY_SPACE),
];

fn in_ranges(ranges: &[(u32, u32)], cp: u32) -> bool {
    // The last range starting at or before cp.
    let i = ranges.partition_point(|&(lo, _)| lo <= cp);
    i > 0 && cp <= ranges[i - 1].1
}

fn bmp_table() -> &'static [u8; 0x10000] {
    static TABLE: OnceLock<Box<[u8; 0x10000]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([0u8; 0x10000]);
        for (flag, ranges) in CLASSES {
            for &(lo, hi) in ranges {
                if lo > 0xFFFF {
                    break;
                }
                for cp in lo..=hi.min(0xFFFF) {
                    t[cp as usize] |= flag;
                }
            }
        }
        t
    })
}

/// The class flags of code points. Cheap to copy; get one per scan with
/// [`Classes::get`] and ask it in the loop.
#[derive(Clone, Copy)]
pub struct Classes {
    bmp: &'static [u8; 0x10000],
}

impl Classes {
    pub fn get() -> Classes {
        Classes { bmp: bmp_table() }
    }

    /// The flags of one code point (0 for values past U+10FFFF).
    #[inline]
    pub fn of(&self, cp: u32) -> u8 {
        if cp < 0x10000 {
            self.bmp[cp as usize]
        } else {
            astral(cp)
        }
    }

    #[inline]
    pub fn is(&self, cp: u32, flag: u8) -> bool {
        self.of(cp) & flag != 0
    }

    /// The flags of `text[i]`, or 0 when `i` is out of range (the start or the
    /// end of the text, where a lookaround finds no character).
    #[inline]
    pub fn at(&self, text: &[u32], i: usize) -> u8 {
        match text.get(i) {
            Some(&cp) => self.of(cp),
            None => 0,
        }
    }
}

#[cold]
fn astral(cp: u32) -> u8 {
    let mut flags = 0;
    for (flag, ranges) in CLASSES {
        if in_ranges(ranges, cp) {
            flags |= flag;
        }
    }
    flags
}

/// What a legacy code point folds to (Kangxi radicals, radicals supplement,
/// vertical forms, compatibility ideographs), if it is one.
#[inline]
pub fn legacy_fold(cp: u32) -> Option<u32> {
    // Every key lies in one of these blocks; most text has none of them.
    if !((0x2E80..=0x2FD5).contains(&cp)
        || (0xF900..=0xFAFF).contains(&cp)
        || (0xFE10..=0xFE4F).contains(&cp)
        || (0x2F800..=0x2FA1F).contains(&cp))
    {
        return None;
    }
    tables::LEGACY
        .binary_search_by_key(&cp, |&(k, _)| k)
        .ok()
        .map(|i| tables::LEGACY[i].1)
}

/// Full-width Latin letters and digits (０-９ Ａ-Ｚ ａ-ｚ) to ASCII.
#[inline]
pub fn fullwidth_fold(cp: u32) -> Option<u32> {
    match cp {
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Some(cp - 0xFEE0),
        _ => None,
    }
}

/// `str.isalnum()` of one code point (Python's Unicode data, from `tables.rs`).
pub fn py_isalnum(cp: u32) -> bool {
    if cp < 0x80 {
        return is_ascii_alnum(cp);
    }
    // The CJK Unified Ideographs, all letters (a test checks it against the
    // table): most characters asked about, spared the table's binary search.
    if (0x4E00..=0x9FFF).contains(&cp) {
        return true;
    }
    in_ranges(&tables::PY_ALNUM, cp)
}

/// `str.isalpha()` of one code point.
pub fn py_isalpha(cp: u32) -> bool {
    if cp < 0x80 {
        return (0x41..=0x5A).contains(&cp) || (0x61..=0x7A).contains(&cp);
    }
    in_ranges(&tables::PY_ALPHA, cp)
}

/// `str.isdigit()` of one code point.
pub fn py_isdigit(cp: u32) -> bool {
    if cp < 0x80 {
        return is_digit(cp);
    }
    in_ranges(&tables::PY_DIGIT, cp)
}

/// `str.islower()` of one code point (a one-character string).
pub fn py_islower(cp: u32) -> bool {
    if cp < 0x80 {
        return (0x61..=0x7A).contains(&cp);
    }
    in_ranges(&tables::PY_LOWER, cp)
}

/// `chars.HAS_CJK.search` on one code point: Han, kana, hangul, CJK punctuation.
pub fn is_cjk(cp: u32) -> bool {
    Classes::get().is(cp, CJK)
}

/// How many code points of `text` pass `test`, summed without an early exit
/// or a branch in u32 lanes (a chunk at a time, so that they cannot
/// overflow): where `test` is a few compares the compiler vectorizes it,
/// which it does not for `filter().count()`. For the scans that every code
/// point of every reading goes through.
#[inline]
pub fn count_where(text: &[u32], test: impl Fn(u32) -> bool) -> usize {
    let mut total = 0usize;
    for chunk in text.chunks(1 << 24) {
        let mut n = 0u32;
        for &c in chunk {
            n += test(c) as u32;
        }
        total += n as usize;
    }
    total
}

/// Does a code point of `text` pass `test`? Sixteen code points at a time
/// with no exit inside a chunk: where `test` is a few compares the compiler
/// vectorizes it, which it does not for `any` (an exit after every code
/// point). For the tests most texts fail, which read the whole text.
#[inline]
pub fn any_where(text: &[u32], test: impl Fn(u32) -> bool) -> bool {
    text.chunks(16)
        .any(|chunk| chunk.iter().fold(false, |found, &c| found | test(c)))
}

/// The first index at or after `from` whose code point passes `test`, or
/// `text.len()`: [`any_where`]'s branch-free chunks, skipped until one holds
/// a hit, then read one by one. For the scanners that stop only at rare code
/// points (a space in CJK prose), so that the code points between cost a
/// compare each rather than a branch each.
#[inline]
pub fn position_where(text: &[u32], from: usize, test: impl Fn(u32) -> bool) -> usize {
    let n = text.len();
    let mut i = from.min(n);
    while i < n {
        let end = (i + 16).min(n);
        let chunk = &text[i..end];
        if chunk.iter().fold(false, |found, &c| found | test(c)) {
            return i + chunk.iter().position(|&c| test(c)).unwrap_or(chunk.len());
        }
        i = end;
    }
    n
}

/// `[ \t\u00a0]`: the spaces the text rules remove or squeeze.
#[inline]
pub fn is_sp(cp: u32) -> bool {
    cp == 0x20 || cp == 0x09 || cp == 0xA0
}

#[inline]
pub fn is_digit(cp: u32) -> bool {
    (0x30..=0x39).contains(&cp)
}

/// An ASCII letter, A-Z or a-z.
#[inline]
pub fn is_ascii_alpha(cp: u32) -> bool {
    (0x41..=0x5A).contains(&cp) || (0x61..=0x7A).contains(&cp)
}

#[inline]
pub fn is_ascii_alnum(cp: u32) -> bool {
    is_digit(cp) || is_ascii_alpha(cp)
}

/// `chars.ADDRESS_OPENER.match(text[at..])`: the length of the web or mail
/// address opener at `at` (http:// https:// ftp:// www., letters in either
/// case; a mail address's @), or 0.
pub fn address_opener_at(text: &[u32], at: usize) -> usize {
    let rest = &text[at.min(text.len())..];
    // One pattern letter: the letter in either case, or the mark itself.
    let is = |k: usize, p: u8| {
        rest.get(k)
            .is_some_and(|&c| c == p as u32 || (p.is_ascii_lowercase() && c == p.to_ascii_uppercase() as u32))
    };
    let spells = |from: usize, word: &str| word.bytes().enumerate().all(|(k, p)| is(from + k, p));
    if spells(0, "http") {
        let s = usize::from(is(4, b's'));
        return if spells(4 + s, "://") { 7 + s } else { 0 };
    }
    if spells(0, "ftp://") {
        return 6;
    }
    if spells(0, "www.") {
        return 4;
    }
    usize::from(is(0, b'@'))
}

/// `chars.holds_web_address`: does `text` hold a web address opener
/// (http:// https:// ftp:// www., in either case; not a mail address's @)?
pub fn holds_web_address(text: &[u32]) -> bool {
    // (A cheap first test, as the reference's: an opener holds :// or w. — W. in upper case.)
    let hinted = text
        .windows(2)
        .any(|p| (p[0] == ':' as u32 && p[1] == '/' as u32) || ((p[0] | 0x20) == 'w' as u32 && p[1] == '.' as u32));
    hinted && (0..text.len()).any(|i| text[i] != '@' as u32 && address_opener_at(text, i) > 0)
}

/// `a in chars.address_ends(text)`: does a web or mail address end at white
/// space there?
/// Read back from `a` over the address alone, for a rule that asks it only of
/// the runs of spaces it would take out: an address holds no white space and
/// no CJK punctuation, and none of its openers does, so a web address that
/// ends at `a` opens after the last of them before `a`; a mail address's
/// domain is the ASCII run right before `a`, its @ right before that.
pub fn ends_address(text: &[u32], a: usize) -> bool {
    if a == 0 || a >= text.len() {
        return false;
    }
    let cls = Classes::get();
    if !cls.is(text[a], PY_SPACE) {
        return false;
    }
    let domain = |c: u32| is_ascii_alnum(c) || c == '.' as u32 || c == '-' as u32;
    let mut k = a;
    while k > 0 && domain(text[k - 1]) {
        k -= 1;
    }
    if k >= 2 && text[k - 1] == '@' as u32 && !cls.is(text[k - 2], PY_SPACE) && text[k..a].contains(&('.' as u32)) {
        return true;
    }
    let mut s = a;
    while s > 0 && cls.of(text[s - 1]) & (PY_SPACE | CJK_PUNCT) == 0 {
        s -= 1;
    }
    (s..a).any(|i| {
        let len = address_opener_at(text, i);
        len > 0 && text[i] != '@' as u32 && i + len <= a
    })
}

/// `chars._NUMBER_CELL.fullmatch(cell)`: a cell of a table that holds a
/// number (ASCII digits): 3245.67, +1.23%, 1,234, 15℃/3℃.
fn number_cell(cell: &[u32]) -> bool {
    let number = |from: usize| -> Option<usize> {
        let mut k = digits_end(cell, from)?;
        if cell
            .get(k)
            .is_some_and(|&c| c == '%' as u32 || c == '‰' as u32 || c == '℃' as u32)
        {
            k += 1;
        }
        Some(k)
    };
    match number(0) {
        Some(k) if k == cell.len() => true,
        Some(k) if cell[k] == '/' as u32 => number(k + 1) == Some(cell.len()),
        _ => false,
    }
}

/// `[+\-]?[0-9][0-9.,]*` from `from` in `cell`: where the number ends, or
/// None where none starts there (the number of a number cell and of a unit cell).
fn digits_end(cell: &[u32], from: usize) -> Option<usize> {
    let mut k = from + usize::from(cell.get(from).is_some_and(|&c| c == '+' as u32 || c == '-' as u32));
    if !cell.get(k).is_some_and(|&c| is_digit(c)) {
        return None;
    }
    k += 1;
    while cell
        .get(k)
        .is_some_and(|&c| is_digit(c) || c == '.' as u32 || c == ',' as u32)
    {
        k += 1;
    }
    Some(k)
}

/// `chars.TABLE_UNITS`: the units a table's number cell may print after its
/// number (水泥 100吨 5万元).
const TABLE_UNITS: &[&str] = &[
    "元", "美元", "吨", "公斤", "千克", "克", "斤", "公里", "千米", "米", "平方米", "亩", "公顷", "人", "户", "家", "辆", "台",
    "套", "件", "项", "倍", "岁",
];

/// `chars._UNIT_CELL.fullmatch(cell)`: a number and its unit (100吨, 5万元,
/// 1.2万人, 3亿): 万 or 亿, a unit of `TABLE_UNITS`, or both in that order.
fn unit_cell(cell: &[u32]) -> bool {
    let Some(k) = digits_end(cell, 0) else {
        return false;
    };
    let mut rest = &cell[k..];
    let large = rest.first().is_some_and(|&c| c == '万' as u32 || c == '亿' as u32);
    if large {
        rest = &rest[1..];
        if rest.is_empty() {
            return true;
        }
    }
    TABLE_UNITS
        .iter()
        .any(|u| u.chars().count() == rest.len() && u.chars().zip(rest).all(|(a, &b)| a as u32 == b))
}

/// `chars._row_number`: a number cell of a table's row, a number or a number and its unit.
fn row_number(cell: &[u32]) -> bool {
    number_cell(cell) || unit_cell(cell)
}

/// `chars._ROW_ENDS`: what a row's last cell ends with (a number, or a unit).
#[inline]
pub(crate) fn row_end(c: u32) -> bool {
    // (The low byte's bit first: most characters are turned away by it.)
    number_end(c)
        || (UNIT_END_LOW[(c as usize & 0xFF) >> 6] >> (c & 0x3F) & 1 == 1 && UNIT_END_CODES.binary_search(&c).is_ok())
}

/// The low bytes of [`UNIT_END_CODES`], a bit each.
const UNIT_END_LOW: [u64; 4] = {
    let mut bits = [0u64; 4];
    let mut k = 0;
    while k < UNIT_END_CODES.len() {
        let low = UNIT_END_CODES[k] & 0xFF;
        bits[(low >> 6) as usize] |= 1 << (low & 0x3F);
        k += 1;
    }
    bits
};

/// The last characters of `TABLE_UNITS`, and 万 亿, as sorted code points
/// (a test derives them from the list).
const UNIT_END_CODES: [u32; 20] = [
    0x4E07, 0x4EA9, 0x4EBA, 0x4EBF, 0x4EF6, 0x500D, 0x5143, 0x514B, 0x53F0, 0x5428, 0x5957, 0x5BB6, 0x5C81, 0x6237, 0x65A4,
    0x7C73, 0x8F86, 0x91CC, 0x9877, 0x9879,
];

/// `chars._LABEL_MARKS`: what no table row's label holds.
const LABEL_MARKS: &[u32] = &[
    0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x201C, 0x201D, 0x300A,
    0x300B, 0xFF08, 0xFF09, 0x28, 0x29,
];

/// `chars.ROW_LABEL_CHARS`.
const ROW_LABEL_CHARS: usize = 8;

/// `chars.table_row`: the number of cells of `text` where it reads as a row
/// of a table set as text (a label of one or two cells, the first of two
/// characters at least, then numbers only, apart by spaces), else 0.
pub fn table_row(text: &[u32]) -> usize {
    let row = cell_text(text);
    // A row ends with a number cell: most lines are turned away by their last character.
    if !row.last().is_some_and(|&c| row_end(c)) {
        return 0;
    }
    // (A row has two cells at least: most lines that pass hold no gap.)
    if !row.iter().any(|&c| cell_gap(c)) {
        return 0;
    }
    let label = |c: &[u32]| c.len() <= ROW_LABEL_CHARS && !c.iter().any(|x| LABEL_MARKS.contains(x));
    let (mut cells, mut numbers_from) = (0usize, None);
    for cell in row.split(|&c| cell_gap(c)).filter(|c| !c.is_empty()) {
        match numbers_from {
            None if row_number(cell) => numbers_from = Some(cells),
            None if cells >= 2 || (cells == 0 && cell.len() < 2) || !label(cell) => return 0,
            None => {}
            Some(_) if !row_number(cell) => return 0,
            Some(_) => {}
        }
        cells += 1;
    }
    match numbers_from {
        Some(k) if k >= 1 => cells,
        _ => 0,
    }
}

/// `chars.DECORATION_CHARS`: the least number of marks of a decoration line
/// with a symbol (U+2500–U+27BF) among them.
const DECORATION_CHARS: usize = 3;
/// `chars.DECORATION_TEXT_CHARS`: the least number of marks of a decoration
/// line of `chars._DECORATION_TEXT_MARKS` alone.
const DECORATION_TEXT_CHARS: usize = 8;

/// `chars.is_decoration`: is `text` a decoration line — marks only, three at
/// least with a symbol (U+2500–U+27BF) among them, or eight of the marks
/// text also uses (`chars._DECORATION_TEXT_MARKS`), spaces between them or
/// not? (Most lines are turned away by their first character.)
#[inline]
pub fn is_decoration(text: &[u32]) -> bool {
    let (mut strong, mut weak) = (0usize, 0usize);
    for &c in text {
        match c {
            _ if cell_gap(c) => {}
            0x2500..=0x27BF => strong += 1,
            0x2A | 0x3D | 0x7E | 0x5F | 0x23 | 0x2D | 0x2B // * = ~ _ # - +
            | 0xB7 | 0x2022 // · •
            | 0xFF0A | 0xFF1D | 0xFF5E | 0xFF3F | 0xFF03 | 0xFF0D | 0xFF0B => weak += 1, // ＊＝～＿＃－＋
            _ => return false,
        }
    }
    (strong > 0 && strong + weak >= DECORATION_CHARS) || weak >= DECORATION_TEXT_CHARS
}

/// `chars._CELL_GAPS`: what sets a table's cells apart (" \t\u00a0\u3000").
#[inline]
pub(crate) fn cell_gap(c: u32) -> bool {
    matches!(c, 0x20 | 0x09 | 0xA0 | 0x3000)
}

/// `chars._NUMBER_ENDS`: what a number cell ends with.
#[inline]
pub(crate) fn number_end(c: u32) -> bool {
    is_digit(c) || c == '%' as u32 || c == '‰' as u32 || c == '℃' as u32
}

/// `text.strip(chars._CELL_GAPS)`.
fn cell_text(text: &[u32]) -> &[u32] {
    let from = text.iter().position(|&c| !cell_gap(c)).unwrap_or(text.len());
    let to = text.iter().rposition(|&c| !cell_gap(c)).map_or(from, |k| k + 1);
    &text[from..to]
}

/// `chars.number_cell`: is `text` (the spaces around it aside) one number
/// cell of a table (12.5%, +1.23%, 43760, 15℃/3℃)?
pub fn number_cell_line(text: &[u32]) -> bool {
    let cell = cell_text(text);
    cell.last().is_some_and(|&c| number_end(c)) && number_cell(cell)
}

/// `chars.label_cell`: is `text` (the spaces around it aside) one label
/// cell of a table flattened one cell to a line (at most `ROW_LABEL_CHARS`
/// characters, no space inside, no clause mark, quote or bracket)?
pub fn label_cell(text: &[u32]) -> bool {
    let cell = cell_text(text);
    !cell.is_empty() && cell.len() <= ROW_LABEL_CHARS && !cell.iter().any(|&c| LABEL_MARKS.contains(&c) || cell_gap(c))
}

/// `chars.opens_address`: does `text` open with a web address (http://
/// https:// ftp:// www.)?
pub fn opens_address(text: &[u32]) -> bool {
    address_opener_at(text, 0) > 1
}

/// Printed width in half-cells of one code point, as `chars.width` counts it:
/// 1 + the length of its UTF-8 encoding (surrogates encoded as
/// "surrogatepass" does, 3 bytes), less 2 for the three blocks of CJK
/// punctuation (U+2000-203F, U+3000-303F, U+FF00-FF3F); the ASCII space 0.
#[inline]
pub fn width(cp: u32) -> u32 {
    match cp {
        0x20 => 0,
        0..=0x7F => 2,
        0x80..=0x7FF => 3,
        0x2000..=0x203F | 0x3000..=0x303F | 0xFF00..=0xFF3F => 2,
        0x800..=0xFFFF => 4,
        _ => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp(c: char) -> u32 {
        c as u32
    }

    /// `chars.address_ends`: where a web or mail address in `text` ends at white
    /// space (`str.isspace`), the index of that character, in order. A web
    /// address runs from its opener (http:// https:// ftp:// www.) to white space
    /// or CJK punctuation (its path may hold Chinese); a mail address has
    /// something before its @ and a domain of ASCII letters, digits, dots and
    /// dashes with a dot after it. The openers are found as `finditer` finds
    /// them: none can start inside another. (The rules ask [`ends_address`] of
    /// each run they would take out; this forward reading, the Python
    /// reference's, is what the tests hold it to.)
    fn address_ends(text: &[u32]) -> Vec<usize> {
        let mut ends = Vec::new();
        // (Every opener starts with @, or with h, f or w in either case.)
        if !any_where(text, |c| c == '@' as u32 || matches!(c | 0x20, 0x66 | 0x68 | 0x77)) {
            return ends;
        }
        let cls = Classes::get();
        let n = text.len();
        let mut i = 0;
        while i < n {
            let len = address_opener_at(text, i);
            if len == 0 {
                i += 1;
                continue;
            }
            let mut j = i + len;
            if text[i] == '@' as u32 {
                while j < n && (is_ascii_alnum(text[j]) || text[j] == '.' as u32 || text[j] == '-' as u32) {
                    j += 1;
                }
                if i == 0 || cls.is(text[i - 1], PY_SPACE) || !text[i + 1..j].contains(&('.' as u32)) {
                    i += len;
                    continue;
                }
            } else {
                while j < n && cls.of(text[j]) & (PY_SPACE | CJK_PUNCT) == 0 {
                    j += 1;
                }
            }
            if j < n && cls.is(text[j], PY_SPACE) {
                ends.push(j);
            }
            i += len;
        }
        ends.sort_unstable();
        ends.dedup();
        ends
    }

    /// `chars.holds_web_address`'s doctests: a web address opener in either
    /// case; a mention's @ is none.
    #[test]
    fn a_web_address_is_held_where_its_opener_stands() {
        let holds = |s: &str| holds_web_address(&s.chars().map(cp).collect::<Vec<u32>>());
        assert!(holds("详见 https://example.com/a") && holds("WWW.gov.cn") && holds("ftp://x.cn"));
        assert!(!holds("@人民日报 发布") && !holds("大众www") && !holds("http:/x"));
    }

    /// `chars.address_ends`' doctests: an address's path in Chinese ends at
    /// white space, a mail address's domain is ASCII with a dot; CJK
    /// punctuation ends an address, a mention (@人民日报) is none.
    #[test]
    fn address_ends_where_white_space_follows_an_address() {
        let ends = |s: &str| {
            let text: Vec<u32> = s.chars().map(cp).collect();
            address_ends(&text)
                .into_iter()
                .map(|k| {
                    text[..k]
                        .iter()
                        .rev()
                        .take(6)
                        .rev()
                        .map(|&c| char::from_u32(c).unwrap())
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ends("访问 https://baike.baidu.com/item/新冠 了解，或写信至 zhang@163.com 咨询"),
            ["tem/新冠", "63.com"]
        );
        for none in [
            "https://x.cn/新冠，了解 更多",
            "@人民日报 发布",
            "见 www.x.cn",
            "a @b.cn x",
            "a@bcn x",
            "htp://x y",
        ] {
            assert!(ends(none).is_empty(), "{none}");
        }
        assert_eq!(ends("HTTPS://WWW.X.CN/a\u{3000}b ftp://y z"), ["X.CN/a", "tp://y"]);
    }

    /// `ends_address`, read back from one position, is `address_ends`, read
    /// forward, at every position of texts made of address pieces.
    #[test]
    fn ends_address_is_address_ends_at_each_position() {
        let pieces: Vec<&str> =
            "https://|HTTP://|http:/|ftp://|www.|WwW.|ww.|@|zhang|163.com|a.b-c|x.cn/|新冠|例子.中国|了解|a|.|-|/| |\t|\u{3000}|\u{1c}|，|。|2020"
                .split('|')
                .collect();
        let mut state = 11u64;
        let mut next = move |k: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % k as u64) as usize
        };
        for _ in 0..20000 {
            let text: Vec<u32> = (0..next(12))
                .flat_map(|_| pieces[next(pieces.len())].chars().map(cp).collect::<Vec<_>>())
                .collect();
            let ends = address_ends(&text);
            for a in 0..=text.len() {
                assert_eq!(ends_address(&text, a), ends.contains(&a), "{a} {:?}", text);
            }
        }
    }

    #[test]
    fn classes() {
        let c = Classes::get();
        assert!(c.is(cp('中'), CJK) && c.is(cp('中'), IDEO) && !c.is(cp('中'), CJK_PUNCT));
        assert!(c.is(cp('，'), CJK) && c.is(cp('，'), CJK_PUNCT) && !c.is(cp('，'), IDEO));
        assert!(c.is(cp('〇'), IDEO) && c.is(cp('々'), IDEO) && c.is(cp('“'), CJK_PUNCT));
        assert!(c.is(cp('𠀀'), IDEO)); // U+20000, Extension B
        assert!(!c.is(cp('A'), CJK) && !c.is(cp(','), CJK));
        assert!(c.is(0x3000, RE_SPACE) && c.is(0x3000, PY_SPACE));
        assert!(c.is(0x1C, PY_SPACE) && !c.is(0x1C, RE_SPACE));
        assert_eq!(c.of(0xD800), 0);
        assert_eq!(c.at(&[cp('中')], 1), 0);
    }

    /// The doctests of `chars.is_decoration`.
    #[test]
    fn decorations() {
        let v = |s: &str| s.chars().map(|c| c as u32).collect::<Vec<u32>>();
        for s in [
            "**********",
            "━━━━━━",
            "★★★",
            "■ ■ ■",
            "═══",
            "★*★",
            "========",
            "·\u{3000}★\u{3000}·",
        ] {
            assert!(is_decoration(&v(s)), "{s}");
        }
        for s in [
            "**",
            "★★",
            "* * *",
            "---",
            "···",
            "####",
            "……",
            "——",
            "、”",
            "- 12 -",
            "★★★好",
            "==)",
            "",
        ] {
            assert!(!is_decoration(&v(s)), "{s}");
        }
    }

    /// The doctests of `chars.number_cell` and `chars.label_cell`.
    #[test]
    fn cells() {
        let v = |s: &str| s.chars().map(|c| c as u32).collect::<Vec<u32>>();
        for s in ["12.5%", " -0.45% ", "15℃/3℃", "1,380", "43760"] {
            assert!(number_cell_line(&v(s)), "{s}");
        }
        for s in ["2月", "12.5%，", "A3", "", "  ", "12 5"] {
            assert!(!number_cell_line(&v(s)), "{s}");
        }
        for s in ["芙蓉区", "各区县增长情况", "\u{3000}地区 "] {
            assert!(label_cell(&v(s)), "{s}");
        }
        for s in ["北京 43760", "增长了，", "", "各区县的增长情况表"] {
            assert!(!label_cell(&v(s)), "{s}");
        }
    }

    /// The doctests of `chars.table_row`.
    #[test]
    fn table_rows() {
        let row = |s: &str| table_row(&s.chars().map(|c| c as u32).collect::<Vec<u32>>());
        assert_eq!(
            (
                row("上证指数 3245.67 +1.23%"),
                row("北京 晴 15℃/3℃"),
                row("芙蓉区\u{3000}12.5%")
            ),
            (3, 3, 2)
        );
        for no in [
            "云龙建立 23 个微信群",
            "2月 3日",
            "记者 张三 李四",
            "3245.67 +1.23%",
            "這 40",
            "上 午 10",
            "",
            " ",
        ] {
            assert_eq!(row(no), 0, "{no}");
        }
        assert_eq!(row("  北京  5.2% "), 2);
        // A number may print its unit (chars.TABLE_UNITS); a counter of running text may not.
        assert_eq!(
            (row("水泥  100吨  5万元"), row("参保人数 1.2万人 +3.5%"), row("派出 4 个"), row("增加 3个")),
            (3, 3, 0, 0)
        );
        let mut ends: Vec<u32> = TABLE_UNITS.iter().filter_map(|u| u.chars().last()).map(|c| c as u32).collect();
        ends.extend(['万' as u32, '亿' as u32]);
        ends.sort_unstable();
        ends.dedup();
        assert_eq!(ends, UNIT_END_CODES);
        assert!(ends.iter().all(|&u| row_end(u)));
        assert!(!row_end('个' as u32) && !row_end('年' as u32));
        assert_eq!(
            (row("北京 1/"), row("北京 +"), row("北京 1/2%"), row("北京（市） 5")),
            (0, 0, 2, 0)
        );
    }

    /// The doctest of `chars.opens_address`, and the opener's length.
    #[test]
    fn web_addresses() {
        let text = |s: &str| s.chars().map(|c| c as u32).collect::<Vec<u32>>();
        assert!(opens_address(&text("https://example.com/x")) && opens_address(&text("WWW.gov.cn")));
        assert!(!opens_address(&text("www")) && !opens_address(&text("@163.com")));
        assert!(!opens_address(&text("httpſ://x"))); // no case folding beyond ASCII
        let at = |s: &str, k: usize| address_opener_at(&text(s), k);
        assert_eq!(
            (
                at("HTTP://", 0),
                at("https://", 0),
                at("ftp://", 0),
                at("a@b", 1),
                at("http:/", 0)
            ),
            (7, 8, 6, 1, 0)
        );
    }

    #[test]
    fn python_predicates() {
        assert!(py_isalnum(cp('中')) && py_isalnum(cp('a')) && py_isalnum(cp('²')) && !py_isalnum(cp('，')));
        assert!(py_isalpha(cp('中')) && !py_isalpha(cp('1')) && py_isdigit(cp('²')) && !py_isdigit(cp('一')));
        assert!(py_islower(cp('é')) && !py_islower(cp('中')) && !py_islower(cp('A')));
        assert!(is_cjk(cp('，')) && !is_cjk(cp('a')));
        assert!(!py_isalnum(0xD800));
        // The shortcut for the CJK Unified Ideographs is what the table says.
        assert!((0x4E00..=0x9FFF).all(|c| in_ranges(&tables::PY_ALNUM, c)));
    }

    #[test]
    fn folds() {
        assert_eq!(legacy_fold(cp('⾼')), Some(cp('高')));
        assert_eq!(legacy_fold(cp('︵')), Some(cp('（')));
        assert_eq!(legacy_fold(cp('高')), None);
        assert_eq!(fullwidth_fold(cp('Ａ')), Some(cp('A')));
        assert_eq!(fullwidth_fold(cp('，')), None);
    }

    #[test]
    fn widths() {
        let w = |s: &str| s.chars().map(|c| width(c as u32)).sum::<u32>();
        assert_eq!((w("ab"), w("中文"), w("2月 3日"), w("好，")), (4, 8, 12, 6));
        assert_eq!(w("é😀"), 8);
        assert_eq!(width(0xD800), 4);
    }

    #[test]
    fn tables_are_sorted_and_disjoint() {
        for (_, ranges) in CLASSES {
            for w in ranges.windows(2) {
                assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0);
            }
        }
        for w in tables::LEGACY.windows(2) {
            assert!(w[0].0 < w[1].0);
        }
        for &(k, _) in tables::LEGACY.iter() {
            assert!(in_ranges(&tables::LEGACY_BLOCKS, k));
            assert!(legacy_fold(k).is_some(), "{k:#x} outside legacy_fold's blocks");
        }
    }
}

// --------------------------------------------------------------------------
// Words
// --------------------------------------------------------------------------

/// `src/reflow/data/words.txt` (rust/gen_words.py), the file the Python
/// engine reads: one line per first character, then each second one.
const WORDS_FILE: &str = include_str!("../../../src/reflow/data/words.txt");

/// The two-character words of [`WORDS_FILE`], as `first << 32 | second`, sorted.
fn words() -> &'static [u64] {
    static WORDS: OnceLock<Vec<u64>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut out = Vec::with_capacity(60_000);
        for line in WORDS_FILE.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let mut chars = line.chars();
            let Some(first) = chars.next() else { continue };
            out.extend(chars.map(|c| u64::from(u32::from(first)) << 32 | u64::from(u32::from(c))));
        }
        out.sort_unstable();
        out.dedup();
        out
    })
}

/// `chars.is_word`: is `a` then `b` a word of the list?
pub fn is_word(a: u32, b: u32) -> bool {
    words().binary_search(&(u64::from(a) << 32 | u64::from(b))).is_ok()
}

/// `chars.cuts_word`: do a line ending with `before` and one opening with
/// `after` cut a word in two (their last and first characters a word
/// together; the list holds Han pairs only)?
pub fn cuts_word(before: &[u32], after: &[u32]) -> bool {
    match (before.last(), after.first()) {
        (Some(&a), Some(&b)) => is_word(a, b),
        _ => false,
    }
}

/// `chars.PARTICLES`: particles that never open a sentence (的 了 着 们 吗;
/// 們 嗎 in traditional script).
pub const PARTICLES: [u32; 7] = ['的' as u32, '了' as u32, '着' as u32, '们' as u32, '們' as u32, '吗' as u32, '嗎' as u32];

/// `chars.opens_with_particle`: does `text` (a line) open with one of
/// [`PARTICLES`], and not as the first character of a word of the list
/// (的确, 了解, 着手 open sentences)?
pub fn opens_with_particle(text: &[u32]) -> bool {
    match text {
        [first, rest @ ..] if PARTICLES.contains(first) => rest.first().is_none_or(|&second| !is_word(*first, second)),
        _ => false,
    }
}

/// `chars.is_markdown_line`: is `text` (a line, its whitespace stripped) a
/// line of Markdown structure — an ATX heading, an image, a list item, a
/// table row, a fence or an HTML tag line (not a block quote, not a folio)?
/// Any other first character (`chars.MARKDOWN_OPENERS`) is no: one match.
pub fn is_markdown_line(text: &[u32]) -> bool {
    let Some(&c) = text.first() else {
        return false;
    };
    let n = text.len();
    let is = |i: usize, ch: char| text.get(i) == Some(&(ch as u32));
    let starts = |s: &str| s.chars().enumerate().all(|(i, ch)| is(i, ch));
    let blank_at = |i: usize| is(i, ' ') || is(i, '\t');
    match char::from_u32(c) {
        Some('#') => {
            let k = text.iter().take_while(|&&x| x == '#' as u32).count();
            k <= 6 && n > k + 1 && blank_at(k) && !text[k..].contains(&('#' as u32))
        }
        Some('-' | '*' | '+') => n > 2 && blank_at(1) && text[n - 1] != c,
        Some('!') => {
            starts("![") && is(n - 1, ')') && text.windows(2).any(|w| w[0] == ']' as u32 && w[1] == '(' as u32)
        }
        Some('|') => is(n - 1, '|') && text.iter().filter(|&&x| x == '|' as u32).count() >= 3,
        Some('<') => n > 2 && is(n - 1, '>') && (is_ascii_alpha(text[1]) || is(1, '/') || is(1, '!')),
        Some('`') => starts("```"),
        Some('~') => starts("~~~"),
        Some('$') => starts("$$"),
        _ => false,
    }
}

/// `chars.markdown_marker`: the length of the marker of a Markdown heading
/// or list item that opens `text`, with the blanks after it; 0 where `text`
/// is no such line. The text rules leave it alone.
pub fn markdown_marker(text: &[u32]) -> usize {
    let opens = text
        .first()
        .is_some_and(|&c| c == '#' as u32 || c == '-' as u32 || c == '*' as u32 || c == '+' as u32);
    if !opens || !is_markdown_line(text) {
        return 0;
    }
    let k = if text[0] == '#' as u32 {
        text.iter().take_while(|&&x| x == '#' as u32).count()
    } else {
        1
    };
    k + text[k..]
        .iter()
        .take_while(|&&x| x == ' ' as u32 || x == '\t' as u32)
        .count()
}

#[cfg(test)]
mod markdown_tests {
    use super::*;
    use crate::code_points as cp;

    #[test]
    fn markdown_lines() {
        // chars.is_markdown_line's doctests, and edges of each form.
        let md = |s: &str| is_markdown_line(&cp(s));
        for s in [
            "# 市委召开常委会议",
            "###### 六",
            "![](images/a.jpg)",
            "![图 1](a.jpg)",
            "- 第一条",
            "* 条",
            "+ 条",
            "| 项目 | 金额 |",
            "|---|---|",
            "<table><tr><td>1</td></tr></table>",
            "</div>",
            "<!-- x -->",
            "$$",
            "$$E=mc^2$$",
            "```python",
            "~~~",
        ] {
            assert!(md(s), "{s}");
        }
        // chars.markdown_marker's doctest.
        let marker = |s: &str| markdown_marker(&cp(s));
        assert_eq!(
            (
                marker("## 研究部署"),
                marker("-  第一条"),
                marker("#话题#"),
                marker("- 170 -")
            ),
            (3, 3, 0, 0)
        );
        for s in [
            "",
            "#",
            "#话题#",
            "####### 七",
            "#\u{3000}全角",
            "-2℃",
            "--",
            "- ",
            "- 170 -",
            "* * *",
            "> 引用",
            "# 话题 # 上热搜",
            "## 标题 ##",
            "![](a.jpg) 后",
            "![a]",
            "|文字|",
            "<人民日报>",
            "<>",
            "<1>",
            "$5",
            "``",
            "~~",
            "!",
            "一",
        ] {
            assert!(!md(s), "{s}");
        }
    }
}

#[cfg(test)]
mod word_tests {
    use super::*;
    use crate::code_points as cp;

    #[test]
    fn words_of_both_scripts() {
        // chars.is_word's doctest.
        let w = |s: &str| {
            let c = cp(s);
            is_word(c[0], c[1])
        };
        assert!(w("开展") && w("開展") && w("展开") && !w("末一"));
    }

    #[test]
    fn cuts_word_at_a_line_end() {
        // chars.cuts_word's doctest.
        assert!(cuts_word(&cp("工作的开"), &cp("展")));
        assert!(cuts_word(&cp("其"), &cp("他信息")));
        assert!(!cuts_word(&cp("始末"), &cp("一人民大学")));
        assert!(!cuts_word(&cp("教授说："), &cp("开展")));
        assert!(!cuts_word(&cp("ab"), &cp("cd")));
        assert!(!cuts_word(&[], &cp("展")));
    }

    #[test]
    fn a_particle_opens_no_sentence() {
        // chars.opens_with_particle's doctest, and the set against chars.PARTICLES.
        for s in ["的消费放缓现象。", "们曾经", "了！", "的", "嗎？", "們的"] {
            assert!(opens_with_particle(&cp(s)), "{s}");
        }
        for s in ["了解到，", "的确如此。", "著名作家", "", "各地", "“的”"] {
            assert!(!opens_with_particle(&cp(s)), "{s}");
        }
        assert_eq!(PARTICLES.to_vec(), cp("的了着们們吗嗎"));
    }
}
