//! Jump markers (`markers.py`): 下转A2版①, （上接第一版）, (转4版).
//! OWNER: the grammar port. The marker grammar is Python's `MARKER_PATTERN`
//! (and `_ONE_PAGE`, `_TAIL`, `_HEAD` built on it), generated into
//! `patterns_gen.rs` by `rust/gen_patterns.py`.
//!
//! ```
//! use reflow_core::code_points;
//! use reflow_core::markers::{parse_marker, split_leading_marker, split_trailing_marker};
//! use reflow_core::model::Direction;
//!
//! let m = parse_marker(&code_points("下转A2版①")).unwrap();
//! assert_eq!((m.direction, m.page, m.seq), (Direction::ContinuedOn, code_points("A2"), Some(1)));
//! let (before, m) = split_trailing_marker(&code_points("实现社区全覆盖，下转A2版①")).unwrap();
//! assert_eq!((before, m.raw), (code_points("实现社区全覆盖，"), code_points("下转A2版①")));
//! let (m, rest) = split_leading_marker(&code_points("（上接第一版）会议指出，")).unwrap();
//! assert_eq!((m.page, rest), (code_points("1"), code_points("会议指出，")));
//! ```

use fancy_regex::Captures;

use crate::chars::{self, py_isdigit, Classes, PY_SPACE, RE_SPACE};
use crate::decide::{cps, in_set};
use crate::grammar::{patterns_gen, Pattern, Subject};
use crate::model::{Direction, JumpMarker, Text};

/// `markers.MAX_MARKER_CHARS`.
pub const MAX_MARKER_CHARS: usize = 40;

/// `markers.CIRCLED`.
const CIRCLED: [u32; 20] = [
    0x2460, 0x2461, 0x2462, 0x2463, 0x2464, 0x2465, 0x2466, 0x2467, 0x2468, 0x2469, 0x246A, 0x246B, 0x246C, 0x246D,
    0x246E, 0x246F, 0x2470, 0x2471, 0x2472, 0x2473,
];

/// The arrows of `_balanced`: "◀◄<＜▶►>＞".
const ARROWS: [u32; 8] = [0x25C0, 0x25C4, 0x3C, 0xFF1C, 0x25B6, 0x25BA, 0x3E, 0xFF1E];

static MARKER: Pattern = Pattern::new(patterns_gen::MARKER);
static ONE_PAGE: Pattern = Pattern::new(patterns_gen::ONE_PAGE);
static TAIL: Pattern = Pattern::with_relaxed(patterns_gen::TAIL, patterns_gen::TAIL_RELAXED);
static HEAD: Pattern = Pattern::new(patterns_gen::HEAD);
static TEASER: Pattern = Pattern::new(patterns_gen::TEASER);
static TEASER_PAGE: Pattern = Pattern::new(patterns_gen::TEASER_PAGE);

fn is_space(cp: u32) -> bool {
    Classes::get().is(cp, PY_SPACE)
}

/// `text.strip()`.
pub(crate) fn strip(text: &[u32]) -> &[u32] {
    rstrip(lstrip(text))
}

/// `text.lstrip()`.
fn lstrip(text: &[u32]) -> &[u32] {
    let start = text.iter().position(|&c| !is_space(c)).unwrap_or(text.len());
    &text[start..]
}

/// `text.rstrip()`.
fn rstrip(text: &[u32]) -> &[u32] {
    let end = text.iter().rposition(|&c| !is_space(c)).map_or(0, |i| i + 1);
    &text[..end]
}

/// `regex.sub(r"\s", "", text)` (and `\s+`: the same result).
fn drop_regex_spaces(text: &[u32]) -> Text {
    let classes = Classes::get();
    text.iter().copied().filter(|&c| !classes.is(c, RE_SPACE)).collect()
}

/// `markers.chinese_number`: the value of a Chinese numeral up to 999 (二 -> 2, 十二 -> 12, 廿二 -> 22).
pub fn chinese_number(text: &[u32]) -> Option<i64> {
    let (mut total, mut current): (i64, i64) = (0, 0);
    for &ch in text {
        let digit = match char::from_u32(ch) {
            Some('零' | '〇') => Some(0),
            Some('一') => Some(1),
            Some('二' | '两' | '兩') => Some(2),
            Some('三') => Some(3),
            Some('四') => Some(4),
            Some('五') => Some(5),
            Some('六') => Some(6),
            Some('七') => Some(7),
            Some('八') => Some(8),
            Some('九') => Some(9),
            _ => None,
        };
        if let Some(d) = digit {
            current = d;
            continue;
        }
        match char::from_u32(ch) {
            Some('十') => {
                total += (if current != 0 { current } else { 1 }) * 10;
                current = 0;
            }
            Some('廿') => {
                total += 20;
                current = 0;
            }
            Some('卅') => {
                total += 30;
                current = 0;
            }
            Some('百') => {
                total += (if current != 0 { current } else { 1 }) * 100;
                current = 0;
            }
            _ => return None,
        }
    }
    Some(total + current)
}

/// `_FW_TRANS`: full-width Latin letters and digits to ASCII.
fn fold_fullwidth(cp: u32) -> u32 {
    match cp {
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A | 0xFF10..=0xFF19 => cp - 0xFF00 + 0x20,
        _ => cp,
    }
}

fn decimal(n: i64) -> Text {
    n.to_string().chars().map(|c| c as u32).collect()
}

/// `str(int(digits))` for a string of which `isdigit()` is true. The labels
/// reaching it are ASCII digits (the grammar's digits, full-width ones folded);
/// a digit `int()` reads otherwise is left as printed.
fn int_text(digits: &[u32]) -> Text {
    if !digits.is_empty() && digits.iter().all(|&c| (0x30..=0x39).contains(&c)) {
        // Leading zeros go; "000" is "0".
        let first = digits.iter().position(|&c| c != 0x30).unwrap_or(digits.len() - 1);
        digits[first..].to_vec()
    } else {
        digits.to_vec()
    }
}

fn isdigit(text: &[u32]) -> bool {
    !text.is_empty() && text.iter().all(|&c| py_isdigit(c))
}

/// `markers.normalize_label`: A02 -> "A2", Ｂ１ -> "B1", 十二 -> "12", 04 -> "4", 8-9 -> "8-9".
pub fn normalize_label(label: &[u32]) -> Text {
    let label: Text = drop_regex_spaces(&label.iter().map(|&c| fold_fullwidth(c)).collect::<Text>());
    if label.contains(&0x2D) {
        let mut out = Text::new();
        for (i, part) in label.split(|&c| c == 0x2D).enumerate() {
            if i > 0 {
                out.push(0x2D);
            }
            // A part holds no "-": normalize_label does not go deeper.
            out.extend(normalize_part(part));
        }
        return out;
    }
    normalize_part(&label)
}

/// `label.translate(_OCR_ONE)`: OCR's stand-ins for 1 read as 1.
fn ocr_ones(label: &[u32]) -> Text {
    label.iter().map(|&c| if is_ocr_one(c) { 0x31 } else { c }).collect()
}

/// `c in markers._OCR_ONES`.
fn is_ocr_one(c: u32) -> bool {
    patterns_gen::MARKER_OCR_ONES.contains(&c)
}

/// `markers._read_ones`: the stand-ins read as 1s, or, where they stand
/// beside digits and that would make more than two digits, those at the end,
/// then those at the start, dropped as stray marks (Al1] -> A11, Al12 -> A12).
fn read_ones(digits: &[u32]) -> Text {
    let mut d = digits;
    if d.len() > 2 && d.iter().any(|&c| py_isdigit(c)) {
        while d.len() > 2 && is_ocr_one(d[d.len() - 1]) {
            d = &d[..d.len() - 1];
        }
        while d.len() > 2 && is_ocr_one(d[0]) {
            d = &d[1..];
        }
    }
    ocr_ones(d)
}

/// `normalize_label` of a label without "-" (already folded and without spaces).
fn normalize_part(label: &[u32]) -> Text {
    if isdigit(&ocr_ones(label)) {
        return int_text(&read_ones(label));
    }
    if let Some(&first) = label.first() {
        if chars::is_ascii_alpha(first) {
            let digits = read_ones(&label[1..]);
            let mut out = vec![(first as u8).to_ascii_uppercase() as u32];
            out.extend(if isdigit(&digits) { int_text(&digits) } else { digits });
            return out;
        }
    }
    match chinese_number(label) {
        Some(value) => decimal(value),
        None => label.to_vec(),
    }
}

/// A match of one of the marker patterns over `text` (the code points the subject was made of).
struct Found<'a, 't> {
    caps: Captures<'t, str>,
    subject: &'a Subject,
    text: &'a [u32],
}

impl Found<'_, '_> {
    /// The code points of a named group (None when it did not take part).
    fn group(&self, name: &str) -> Option<&[u32]> {
        let m = self.caps.name(name)?;
        Some(&self.text[self.subject.index(m.start())..self.subject.index(m.end())])
    }

    fn start(&self, name: &str) -> usize {
        self.caps.name(name).map_or(0, |m| self.subject.index(m.start()))
    }

    fn end(&self) -> usize {
        self.caps.get(0).map_or(0, |m| self.subject.index(m.end()))
    }

    /// Python's truthiness of a group: it took part and is not empty.
    fn has(&self, name: &str) -> bool {
        self.group(name).is_some_and(|g| !g.is_empty())
    }
}

/// `markers._build`.
fn build(found: &Found, raw: &[u32]) -> Option<JumpMarker> {
    let verb = drop_regex_spaces(found.group("verb").unwrap_or(&[]));
    let direction = match verb.first().and_then(|&c| char::from_u32(c)) {
        Some('下' | '转' | '轉') => Direction::ContinuedOn,
        Some('上' | '紧' | '緊' | '接') => Direction::ContinuedFrom,
        _ => Direction::See,
    };
    let pages = found.group("pages").unwrap_or(&[]);
    let labels = each_match(&ONE_PAGE, pages, |m| {
        let label = match m.group("p") {
            Some(p) if !p.is_empty() => p,
            _ => m.group("label").unwrap_or(&[]),
        };
        normalize_label(label)
    });
    if labels.is_empty() {
        return None;
    }
    let seq = found
        .group("seq")
        .filter(|s| !s.is_empty())
        .and_then(|s| CIRCLED.iter().position(|&c| c == s[0]))
        .map(|i| i as i64 + 1);
    Some(JumpMarker {
        direction,
        page: labels[0].clone(),
        seq,
        raw: raw.to_vec(),
        pages: labels,
    })
}

/// `[read(m) for m in pattern.finditer(text)]`: each match read, the next
/// search starting where the last match ended (one further after an empty
/// match).
fn each_match<R>(pattern: &Pattern, text: &[u32], mut read: impl FnMut(&Found) -> R) -> Vec<R> {
    let subject = Subject::new(text);
    let mut out = Vec::new();
    let mut pos = 0;
    while pos <= text.len() {
        let Some(caps) = pattern.captures_from(&subject, pos) else {
            break;
        };
        let m = Found {
            caps,
            subject: &subject,
            text,
        };
        out.push(read(&m));
        let (start, end) = (m.start_all(), m.end());
        pos = if end > start { end } else { end + 1 };
    }
    out
}

impl Found<'_, '_> {
    fn start_all(&self) -> usize {
        self.caps.get(0).map_or(0, |m| self.subject.index(m.start()))
    }
}

/// `s in "◀◄<＜▶►>＞"` (a substring test, as Python's `in` on strings is).
fn in_arrows(s: &[u32]) -> bool {
    s.is_empty() || ARROWS.windows(s.len()).any(|w| w == s)
}

/// `markers._balanced`: an opening bracket needs a closing one and vice versa (◀/▶ stand alone).
fn balanced(found: &Found) -> bool {
    let mut opened = found.has("open");
    let mut closed = found.has("close");
    if opened && in_arrows(strip(found.group("open").unwrap_or(&[]))) {
        opened = false;
    }
    if closed && in_arrows(strip(found.group("close").unwrap_or(&[]))) {
        closed = false;
    }
    opened == closed
}

/// `markers._strong`: bracketed, or with its circled index, or with a multi-character verb.
fn strong(found: &Found) -> bool {
    if !balanced(found) {
        return false;
    }
    let verb = drop_regex_spaces(found.group("verb").unwrap_or(&[]));
    let bracketed = found.has("open") && found.has("close");
    bracketed || found.has("seq") || verb.len() >= 2
}

/// `markers.may_end_marker`: can `text` end with a jump marker? (Its last
/// character, spaces aside, is one of `MARKER_ENDS`.)
pub fn may_end_marker(text: &[u32]) -> bool {
    ends_marker(rstrip(text))
}

/// Is the last character of `stripped` (no trailing spaces) one of `MARKER_ENDS`?
fn ends_marker(stripped: &[u32]) -> bool {
    stripped.last().is_some_and(|&c| is_marker_end(c))
}

/// Is `c` one of `markers.MARKER_ENDS` (a character a marker can end with)?
pub(crate) fn is_marker_end(c: u32) -> bool {
    patterns_gen::MARKER_ENDS.binary_search(&c).is_ok()
}

/// The characters a marker's opening bracket may be (the grammar's `open` group).
const OPENERS: &str = "（(【[〔〈《<＜◀◄{｛";
/// The first characters of the grammar's verbs (下转 转 上接 紧接 接 详见 参见 相关…见 见).
const VERB_FIRST: &str = "下转轉上紧緊接详詳参參相见見";

/// Can the grammar's `MARKER` match all of `stripped` as far as its start
/// says: an opening bracket (or none), up to three spaces, then a verb's first
/// character? A native shortcut, not a rule: it only spares the regex the
/// lines whose first character no marker opens with (most lines that hold a
/// 接 or 见 somewhere: 迎接, 看见).
fn may_open_marker(stripped: &[u32]) -> bool {
    let mut k = usize::from(stripped.first().is_some_and(|&c| in_set(c, cps!(OPENERS))));
    let mut spaces = 0;
    while spaces < 3 && stripped.get(k).is_some_and(|&c| c == 0x20 || c == 0x09 || c == 0x3000) {
        k += 1;
        spaces += 1;
    }
    stripped.get(k).is_some_and(|&c| in_set(c, cps!(VERB_FIRST)))
}

/// `markers.parse_marker`: the whole text is one marker, or a line of
/// teasers (要聞 P.2, 專題 P.8-9: a `see` marker).
pub fn parse_marker(text: &[u32]) -> Option<JumpMarker> {
    parse_jump(text).or_else(|| teaser(strip(text)))
}

/// Does `text` hold a "P." or "p.", as every teaser does (its page)?
pub fn holds_page_dot(text: &[u32]) -> bool {
    text.windows(2).any(|w| matches!(w[0], 0x50 | 0x70) && w[1] == 0x2E)
}

/// `markers._teaser`: `stripped` read as a line of teasers (the section's
/// name, then its page in the P. form; up to four), or None.
fn teaser(stripped: &[u32]) -> Option<JumpMarker> {
    if stripped.is_empty() || stripped.len() > MAX_MARKER_CHARS || !ends_marker(stripped) {
        return None;
    }
    if !holds_page_dot(stripped) {
        return None; // (the lines without one are spared the regex)
    }
    TEASER.captures(&Subject::new(stripped))?;
    let pages = each_match(&TEASER_PAGE, stripped, |m| normalize_label(m.group("p").unwrap_or(&[])));
    Some(JumpMarker {
        direction: Direction::See,
        page: pages.first()?.clone(),
        seq: None,
        raw: stripped.to_vec(),
        pages,
    })
}

/// `markers.parse_jump`: [`parse_marker`] less the teasers (what a marker
/// broken over lines or spaced out is read with).
pub fn parse_jump(text: &[u32]) -> Option<JumpMarker> {
    let stripped = strip(text);
    if stripped.is_empty() || stripped.len() > MAX_MARKER_CHARS || !ends_marker(stripped) {
        return None;
    }
    if !may_open_marker(stripped) {
        return None;
    }
    if let Some(marker) = plain_marker(stripped) {
        return Some(marker);
    }
    marker_by_grammar(stripped)
}

/// The grammar's match of the whole of `stripped` (no spaces at either end),
/// if any, read by `read`.
fn by_grammar<R>(stripped: &[u32], read: impl FnOnce(&Found) -> Option<R>) -> Option<R> {
    let subject = Subject::new(stripped);
    let caps = MARKER.captures(&subject)?;
    read(&Found {
        caps,
        subject: &subject,
        text: stripped,
    })
}

/// [`parse_marker`] by the grammar's regex alone (`stripped`: no spaces at
/// either end, past the cheap tests).
fn marker_by_grammar(stripped: &[u32]) -> Option<JumpMarker> {
    by_grammar(
        stripped,
        |found| if balanced(found) { build(found, stripped) } else { None },
    )
}

/// `markers.parse_lost_bracket`: `text`, whole (spaces aside), is one jump
/// marker that lost one of its brackets (an opening one and no closing one,
/// or the reverse), and not its index too (@ or ? for a circled number).
/// Balanced brackets are [`parse_marker`]'s.
pub fn parse_lost_bracket(text: &[u32]) -> Option<JumpMarker> {
    let stripped = strip(text);
    if stripped.is_empty() || stripped.len() > MAX_MARKER_CHARS || !ends_marker(stripped) {
        return None;
    }
    by_grammar(stripped, |found| {
        let lost_index = matches!(strip(found.group("seq").unwrap_or(&[])), [0x40] | [0x3F]);
        if balanced(found) || lost_index {
            None
        } else {
            build(found, stripped)
        }
    })
}

/// The closing brackets of the grammar's `close` group.
const CLOSERS: &str = "）)】]〕〉》>＞▶►}｝";

/// A native shortcut, not a rule: the plain shape most whole-line markers
/// have — an opening bracket or none, the verb, 第 or none, one page label
/// (an ASCII letter other than P with one to three ASCII digits, one to three
/// ASCII digits, or one to four Chinese numerals), 版/面/頁/页, a circled
/// number (or @ or ?) or none, and the closing bracket that balances the
/// opening one (下转A2版①, （上接第一版）, (转4版)); between the parts, the
/// grammar's optional spaces (`_`: up to three of space, tab, U+3000; up to
/// six between 版 and a closing bracket with no index between, where two
/// meet), as OCR and text layers print them (（下转第 10版）, (转 4 版)), but
/// none inside the verb or the label. `MARKER_PATTERN`
/// fullmatches such a text in one way only (each part's characters belong to
/// no neighbouring part, and `_ONE_PAGE` finds the one label again), so the
/// marker is read off as `_build` reads it, without the regex engines. None:
/// not of the shape — the grammar decides (a test compares both on every
/// combination of the parts and of their near misses).
fn plain_marker(s: &[u32]) -> Option<JumpMarker> {
    plain_shape(s).map(|(marker, _)| marker)
}

/// [`plain_marker`], and whether the marker is strong (`_strong`: bracketed,
/// or with its circled index, or with a two-character verb).
fn plain_shape(s: &[u32]) -> Option<(JumpMarker, bool)> {
    let at = |i: usize| s.get(i).and_then(|&c| char::from_u32(c));
    let run = |from: usize, f: fn(char) -> bool| (from..s.len()).take_while(|&k| at(k).is_some_and(f)).count();
    // An arrow stands alone: it needs no partner (`_balanced`).
    let balancing = |c: char| !in_arrows(&[u32::from(c)]);
    // The grammar's `_`: up to three spaces, tabs or U+3000 from `from`.
    let gap = |from: usize| {
        (from..s.len().min(from + 3))
            .take_while(|&k| matches!(s[k], 0x20 | 0x09 | 0x3000))
            .count()
    };
    let open = at(0).filter(|&c| in_set(c as u32, cps!(OPENERS)));
    let mut i = usize::from(open.is_some());
    if open.is_some() {
        i += gap(i);
    }
    let (direction, verb) = match (at(i)?, at(i + 1)) {
        ('下', Some('转' | '轉')) => (Direction::ContinuedOn, 2),
        ('转' | '轉', _) => (Direction::ContinuedOn, 1),
        ('上' | '紧' | '緊', Some('接')) => (Direction::ContinuedFrom, 2),
        ('接', _) => (Direction::ContinuedFrom, 1),
        ('详' | '詳' | '参' | '參', Some('见' | '見')) => (Direction::See, 2),
        ('见' | '見', _) => (Direction::See, 1),
        _ => return None,
    };
    i += verb;
    i += gap(i);
    if at(i) == Some('第') {
        i += 1;
        i += gap(i);
    }
    let label_start = i;
    let label_len = match at(i)? {
        'P' | 'p' => return None, // p04: the grammar reads a page number, not a label
        c if c.is_ascii_alphabetic() => 1 + run(i + 1, |c| c.is_ascii_digit()),
        c if c.is_ascii_digit() => run(i, |c| c.is_ascii_digit()),
        c if in_set(c as u32, cps!(CN_NUMERALS)) => run(i, |c| in_set(c as u32, cps!(CN_NUMERALS))),
        _ => return None,
    };
    // A letter with one to three digits, one to three digits, one to four numerals.
    let fits = match at(i)? {
        c if c.is_ascii_alphabetic() => (2..=4).contains(&label_len),
        c if c.is_ascii_digit() => label_len <= 3,
        _ => label_len <= 4,
    };
    if !fits {
        return None;
    }
    i += label_len;
    let label = &s[label_start..i];
    i += gap(i);
    if !matches!(at(i)?, '版' | '面' | '頁' | '页') {
        return None;
    }
    i += 1;
    i += gap(i);
    let mut seq = None;
    let mut indexed = false;
    if let Some(&c) = s.get(i) {
        if let Some(k) = CIRCLED.iter().position(|&x| x == c) {
            seq = Some(k as i64 + 1);
            indexed = true;
            i += 1;
        } else if c == u32::from('@') || c == u32::from('?') {
            indexed = true;
            i += 1;
        }
    }
    i += gap(i);
    let close = at(i);
    if close.is_some_and(|c| !in_set(c as u32, cps!(CLOSERS))) {
        return None;
    }
    i += usize::from(close.is_some());
    if i != s.len() || open.is_some_and(balancing) != close.is_some_and(balancing) {
        return None;
    }
    let page = normalize_label(label);
    let strong = (open.is_some() && close.is_some()) || indexed || verb == 2;
    let marker = JumpMarker {
        direction,
        page: page.clone(),
        seq,
        raw: s.to_vec(),
        pages: vec![page],
    };
    Some((marker, strong))
}

/// The grammar's Chinese numerals (`_CN_NUM`).
const CN_NUMERALS: &str = "零〇一二三四五六七八九十百两兩廿卅";

/// The marks `_TAIL` lets a marker follow (its lookbehind, white space aside).
const TAIL_MARKS: &str = "，。、；：！？…”」』）)";
/// The opening brackets `_TAIL` lets a marker start with after any text (its lookahead).
const TAIL_OPENERS: &str = "（(【[〔〈《{｛";

/// A native shortcut, not a rule: the marker of the plain shape (see
/// [`plain_marker`]) that ends `tail`, set off from the text before it by one
/// of [`TAIL_MARKS`] or opening with one of [`TAIL_OPENERS`] (the
/// grammar's lookahead: 的（转4版）), as (where it starts in `tail`, the
/// marker). No marker of the grammar can start before it: it would hold the
/// mark or the bracket, and a marker holds such a mark only between two page
/// labels (C03、C04版) and an opening bracket only as its first character,
/// while the plain marker opens with a bracket or a verb. None (the grammar
/// decides): no such marker, or the first is not strong (`_TAIL` would look
/// further). The caller checks that text comes before it in the line.
fn plain_tail(tail: &[u32]) -> Option<(usize, JumpMarker)> {
    for p in 1..tail.len() {
        // (Compares on code points: a `str::contains` a character was most
        // of the cost of a trailing marker read this way, callgrind.)
        if !in_set(tail[p - 1], cps!(TAIL_MARKS)) && !in_set(tail[p], cps!(TAIL_OPENERS)) {
            continue;
        }
        if let Some((marker, strong)) = plain_shape(&tail[p..]) {
            return strong.then_some((p, marker));
        }
    }
    None
}

/// `markers.split_trailing_marker`: (the text before, the marker) of a line that ends with one.
pub fn split_trailing_marker(line: &[u32]) -> Option<(Vec<u32>, JumpMarker)> {
    let (cut, marker) = trailing_at(line, first_text(line))?;
    Some((rstrip(&line[..cut]).to_vec(), marker))
}

/// `markers.first_text`: where the first character that is not white space is.
pub(crate) fn first_text(line: &[u32]) -> usize {
    line.iter().position(|&c| !is_space(c)).unwrap_or(line.len())
}

/// `markers.trailing_at`: [`split_trailing_marker`] on `line` (a prefix of the
/// line whose first text is at `first_text`): where the text before the
/// marker ends, and the marker.
pub(crate) fn trailing_at(line: &[u32], first_text: usize) -> Option<(usize, JumpMarker)> {
    let stripped = rstrip(line);
    if stripped.len() < 4 || !ends_marker(stripped) {
        return None; // (a cheap first test)
    }
    let tail_start = stripped.len().saturating_sub(MAX_MARKER_CHARS);
    let tail = &stripped[tail_start..];
    if let Some((start, marker)) = plain_tail(tail) {
        // (The grammar gives up on a marker with nothing but white space
        // before it: parse_marker reads a line that is all marker.)
        if tail_start + start > first_text {
            return Some((tail_start + start, marker));
        }
    }
    if !may_start_tail(tail) {
        return None; // (a marker glued to the text before it: 多肽库下转A2版①)
    }
    tail_by_grammar(tail, tail_start, first_text)
}

/// A native shortcut, not a rule: can `_TAIL` give [`trailing_at`] a marker
/// in `tail` at all? Its marker opens with an opening bracket or a verb's
/// first character ([`OPENERS`], [`VERB_FIRST`]) after one of [`TAIL_MARKS`]
/// or white space (its lookbehind), or with one of [`TAIL_OPENERS`] (its
/// lookahead); at the tail's start it gives none (the window's cut or the
/// line's first text). Where no position is such (most lines that end with
/// 版 or a circled number: a marker glued to the text, 多肽库下转A2版①), the
/// grammar would try in vain.
fn may_start_tail(tail: &[u32]) -> bool {
    let cls = Classes::get();
    (1..tail.len()).any(|p| {
        let (before, c) = (tail[p - 1], tail[p]);
        (in_set(c, cps!(OPENERS)) || in_set(c, cps!(VERB_FIRST)))
            && (in_set(before, cps!(TAIL_MARKS))
                || cls.is(before, RE_SPACE)
                || cls.is(before, PY_SPACE)
                || in_set(c, cps!(TAIL_OPENERS)))
    })
}

/// [`trailing_at`] by the grammar's regex alone, on the `tail` of the line
/// (without trailing spaces) that starts at `tail_start`.
fn tail_by_grammar(tail: &[u32], tail_start: usize, first_text: usize) -> Option<(usize, JumpMarker)> {
    let subject = Subject::new(tail);
    // finditer(overlapped=True): each search starts one past the start of the previous match.
    let mut pos = 0;
    while pos <= tail.len() {
        // Skip to where the relaxed form first matches: the backtracking VM
        // would try (and clear its state for) every start before it in vain.
        let Some(at) = TAIL.next_possible(&subject, pos) else {
            break;
        };
        let Some(caps) = TAIL.captures_from(&subject, at) else {
            break;
        };
        let found = Found {
            caps,
            subject: &subject,
            text: tail,
        };
        pos = found.start_all() + 1;
        let start = found.start("marker");
        if tail_start != 0 && start == 0 {
            continue; // the window cut the line; the "start of line" anchor is fake
        }
        let cut = tail_start + start;
        if cut <= first_text {
            return None; // the whole line is a marker: parse_marker's job
        }
        if !strong(&found) {
            continue;
        }
        let raw = strip(found.group("marker").unwrap_or(&[])).to_vec();
        if let Some(marker) = build(&found, &raw) {
            return Some((cut, marker));
        }
    }
    None
}

/// `markers.split_inner_marker`: (the text before, the marker, where the text
/// after it starts) of a line that holds a marker with spaces after it.
pub fn split_inner_marker(line: &[u32]) -> Option<(Vec<u32>, JumpMarker, usize)> {
    let (cut, marker, at) = inner_at(line, 0, line.len())?;
    Some((rstrip(&line[..cut]).to_vec(), marker, at))
}

/// `markers.inner_at`: [`split_inner_marker`] on `line[lo..hi]`: where the
/// text before the marker ends, the marker, and where the text after it
/// starts, in `line` (whose prefix [`trailing_at`] reads, as the reference
/// reads it).
pub(crate) fn inner_at(line: &[u32], lo: usize, hi: usize) -> Option<(usize, JumpMarker, usize)> {
    let gap = |c: u32| c == 0x20 || c == 0x09 || c == 0x3000; // `_INNER_GAP`
    let first = lo + first_text(&line[lo..hi]);
    let mut k = lo;
    while k < hi {
        if !gap(line[k]) {
            k += 1;
            continue;
        }
        let head_end = k;
        while k < hi && gap(line[k]) {
            k += 1;
        }
        if k >= hi || head_end <= first {
            continue;
        }
        if let Some((cut, marker)) = trailing_at(&line[..head_end], first) {
            return Some((cut, marker, k));
        }
    }
    None
}

/// `markers.split_leading_marker`: (the marker, the rest) of a line that opens with one.
pub fn split_leading_marker(line: &[u32]) -> Option<(JumpMarker, Vec<u32>)> {
    let (marker, at) = leading_at(line)?;
    Some((marker, line[at..].to_vec()))
}

/// `markers.leading_at`: [`split_leading_marker`] on `line` (a piece of a
/// line), without copying it: the marker, and where the rest starts.
pub(crate) fn leading_at(line: &[u32]) -> Option<(JumpMarker, usize)> {
    let stripped = lstrip(line);
    let skipped = line.len() - stripped.len();
    let window = &stripped[..stripped.len().min(MAX_MARKER_CHARS)];
    let subject = Subject::new(window);
    let caps = HEAD.captures(&subject)?;
    let found = Found {
        caps,
        subject: &subject,
        text: window,
    };
    if !strong(&found) {
        return None;
    }
    let rest = &stripped[found.end()..];
    if strip(rest).is_empty() {
        return None; // (no text after it: parse_marker reads a line that is all marker)
    }
    let raw = strip(found.group("marker").unwrap_or(&[])).to_vec();
    let marker = build(&found, &raw)?;
    Some((marker, skipped + found.end()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code_points;

    fn t(s: &str) -> Vec<u32> {
        code_points(s)
    }

    /// `markers.parse_lost_bracket`'s doctest.
    #[test]
    fn a_marker_that_lost_a_bracket() {
        assert_eq!(
            parse_lost_bracket(&t("(下轉第九版")).map(|m| s(&m.page)),
            Some("9".into())
        );
        assert_eq!(
            parse_lost_bracket(&t("下转A5版)")).map(|m| s(&m.page)),
            Some("A5".into())
        );
        assert!(parse_lost_bracket(&t("上接Al版@)")).is_none()); // the index lost too
        assert!(parse_lost_bracket(&t("（下转第7版）")).is_none()); // balanced: parse_marker's
        assert!(parse_marker(&t("(下轉第九版")).is_none());
    }

    fn s(cps: &[u32]) -> String {
        cps.iter().map(|&c| char::from_u32(c).unwrap_or('?')).collect()
    }

    /// `test_a_cross_reference_in_braces_is_split_off_the_text_before_it`:
    /// a marker's own opening brace sets it off from the text before it, as
    /// （ does (`_TAIL`'s lookahead, [`TAIL_OPENERS`]).
    #[test]
    fn a_cross_reference_in_braces_is_split_off_the_text_before_it() {
        for text in ["市民反應熱烈{相關新聞見p04}", "市民反應熱烈｛相關新聞見p04｝"] {
            let (before, marker) = split_trailing_marker(&t(text)).expect("a marker");
            assert_eq!((s(&before), s(&marker.page)), ("市民反應熱烈".into(), "4".into()));
        }
        assert!(split_trailing_marker(&t("他说这个{观点}")).is_none());
    }

    #[test]
    fn plain_markers_read_as_the_grammar_reads_them() {
        // Every combination of the plain shape's parts, and of near misses
        // (a P label, OCR's l, four digits, five numerals, a second verb,
        // unbalanced or arrow brackets, a stray character), parses alike
        // with and without the shortcut.
        let opens = ["", "（", "(", "【", "〔", "〈", "《", "<", "◀", "{", "｛", "「"];
        let verbs = [
            "下转",
            "下轉",
            "转",
            "轉",
            "上接",
            "紧接",
            "緊接",
            "接",
            "详见",
            "詳見",
            "参见",
            "參見",
            "见",
            "見",
            "下",
            "相关见",
            "转转",
        ];
        let firsts = ["", "第"];
        let labels = [
            "A2",
            "A02",
            "a3",
            "B123",
            "B1234",
            "P4",
            "p4",
            "I2",
            "Al",
            "12",
            "4",
            "1234",
            "二",
            "十二",
            "廿一",
            "一二三四",
            "一二三四五",
            "〇",
            "Ａ2",
            "",
        ];
        let words = ["版", "面", "頁", "页", "期"];
        let seqs = ["", "①", "⑳", "@", "?", "㉑"];
        let closes = ["", "）", ")", "】", "]", "〕", "〉", "》", ">", "▶", "}", "｝", "」"];
        let mut n = 0;
        for open in opens {
            for verb in verbs {
                for first in firsts {
                    for label in labels {
                        for word in ["版", "期"] {
                            for seq in ["", "①", "@", "?"] {
                                for close in ["", "）", ")", "】", ">", "▶", "」"] {
                                    let text = t(&format!("{open}{verb}{first}{label}{word}{seq}{close}"));
                                    if may_open_marker(&text) && ends_marker(&text) {
                                        assert_eq!(plain_or_grammar(&text), marker_by_grammar(&text), "{}", s(&text));
                                        n += 1;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(n > 10_000);
        // Each part alone, in the plain frame (下转A2版① and （转第4版）).
        for part in opens.iter().chain(&closes) {
            for text in [
                format!("{part}下转A2版①"),
                format!("（转第4版）{part}"),
                format!("下转A2版{part}"),
            ] {
                let text = t(&text);
                assert_eq!(plain_or_grammar(&text), marker_by_grammar(&text), "{}", s(&text));
            }
        }
        for part in labels.iter().chain(&words).chain(&seqs).chain(&verbs) {
            for text in [
                format!("（{part}A2版）"),
                format!("（转{part}版）"),
                format!("（转A2{part}）"),
                format!("转第{part}版①"),
            ] {
                let text = t(&text);
                assert_eq!(plain_or_grammar(&text), marker_by_grammar(&text), "{}", s(&text));
            }
        }
        // Spaces between the parts (the grammar's `_`, up to three; six where
        // two meet), one boundary or two at a time, and inside the verb and
        // the label (the grammar's alone).
        let forms: [&[&str]; 6] = [
            &["（", "下转", "第", "A12", "版", "①", "）"],
            &["(", "转", "第", "十二", "版", "", ")"],
            &["", "上接", "", "A1", "版", "③", ""],
            &["【", "详见", "第", "7", "面", "@", "】"],
            &["", "转", "", "4", "版", "", ""],
            &["《", "见", "第", "二", "版", "", "》"],
        ];
        let gaps = [
            "",
            " ",
            "  ",
            "   ",
            "    ",
            "\u{3000}",
            "\t",
            " \u{3000}\t",
            "\u{3000}\u{3000}\u{3000}\u{3000}",
        ];
        let mut spaced = 0;
        for parts in forms {
            for a in 0..parts.len() - 1 {
                for b in a..parts.len() - 1 {
                    for ga in gaps {
                        for gb in ["", " ", "   ", "\u{3000}"] {
                            let mut text = String::new();
                            for (k, part) in parts.iter().enumerate() {
                                text.push_str(part);
                                if k == a {
                                    text.push_str(ga);
                                }
                                if k == b && b != a {
                                    text.push_str(gb);
                                }
                            }
                            let text = t(text.trim());
                            if !(may_open_marker(&text) && ends_marker(&text)) {
                                continue;
                            }
                            assert_eq!(plain_or_grammar(&text), marker_by_grammar(&text), "{}", s(&text));
                            if plain_marker(&text).is_some() && text.iter().any(|&c| matches!(c, 0x20 | 0x09 | 0x3000))
                            {
                                spaced += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(spaced > 500, "{spaced}");
        for m in ["下 转A2版①", "转A 2版", "（转 第4版）"] {
            let text = t(m);
            assert_eq!(plain_or_grammar(&text), marker_by_grammar(&text), "{m}");
        }
        // The shortcut takes the common forms.
        for m in [
            "下转A2版①",
            "（上接第一版）",
            "(转4版)",
            "【详见A13版】",
            "见第3版",
            "<转12版>",
            "（下转第 10版）",
            "(转 4 版)",
            "下转 A12 版",
        ] {
            assert!(plain_marker(&t(m)).is_some(), "{m}");
        }
    }

    #[test]
    fn plain_tails_read_as_the_grammar_reads_them() {
        let befores = [
            "实现社区全覆盖，",
            "会议指出。",
            "说 ",
            "说",
            "下",
            "相关新闻",
            "相关",
            "上 ",
            "上",
            "紧",
            "详",
            "参",
            "（",
            "转3版，",
            "C03、",
            "全覆盖，（",
            "他说：“好”",
            "全覆盖，下",
            "全覆盖，相关新闻",
            "，转",
            "，下 ",
            "，（",
            "，<",
            "）",
            "、",
            "这是一个很长很长很长很长很长很长很长很长很长很长很长很长很长很长的句子，",
            "价格平稳",
            "价格平稳 ",
            "  ",
            "　",
            "（转",
            "见（",
            "下转A2版",
            "这是一个很长很长很长很长很长很长很长很长很长很长很长很长很长很长的句子",
        ];
        let markers = [
            "下转A2版①",
            "下转A2版",
            "转A2版",
            "转4版",
            "（转4版）",
            "(转4版)",
            "【转4版】",
            "<转4版>",
            "◀转4版▶",
            "（转4版",
            "转4版）",
            "接A1版①",
            "接A1版",
            "上接A1版",
            "详见第7版",
            "见第7版",
            "见第7版①",
            "见第7版@",
            "转第十二版?",
            "转P4版",
            "转Al版",
            "转1234版",
            "（见3版）",
            "下转第二版",
            "转二版，下转A2版①",
            "转二、三版",
            "转 4版",
            "相关新闻见A4版",
            "〔转4版〕",
            "〈上接第一版〉",
            "《转4版》",
            "[转4版]",
            "【下转A2版①】",
            "（下转第10版）",
            "（转4版）②",
            "{转4版}",
            "＜转4版＞",
        ];
        let (mut n, mut opened) = (0, 0);
        for before in befores {
            for marker in markers {
                for after in ["", " "] {
                    let line = t(&format!("{before}{marker}{after}"));
                    let stripped = rstrip(&line);
                    if stripped.len() < 4 || !ends_marker(stripped) {
                        continue;
                    }
                    let tail_start = stripped.len().saturating_sub(MAX_MARKER_CHARS);
                    let first = first_text(&line);
                    let fast = plain_tail(&stripped[tail_start..])
                        .map(|(p, m)| (tail_start + p, m))
                        .filter(|&(p, _)| p > first);
                    let slow = tail_by_grammar(&stripped[tail_start..], tail_start, first);
                    if let Some((p, _)) = fast {
                        assert_eq!(fast, slow, "{}", s(&line));
                        n += 1;
                        if !TAIL_MARKS.contains(char::from_u32(stripped[p - 1]).unwrap()) {
                            opened += 1; // read by the lookahead alone
                        }
                    }
                    assert_eq!(trailing_at(&line, first), slow, "{}", s(&line));
                }
            }
        }
        assert!(n > 100, "{n}");
        assert!(opened > 30, "{opened}");
    }

    /// What parse_marker returns past its cheap tests.
    fn plain_or_grammar(text: &[u32]) -> Option<JumpMarker> {
        plain_marker(text).or_else(|| marker_by_grammar(text))
    }

    #[test]
    fn marker_openings() {
        // Every opening the grammar allows passes the shortcut, and parses.
        for m in [
            "下转A2版①",
            "（上接第一版）",
            "( 转4版)",
            "【详见A13版】",
            "相关新闻见A4版",
            "◀见第3版",
            "紧接A3版",
        ] {
            assert!(may_open_marker(&t(m)), "{m}");
            assert!(parse_marker(&t(m)).is_some(), "{m}");
        }
        // Prose that ends like a marker but opens otherwise never was one.
        for m in ["迎接第二版", "看见12版", "（本报讯）第2版", "2版"] {
            assert!(!may_open_marker(&t(m)), "{m}");
        }
    }

    /// The doctests of `markers.parse_marker` (teasers) and `markers.parse_jump`.
    #[test]
    fn teasers() {
        let m = parse_marker(&t("要聞 P.2　專題 P.8-9")).unwrap();
        assert_eq!(m.direction, Direction::See);
        assert_eq!(m.pages.iter().map(|p| s(p)).collect::<Vec<_>>(), ["2", "8-9"]);
        assert_eq!(s(&m.raw), "要聞 P.2　專題 P.8-9");
        for x in ["P.6", "要聞P2", "今日导读要闻内容 P.2", "要聞 P.2 以下"] {
            assert!(parse_marker(&t(x)).is_none(), "{x}");
        }
        assert!(parse_jump(&t("要聞 P.2")).is_none());
        assert_eq!(s(&parse_jump(&t("下转A2版①")).unwrap().page), "A2");
    }

    #[test]
    fn docstring_examples() {
        assert_eq!(chinese_number(&t("十二")), Some(12));
        assert_eq!(chinese_number(&t("二十")), Some(20));
        assert_eq!(chinese_number(&t("一百零五")), Some(105));
        let got: Vec<String> = ["A02", "Ｂ１", "十二", "04", "c3", "8-9"]
            .iter()
            .map(|x| s(&normalize_label(&t(x))))
            .collect();
        assert_eq!(got, ["A2", "B1", "12", "4", "C3", "8-9"]);
        // OCR's stand-ins for 1, alone and beside digits (markers._read_ones).
        let got: Vec<String> = ["]", "Al", "AI", "l|", "1]", "Al1]", "Al12", "AI1", "123"]
            .iter()
            .map(|x| s(&normalize_label(&t(x))))
            .collect();
        assert_eq!(got, ["1", "A1", "A1", "11", "11", "A11", "A12", "A11", "123"]);
        for (line, page) in [("(转第1]版)", "11"), ("下转Al1]版", "A11"), ("下转Al12版", "A12")] {
            assert_eq!(s(&parse_marker(&t(line)).unwrap().page), page, "{line}");
        }

        let m = parse_marker(&t("下转A2版①")).unwrap();
        assert_eq!(
            m,
            JumpMarker {
                direction: Direction::ContinuedOn,
                page: t("A2"),
                seq: Some(1),
                raw: t("下转A2版①"),
                pages: vec![t("A2")]
            }
        );
        assert_eq!(parse_marker(&t("（上接第一版）")).unwrap().page, t("1"));
        assert!(parse_marker(&t("第二版教材")).is_none());

        let (before, m) = split_trailing_marker(&t("实现社区全覆盖，下转A2版①")).unwrap();
        assert_eq!(before, t("实现社区全覆盖，"));
        assert_eq!(m.raw, t("下转A2版①"));
        assert!(split_trailing_marker(&t("我们转发了2版的内容")).is_none());
        assert_eq!(
            split_leading_marker(&t("（上接第一版）会议指出，")).unwrap().0.page,
            t("1")
        );
    }

    #[test]
    fn several_pages_and_see() {
        let m = parse_marker(&t("详见C03、C04、C05版")).unwrap();
        assert_eq!(m.direction, Direction::See);
        assert_eq!(m.pages, vec![t("C3"), t("C4"), t("C5")]);
        let m = parse_marker(&t("相關新聞見p04")).unwrap();
        assert_eq!(m.page, t("4"));
        let m = parse_marker(&t("（转第4版）")).unwrap();
        assert_eq!((m.direction, m.page), (Direction::ContinuedOn, t("4")));
    }

    #[test]
    fn long_lines_stay_linear() {
        // A 4-million-character line: only its ends are looked at.
        let mut line = t(&"王".repeat(4_000_000));
        line.extend(t("，下转A2版①"));
        let (before, m) = split_trailing_marker(&line).unwrap();
        assert_eq!((before.len(), m.page), (4_000_001, t("A2")));
        let mut line = t("（上接第一版）");
        line.extend(t(&"王 ".repeat(2_000_000)));
        assert_eq!(split_leading_marker(&line).unwrap().1.len(), 4_000_000);
        assert!(parse_marker(&line).is_none());
        let blank = vec![0x20u32; 4_000_000];
        assert!(split_trailing_marker(&blank).is_none() && split_leading_marker(&blank).is_none());
        assert!(parse_marker(&blank).is_none());
    }

    #[test]
    fn odd_inputs() {
        assert!(parse_marker(&[]).is_none());
        assert!(split_trailing_marker(&[0xD800, 0xD800, 0xD800, 0xD800]).is_none());
        assert!(split_leading_marker(&[0xDFFF]).is_none());
        assert!(split_trailing_marker(&t("    ")).is_none());
    }
}
