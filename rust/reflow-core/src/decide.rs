//! Layout stage 4 (`layout.decide` and its helpers): the rule at every
//! boundary. OWNER: the decide/blocks port.
//!
//! A line-for-line port of `layout.decide`: the rules are tried in the same
//! order, and each helper keeps its Python name (without the underscore).
//! The regular expressions of layout.py that decide reads (`_LATIN_END`,
//! `_LEADING_WORD`, `_CLAUSE`, `HAS_CJK`) are scanners over code points here.
//!
//! Line texts are never empty in the Python pipeline (`split_lines` drops
//! blank lines); where Python would index an empty text (`texts[i][0]`), this
//! port reads "no character", which matches no class, rather than panic.

use crate::chars::{self, Classes};
use crate::grammar;
use crate::layout::{LineSum, CHAR, HANG};
use crate::model::{Columns, Features, LineKind, LineTexts, Lines, Options, Rule};

// The character sets of chars.py (and of layout.py) as strings.

/// `chars.CLOSING_BRACKETS`.
pub(crate) const CLOSING_BRACKETS: &[u32] = cps!("”’」』）》〉】〕〗)]}");
/// `chars.OPENING_BRACKETS`.
pub(crate) const OPENING_BRACKETS: &[u32] = cps!("“‘「『（《〈【〔〖([{");
/// `chars.NO_LINE_START`.
pub(crate) const NO_LINE_START: &[u32] = cps!("，。、；：？！）」』》〉】〕〗”’…%‰℃,.;:?!)");
/// `chars.CAPTION_MARKS`.
pub(crate) const CAPTION_MARKS: &[u32] = cps!("▲△▼■□◆");
/// `chars.CONTINUING_PUNCT`.
pub(crate) const CONTINUING_PUNCT: &[u32] = cps!("，、；：,;:—");
/// `chars.CLAUSE_PUNCT` (`layout._CLAUSE` is a class of it).
pub(crate) const CLAUSE_PUNCT: &[u32] = cps!("，。、；：？！,;");
/// `layout._BRACKETING`.
const BRACKETING: &[u32] = cps!("「」『』“”‘’（）《》〈〉【】");
/// `layout._OPENING`.
const OPENING: &[u32] = cps!("「『“‘（《〈【");
/// `layout._OPEN_QUOTES`.
const OPEN_QUOTES: &[u32] = cps!("「『“‘");
/// `layout._COLONS`: a colon, full width or half width.
pub(crate) const COLONS: &[u32] = cps!("：:");
/// `layout._CLAUSE_STOPS`: the clause marks that may close a paragraph that introduces what follows.
const CLAUSE_STOPS: &[u32] = cps!("：:；;");
/// `layout._MARK_ENDS`.
const MARK_ENDS: &[u32] = cps!("，、：；。！？”’）」』》…,:;.?!)");
/// `layout._CLAUSE_ENDS`: the clause marks among them.
const CLAUSE_ENDS: &[u32] = cps!("，、：；,:;");

/// The number of characters of a string (for [`cps!`]).
pub(crate) const fn char_count(s: &str) -> usize {
    let b = s.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < b.len() {
        if b[i] & 0xC0 != 0x80 {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The code points of a string, at compile time (for [`cps!`]).
pub(crate) const fn code_points_of<const N: usize>(s: &str) -> [u32; N] {
    let b = s.as_bytes();
    let mut out = [0u32; N];
    let (mut i, mut k) = (0, 0);
    while i < b.len() {
        let c = b[i] as u32;
        let (cp, len) = if c < 0x80 {
            (c, 1)
        } else if c < 0xE0 {
            (((c & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
        } else if c < 0xF0 {
            (
                ((c & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F),
                3,
            )
        } else {
            let hi = ((c & 0x07) << 18) | ((b[i + 1] as u32 & 0x3F) << 12);
            (hi | ((b[i + 2] as u32 & 0x3F) << 6) | (b[i + 3] as u32 & 0x3F), 4)
        };
        out[k] = cp;
        k += 1;
        i += len;
    }
    out
}

/// A set of characters written as a string, as its code points (a
/// `&'static [u32]` made at compile time): `cps!("，。")`.
macro_rules! cps {
    ($s:expr) => {{
        const S: &str = $s;
        const A: [u32; $crate::decide::char_count(S)] = $crate::decide::code_points_of(S);
        &A as &[u32]
    }};
}
pub(crate) use cps;

/// `cp in set` for a set of characters ([`cps!`]).
#[inline]
pub(crate) fn in_set(cp: u32, set: &[u32]) -> bool {
    set.contains(&cp)
}

/// `text[0] in set` (false for an empty text).
#[inline]
pub(crate) fn first_in(text: &[u32], set: &[u32]) -> bool {
    text.first().is_some_and(|&c| in_set(c, set))
}

/// `text[-1] in set` (false for an empty text).
#[inline]
pub(crate) fn last_in(text: &[u32], set: &[u32]) -> bool {
    text.last().is_some_and(|&c| in_set(c, set))
}

/// `text.startswith(prefix)`.
#[inline]
pub(crate) fn starts_with(text: &[u32], prefix: &str) -> bool {
    prefix
        .chars()
        .enumerate()
        .all(|(k, c)| text.get(k) == Some(&(c as u32)))
}

/// `text.endswith(suffix)`.
#[inline]
pub(crate) fn ends_with(text: &[u32], suffix: &str) -> bool {
    let mut k = text.len();
    for c in suffix.chars().rev() {
        if k == 0 || text[k - 1] != c as u32 {
            return false;
        }
        k -= 1;
    }
    true
}

/// `len(text.rstrip(chars))`.
#[inline]
pub(crate) fn rstrip_len(text: &[u32], chars_: &[u32]) -> usize {
    let mut n = text.len();
    while n > 0 && in_set(text[n - 1], chars_) {
        n -= 1;
    }
    n
}

/// `len(text.rstrip(CLOSING_BRACKETS + " "))`: the text before the closing
/// brackets and quotes (and spaces) it ends with, as `is_terminal` reads it.
#[inline]
fn closed_len(text: &[u32]) -> usize {
    let mut n = text.len();
    while n > 0 && (text[n - 1] == 0x20 || in_set(text[n - 1], CLOSING_BRACKETS)) {
        n -= 1;
    }
    n
}

/// `chars.unbalanced`: more opening brackets and quotes than closing ones.
pub(crate) fn unbalanced(text: &[u32]) -> bool {
    count_in(text, OPENING_BRACKETS) > count_in(text, CLOSING_BRACKETS)
}

/// How many code points of `text` are in `set` (`len(CLASS.findall(text))`).
#[inline]
pub(crate) fn count_in(text: &[u32], set: &[u32]) -> usize {
    text.iter().filter(|&&c| in_set(c, set)).count()
}

/// `chars.HAS_CJK.search(text)`.
#[inline]
pub(crate) fn has_cjk(text: &[u32]) -> bool {
    let classes = Classes::get();
    text.iter().any(|&c| classes.is(c, chars::CJK))
}

/// `layout._english_line`: a line of English running text — no CJK
/// character in it, and `words` Latin words at least.
fn english_line(text: &[u32], words: usize) -> bool {
    if has_cjk(text) {
        return false;
    }
    let (mut seen, mut in_word) = (0usize, false);
    for &c in text {
        let letter = chars::is_ascii_alpha(c);
        if letter && !in_word {
            seen += 1;
            if seen >= words {
                return true;
            }
        }
        in_word = letter;
    }
    false
}

/// `layout._english_blanks`: where blank lines part a section's English
/// paragraphs (a blank between two English lines somewhere, and two with
/// none between them somewhere), the length of its longest English line;
/// else 0.
fn english_blanks(t: &Lines, f: &Features) -> usize {
    let (mut apart, mut together) = (false, false);
    let mut widest = 0usize;
    let mut prev = false;
    for (k, (i, b)) in neighbours(f).enumerate() {
        if k == 0 {
            prev = f.kind[i].is_none() && english_line(&t.text[i], 1);
            if prev {
                widest = t.text[i].len();
            }
        }
        let here = f.kind[b].is_none() && english_line(&t.text[b], 1);
        if here {
            widest = widest.max(t.text[b].len());
            if prev {
                if f.gap[b] > 0 {
                    apart = true;
                } else {
                    together = true;
                }
            }
        }
        prev = here;
    }
    if apart && together {
        widest
    } else {
        0
    }
}

/// `layout._english_wraps`: does the English line `ta` wrap onto `ti` where
/// blank lines part the section's English paragraphs (`widest`:
/// [`english_blanks`])? Unless `ti`'s first word would have fitted on `ta`'s
/// line, or `ta` ends with a colon.
fn english_wraps(widest: usize, ta: &[u32], ti: &[u32]) -> bool {
    let classes = Classes::get();
    let mut n = ta.len();
    while n > 0 && classes.is(ta[n - 1], chars::PY_SPACE) {
        n -= 1;
    }
    if widest == 0 || (n > 0 && in_set(ta[n - 1], cps!(":："))) {
        return false;
    }
    let lead = ti.iter().take_while(|&&c| classes.is(c, chars::PY_SPACE)).count();
    let word = ti[lead..].iter().take_while(|&&c| c != 0x20).count();
    n + 1 + word > widest
}

/// `layout._opens_in_lower_case`: does `text` open with a lower-case ASCII
/// letter, after an opening bracket or quote at most?
fn opens_in_lower_case(text: &[u32]) -> bool {
    let k = usize::from(text.first().is_some_and(|&c| in_set(c, cps!("(\"'["))));
    text.get(k).is_some_and(|&c| (0x61..=0x7A).contains(&c))
}

/// `layout._ends_in_english`: no CJK in `text`, or two words with a Latin
/// letter at least after its last CJK character (…(教育部) announced on).
fn ends_in_english(text: &[u32]) -> bool {
    let classes = Classes::get();
    let Some(last) = text.iter().rposition(|&c| classes.is(c, chars::CJK)) else {
        return true;
    };
    let mut words = 0;
    let mut latin = false; // the current word holds a Latin letter
    let mut inside = false;
    for &c in &text[last + 1..] {
        if classes.is(c, chars::PY_SPACE) {
            words += usize::from(inside && latin);
            inside = false;
            latin = false;
        } else {
            inside = true;
            latin |= (0x41..=0x5A).contains(&c) || (0x61..=0x7A).contains(&c);
        }
    }
    words + usize::from(inside && latin) >= 2
}

/// `layout.is_terminal` (the layout port's).
#[inline]
pub(crate) fn is_terminal(text: &[u32]) -> bool {
    crate::layout::is_terminal(text)
}

/// `_LATIN_END.search(text)`: `[A-Za-z,;:\-]\Z`.
#[inline]
fn latin_end(text: &[u32]) -> bool {
    text.last()
        .is_some_and(|&c| chars::is_ascii_alpha(c) || in_set(c, cps!(",;:-")))
}

/// The length of `_LEADING_WORD.match(text)` (`[A-Za-z0-9][A-Za-z0-9.,%\-]*`), 0 for none.
#[inline]
fn leading_word(text: &[u32]) -> usize {
    match text.first() {
        Some(&c) if chars::is_ascii_alnum(c) => {}
        _ => return 0,
    }
    1 + text[1..]
        .iter()
        .take_while(|&&c| chars::is_ascii_alnum(c) || in_set(c, cps!(".,%-")))
        .count()
}

#[inline]
fn kind_of(f: &Features, i: usize) -> Option<LineKind> {
    f.kind.get(i).copied().flatten()
}

/// `layout._fills`: does line `a` fill its column (`b`: the line after it)?
fn fills(cols: &Columns, f: &Features, t: &Lines, a: usize, b: Option<usize>, first: bool, before: i64) -> bool {
    let w = cols.set_width[a];
    if w == 0 {
        return false;
    }
    let x = cols.width[a] + before;
    let mut allowance = cols.tol(w) + f.ascii[a];
    if first && (cols.indented || t.indent[a] != 0) {
        allowance += (2 * CHAR).min(w.div_euclid(4));
    }
    let dl = f.dateline[a];
    if dl != 0 && t.text[a].get(dl).is_some_and(|&c| c == 0x20 || c == 0x09) {
        allowance += CHAR; // the dateline's full-width separator, extracted as a narrow space
    }
    if let Some(b) = b {
        if before == 0 && !(first && (cols.indented || t.indent[a] != 0)) && room_left(cols, f, t, a, b) {
            return false;
        }
        let nxt = &t.text[b];
        if first_in(nxt, OPENING_BRACKETS) {
            allowance += CHAR;
        } else {
            let m = leading_word(nxt) as i64;
            if m > 0 {
                // Less than the word's width: a line short by all of it had room for it.
                allowance += (2 * m - 1).min(8 * CHAR);
            }
        }
    }
    x >= w - allowance
}

/// `layout._room_left`: does a sentence end on line `a` with room left on its
/// line for what opens line `b` (its first character, with the opening
/// brackets before it and the marks no line opens with after it)? Only where
/// the widths are exact: punctuation set full width, no ASCII on the line or
/// the line above, and the line above exactly as wide as the column.
fn room_left(cols: &Columns, f: &Features, t: &Lines, a: usize, b: usize) -> bool {
    let w = cols.set_width[a];
    if cols.compressed
        || a == 0
        || f.ascii[a] != 0
        || f.ascii[a - 1] != 0
        || cols.set_width[a - 1] != w
        || cols.width[a - 1] != w
    {
        return false;
    }
    if !ends_sentence(f, t, a) {
        return false;
    }
    let nxt = &t.text[b];
    let mut k = nxt.iter().take_while(|&&c| in_set(c, OPENING_BRACKETS)).count();
    if k >= nxt.len() || nxt[k] < 0x80 {
        return false;
    }
    k += 1;
    k += nxt[k..].iter().take_while(|&&c| in_set(c, NO_LINE_START)).count();
    cols.width[a] + k as i64 * CHAR <= w
}

/// `layout._rest_of_line`: is line `a` the rest of the printed line that line
/// `a - 1` opens (a piece joined to it by `open_clause` or `split_line`, or by
/// `number_wrap` where one of the two is nothing but ASCII, `texts` say; the
/// two no wider than their column)?
fn rest_of_line(cols: &Columns, rules: &[Rule], a: usize, texts: Option<&LineTexts>) -> bool {
    if a == 0 || !matches!(rules[a], Rule::OpenClause | Rule::SplitLine | Rule::NumberWrap) {
        return false;
    }
    if rules[a] == Rule::NumberWrap && !texts.is_some_and(|t| ascii_piece(&t[a - 1]) || ascii_piece(&t[a])) {
        return false;
    }
    let w = cols.set_width[a];
    cols.set_width[a - 1] == w && cols.width[a - 1] + cols.width[a] <= w + HANG + cols.tol(w)
}

/// `layout._UNITS`: what a number counts, opening the line after it.
const UNITS: &[u32] = cps!("年月日号號时時点點岁歲个個人名次万萬亿億元");

/// `layout._number_meets_unit`: line `a` (`ta`) ends with an ASCII digit
/// and line `i` (`ti`) opens with its unit, line `i` no dateline.
fn number_meets_unit(f: &Features, ta: &[u32], ti: &[u32], i: usize) -> bool {
    number_then_unit(ta, ti) && f.dateline[i] == 0
}

/// `layout._number_then_unit`: `ta` ends with an ASCII digit, `ti` opens
/// with what it counts.
fn number_then_unit(ta: &[u32], ti: &[u32]) -> bool {
    ta.last().is_some_and(|&c| chars::is_digit(c)) && first_in(ti, UNITS)
}

/// `layout._ascii_piece`: nothing but ASCII, a letter or digit among it.
fn ascii_piece(text: &[u32]) -> bool {
    text.iter().all(|&c| c < 0x80) && text.iter().any(|&c| chars::py_isalnum(c))
}

/// `layout._QUOTE_OPENS` and `layout._QUOTE_CLOSES`: “ 「 《 and ” 」 》.
const QUOTE_OPENS: [u32; 3] = [0x201C, 0x300C, 0x300A];
const QUOTE_CLOSES: [u32; 3] = [0x201D, 0x300D, 0x300B];

/// `layout._quote_balance`: quotations the text opens less those it closes.
fn quote_balance(text: &[u32]) -> i64 {
    text.iter()
        .map(|c| i64::from(QUOTE_OPENS.contains(c)) - i64::from(QUOTE_CLOSES.contains(c)))
        .sum()
}

/// `layout._closes_quote`: does the text close a quotation before it opens
/// one (or meets a quote mark of no direction, `"` `＂`)?
fn closes_quote(text: &[u32]) -> bool {
    let undirected = |c: &u32| *c == '"' as u32 || *c == 0xFF02;
    text.iter()
        .find(|c| QUOTE_OPENS.contains(c) || QUOTE_CLOSES.contains(c) || undirected(c))
        .is_some_and(|c| QUOTE_CLOSES.contains(c))
}

/// `layout._indented`: does line `b` look like a paragraph's first line?
fn indented(cols: &Columns, f: &Features, t: &Lines, b: usize, against_next_only: bool) -> bool {
    if t.indent[b] != 0 {
        return true;
    }
    let w = column_at(cols, b);
    if w == 0 {
        return false;
    }
    if under_full_line(cols, f, t, b, w) {
        return true;
    }
    // Or short of the set width, however the line after falls (it may be short too).
    if against_next_only && f.terminal[b] {
        return false;
    }
    cols.width[b] <= w - 6.max(cols.spread + HANG) - f.ascii[b]
}

/// `layout._column_at`: the set width line `b` is read against (`_indented`,
/// `_opens_paragraph`): its own, or the line before's where it has none (0:
/// neither has one).
fn column_at(cols: &Columns, b: usize) -> i64 {
    if cols.set_width[b] != 0 {
        cols.set_width[b]
    } else if b > 0 {
        cols.set_width[b - 1]
    } else {
        0
    }
}

/// `layout._under_full_line`: is line `b` 1½ characters or more narrower
/// than the line after it ([`narrower_than_next`]), a full line of its
/// column `w` (the indent the extraction lost, read against the next line)?
fn under_full_line(cols: &Columns, f: &Features, t: &Lines, b: usize, w: i64) -> bool {
    let c = b + 1;
    narrower_than_next(cols, f, t, b) && cols.set_width[c] == w && cols.width[c] >= w - cols.tol(w)
}

/// `layout._split_visual_line`: are `a` and `b` two pieces of one printed line?
fn split_visual_line(cols: &Columns, f: &Features, t: &Lines, a: usize, b: usize, regions: bool) -> bool {
    let w = if cols.set_width[a] != 0 {
        cols.set_width[a]
    } else {
        cols.set_width[b]
    };
    // (In region output a sentence end may come before the cut: a paragraph
    // end would have its blank line.)
    if w == 0 || (f.terminal[a] && !regions) || t.text[a].len() < if regions { 2 } else { 3 } {
        return false;
    }
    // Not after a comma or colon — except a colon before an opening quote.
    if last_in(&t.text[a], CONTINUING_PUNCT) && !(last_in(&t.text[a], COLONS) && first_in(&t.text[b], OPEN_QUOTES)) {
        return false;
    }
    let both = cols.width[a] + cols.width[b];
    let tol = cols.tol(w) + f.ascii[a] + f.ascii[b];
    if !(w - tol <= both && both <= w + HANG + tol) {
        return false;
    }
    last_in(&t.text[a], BRACKETING) || first_in(&t.text[b], BRACKETING)
}

/// `layout._narrower_than_next`.
fn narrower_than_next(cols: &Columns, f: &Features, t: &Lines, b: usize) -> bool {
    let c = b + 1;
    if c >= t.len() || f.gap[c] != 0 || kind_of(f, c).is_some() || f.terminal[c] {
        return false;
    }
    cols.width[b] <= cols.width[c] - 6 - f.ascii[b]
}

/// `layout._nearly_fills`: does line `a` (with `before`, the width of the
/// piece that opened its printed line) stop in mid-word at most a character
/// short of its column?
fn nearly_fills(cols: &Columns, f: &Features, t: &Lines, a: usize, before: i64) -> bool {
    let w = cols.set_width[a];
    if w == 0 || f.terminal[a] || !t.text[a].last().is_some_and(|&c| chars::py_isalnum(c)) || over_wide(cols, a) {
        return false;
    }
    cols.width[a] + before >= w - cols.tol(w) - f.ascii[a] - CHAR
}

/// `layout._word_moved`: does line `a` stop short of its column in
/// mid-sentence only because line `i` opens with a Latin word, a number or a
/// web address (its leading run of `[!-~]`) wider than the room `a` left, less
/// the column's tolerance? Not after a sentence end (、 on a page whose full
/// stop it is: `pause_end`), nor after a
/// headline-like line that opens its block (`opened`) unless it keeps an
/// indent, not before a grammar line.
fn word_moved(cols: &Columns, f: &Features, t: &Lines, a: usize, i: usize, opened: bool) -> bool {
    let w = cols.set_width[a];
    if w == 0
        || f.terminal[a]
        || (f.pause_stop && pause_end(&t.text[a]))
        || (f.headline_like[a] && opened && t.indent[a] < CHAR)
        || f.kind[i].is_some()
    {
        return false;
    }
    let ti: &[u32] = &t.text[i];
    let n = moved_unit(ti);
    if n == 0 || label_opens(ti) {
        return false; // (a numbered item opens a line of its own: 聯繫我們： / 1）如果…)
    }
    let unit = &ti[..n];
    let width: i64 = unit.iter().map(|&c| chars::width(c) as i64).sum();
    // (A page that sets its punctuation full width counts each mark two cells: segment_columns.)
    let full = if cols.compressed {
        0
    } else {
        2 * crate::layout::cjk_punct_count(unit)
    };
    width + full + crate::layout::ascii_uncertainty(unit) > w - cols.width[a] - cols.tol(w)
}

/// `layout._moved_unit`: the length of what a typesetter moves down whole
/// at the start of `text` — its leading run of ASCII up to a space, with the
/// opening brackets before it (no line ends on （) and the marks after it (no
/// line starts with ，or ）) — or 0 where no ASCII run opens the line behind
/// its brackets.
pub(crate) fn moved_unit(text: &[u32]) -> usize {
    let wide = |c: u32, set: &[u32]| c > 0x7E && in_set(c, set);
    let open = text.iter().take_while(|&&c| wide(c, OPENING_BRACKETS)).count();
    let run = text[open..].iter().take_while(|&&c| (0x21..=0x7E).contains(&c)).count();
    if run == 0 {
        return 0;
    }
    let end = open + run;
    end + text[end..].iter().take_while(|&&c| wide(c, NO_LINE_START)).count()
}

/// A digit of an item label's number, `[0-9０-９]`.
#[inline]
fn label_digit(c: u32) -> bool {
    (0x30..=0x39).contains(&c) || (0xFF10..=0xFF19).contains(&c)
}

/// `layout._LABEL_OPENS.match`: does `text` open with a numbered item's
/// label (`_ITEM_LABEL`), or a number of one or two digits and a closing
/// bracket (1） 2))?
pub(crate) fn label_opens(text: &[u32]) -> bool {
    let d = text.iter().take(2).take_while(|&&c| label_digit(c)).count();
    item_label(text) || (d > 0 && text.get(d).is_some_and(|&c| c == ')' as u32 || c == 0xFF09))
}

/// `layout._NARROW_COLUMN`: the widest column [`number_wrap`] reads (six characters).
const NARROW_COLUMN: i64 = 6 * CHAR;

/// `layout._number_wrap`: does a narrow column break a number from what it
/// counts, in mid-word (1988 / 年)?
fn number_wrap(cols: &Columns, t: &Lines, a: usize, b: usize) -> bool {
    let w = cols.set_width[a];
    if w == 0 || w > NARROW_COLUMN {
        return false;
    }
    let (Some(&x), Some(&y)) = (t.text[a].last(), t.text[b].first()) else {
        return false;
    };
    let digit = |c: u32| (0x30..=0x39).contains(&c);
    chars::py_isalnum(x) && chars::py_isalnum(y) && (digit(x) || digit(y))
}

/// `layout.SHORT_TEXT_LINES`: a section of this many lines or fewer is too
/// short to show a column.
const SHORT_TEXT_LINES: usize = 3;
/// `layout.SHORT_TEXT_CELLS`: the widest line, in half-cells, that
/// [`short_text_wrap`] reads as a line of a short text (wider: a paragraph
/// already, as reflow's own rendering prints one).
const SHORT_TEXT_CELLS: i64 = 140;

/// `layout._short_text_wrap`: in a section too short to show a column, does
/// line `a` wrap into line `i` (no grammar kind, not indented, ending the
/// sentence)? Line `a` ends with a comma, or is running text (a clause mark,
/// or a dateline) stopping on a Han character above a line a character
/// narrower at least (`a`'s indent counted). Not after a line wider than
/// `max_column`: a paragraph already.
fn short_text_wrap(f: &Features, t: &Lines, cols: &Columns, a: usize, i: usize, max_column: i64) -> bool {
    if !(t.len() <= SHORT_TEXT_LINES
        && t.width[a] <= max_column.min(2 * SHORT_TEXT_CELLS)
        && cols.set_width[a] == 0
        && kind_of(f, a).is_none()
        && kind_of(f, i).is_none()
        && !f.terminal[a]
        && f.terminal[i]
        && t.indent[i] == 0)
    {
        return false;
    }
    if english_line(&t.text[a], 1) {
        return false; // (English goes on from a comma in lower case, latin_wrap: Hi Bob, / Thanks… is two)
    }
    let ta = &t.text[a];
    if leaves_clause_open(f, ta) {
        return true; // no paragraph ends on a comma
    }
    ((f.clause[a] && !f.headline_like[a]) || f.dateline[a] != 0)
        && ta.last().is_some_and(|&c| crate::layout::is_han(c))
        && cols.width[i] + CHAR <= t.indent[a] + cols.width[a]
}

/// `layout._short_after_blank`: is line `b`, which the next line follows
/// with no blank between, short of its column?
fn short_after_blank(cols: &Columns, f: &Features, t: &Lines, b: usize) -> bool {
    let w = cols.set_width[b];
    let c = b + 1;
    if w == 0 || c >= t.len() || f.gap[c] != 0 || t.page_break[c] || kind_of(f, c).is_some() {
        return false;
    }
    cols.width[b] < w - cols.tol(w) - f.ascii[b]
}

/// The Han numerals of a numbered item's label (`layout._ITEM_LABEL`).
const ITEM_NUMERALS: &[u32] = cps!("一二三四五六七八九十");

/// The Han numerals of an article's label (第一百零五条: `layout._ITEM_LABEL`'s `article_han`).
const ARTICLE_NUMERALS: &[u32] = cps!("一二三四五六七八九十百零〇");

/// What `layout.opens_item` strips off the end of the line above: `CLOSING_BRACKETS`, spaces.
const ITEM_STRIP: &[u32] = cps!("”’」』）》〉】〕〗)]} \u{3000}");

/// `layout._ITEM_AFTER`: what the line above a numbered item ends with.
const ITEM_AFTER: &[u32] = cps!("。！？!?…、；：;:");

/// `layout._ITEM_LABEL.match`: does `text` open with a numbered item's label
/// (1. 2、 一、 （一） (2) ①, 第一条 and a space), not a number that goes on
/// (1.5, 1、2, 一、二) nor a reference (第二条规定)?
pub(crate) fn item_label(text: &[u32]) -> bool {
    label_parts(text).is_some()
}

/// The style of the item label that opens `text` and the characters of its
/// number (the label's digits or Han numerals, or its circled number): the
/// groups of `layout._ITEM_LABEL`, or None where no label opens `text`.
fn label_parts(text: &[u32]) -> Option<(ItemStyle, &[u32])> {
    let digit = label_digit;
    let numeral = |c: u32| in_set(c, ITEM_NUMERALS);
    let run = |from: usize, max: usize, of: &dyn Fn(u32) -> bool| {
        text[from..].iter().take(max).take_while(|&&c| of(c)).count()
    };
    let &first = text.first()?;
    if (0x2460..=0x2473).contains(&first) {
        return Some((ItemStyle::Circled, &text[..1])); // ①-⑳
    }
    // Digits (at most two; a third fails the mark that must follow), then . ． or 、.
    let d = run(0, 2, &digit);
    if d > 0 {
        if text.get(d + 1).is_some_and(|&c| digit(c)) {
            return None;
        }
        let style = match *text.get(d)? {
            0x3001 => ItemStyle::DigitsComma,
            0x2E | 0xFF0E => ItemStyle::DigitsDot,
            _ => return None,
        };
        return Some((style, &text[..d]));
    }
    let h = run(0, 3, &numeral);
    if h > 0 {
        return (text.get(h) == Some(&0x3001) && !text.get(h + 1).is_some_and(|&c| numeral(c)))
            .then(|| (ItemStyle::Han, &text[..h]));
    }
    if first == 0xFF08 || first == '(' as u32 {
        let closes = |k: usize| text.get(k).is_some_and(|&c| c == 0xFF09 || c == ')' as u32);
        let h = run(1, 3, &numeral);
        if h > 0 {
            return closes(1 + h).then(|| (ItemStyle::BracketHan, &text[1..1 + h]));
        }
        let d = run(1, 2, &digit);
        return (d > 0 && closes(1 + d)).then(|| (ItemStyle::BracketDigits, &text[1..1 + d]));
    }
    if first == '第' as u32 {
        // 第 + at most seven numerals (一二…十百零〇) or three digits + 条/條 + a space.
        let article = |c: u32| in_set(c, ARTICLE_NUMERALS);
        let h = run(1, 7, &article);
        let n = if h > 0 { h } else { run(1, 3, &digit) };
        let labelled = n > 0
            && text.get(1 + n).is_some_and(|&c| c == '条' as u32 || c == '條' as u32)
            && text.get(2 + n).is_some_and(|&c| c == ' ' as u32 || c == 0x3000);
        return labelled.then(|| (ItemStyle::Article, &text[1..1 + n]));
    }
    None
}

/// `layout.opens_item`: does `line` open a numbered item after a line,
/// `above`, that ends a sentence or a clause (its closing quotes and brackets aside)?
pub(crate) fn opens_item(above: &[u32], line: &[u32]) -> bool {
    let end = rstrip_len(above, ITEM_STRIP);
    end > 0 && in_set(above[end - 1], ITEM_AFTER) && item_label(line)
}

/// The style of an item label (`layout.item_number`'s first field).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ItemStyle {
    DigitsDot,
    DigitsComma,
    Han,
    BracketHan,
    BracketDigits,
    Circled,
    Article,
}

/// `layout._han_number`: the value of a Han numeral of an item label, up to
/// 九百九十九; None for what is no numeral (一一, 十十, 一百十, 一百五).
fn han_number(text: &[u32]) -> Option<u32> {
    let digit = |c: u32| ITEM_NUMERALS[..9].iter().position(|&x| x == c).map(|k| k as u32 + 1);
    let ten = '十' as u32;
    let hundred = '百' as u32;
    let zero = |c: u32| c == '零' as u32 || c == '〇' as u32;
    if let Some(k) = text.iter().position(|&c| c == hundred) {
        let high = match &text[..k] {
            [c] => digit(*c)?,
            _ => return None,
        };
        let rest = &text[k + 1..];
        let low = match rest {
            [] => 0,
            [z, c] if zero(*z) => digit(*c)?, // 一百零五
            [z, ..] if zero(*z) => return None,
            // 一百一十一, not 一百十 nor 一百五 (150, said)
            [_, tail @ ..] if tail.contains(&ten) && !rest.contains(&hundred) => han_number(rest)?,
            _ => return None,
        };
        return Some(100 * high + low);
    }
    match text.iter().position(|&c| c == ten) {
        None => (text.len() == 1).then(|| digit(text[0])).flatten(),
        Some(k) => {
            let (tens, ones) = (&text[..k], &text[k + 1..]);
            let high = match tens {
                [] => Some(1),
                [c] => digit(*c),
                _ => None,
            };
            let low = match ones {
                [] => Some(0),
                [c] => digit(*c),
                _ => None,
            };
            Some(10 * high? + low?)
        }
    }
}

/// `layout.item_number`: the style and number of the item label that opens
/// `text` (1. 2、 一、 （一） (2) ① 第一条), or None.
fn item_number(text: &[u32]) -> Option<(ItemStyle, u32)> {
    let (style, number) = label_parts(text)?;
    let digits = label_digit;
    let value = match style {
        ItemStyle::Circled => number[0] - 0x2460 + 1,
        ItemStyle::Han | ItemStyle::BracketHan => han_number(number)?,
        ItemStyle::Article if !digits(number[0]) => han_number(number)?,
        _ => number
            .iter()
            .fold(0, |v, &c| 10 * v + if c >= 0xFF10 { c - 0xFF10 } else { c - 0x30 }),
    };
    Some((style, value))
}

/// Can `text` be a table's row by its last character (a number's or its
/// unit's, or a space)? `chars::table_row` is 0 for any other line; this is
/// its cheap first test, asked at every boundary that reaches the rule.
#[inline]
fn row_end(text: &[u32]) -> bool {
    text.last().is_some_and(|&c| chars::row_end(c) || chars::cell_gap(c))
}

/// `layout._in_table`: is line `k` a row of a table set as text
/// (`chars::table_row`) with another row next to it?
fn in_table(t: &Lines, k: usize) -> bool {
    chars::table_row(&t.text[k]) > 0
        && ((k > 0 && chars::table_row(&t.text[k - 1]) > 0)
            || (k + 1 < t.len() && chars::table_row(&t.text[k + 1]) > 0))
}

/// `layout.CELL_REACH`: a flattened table's number cells stand at most this
/// many lines apart, and its title and header at most this many lines above
/// the first.
const CELL_REACH: usize = 4;
/// `layout.CELL_TABLE_NUMBERS`: the number cells that make a table.
const CELL_TABLE_NUMBERS: usize = 3;

/// `layout._cell_table`: which lines are cells of a table flattened one cell
/// to a line? None where no line is (fewer number cells than a table holds).
fn cell_table(t: &Lines, f: &Features) -> Option<Vec<bool>> {
    let n = t.len();
    let numbers: Vec<usize> = (0..n)
        .filter(|&k| kind_of(f, k).is_none() && row_end(&t.text[k]) && chars::number_cell_line(&t.text[k]))
        .collect();
    if numbers.len() < CELL_TABLE_NUMBERS {
        return None;
    }
    let cell =
        |k: usize| kind_of(f, k).is_none() && (chars::number_cell_line(&t.text[k]) || chars::label_cell(&t.text[k]));
    let mut out = vec![false; n];
    let mut s = 0;
    while s < numbers.len() {
        // A chain of number cells, each at most CELL_REACH lines after the one before, cells between.
        let mut e = s;
        while e + 1 < numbers.len()
            && numbers[e + 1] - numbers[e] <= CELL_REACH
            && (numbers[e] + 1..numbers[e + 1]).all(cell)
        {
            e += 1;
        }
        if e - s + 1 >= CELL_TABLE_NUMBERS {
            let mut lo = numbers[s];
            while lo > 0 && numbers[s] - lo < CELL_REACH && cell(lo - 1) && !out[lo - 1] {
                lo -= 1;
            }
            out[lo..=numbers[e]].iter_mut().for_each(|x| *x = true);
        }
        s = e + 1;
    }
    Some(out)
}

/// `layout.BULLETS`: bullets that open the items of a list.
const BULLETS: &[u32] = cps!("•◦●○◇▪▫★☆►▶※・");

/// `layout.opens_next_item`: does `line` open the item after the one `above`
/// opens, in the same style (一、 then 二、), or the same bullet?
pub(crate) fn opens_next_item(above: &[u32], line: &[u32]) -> bool {
    // (A shortcut, not a rule: `line` must open with what a label or a bullet
    // opens with — most lines do not, and the parse below is then not run.)
    let Some(&first) = line.first() else {
        return false;
    };
    if !(label_digit(first)
        || (0x2460..=0x2473).contains(&first)
        || first == 0xFF08
        || first == '(' as u32
        || first == '第' as u32
        || in_set(first, ITEM_NUMERALS)
        || in_set(first, BULLETS))
    {
        return false;
    }
    if let Some(&bullet) = above.first().filter(|&&c| in_set(c, BULLETS)) {
        return line.first() == Some(&bullet);
    }
    match (item_number(above), item_number(line)) {
        (Some((s1, v1)), Some((s2, v2))) => s1 == s2 && v2 == v1 + 1,
        _ => false,
    }
}

/// `layout._introduces`: does `text` end with a colon, or with 、 where it is
/// the page's full stop?
fn introduces(f: &Features, text: &[u32]) -> bool {
    last_in(text, COLONS) || (f.pause_stop && pause_end(text))
}

/// `layout._CREDIT_END`: `text.rstrip(" )）").endswith(_CREDIT_END)`.
fn credit_end(text: &[u32]) -> bool {
    let core = &text[..rstrip_len(text, cps!(" )）"))];
    ["摄", "攝", "摄影", "攝影", "/摄", "／摄"]
        .iter()
        .any(|s| ends_with(core, s))
}

/// `layout._BYLINE_ROLES`: roles a byline names people after.
const BYLINE_ROLES: [&[u32]; 6] = [
    cps!("记者"),
    cps!("記者"),
    cps!("通讯员"),
    cps!("通訊員"),
    cps!("实习生"),
    cps!("實習生"),
];

/// `layout._name_goes_on`: does `line` finish a name the line end cut from
/// `byline`? One to three Han characters, a byline that does not close (a
/// bracket, 摄), and: one character, or a one-character last name after the
/// byline's last space, or a byline that ends with a role.
fn name_goes_on(byline: &[u32], line: &[u32]) -> bool {
    let Some(&last) = byline.last() else {
        return false;
    };
    if !(1..=3).contains(&line.len())
        || !line.iter().all(|&c| crate::layout::is_han(c))
        || !crate::layout::is_han(last)
        || last == '摄' as u32
    {
        return false;
    }
    if line.len() == 1 || BYLINE_ROLES.iter().any(|role| byline.ends_with(role)) {
        return true;
    }
    let cut = byline.iter().rposition(|&c| c == 0x20 || c == 0x3000);
    cut.is_some_and(|k| k + 2 == byline.len()) // (its last character is Han: asked above)
}

/// `layout.decide`'s credit_wrap test: `a` and `b` together close with a
/// photo credit, and `a` alone does not.
fn credit_cut(a: &[u32], b: &[u32]) -> bool {
    grammar::closes_with_photo_credit(&[a, b].concat()) && !grammar::closes_with_photo_credit(a)
}

/// `layout._caption_tail`: does the caption that line `a` belongs to go on
/// into line `i` — [`caption_goes_on`] on line `i` alone, or on lines `i` and
/// `i + 1` read together where the line after them completes the credit?
fn caption_tail(texts: &LineTexts, f: &Features, gap: &[i64], a: usize, i: usize) -> bool {
    let n = texts.len();
    let after: &[u32] = if i + 1 < n { &texts[i + 1] } else { &[] };
    if caption_goes_on(&texts[a], &texts[i], kind_of(f, i), after) {
        return true;
    }
    if !(i + 2 < n
        && gap[i + 1] == 0
        && gap[i + 2] == 0
        && kind_of(f, i).is_none()
        && kind_of(f, i + 1).is_none()
        && after.len() <= 24
        && !is_terminal(after))
    {
        return false;
    }
    caption_goes_on(&texts[a], &[&texts[i], after].concat(), kind_of(f, i), &texts[i + 2])
}

/// `layout._credit_closes`: does the block that line `a` ends, read from its
/// first line `start`, close with a photo credit? (A credit a text layer
/// cut over two lines: （记者 涂月涛 / 摄）.) Only as many lines back as
/// [`grammar::closes_with_photo_credit`] reads are joined.
fn credit_closes(texts: &LineTexts, start: usize, a: usize) -> bool {
    let window = crate::grammar::patterns_gen::PHOTO_CREDIT_WINDOW;
    let mut k = a;
    let mut len = texts[a].len();
    while k > start && len <= window {
        k -= 1;
        len += texts[k].len();
    }
    if k == a {
        return grammar::closes_with_photo_credit(&texts[a]);
    }
    let tail: Vec<u32> = (k..=a).flat_map(|j| texts[j].iter().copied()).collect();
    grammar::closes_with_photo_credit(&tail)
}

/// `layout.CREDIT_TAIL`: the longest line that completes a caption's photo credit on its own.
pub const CREDIT_TAIL: usize = 16;

/// `layout._caption_goes_on` (`after`: the line after `b`, empty at the end).
fn caption_goes_on(a: &[u32], b: &[u32], kind_b: Option<LineKind>, after: &[u32]) -> bool {
    if first_in(b, CAPTION_MARKS) || matches!(kind_b, Some(LineKind::Marker) | Some(LineKind::Furniture)) {
        return false;
    }
    if credit_end(a) || is_terminal(a) {
        return false;
    }
    if b.len() <= 24 && credit_end(b) {
        return true;
    }
    // `b` holds the start of a credit that the short line after it completes.
    if b.len() <= 24
        && !after.is_empty()
        && after.len() <= CREDIT_TAIL
        && !is_terminal(b)
        && grammar::closes_with_photo_credit(&[b, after].concat())
    {
        return true;
    }
    // `b` opens the credit's bracket, and the line after it closes it with the credit.
    first_in(b, cps!("（(")) && b.len() <= 24 && count_in(b, cps!("）)")) == 0 && after.len() <= 4 && {
        let after_core = &after[..rstrip_len(after, cps!(" "))];
        ["摄）", "摄)", "攝）", "攝)"].iter().any(|s| ends_with(after_core, s))
    }
}

/// `layout._short_of_first_line`.
fn short_of_first_line(cols: &Columns, f: &Features, a: usize) -> bool {
    let w = cols.set_width[a];
    w != 0 && cols.width[a] < w - 2 * CHAR - cols.tol(w) - f.ascii[a]
}

/// `layout._opens_paragraph`: does line `b` open a paragraph that runs on
/// past it (a kept indent; or, not ending a sentence, narrower by 1½
/// characters or more than the full line after it in the same column)?
fn opens_paragraph(cols: &Columns, f: &Features, t: &Lines, b: usize) -> bool {
    if t.indent[b] != 0 {
        return true;
    }
    let w = column_at(cols, b);
    w != 0 && !f.terminal[b] && under_full_line(cols, f, t, b, w)
}

/// `layout._after_paragraph_end`: does line `a` follow a line that ends a
/// sentence, with no blank line or page break between?
fn after_paragraph_end(f: &Features, t: &Lines, a: usize) -> bool {
    a > 0 && f.gap[a] == 0 && !t.page_break[a] && kind_of(f, a - 1).is_none() && f.terminal[a - 1]
}

/// `layout._over_wide`.
fn over_wide(cols: &Columns, a: usize) -> bool {
    next_wider(cols, a, a)
}

/// `layout._next_wider`: line `i` runs wider than line `a`'s column.
fn next_wider(cols: &Columns, a: usize, i: usize) -> bool {
    let w = cols.set_width[a];
    w != 0 && cols.width[i] > w + HANG + cols.tol(w)
}

/// `layout._stands_apart_above`.
fn stands_apart_above(f: &Features, t: &Lines, a: usize) -> bool {
    if a == 0 || f.gap[a] != 0 || t.page_break[a] {
        return true;
    }
    // A jump marker is no evidence of layout.
    let mut p = a;
    while p > 0 && kind_of(f, p - 1) == Some(LineKind::Marker) {
        p -= 1;
    }
    if p == 0 {
        return true;
    }
    let p = p - 1;
    kind_of(f, p).is_some() || f.headline_like[p]
}

/// `layout._stands_apart_below` (`nxt`: None past the last line).
fn stands_apart_below(f: &Features, t: &Lines, cols: &Columns, nxt: Option<usize>) -> bool {
    let Some(nxt) = nxt else { return true };
    if f.gap[nxt] != 0 || t.page_break[nxt] || kind_of(f, nxt).is_some() || f.dateline[nxt] != 0 {
        return true;
    }
    // Another headline-like line — unless it fills a column.
    let w = cols.set_width[nxt];
    f.headline_like[nxt] && !(w != 0 && cols.width[nxt] >= w - cols.tol(w))
}

/// `layout._neighbours`: consecutive non-marker lines (a, b).
fn neighbours(f: &Features) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut prev: Option<usize> = None;
    f.kind.iter().enumerate().filter_map(move |(i, kind)| {
        if *kind == Some(LineKind::Marker) {
            return None;
        }
        let pair = prev.map(|p| (p, i));
        prev = Some(i);
        pair
    })
}

/// `text[-1] == "、"`.
#[inline]
fn ends_with_pause(text: &[u32]) -> bool {
    text.last() == Some(&('、' as u32))
}

/// `layout._TWO_SHORT_COLUMN`: from this width on a paragraph's end is clear two
/// characters short of its column, under it one (in half-cells).
pub(crate) const TWO_SHORT_COLUMN: i64 = 8 * CHAR;

/// `layout.UNPUNCTUATED_REGION_SHARE`: in a section with no punctuation, the
/// share (in hundredths) of its lines short of their column a blank line must
/// follow for region by region output.
pub const UNPUNCTUATED_REGION_SHARE: usize = 40;

/// `layout._REGION_CLOSES`: where a block ends before a blank line.
const REGION_CLOSES: &[u32] = cps!("：:）)】");

/// `layout._pause_end`: does `text` end with 、, closing brackets and spaces
/// aside (as `is_terminal` reads 。”)? Asked only on a page whose full stop is 、,
/// and of a long line that ends no sentence otherwise (`layout::pause_ended`).
#[cold]
pub(crate) fn pause_end(text: &[u32]) -> bool {
    let n = closed_len(text);
    n > 0 && text[n - 1] == '、' as u32
}

/// `layout._blank_paragraphs` (one verdict for the whole section).
fn blank_paragraphs(t: &Lines, f: &Features) -> bool {
    let (mut ends, mut followed) = (0usize, 0usize);
    for (i, b) in neighbours(f) {
        if kind_of(f, i).is_some() || !ends_sentence(f, t, i) {
            continue;
        }
        if kind_of(f, b).is_some() {
            continue;
        }
        ends += 1;
        followed += (f.gap[b] > 0) as usize;
    }
    ends >= 3 && 3 * followed >= 2 * ends
}

/// `layout._cut_at_marks`.
fn cut_at_marks(t: &Lines, f: &Features) -> bool {
    let mut lengths: Vec<usize> = Vec::new();
    let (mut ends, mut clauses) = (0usize, 0usize);
    for i in 0..t.len() {
        let text = &t.text[i];
        if kind_of(f, i).is_none() && text.len() > 1 {
            lengths.push(text.len());
            ends += last_in(text, MARK_ENDS) as usize;
            clauses += last_in(text, CLAUSE_ENDS) as usize;
        }
    }
    if lengths.len() < 20 {
        return false;
    }
    let rows = lengths.len();
    let (_, median, _) = lengths.select_nth_unstable(rows / 2);
    if !(5 * ends >= 2 * rows && *median <= 16 && 3 * clauses >= ends) {
        return false;
    }
    // A piece holds one clause: at most one line in ten holds two marks or more before its end.
    let inside = (0..t.len())
        .filter(|&i| {
            let text = &t.text[i];
            kind_of(f, i).is_none()
                && text.len() > 1
                && text[..text.len() - 1].iter().filter(|c| INNER_MARKS.contains(c)).count() >= 2
        })
        .count();
    10 * inside <= rows
}

/// `layout._INNER_MARKS`: the marks `cut_at_marks` counts inside a line.
const INNER_MARKS: &[u32] = cps!("，、：；。！？,:;?!");

/// `layout.CUT_TOL`: how far the pieces of one printed line may add up short
/// of the column's width or past it, in half-cells.
pub const CUT_TOL: i64 = 6;

/// `layout.CUT_MISFIT`: what a printed line of pieces costs for each character
/// its pieces add up to off the column's width (within [`CUT_TOL`]).
pub const CUT_MISFIT: f64 = 1.0;

/// `layout._cut_lines`: on a page whose text layer cut its lines at the
/// marks, does the paragraph go on after the line before each line (None
/// where the page shows too few printed lines to measure its column)?
fn cut_lines(t: &Lines, f: &Features) -> Option<Vec<bool>> {
    let n = t.len();
    let w = &t.width;
    let wrap = crate::layout::cut_mid_word(t, f);
    let mut samples: Vec<i64> = Vec::new();
    let mut acc = 0i64;
    for i in 0..n {
        if kind_of(f, i).is_some() || f.gap[i] != 0 {
            acc = 0;
            if kind_of(f, i).is_some() {
                continue;
            }
        }
        acc += w[i];
        if wrap[i] {
            samples.push(acc);
            acc = 0;
        }
    }
    if samples.len() < 5 {
        return None;
    }
    let mut runs: Vec<(usize, usize)> = Vec::new(); // [start, end) of each run of running text
    let mut i = 0;
    while i < n {
        if kind_of(f, i).is_some() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && kind_of(f, j).is_none() && f.gap[j] == 0 {
            j += 1;
        }
        runs.push((i, j));
        i = j;
    }
    let tried = cut_widths(&mut samples);
    let sentence_ends: Vec<bool> = (0..n).map(|i| piece_ends(f, t, i)).collect();
    // Each line's ASCII characters (`sum(ch.isascii() for ch in text)`).
    let ascii_chars: Vec<i64> = (0..n)
        .map(|i| t.text[i].iter().filter(|&&c| c < 0x80).count() as i64)
        .collect();
    // The indent under which the page's runs cut most cheaply (the first on a tie).
    let mut best: Option<(f64, Vec<Vec<bool>>)> = None;
    for indent in [0, 2 * CHAR] {
        let mut cost = 0.0f64;
        let mut all = Vec::with_capacity(runs.len());
        for &(a, b) in &runs {
            let (ends, c) = cut_run(
                &w[a..b],
                &sentence_ends[a..b],
                &tried,
                indent,
                Some(&wrap[a..b]),
                Some(&ascii_chars[a..b]),
            );
            cost += c;
            all.push(ends);
        }
        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
            best = Some((cost, all));
        }
    }
    let chosen = best.map(|(_, all)| all).unwrap_or_default();
    let mut goes_on = vec![false; n];
    for (&(a, b), ends) in runs.iter().zip(&chosen) {
        for idx in 1..(b - a) {
            goes_on[a + idx] = !ends[idx];
        }
    }
    Some(goes_on)
}

/// `layout.CUT_STEPS`: at how many quantiles of what the pieces add up to the
/// widths a cut-at-marks page's column may have are read.
pub const CUT_STEPS: usize = 8;

/// `layout.CUT_SWITCH`: what a change of the column's width between two
/// printed lines costs in [`cut_run`].
pub const CUT_SWITCH: f64 = 8.0;

/// `layout._cut_widths`: the widths `cut_lines` tries, narrowest first: the
/// sums (*samples*, sorted here) at `CUT_STEPS` + 1 evenly spaced quantiles.
/// At most `CUT_STEPS + 1`, whatever the page's size.
fn cut_widths(samples: &mut [i64]) -> Vec<i64> {
    samples.sort_unstable();
    let mut out: Vec<i64> = (0..=CUT_STEPS)
        .map(|k| samples[(k * (samples.len() - 1)) / CUT_STEPS])
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// `layout._cut_run`: cut a run of pieces into printed lines at the least
/// cost, each line at one of the widths `tried` (a change of width costing
/// [`CUT_SWITCH`]); for each piece, does a paragraph end before it, and the
/// cost. A printed line never runs on past a piece that stops in mid-word
/// (`wraps`). The ties go as in the Python: a line keeps the width of the
/// line before where that costs no more than switching from the cheapest
/// (the first such width); the cut ends at the least (cost, state, width).
fn cut_run(
    widths: &[i64],
    terminal: &[bool],
    tried: &[i64],
    indent: i64,
    wraps: Option<&[bool]>,
    ascii_chars: Option<&[i64]>,
) -> (Vec<bool>, f64) {
    let n = widths.len();
    let kn = tried.len();
    let inf = f64::INFINITY;
    // best[(i * 2 + first) * kn + k], as layout._cut_run's best[i][first][k].
    let at = |i: usize, first: usize, k: usize| (i * 2 + first) * kn + k;
    let mut best = vec![inf; (n + 1) * 2 * kn];
    let mut back: Vec<Option<(usize, usize, usize)>> = vec![None; (n + 1) * 2 * kn];
    for k in 0..kn {
        best[at(0, 1, k)] = 0.0;
        best[at(0, 0, k)] = 0.5;
    }
    for i in 0..n {
        for first in 0..2usize {
            // The cheapest width so far (the first on a tie), as min() and index() find it.
            let mut cheapest = inf;
            let mut cheapest_k = 0;
            for k in 0..kn {
                if best[at(i, first, k)] < cheapest {
                    cheapest = best[at(i, first, k)];
                    cheapest_k = k;
                }
            }
            if cheapest == inf {
                continue;
            }
            let nxt = usize::from(terminal[i]);
            for k in 0..kn {
                let stay = best[at(i, first, k)];
                if stay + 8.0 < best[at(i + 1, nxt, k)] {
                    best[at(i + 1, nxt, k)] = stay + 8.0;
                    back[at(i + 1, nxt, k)] = Some((i, first, k));
                }
                let (c0, came) = if stay <= cheapest + CUT_SWITCH {
                    (stay, k)
                } else {
                    (cheapest + CUT_SWITCH, cheapest_k)
                };
                let target = tried[k] - if first == 1 { indent } else { 0 };
                let (mut total, mut unsure) = (0i64, 0i64);
                for j in i + 1..=(i + 14).min(n) {
                    if j - 1 > i && wraps.is_some_and(|w| w[j - 2]) {
                        break; // the piece before stopped in mid-word: its printed line ended there
                    }
                    total += widths[j - 1];
                    if total > target + CUT_TOL + HANG {
                        break;
                    }
                    // Within a hanging mark and a half-cell per ASCII character (CUT_TOL at most).
                    let tol = match ascii_chars {
                        None => CUT_TOL,
                        Some(a) => {
                            unsure += a[j - 1];
                            CUT_TOL.min(HANG + unsure)
                        }
                    };
                    if (total - target).abs() <= tol {
                        let misfit = CUT_MISFIT * ((total - target).abs() as f64) / (CHAR as f64);
                        for (nf, c) in [(0usize, misfit), (1, misfit + if terminal[j - 1] { 1.5 } else { 4.0 })] {
                            if c0 + c < best[at(j, nf, k)] {
                                best[at(j, nf, k)] = c0 + c;
                                back[at(j, nf, k)] = Some((i, first, came));
                            }
                        }
                    } else if total < target - tol {
                        let c = if j == n {
                            0.0
                        } else if terminal[j - 1] {
                            1.0
                        } else {
                            6.0
                        };
                        if stay + c < best[at(j, 1, k)] {
                            best[at(j, 1, k)] = stay + c;
                            back[at(j, 1, k)] = Some((i, first, k));
                        }
                    }
                }
            }
        }
    }
    // The least (cost, state, width), as Python's min() of those tuples.
    let (mut cost, mut state, mut k) = (inf, 0usize, 0usize);
    for s in 0..2usize {
        for kk in 0..kn {
            if best[at(n, s, kk)] < cost {
                (cost, state, k) = (best[at(n, s, kk)], s, kk);
            }
        }
    }
    let mut ends = vec![false; n];
    let mut j = n;
    while j > 0 {
        let Some((i, first, came)) = back[at(j, state, k)] else {
            break; // (unreachable: every state on the path was reached)
        };
        if state == 1 && j < n {
            ends[j] = true;
        }
        j = i;
        state = first;
        k = came;
    }
    (ends, cost)
}

/// `layout._piece_ends`: on a page cut at its marks, does the piece on line
/// `i` end a sentence — a sentence mark, or closing quotes and brackets alone
/// after a piece that ends one (。 / ”)?
fn piece_ends(f: &Features, t: &Lines, i: usize) -> bool {
    f.terminal[i] || (i > 0 && f.terminal[i - 1] && t.text[i].iter().all(|&c| in_set(c, CLOSING_BRACKETS)))
}

/// `layout._ends_word_whole`: does `text` end with a word of two characters
/// whole (供应), so that the word its last character makes with the next
/// line's first may be chance? (True for a text shorter than two.)
pub(crate) fn ends_word_whole(text: &[u32]) -> bool {
    text.len() < 2 || chars::is_word(text[text.len() - 2], text[text.len() - 1])
}

/// `layout._ends_sentence`: does line `i` end a sentence — with 、 too, where
/// that is the page's full stop?
#[inline]
fn ends_sentence(f: &Features, t: &Lines, i: usize) -> bool {
    f.terminal[i] || (f.pause_stop && pause_end(&t.text[i]))
}

/// `layout._clear_end`: does line `i` end a sentence more than two
/// characters short of its column's set width?
fn clear_end(cols: &Columns, f: &Features, t: &Lines, i: usize) -> bool {
    let w = cols.set_width[i];
    ends_sentence(f, t, i) && w != 0 && cols.width[i] < w - 2 * CHAR
}

/// `layout._region_separated`.
pub(crate) fn region_separated(t: &Lines, f: &Features, cols: &Columns) -> bool {
    let (mut ends, mut followed) = (0usize, 0usize);
    for (i, b) in neighbours(f) {
        if kind_of(f, i).is_some() || kind_of(f, b).is_some() || !(f.unpunctuated || ends_sentence(f, t, i)) {
            continue;
        }
        let w = cols.set_width[i];
        if w != 0 && cols.width[i] >= w - if w >= TWO_SHORT_COLUMN { 2 * CHAR } else { CHAR } {
            // (a line in no column counts: unlike `clear_end`)
            continue;
        }
        if f.unpunctuated && w == 0 {
            continue; // (with no sentence mark, a line in no column is no evidence)
        }
        ends += 1;
        followed += (f.gap[b] > 0) as usize;
    }
    if ends >= 5 {
        if f.unpunctuated {
            return 100 * followed >= UNPUNCTUATED_REGION_SHARE * ends;
        }
        if 100 * followed >= 85 * ends || (2 * followed >= ends && headlines_apart(t, f)) {
            return true;
        }
    }
    blanks_end_sentences(t, f)
}

/// `layout._RUNS_TO_READ`, `layout._RUN_LINES`.
const RUNS_TO_READ: usize = 10;
const RUN_LINES: usize = 4;

/// `layout._blanks_end_sentences`: region by region output told by where its
/// blank lines fall: of the runs of lines between blank lines (of `RUN_LINES`
/// or more, `RUNS_TO_READ` of them at least), fewer than four pairs of
/// neighbours in ten of the same length to a line (pdftotext's column
/// breaks: a column's height after another), and the line before a blank
/// line ends a sentence at least twice as often as the section's lines do.
fn blanks_end_sentences(t: &Lines, f: &Features) -> bool {
    if f.unpunctuated {
        return false;
    }
    // The lines of each run between blank lines, jump markers left out: a marker's line is no
    // line of the page's text (and the line after it has the blank lines before it).
    let rows: Vec<usize> = (0..t.len()).filter(|&i| f.kind[i] != Some(LineKind::Marker)).collect();
    let m = rows.len();
    // (last line, lines) of each run long enough to read
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start = 0usize;
    for k in 1..=m {
        if k == m || f.gap[rows[k]] != 0 {
            if k - start >= RUN_LINES {
                runs.push((rows[k - 1], k - start));
            }
            start = k;
        }
    }
    if runs.len() < RUNS_TO_READ {
        return false;
    }
    let even = runs.windows(2).filter(|w| w[0].1.abs_diff(w[1].1) <= 1).count();
    if 10 * even >= 4 * (runs.len() - 1) {
        return false; // runs of a column's height: blank lines at column breaks
    }
    let after = runs[..runs.len() - 1].iter().filter(|&&(b, _)| ends_sentence(f, t, b)).count();
    let ends = rows.iter().filter(|&&i| ends_sentence(f, t, i)).count();
    after > 0 && after * m >= 2 * ends * (runs.len() - 1)
}

/// `layout._headlines_apart`: of the headline-like lines that open a run of
/// lines, at least one is followed by a blank line, and at most two run on
/// into a line of text for every three followed by one.
fn headlines_apart(t: &Lines, f: &Features) -> bool {
    let (mut apart, mut run_on) = (0usize, 0usize);
    for i in 0..t.len().saturating_sub(1) {
        if f.headline_like[i] && kind_of(f, i).is_none() && (i == 0 || f.gap[i] != 0) {
            if f.gap[i + 1] != 0 {
                apart += 1;
            } else if !f.headline_like[i + 1] && kind_of(f, i + 1).is_none() {
                run_on += 1;
            }
        }
    }
    apart > 0 && 3 * run_on <= 2 * apart
}

/// `layout.rendered_joins`: in a section of reflowed text
/// (`layout.reads_as_rendered`), the rule that joins each line to the one
/// before it where the two lines' text says so ([`rendered_join`]); None
/// for the first line, a line after a form feed and every other break.
/// `markers`: the jump-marker rows. Each line's own grammar is read only
/// where a test of the text asks for it.
pub fn rendered_joins<M>(
    texts: &LineTexts,
    page_break: &[bool],
    markers: &std::collections::HashMap<usize, M>,
) -> Vec<Option<Rule>> {
    rendered_joins_with(texts, |i| page_break[i], |k| markers.contains_key(&k), |_| None)
}

/// [`rendered_joins`], with `marker(k)`: row k is a jump marker, and
/// `known(i)`: the rule at the break before row i where it is known already
/// (the two lines are a pair a round before asked, unchanged): only the
/// other breaks are asked, and only their lines read.
pub(crate) fn rendered_joins_with(
    texts: &LineTexts,
    page_break: impl Fn(usize) -> bool,
    marker: impl Fn(usize) -> bool,
    known: impl Fn(usize) -> Option<Option<Rule>>,
) -> Vec<Option<Rule>> {
    let n = texts.len();
    let mut own: Vec<Option<(Option<LineKind>, usize)>> = vec![None; n];
    let mut line = |k: usize| -> (Option<LineKind>, usize) {
        *own[k].get_or_insert_with(|| {
            if marker(k) {
                (Some(LineKind::Marker), 0)
            } else {
                crate::layout::own_line(&texts[k])
            }
        })
    };
    let mut sums: Vec<Option<LineSum>> = vec![None; n];
    let mut joins = vec![None; n];
    for i in 1..n {
        if let Some(rule) = known(i) {
            joins[i] = rule;
            continue;
        }
        if page_break(i) {
            continue;
        }
        let sa = *sums[i - 1].get_or_insert_with(|| crate::layout::quotes_and_hint(&texts[i - 1]));
        let si = *sums[i].get_or_insert_with(|| crate::layout::quotes_and_hint(&texts[i]));
        joins[i] = rendered_join(&texts[i - 1], &texts[i], (i - 1, &sa), (i, &si), &mut line);
    }
    joins
}

/// `layout._DATELINE_ALONE_CHARS`: the longest dateline alone
/// [`rendered_join`] asks the dateline grammar about.
const DATELINE_ALONE_CHARS: usize = 40;

/// `layout._rendered_join`: the join rule at the break between two lines of
/// reflowed text, `ta` (row `a`) then `ti` (row `i`), or None; `line(k)`
/// gives row `k`'s own grammar kind and dateline length. A dateline alone,
/// a dateline cut over the two lines, a number and its unit, a word cut in
/// two (where `ta` does not end with a word whole), a quotation `ta` leaves
/// open and `ti` closes; both lines running text, `ti` no dateline (but
/// after a dateline alone).
fn rendered_join(
    ta: &[u32],
    ti: &[u32],
    (a, sa): (usize, &LineSum),
    (i, si): (usize, &LineSum),
    line: &mut impl FnMut(usize) -> (Option<LineKind>, usize),
) -> Option<Rule> {
    if sa.hint && rstrip_len(ta, cps!("　 ")) <= DATELINE_ALONE_CHARS {
        let (ka, da) = line(a);
        if ka.is_none() && is_dateline_alone(da, ta) && line(i).0.is_none() {
            return Some(Rule::DatelineAlone);
        }
    }
    let mut rule = None;
    // (`line(i).1`: a line without the hint opens no dateline, and is not read for one.)
    let no_dateline = |line: &mut dyn FnMut(usize) -> (Option<LineKind>, usize)| !si.hint || line(i).1 == 0;
    // (A dateline of ta + ti holds its hint among their first 40 characters but spaces.)
    if ta.len() <= DATELINE_CUT_CHARS
        && (sa.hint || (si.hint && crate::layout::hint_within(ti, 40 - ta.iter().filter(|&&c| c != 0x20 && c != 0x09).count())))
        && no_dateline(line)
        && dateline_cuts(ta, ti)
    {
        rule = Some(Rule::DatelineCut);
    }
    if rule.is_none() && number_then_unit(ta, ti) && no_dateline(line) {
        rule = Some(Rule::NumberUnit);
    }
    if rule.is_none() && chars::cuts_word(ta, ti) && !ends_word_whole(ta) && no_dateline(line) {
        rule = Some(Rule::WordCut);
    }
    if rule.is_none() && sa.balance > 0 && si.closes_first && no_dateline(line) {
        rule = Some(Rule::QuoteOpen);
    }
    if rule.is_none() || line(a).0.is_some() || line(i).0.is_some() {
        return None;
    }
    rule
}

/// `layout.is_dateline_alone`: is `text` a dateline alone, its `dateline`
/// (length) all of it but the spaces after it?
pub(crate) fn is_dateline_alone(dateline: usize, text: &[u32]) -> bool {
    dateline != 0 && dateline >= rstrip_len(text, cps!("　 "))
}

/// The longest line [`dateline_cut`] reads as the start of a dateline
/// (`layout._DATELINE_CUT_CHARS`).
const DATELINE_CUT_CHARS: usize = 24;

/// `layout._dateline_cut`: does line `ta` open a dateline that the next line
/// `ti` (row `i`) completes, and `ti` go on with its paragraph after it? `ti`
/// opens no dateline of its own.
///
/// `hint(k)`: does line `k` hold the dateline hint (讯 电) anywhere? No
/// dateline is read where neither line does, so the copy and the grammar
/// are spared nearly every line.
fn dateline_cut(f: &Features, ta: &[u32], ti: &[u32], i: usize, hint: &mut impl FnMut(usize) -> bool) -> bool {
    if f.dateline[i] != 0 || ta.len() > DATELINE_CUT_CHARS || !(hint(i - 1) || hint(i)) {
        return false;
    }
    dateline_cuts(ta, ti)
}

/// `layout._dateline_cuts`: does the dateline of `ta` + `ti` end inside
/// `ti`, short of its end?
fn dateline_cuts(ta: &[u32], ti: &[u32]) -> bool {
    // (read as the block joins them: a letter-spaced run keeps its space at the cut)
    let sep: &[u32] = if crate::layout::spaced_seam(ta, ti) { &[0x20] } else { &[] };
    let n = ta.len() + sep.len();
    let dateline = crate::layout::line_dateline(&[ta, sep, ti].concat());
    n < dateline && dateline < n + rstrip_len(ti, cps!("　 "))
}

/// `layout._leaves_clause_open`: does `text` end with a comma (，, `,`, or
/// 、 on a page that does not end its sentences with it), leaving its
/// sentence open?
fn leaves_clause_open(f: &Features, text: &[u32]) -> bool {
    last_in(text, cps!("，,")) || (!f.pause_stop && ends_with_pause(text))
}

/// `layout._dateline_credit`: does line `i` go on a dateline's credit (a
/// bracketed byline right after a dateline alone, or the line after such a
/// credit: the rest of the credit, or the paragraph the dateline opens)?
fn dateline_credit(f: &Features, texts: &LineTexts, rules: &[Rule], a: usize, i: usize) -> bool {
    let (ta, ti) = (&texts[a], &texts[i]);
    if kind_of(f, i) == Some(LineKind::Byline) && first_in(ti, cps!("（(")) {
        return is_dateline_alone(f.dateline[a], ta);
    }
    kind_of(f, a) == Some(LineKind::Byline) && a > 0 && rules[a] == Rule::DatelineAlone && kind_of(f, i).is_none()
}

/// `layout._unmistakable_dateline`: a dateline no sentence runs into — bracketed,
/// or this paper's or an agency's (`_DATELINE_AGENCIES`).
fn unmistakable_dateline(head: &[u32]) -> bool {
    let head = &head[head.iter().take_while(|&&c| c == 0x20 || c == 0x3000).count()..];
    first_in(head, cps!("【[（(〔"))
        || ["本报", "本報", "新华社", "新華社", "中新社", "中央社"]
            .iter()
            .any(|agency| starts_with(head, agency))
}

/// `layout._subtitle_under`: is line `i` a ——subtitle under line `a`, a line
/// of no grammar kind that ends no sentence — it opens with a dash, reads as a
/// headline itself, holds a Han character and stands apart from what follows? (`subtitle_start`; on a page
/// cut at its marks, `mark_cut` gives way to it.)
#[inline(always)]
fn subtitle_under(f: &Features, t: &Lines, cols: &Columns, a: usize, i: usize) -> bool {
    // (the dash first: most lines open with none, and the rest is not asked)
    opens_with_dash(&t.text[i]) && subtitle_rest(f, t, cols, a, i)
}

/// [`subtitle_under`] past its dash.
fn subtitle_rest(f: &Features, t: &Lines, cols: &Columns, a: usize, i: usize) -> bool {
    let ti = &t.text[i];
    f.headline_like[i]
        && f.kind[a].is_none()
        && !f.terminal[a]
        && ti.iter().any(|&c| crate::layout::is_han(c))
        && stands_apart_below(f, t, cols, (i + 1 < t.len()).then_some(i + 1))
}

/// `text.startswith(_SUBTITLE_DASHES)`: ("——", "--", "－－", "—").
#[inline]
pub(crate) fn subtitle_dashes(text: &[u32]) -> bool {
    match text {
        [0x2014, ..] => true,                            // —
        [0x2D, 0x2D, ..] | [0xFF0D, 0xFF0D, ..] => true, // -- －－
        _ => false,
    }
}

/// `layout.opens_with_dash`: a subtitle's dash, or OCR's reading of it
/// (`_DASH_READINGS`: 一一, -一).
#[inline]
pub(crate) fn opens_with_dash(text: &[u32]) -> bool {
    subtitle_dashes(text) || matches!(text, [0x4E00, 0x4E00, ..] | [0x2D, 0x4E00, ..])
}

/// `layout.decide`: the rule at the boundary before each line (`Start` for the first).
pub fn decide(t: &Lines, f: &Features, cols: &Columns, options: &Options) -> Vec<Rule> {
    decide_with(t, f, cols, options, &std::sync::OnceLock::new())
}

/// [`decide`], with `regions`: whether the section is region output
/// ([`region_separated`]), read here once where it is not read yet and
/// kept for the block passes (`Layout::regions`).
#[allow(clippy::nonminimal_bool)] // the conditions read as the reference writes them
pub fn decide_with(
    t: &Lines,
    f: &Features,
    cols: &Columns,
    options: &Options,
    regions: &std::sync::OnceLock<bool>,
) -> Vec<Rule> {
    let n = t.len();
    let mut rules = vec![Rule::Start; n];
    if n == 0 {
        return rules;
    }
    if f.rendered {
        // Reflowed text already: a block a line, but where the text says it goes on.
        let joins = rendered_joins(&t.text, &t.page_break, &f.markers);
        for i in 1..n {
            rules[i] = joins[i]
                .or_else(|| kind_of(f, i - 1).or_else(|| kind_of(f, i)).map(Rule::of_kind))
                .unwrap_or(if t.page_break[i] { Rule::PageBreak } else { Rule::Rendered });
        }
        return rules;
    }
    let texts = &t.text;
    let gap = &f.gap;
    let blank = blank_paragraphs(t, f);
    // `_english_blanks` of the section, read once where asked.
    let mut english: Option<usize> = None;
    let regions = *regions.get_or_init(|| region_separated(t, f, cols));
    let pieces = cut_at_marks(t, f);
    let goes_on = if pieces { cut_lines(t, f) } else { None };
    let cells = cell_table(t, f);
    // dateline_cut's hint for each line, read at most once (0: not yet).
    let mut hinted = vec![0u8; n];
    let mut hint = |k: usize| {
        if hinted[k] == 0 {
            hinted[k] = 1 + u8::from(crate::layout::dateline_hint_anywhere(&texts[k]));
        }
        hinted[k] == 2
    };
    let max_column = options.max_column_cells.saturating_mul(2);
    let mut opened = true; // line i-1 opens its block
    let mut start = 0usize; // the line that opened the block line i-1 is in
    let mut opened_before = true; // line i-2 opens its block
                                  // Quotations the current block leaves open (`quotes` in `layout.decide`),
                                  // counted over lines block..counted only when a line that closes one asks.
    let (mut quotes, mut counted) = (0i64, 0usize);
    // the current block is a caption (□本报记者 刘洋 is a byline)
    let mut caption = first_in(&texts[0], CAPTION_MARKS) && kind_of(f, 0) != Some(LineKind::Byline);
    let following = |i: usize| if i + 1 < n { Some(i + 1) } else { None };
    for i in 1..n {
        let a = i - 1;
        let (ta, ti) = (&texts[a], &texts[i]);
        let mut rule: Option<Rule> = None;
        if kind_of(f, a) == Some(LineKind::Markdown) || kind_of(f, i) == Some(LineKind::Markdown) {
            rule = Some(Rule::Markdown); // explicit structure: nothing reads across it
        } else if f.continues.get(i).copied().unwrap_or(false) {
            rule = Some(Rule::RunningHead);
        } else if caption && gap[i] == 0 && caption_tail(texts, f, gap, a, i) {
            rule = Some(Rule::CaptionWrap);
        } else if gap[i] == 0 && dateline_credit(f, texts, &rules, a, i) {
            // a dateline's bracketed credit, on lines of its own
            rule = Some(Rule::DatelineAlone);
        } else if kind_of(f, a) == Some(LineKind::Byline)
            && kind_of(f, i).is_none()
            && gap[i] == 0
            && name_goes_on(ta, ti)
        {
            // the line end cut the byline's last name (关磊 / 斌)
            rule = Some(Rule::BylineWrap);
        } else if rules[a] == Rule::BylineWrap {
            // the byline's cut name is whole again: the byline ends
            rule = Some(Rule::Byline);
        } else if let Some(k) = kind_of(f, a) {
            rule = Some(Rule::of_kind(k));
        } else if kind_of(f, i) == Some(LineKind::Byline) && gap[i] == 0 && credit_cut(ta, ti) {
            // the line end cut a photo credit (本报记 / 者 阳雪磊 摄)
            rule = Some(Rule::CreditWrap);
        } else if let Some(k) = kind_of(f, i) {
            rule = Some(Rule::of_kind(k));
        } else if first_in(ti, NO_LINE_START) {
            rule = Some(Rule::ContinuationPunct);
        } else if t.page_break[i] {
            rule = Some(Rule::PageBreak);
        } else if gap[i] > 0
            && english_line(ta, 1)
            && english_line(ti, 1)
            && *english.get_or_insert_with(|| english_blanks(t, f)) > 0
        {
            // English whose blank lines part its paragraphs: a blank ends one
            rule = Some(Rule::EnglishParagraph);
        } else if opens_in_lower_case(ti)
            && latin_end(ta)
            && t.width[a] <= max_column
            && ends_in_english(ta)
            && !chars::opens_address(ti)
        {
            // (a line that opens a web address is no English wrap: a list of links)
            rule = Some(Rule::LatinWrap);
        }
        let rule = match rule {
            Some(r) => r,
            None => {
                // The width of the piece that opened the printed line a ends, where a is its rest.
                let before = if rest_of_line(cols, &rules, a, Some(&t.text)) {
                    cols.width[a - 1]
                } else {
                    0
                };
                let fl = if before != 0 {
                    fills(cols, f, t, a, Some(i), opened_before, before)
                } else {
                    fills(cols, f, t, a, Some(i), opened, 0)
                };
                let runs_on = fl && !f.terminal[a];
                let hl_a_opened = f.headline_like[a] && opened;
                if is_dateline_alone(f.dateline[a], ta) {
                    Rule::DatelineAlone
                } else if dateline_cut(f, ta, ti, i, &mut hint) {
                    Rule::DatelineCut // 新华社南京1月26日 / 电 这几天…: one dateline
                } else if f.dateline[i] != 0
                    && (!runs_on
                        || unmistakable_dateline(&ti[..f.dateline[i].min(ti.len())])
                        || (caption && credit_closes(texts, start, a)))
                {
                    // (a caption that ends with its photographer's credit has ended)
                    Rule::Dateline
                } else if first_in(ti, CAPTION_MARKS) {
                    Rule::Caption
                } else if caption && credit_closes(texts, start, a) {
                    // a caption that ends with its photographer's credit has ended
                    Rule::CaptionEnd
                } else if opens_item(ta, ti) {
                    // 1. / 一、 / （一） after a sentence end: a numbered paragraph or subheading
                    Rule::Item
                } else if opens_next_item(ta, ti) {
                    Rule::NextItem // 一、总体要求 / 二、主要任务: one item after another, whatever their widths
                } else if (row_end(ta) && in_table(t, a)) || (row_end(ti) && in_table(t, i)) {
                    Rule::TableRow // 上证指数 3245.67 +1.23% / 深证成指 11234.56 -0.45%: a table's row stands alone
                } else if cells.as_ref().is_some_and(|c| c[a] || c[i]) {
                    Rule::TableCell // 芙蓉区 / 12.5% / 天心区 / 10.3%: a table flattened one cell to a line
                } else if gap[i] == 0
                    && t.indent[i] == 0
                    && english_line(ta, 2)
                    && english_line(ti, 1)
                    && english_wraps(*english.get_or_insert_with(|| english_blanks(t, f)), ta, ti)
                {
                    // English set ragged: where blank lines part its paragraphs, no blank goes on
                    Rule::EnglishWrap
                } else if regions
                    && gap[i] == 0
                    && t.indent[i] == 0
                    && !clear_end(cols, f, t, a)
                    && !subtitle_under(f, t, cols, a, i)
                {
                    Rule::RegionWrap
                } else if pieces
                    && gap[i] == 0
                    && !piece_ends(f, t, a)
                    && !(hl_a_opened && f.headline_like[i])
                    && !subtitle_under(f, t, cols, a, i)
                {
                    Rule::MarkCut
                } else if goes_on.as_ref().is_some_and(|g| g[i]) && gap[i] == 0 && piece_ends(f, t, a) {
                    // the pieces around the sentence end make one printed line
                    Rule::CutLine
                } else if gap[i] == 0
                    && (first_in(ta, NO_LINE_START) || (rules[a] == Rule::PieceWrap && cols.set_width[a] == 0))
                    && ta.last().is_some_and(|&c| chars::py_isalnum(c))
                {
                    // a piece of a printed line, cut after a mark, that stops in mid-word
                    Rule::PieceWrap
                } else if gap[i] == 0
                    && !runs_on
                    && ta.last().is_some_and(|&c| chars::py_isalnum(c))
                    && cols.set_width[a] != 0
                    && !over_wide(cols, a)
                    && unbalanced(ta)
                {
                    // a bracket or quote left open in mid-word: the text in it goes on
                    Rule::OpenBracket
                } else if hl_a_opened && stands_apart_above(f, t, a) && stands_apart_below(f, t, cols, Some(i)) {
                    Rule::HeadlineApart
                } else if hl_a_opened && opens_with_dash(ta) {
                    Rule::Subtitle
                } else if subtitle_under(f, t, cols, a, i) {
                    // a line under a headline-like line opens with a dash and stands apart: a subtitle
                    Rule::SubtitleStart
                } else if !fl && gap[i] == 0 && split_visual_line(cols, f, t, a, i, regions) {
                    Rule::SplitLine
                } else if gap[i] == 0
                    && f.clause[a]
                    && !f.terminal[a]
                    && first_in(ti, OPENING)
                    && !introduces(f, ta)
                    && !f.headline_like[a]
                    && !narrower_than_next(cols, f, t, i)
                    && cols.set_width[a] != 0
                    && !over_wide(cols, a)
                {
                    Rule::BracketCut
                } else if gap[i] != 0 && f.pause_stop && pause_end(ta) {
                    Rule::SentenceEnd
                } else if (regions || blank)
                    && gap[i] != 0
                    && runs_on
                    && (f.dateline[i] != 0
                        || indented(cols, f, t, i, true)
                        || short_after_blank(cols, f, t, i)
                        || last_in(ta, REGION_CLOSES)
                        || opens_with_dash(ti))
                {
                    Rule::RegionEnd
                } else if runs_on
                    && cols.indented
                    && last_in(ta, CLAUSE_STOPS)
                    && gap[i] == 0
                    && kind_of(f, i).is_none()
                    && !first_in(ti, OPEN_QUOTES)
                    && indented(cols, f, t, i, false)
                {
                    Rule::ClauseEnd // 如下： / the next paragraph, indented
                } else if regions
                    && gap[i] != 0
                    && gap[a] == 0
                    && runs_on
                    && cols.set_width[a] != 0
                    && cols.set_width[a] < TWO_SHORT_COLUMN
                    && !chars::cuts_word(ta, ti)
                {
                    Rule::NarrowEnd // a narrow column's full line, then its region's blank
                } else if regions && f.unpunctuated && gap[i] != 0 && runs_on && !chars::cuts_word(ta, ti) {
                    Rule::RegionEnd // no marks to tell a column break: only a word cut across the blank is one
                } else if runs_on
                    && gap[i] == 0
                    && opened
                    && f.headline_like[a]
                    && cols.indented
                    && after_paragraph_end(f, t, a)
                    && opens_paragraph(cols, f, t, i)
                    && !chars::cuts_word(ta, ti)
                {
                    Rule::SubheadingApart // 关结果。 / 两名事发时在场者被拘留 / 根据报案书内容，有两: set flush
                } else if gap[i] == 0 && opened && f.headline_like[a] && next_wider(cols, a, i) {
                    Rule::WiderNext // 从2015年开始带作文课以来 / 木田：…教育？: a kicker over its headline
                } else if runs_on && !((f.headline_like[a] || f.unpunctuated) && opened && over_wide(cols, a)) {
                    if gap[i] != 0 {
                        Rule::ColumnBreak
                    } else {
                        Rule::ColumnWrap
                    }
                } else if f.terminal[a] {
                    let edge = fl
                        && gap[i] == 0
                        && kind_of(f, i).is_none()
                        && !(f.headline_like[i] && stands_apart_below(f, t, cols, following(i)))
                        && (blank || (cols.indented && !f.terminal[i] && !indented(cols, f, t, i, false)));
                    if edge {
                        Rule::SentenceEdge
                    } else {
                        Rule::SentenceEnd
                    }
                } else if f.open_end[a]
                    && last_in(ta, cps!("，、"))
                    && f.headline_like[i]
                    && !f.terminal[a]
                    && (opened || (a - start <= 2 && (start..a).all(|k| kind_of(f, k).is_none() && !f.terminal[k])))
                    && (start..i).map(|k| count_in(&texts[k], CLAUSE_PUNCT)).sum::<usize>() <= 2
                    && ((start..i).map(|k| texts[k].len()).sum::<usize>() + ti.len()) as i64
                        <= options.max_headline_chars
                    && stands_apart_below(f, t, cols, following(i))
                {
                    Rule::HeadlineWrap
                } else if f.headline_like[i] && stands_apart_below(f, t, cols, following(i)) {
                    Rule::HeadlineLine
                } else if gap[i] == 0 && leaves_clause_open(f, ta) && cols.set_width[a] != 0 && !over_wide(cols, a) {
                    Rule::OpenClause // a comma at the end of a line in its column: the sentence goes on
                } else if blank
                    && gap[i] == 0
                    && !over_wide(cols, a)
                    && ((!f.headline_like[a]
                        && !indented(cols, f, t, i, true)
                        && !(opened && short_of_first_line(cols, f, a)))
                        || (!opened && ta.last().is_some_and(|&c| chars::py_isalnum(c))))
                {
                    Rule::RegionWrap
                } else if gap[i] == 0 && nearly_fills(cols, f, t, a, before) {
                    Rule::NearlyFull
                } else if gap[i] == 0 && number_wrap(cols, t, a, i) {
                    Rule::NumberWrap
                } else if gap[i] == 0 && short_text_wrap(f, t, cols, a, i, max_column) {
                    Rule::ShortTextWrap // too few lines for a column: 全市将新建学校十所，总投资 / 约三亿元。
                } else if cols.set_width[a] == 0 {
                    Rule::NoColumn
                } else if over_wide(cols, a) {
                    Rule::OverWide
                } else {
                    Rule::ShortLine
                }
            }
        };
        // `layout._WORD_CUT_OVERRULES`: a break decided on width, a missing
        // column or headline look alone gives way to a word cut in two at the
        // line end — not between two headline-like lines (two headings), not
        // after a line that opens a block below a blank, a heading or a
        // sentence end and ends with a word whole (a heading: its last word
        // meets the next line's first character by chance; `_ends_word_whole`).
        // (`a - 1` is a line: line 0 stands apart above.)
        let rule = if matches!(rule, Rule::HeadlineLine | Rule::ShortLine | Rule::NoColumn | Rule::WiderNext)
            && gap[i] == 0
            && chars::cuts_word(ta, ti)
            && !(rule == Rule::HeadlineLine && f.headline_like[a])
            && !(opened && (stands_apart_above(f, t, a) || f.terminal[a - 1]) && ends_word_whole(ta))
        {
            Rule::WordCut
        } else {
            rule
        };
        // `layout._NUMBER_OVERRULES`: a break read from width, a heading's
        // look or a missing column gives way where a number meets what it
        // counts (2017年11 / 月18日).
        let rule = if matches!(
            rule,
            Rule::ShortLine
                | Rule::HeadlineLine
                | Rule::HeadlineApart
                | Rule::NoColumn
                | Rule::OverWide
                | Rule::WiderNext
                | Rule::Subtitle
        ) && gap[i] == 0
            && number_meets_unit(f, ta, ti, i)
        {
            Rule::NumberUnit
        } else {
            rule
        };
        // `layout._word_moved`: a short line in mid-sentence above a Latin
        // word, number or web address too wide for the room it left.
        let rule = if rule == Rule::ShortLine && gap[i] == 0 && word_moved(cols, f, t, a, i, opened) {
            Rule::WordMoved
        } else {
            rule
        };
        // `layout._PARTICLE_OVERRULES`: a break read from width, a column, a
        // heading's look or a line's last mark gives way where the next line,
        // no blank between, opens with a particle that never opens a sentence.
        let rule = if matches!(
            rule,
            Rule::ShortLine
                | Rule::SentenceEnd
                | Rule::NoColumn
                | Rule::OverWide
                | Rule::WiderNext
                | Rule::HeadlineLine
                | Rule::HeadlineApart
                | Rule::Subtitle
                | Rule::ClauseEnd
        ) && gap[i] == 0
            && chars::opens_with_particle(ti)
        {
            Rule::ParticleStart
        } else {
            rule
        };
        // `layout._QUOTE_OVERRULES`: a break decided on width alone gives way
        // where the block left a quotation open and the line closes one.
        let rule = if matches!(rule, Rule::SentenceEnd | Rule::ShortLine | Rule::NoColumn)
            && gap[i] == 0
            && f.kind[i].is_none()
            && f.dateline[i] == 0
            && closes_quote(ti)
            && {
                while counted <= a {
                    quotes += quote_balance(&texts[counted]);
                    counted += 1;
                }
                quotes > 0
            } {
            Rule::QuoteOpen
        } else {
            rule
        };
        rules[i] = rule;
        if !rule.is_join() {
            (quotes, counted) = (0, i); // a new block opens at line i
        }
        opened_before = opened;
        opened = !rule.is_join();
        if opened {
            caption = first_in(ti, CAPTION_MARKS) && kind_of(f, i) != Some(LineKind::Byline);
            start = i;
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code_points as cp;
    use std::collections::HashMap;

    /// `layout.rendered_joins`' doctest: in reflowed text, a word cut in two,
    /// a dateline alone, a quotation left open and a number cut from its unit
    /// join; nothing else does, nor anything across a form feed or a marker row.
    #[test]
    fn reflowed_text_joins_where_its_text_says_so() {
        let t = crate::document::split_lines(&cp(
            "马克思主\n义唯物史观。\n本报北京3月1日电\n今天下雨。\n他说：“我们\n走吧。”\n会议于2019年3\n月召开。",
        ));
        let none: HashMap<usize, ()> = HashMap::new();
        let joins = rendered_joins(&t.text, &t.page_break, &none);
        let named: Vec<(usize, &str)> = (0..joins.len()).filter_map(|i| joins[i].map(|r| (i, r.name()))).collect();
        assert_eq!(named, vec![(1, "word_cut"), (3, "dateline_alone"), (5, "quote_open"), (7, "number_unit")]);
        // A marker row joins nothing; nor does a line after a form feed.
        let marked: HashMap<usize, ()> = [(1, ())].into_iter().collect();
        assert_eq!(rendered_joins(&t.text, &t.page_break, &marked)[1], None);
        let paged = crate::document::split_lines(&cp("马克思主\x0c义唯物史观。"));
        assert_eq!(rendered_joins(&paged.text, &paged.page_break, &none), vec![None, None]);
        // 负责人 / 本报讯…: a line that opens with a dateline opens a paragraph (人本 is chance).
        let t = crate::document::split_lines(&cp("——专访市交通运输局负责人\n本报讯 一张方子难治百病。"));
        assert_eq!(rendered_joins(&t.text, &t.page_break, &none), vec![None, None]);
    }

    /// The doctests of `layout._quote_balance` and `layout._closes_quote`.
    #[test]
    fn quotations_left_open() {
        assert_eq!(quote_balance(&cp("王芳说：“今年我们")), 1);
        assert_eq!(quote_balance(&cp("他说“好”。")), 0);
        assert_eq!(quote_balance(&cp("接听。」")), -1);
        assert!(closes_quote(&cp("但这并未阻挠他的意志。”")));
        assert!(!closes_quote(&cp("“长达近一年的亲密关系中。”")));
        assert!(!closes_quote(&cp("名。")));
        // A quote mark of no direction says nothing of a close (OCR reads “ as ").
        assert!(!closes_quote(&cp("\"发生什么事了么?””")) && !closes_quote(&cp("他说\"好”")));
        assert_eq!(quote_balance(&cp("读《宪法学")), 1);
        assert!(closes_quote(&cp("导论》正是十多年前")));
    }

    /// The doctest of `layout._pause_end`.
    #[test]
    fn a_pause_ends_before_closing_quotes() {
        assert!(pause_end(&cp("把他放了、")));
        assert!(pause_end(&cp("能說真話、”")));
        assert!(!pause_end(&cp("“能說真話”")));
        assert!(!pause_end(&cp("”")));
    }

    /// The doctests of `layout._caption_goes_on`.
    #[test]
    fn a_caption_goes_on_into_the_credit_the_next_line_completes() {
        assert!(caption_goes_on(
            &cp("▲一些受害者开始"),
            &cp("尝试站出来 本报记"),
            None,
            &cp("者 阳雪磊 摄")
        ));
        assert!(caption_goes_on(
            &cp("▲后来顺义那个"),
            &cp("库房也不让租了"),
            None,
            &cp("（记者 柴慧秋 摄）")
        ));
        assert!(!caption_goes_on(
            &cp("▲后来顺义那个"),
            &cp("库房也不让租了"),
            None,
            &cp("本报记者 柴慧秋")
        ));
    }

    /// The doctests of `layout._credit_closes`.
    #[test]
    fn a_credit_cut_over_two_lines_closes_its_caption() {
        let lines = LineTexts::from(
            ["▲孙某氏平时和孙文斌居住", "（记者 涂月涛", "摄）"]
                .iter()
                .map(|l| cp(l))
                .collect::<Vec<crate::model::Text>>(),
        );
        assert!(credit_closes(&lines, 0, 2));
        assert!(!credit_closes(&lines, 2, 2));
    }

    /// The doctests of `layout._caption_tail`.
    #[test]
    fn a_caption_read_whole() {
        let texts = |lines: &[&str]| LineTexts::from(lines.iter().map(|l| cp(l)).collect::<Vec<crate::model::Text>>());
        let caption = texts(&["▲一个同学翻出小", "辉写过的一篇关于", "友谊的文章 本报记", "者 苗宇 摄"]);
        let f = Features {
            kind: vec![None; 4],
            ..Features::default()
        };
        assert!(caption_tail(&caption, &f, &[0; 4], 0, 1));
        let cut = texts(&["▲一个同学翻出小", "辉写过的一篇关于", "友谊的文章 本报记"]);
        assert!(!caption_tail(&cut, &f, &[0; 3], 0, 1));
    }

    /// The doctests of `layout.opens_item`, on the native side.
    #[test]
    fn numbered_items() {
        let yes = [
            ("损害了大家的合法权益；", "3.充分保障同学的合法"),
            ("和經驗之談、", "（一）未及時"),
        ];
        let no = [("增长到了", "3.5倍"), ("第一、", "二、三条"), ("他说", "1.请")];
        for (a, b) in yes {
            assert!(opens_item(&cp(a), &cp(b)), "{a} / {b}");
        }
        for (a, b) in no {
            assert!(!opens_item(&cp(a), &cp(b)), "{a} / {b}");
        }
        for label in ["1.", "12、", "３．", "十一、", "(2)", "（十）", "①", "⑳"] {
            assert!(item_label(&cp(&format!("{label}文"))), "{label}");
        }
        for label in ["123.", "1.5", "一二三四、", "一、二", "(123)", "（）", "1", "⑴", "A."] {
            assert!(!item_label(&cp(&format!("{label}文"))), "{label}");
        }
        assert!(opens_item(&cp("他说：”） "), &cp("一、好")));
    }

    /// The doctests of `layout._opens_in_lower_case`, on the native side.
    #[test]
    fn lines_that_open_in_lower_case() {
        for yes in ["ten new schools", "(http://www.example.com)", "\"and so"] {
            assert!(opens_in_lower_case(&cp(yes)), "{yes}");
        }
        for no in ["Officials said", "(1) first", "(", "", "中文"] {
            assert!(!opens_in_lower_case(&cp(no)), "{no}");
        }
    }

    /// The doctests of `layout._ends_in_english`, on the native side.
    #[test]
    fn lines_that_end_in_english() {
        for yes in ["at sixty characters and", "Ministry of Education (教育部) announced on"] {
            assert!(ends_in_english(&cp(yes)), "{yes}");
        }
        for no in ["他说这款iPhone", "新款 iPhone", "教育部"] {
            assert!(!ends_in_english(&cp(no)), "{no}");
        }
    }

    /// The doctests of `layout._han_number`, `layout.item_number` and
    /// `layout.opens_next_item`, on the native side.
    #[test]
    fn one_item_after_another() {
        let values: Vec<Option<u32>> = ["一", "十", "十二", "二十", "九十九", "一一", "十十", "二十十"]
            .iter()
            .map(|x| han_number(&cp(x)))
            .collect();
        assert_eq!(
            values,
            [Some(1), Some(10), Some(12), Some(20), Some(99), None, None, None]
        );
        let values: Vec<Option<u32>> = [
            "一百",
            "一百零五",
            "一百二十",
            "一百一十一",
            "百",
            "一百十",
            "一百五",
            "零",
        ]
        .iter()
        .map(|x| han_number(&cp(x)))
        .collect();
        assert_eq!(
            values,
            [Some(100), Some(105), Some(120), Some(111), None, None, None, None]
        );
        assert_eq!(
            item_number(&cp("第一百零五条　本办法")),
            Some((ItemStyle::Article, 105))
        );
        assert_eq!(item_number(&cp("第12条 本办法")), Some((ItemStyle::Article, 12)));
        assert_eq!(item_number(&cp("第二条规定的")), None);
        assert!(opens_next_item(&cp("第九条 附则"), &cp("第十条　施行")));
        assert_eq!(item_number(&cp("二、主要任务")), Some((ItemStyle::Han, 2)));
        assert_eq!(item_number(&cp("（3）落实")), Some((ItemStyle::BracketDigits, 3)));
        assert_eq!(item_number(&cp("12．总结")), Some((ItemStyle::DigitsDot, 12)));
        assert_eq!(item_number(&cp("②")), Some((ItemStyle::Circled, 2)));
        assert_eq!(item_number(&cp("3.5倍")), None);
        assert!(opens_next_item(&cp("一、总体要求"), &cp("二、主要任务")));
        assert!(opens_next_item(&cp("（九）其他"), &cp("（十）附则")));
        assert!(!opens_next_item(&cp("一、总体要求"), &cp("三、保障措施")));
        assert!(!opens_next_item(&cp("1.总体要求"), &cp("2、主要任务")));
        assert!(opens_next_item(&cp("• 加强组织领导"), &cp("• 落实工作责任")));
        assert!(!opens_next_item(&cp("• 加强组织领导"), &cp("★落实工作责任")));
    }

    /// The doctests of `layout._rest_of_line`, on the native side.
    #[test]
    fn rest_of_a_printed_line() {
        let cols = Columns {
            width: vec![16, 56, 82],
            set_width: vec![84; 3],
            spread: 2,
            ..Columns::default()
        };
        let rules = [Rule::Start, Rule::OpenClause, Rule::ShortLine];
        assert!(rest_of_line(&cols, &rules, 1, None));
        let rules = [Rule::Start, Rule::ColumnWrap, Rule::ShortLine];
        assert!(!rest_of_line(&cols, &rules, 1, None));
        // A full line and its rest are wider than the column: no piece of one line.
        let wide = Columns {
            width: vec![80, 56, 82],
            ..cols.clone()
        };
        let rules = [Rule::Start, Rule::SplitLine, Rule::ShortLine];
        assert!(!rest_of_line(&wide, &rules, 1, None));
        // A number and what it counts, one piece all ASCII (40 / 本): one printed line.
        let narrow = Columns {
            width: vec![4, 4, 12],
            set_width: vec![12; 3],
            ..cols.clone()
        };
        let rules = [Rule::Start, Rule::NumberWrap, Rule::ShortLine];
        let texts = |lines: [&str; 3]| {
            let mut out = LineTexts::new();
            for line in lines {
                out.push(&line.chars().map(|c| c as u32).collect::<Vec<u32>>());
            }
            out
        };
        let ascii = texts(["40", "本", "好書揭"]);
        assert!(rest_of_line(&narrow, &rules, 1, Some(&ascii)));
        let han = texts(["四十", "本", "好書揭"]);
        assert!(!rest_of_line(&narrow, &rules, 1, Some(&han)));
        assert!(!rest_of_line(&narrow, &rules, 1, None));
    }

    #[test]
    fn clause_open() {
        // layout._leaves_clause_open's doctest.
        let f = Features::default();
        assert!(leaves_clause_open(&f, &cp("却被查身份证，")));
        assert!(leaves_clause_open(&f, &cp("补税、删帖、")));
        assert!(!leaves_clause_open(&f, &cp("进步的决心；")));
        let pause = Features {
            pause_stop: true,
            ..Features::default()
        };
        assert!(!leaves_clause_open(&pause, &cp("把他放了、")));
        assert!(leaves_clause_open(&pause, &cp("把他放了，")));
    }

    #[test]
    fn dateline_cut_over_two_lines() {
        // layout._dateline_cut's doctest.
        let f = Features {
            dateline: vec![0, 0],
            ..Features::default()
        };
        assert!(dateline_cut(
            &f,
            &cp("新华社南京1月26日"),
            &cp("电 这几天大家都知道了，"),
            1,
            &mut |_| true
        ));
        // The next line opens a dateline of its own.
        let own = Features {
            dateline: vec![0, 10],
            ..Features::default()
        };
        assert!(!dateline_cut(
            &own,
            &cp("伟校长的信"),
            &cp("本报北京3月27日讯 我是中国人"),
            1,
            &mut |k| k == 1
        ));
        // The dateline ends with the next line: no paragraph goes on.
        assert!(!dateline_cut(
            &f,
            &cp("新华社长沙12月"),
            &cp("2日电（记者 林鹏玉）"),
            1,
            &mut |k| k == 1
        ));
    }

    #[test]
    fn sets_are_their_characters() {
        let decoded = |s: &str| s.chars().map(|c| c as u32).collect::<Vec<u32>>();
        assert_eq!(
            cps!("a，\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}"),
            decoded("a，\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}")
        );
        assert_eq!(cps!(""), &[] as &[u32]);
        assert_eq!(NO_LINE_START, decoded("，。、；：？！）」』》〉】〕〗”’…%‰℃,.;:?!)"));
        assert_eq!(CLOSING_BRACKETS, decoded("”’」』）》〉】〕〗)]}"));
        assert_eq!(BRACKETING, decoded("「」『』“”‘’（）《》〈〉【】"));
    }

    #[test]
    fn scanners() {
        assert_eq!(leading_word(&cp("2019-nCoV，")), 9);
        assert_eq!(leading_word(&cp("（2019")), 0);
        assert!(latin_end(&cp("wrapped-")));
        assert!(!latin_end(&cp("wrapped.")));
        assert!(credit_end(&cp("何丽 摄）")));
        assert!(credit_end(&cp("记者 张三／摄")));
        assert!(!credit_end(&cp("摄像")));
        assert!(subtitle_dashes(&cp("——记某某")));
        assert!(subtitle_dashes(&cp("—记")));
        assert!(!subtitle_dashes(&cp("-记")));
        // layout.opens_with_dash's doctest, and OCR's readings of the dash.
        assert!(opens_with_dash(&cp("——检察官提交的文件显示")));
        assert!(opens_with_dash(&cp("一一私人账户转来的")));
        assert!(opens_with_dash(&cp("-一我们写下这封信")));
        assert!(!opens_with_dash(&cp("一二三")));
        assert!(!opens_with_dash(&cp("一")));
        // layout._unmistakable_dateline's doctest.
        assert!(unmistakable_dateline(&cp("本报讯")));
        assert!(!unmistakable_dateline(&cp("临川都市报讯")));
        assert!(!unmistakable_dateline(&cp("月5日电")));
        assert!(unmistakable_dateline(&cp("中央社東京二十六日電")));
        assert!(unmistakable_dateline(&cp("新華社香港電")));
        assert_eq!(rstrip_len(&cp("株洲日报讯　 "), cps!("　 ")), 5);
    }

    fn table(lines: &[&str], gaps: &[i64]) -> Lines {
        let mut t = Lines::default();
        for (k, s) in lines.iter().enumerate() {
            t.append(cp(s), 0, 0, k as i64, gaps[k], 0, false, 0);
        }
        t
    }

    /// The doctest of `layout._cut_at_marks`: a section cut at its marks,
    /// printed full width or in ASCII, and one cut at the column's width.
    #[test]
    fn lines_cut_at_the_marks() {
        let cut = |lines: &[&str]| {
            let t = table(lines, &vec![0; lines.len()]);
            let f = Features {
                kind: vec![None; lines.len()],
                ..Features::default()
            };
            cut_at_marks(&t, &f)
        };
        let piece = ["记者来到现场，", "看到很多人在排队", "等候检测。"];
        let ascii = ["记者来到现场,", "看到很多人在排队", "等候检测."];
        let widths = ["记者来到现场看到很多人在排", "队等候检测今天下雨了大家"];
        assert!(cut(&piece.repeat(8)));
        assert!(cut(&ascii.repeat(8)));
        assert!(!cut(&widths.repeat(12)));
        // A rendering: long paragraphs, each of many clauses, between short headlines.
        let long = "據記者探悉、該路工程預定年內完成、屆時交通當更便利云、";
        let rendering = [long, "市民紛紛解囊", long, "市民紛紛解囊", "據該會負責人稱、"];
        assert!(!cut(&rendering.repeat(4)));
    }

    /// The doctest of `layout._word_moved`: a line short of its column in
    /// mid-sentence above a web address too wide for the room it left.
    #[test]
    fn a_word_moved_down_whole_runs_on() {
        let text = "　　全国各地的读者纷纷来信，询问这本书\n的出版时间和购买方式，出版社表示读者\n\
                    可以登录官方网站，或者拨打服务热线查\n询，也可以通过\nhttps://www.example.com/books查询。";
        let t = crate::document::split_lines(&cp(text));
        let options = Options::default();
        let f = crate::layout::line_features(&t, HashMap::new(), &options);
        let cols = crate::layout::segment_columns(&t, &f, &options);
        assert_eq!(decide(&t, &f, &cols, &options)[4], Rule::WordMoved);
        assert!(word_moved(&cols, &f, &t, 3, 4, false));
        // The room left is wider than the word: a paragraph's last line.
        let short = "　　全国各地的读者纷纷来信，询问这本书\n的出版时间和购买方式，出版社表示读者\n\
                     可以登录官方网站，或者拨打服务热线查\n询，也可\nhttp://t.cn查询。";
        let t = crate::document::split_lines(&cp(short));
        let f = crate::layout::line_features(&t, HashMap::new(), &options);
        let cols = crate::layout::segment_columns(&t, &f, &options);
        assert!(!word_moved(&cols, &f, &t, 3, 4, false));
        // The mark after the number, which no line opens with, went down with it.
        let pushed = "　　全国各地的读者纷纷来信，询问这本书\n的出版时间和购买方式，出版社表示读者\n\
                      可以登录官方网站，或者拨打服务热线查\n询，也可以通过中文知识社群微\n166%，成为公司所有增长单元中。";
        let t = crate::document::split_lines(&cp(pushed));
        let f = crate::layout::line_features(&t, HashMap::new(), &options);
        let cols = crate::layout::segment_columns(&t, &f, &options);
        assert_eq!(decide(&t, &f, &cols, &options)[4], Rule::WordMoved);
        // `layout._moved_unit`'s doctest; a numbered item is no word moved.
        assert_eq!(moved_unit(&cp("166%，成为")), 5);
        assert_eq!(moved_unit(&cp("（WeThinker）的訪談")), 11);
        assert_eq!(moved_unit(&cp("https://www.example.com/books查询。")), 29);
        assert_eq!((moved_unit(&cp("（下转第二版）")), moved_unit(&[])), (0, 0));
        assert!(label_opens(&cp("1）如果")) && label_opens(&cp("12)")) && label_opens(&cp("2.请")));
        assert!(!label_opens(&cp("123）")) && !label_opens(&cp("166%，")) && !label_opens(&cp("）")));
    }

    /// The doctest of `layout._number_meets_unit`: a number at the line end
    /// and the unit it counts at the next line's start.
    #[test]
    fn a_number_meets_its_unit() {
        let t = table(
            &[
                "还记得，2017年11",
                "月18日北京大兴火灾",
                "人们都",
                "51",
                "岁",
                "人民日报讯 记者",
            ],
            &[0; 6],
        );
        let f = Features {
            dateline: vec![0, 0, 0, 0, 0, 5],
            ..Features::default()
        };
        let texts = &t.text;
        let meets = |a: usize, i: usize| number_meets_unit(&f, &texts[a], &texts[i], i);
        assert!(meets(0, 1));
        assert!(!meets(1, 2)); // 火灾 / 人们: no number
        assert!(!meets(2, 3)); // the unit comes first
        assert!(meets(3, 4));
        assert!(!meets(4, 3)); // 岁 / 51: no digit at the end
        assert!(!meets(3, 5)); // a dateline opens the line
    }

    /// The doctest of `layout._indented`: a first line short of the set width
    /// by the indent is indented, though the line after it falls short too.
    #[test]
    fn a_first_line_short_of_the_set_width_is_indented() {
        let t = table(&["收入增长的情况。", "设计学院的王海燕", "新闻系的Colin"], &[0; 3]);
        let cols = Columns {
            width: vec![68, 60, 62],
            set_width: vec![68; 3],
            spread: 6,
            ..Columns::default()
        };
        let f = Features {
            kind: vec![None; 3],
            terminal: vec![true, false, false],
            gap: vec![0; 3],
            ascii: vec![0; 3],
            ..Features::default()
        };
        assert!(indented(&cols, &f, &t, 1, false));
    }

    #[test]
    fn a_sentence_end_with_room_left_ends_its_paragraph() {
        // _room_left's doctest
        let t = table(&["舊歷新年將至、", "大笑的表情、", "很快就到了"], &[0; 3]);
        let cols = Columns {
            width: vec![28, 24, 20],
            set_width: vec![28; 3],
            compressed: false,
            indented: false,
            ..Columns::default()
        };
        let f = Features {
            ascii: vec![0; 3],
            terminal: vec![false; 3],
            pause_stop: true,
            ..Features::default()
        };
        assert!(room_left(&cols, &f, &t, 1, 2));
        let t = table(&["舊歷新年將至、", "大笑的表情、", "很、快就到了"], &[0; 3]);
        assert!(!room_left(&cols, &f, &t, 1, 2)); // 很 could not stand there
    }

    /// The doctest of `layout._fills`: a line short by less than the width of
    /// the word pushed to the next line fills its column; by all of it, not.
    #[test]
    fn a_pushed_word_excuses_less_than_its_width() {
        let t = table(&["動力所", "在、", "1、投", "2019年"], &[0; 4]);
        let cols = Columns {
            width: vec![12, 8, 10, 16],
            set_width: vec![12; 4],
            spread: 2,
            compressed: true, // as in the Python doctest (Columns' default there)
            ..Columns::default()
        };
        let f = Features {
            ascii: vec![0; 4],
            dateline: vec![0; 4],
            ..Features::default()
        };
        assert!(!fills(&cols, &f, &t, 1, Some(2), false, 0)); // 1 would have fitted
        assert!(fills(&cols, &f, &t, 1, Some(3), false, 0)); // 2019 would not
    }

    #[test]
    fn cut_widths_offers_the_quantiles_narrowest_first() {
        // _cut_widths' doctest
        assert_eq!(
            cut_widths(&mut [40, 12, 44, 90, 44, 46, 176]),
            vec![12, 40, 44, 46, 90, 176]
        );
        assert_eq!(cut_widths(&mut [26]), vec![26]);
    }

    #[test]
    fn cut_run_ends_a_paragraph_at_a_short_line() {
        // layout._cut_run([20, 24, 24, 10, 36, 8], [False, True, False, True, False, True], [44], 8)
        let (ends, cost) = cut_run(
            &[20, 24, 24, 10, 36, 8],
            &[false, true, false, true, false, true],
            &[44],
            8,
            None,
            None,
        );
        assert_eq!(ends, [false, false, false, false, true, false]);
        assert_eq!(cost, 1.5);
        // 的利刃下。 / 这是近十年来， / 中国 / …: 中国 stops in mid-word, so no
        // printed line runs on past it (the second doctest of layout._cut_run).
        let (pieces, ends) = ([18, 26, 8, 40], [true, false, false, false]);
        assert_eq!(cut_run(&pieces, &ends, &[44], 8, None, None).0, [false; 4]);
        let wraps = [false, false, true, true];
        assert_eq!(
            cut_run(&pieces, &ends, &[44], 8, Some(&wraps), None).0,
            [false, true, false, false]
        );
        // CUT_MISFIT: 14 + 32 is a line six half-cells too wide; a short last
        // line and an indented first line fit exactly (the third doctest).
        let wraps = [true, false, true, false];
        let got = cut_run(
            &[32, 14, 32, 40],
            &[false, true, false, false],
            &[40],
            8,
            Some(&wraps),
            None,
        );
        assert_eq!(got, (vec![false, false, true, false], 1.0));
    }

    #[test]
    fn cut_run_sets_each_stretch_at_its_own_width() {
        // The fourth doctest of layout._cut_run: two articles run together, at
        // 40 and 72; paragraphs open at pieces 5, 6 and 8.
        let pieces = [8, 24, 10, 30, 24, 20, 64, 72, 16, 48, 72];
        let ends = [false, false, false, false, true, true, false, true, false, false, true];
        let wraps = [false, true, false, true, false, false, true, false, false, true, false];
        let opens = |tried: &[i64]| -> Vec<usize> {
            let (cut, _) = cut_run(&pieces, &ends, tried, 8, Some(&wraps), None);
            (0..cut.len()).filter(|&k| cut[k]).collect()
        };
        assert_eq!(opens(&[40]), [8, 9]);
        assert_eq!(opens(&[72]), [2, 4, 6, 8]);
        assert_eq!(opens(&[40, 72]), [5, 6, 8]);
    }

    #[test]
    fn cut_run_reads_cjk_widths_as_exact() {
        // The fifth doctest of layout._cut_run: 36 that ends a sentence in a
        // line of 40 ends its paragraph in CJK alone, not with Latin about.
        let (pieces, ends) = ([20, 20, 36, 40, 40], [false, false, true, false, false]);
        let wraps = [false, false, false, true, false];
        assert_eq!(
            cut_run(&pieces, &ends, &[40], 8, Some(&wraps), Some(&[0; 5])).0,
            [false, false, false, true, false]
        );
        assert_eq!(
            cut_run(&pieces, &ends, &[40], 8, Some(&wraps), Some(&[4; 5])).0,
            [false; 5]
        );
    }

    #[test]
    fn empty_and_single() {
        let t = Lines::default();
        let f = Features::default();
        let c = Columns::default();
        assert!(decide(&t, &f, &c, &Options::default()).is_empty());
    }

    #[test]
    fn caption_and_headline() {
        // ▲ caption, its credit tail; then a headline standing apart, then prose.
        let lines = [
            "▲市民在社区接种疫苗，部门保持密切沟通",
            "本报记者 何丽 摄",
            "云龙建立心理援助服务群",
            "一段正文，没有结束",
        ];
        let t = table(&lines, &[0, 0, 1, 1]);
        let n = lines.len();
        let texts: Vec<Vec<u32>> = lines.iter().map(|s| cp(s)).collect();
        let f = Features {
            kind: vec![None; n],
            terminal: texts.iter().map(|s| is_terminal(s)).collect(),
            clause: texts
                .iter()
                .map(|s| s.iter().any(|&c| in_set(c, CLAUSE_PUNCT)))
                .collect(),
            open_end: texts.iter().map(|s| last_in(s, CONTINUING_PUNCT)).collect(),
            dateline: vec![0; n],
            headline_like: vec![false, false, true, false],
            ascii: vec![0; n],
            gap: vec![0, 0, 1, 1],
            continues: vec![false; n],
            ..Default::default()
        };
        let c = Columns {
            width: t.width.clone(),
            set_width: vec![0; n],
            spread: HANG,
            indented: true,
            ..Default::default()
        };
        let rules = decide(&t, &f, &c, &Options::default());
        // (the caption closes with its credit: it ends there, before the headline)
        assert_eq!(
            rules,
            [Rule::Start, Rule::CaptionWrap, Rule::CaptionEnd, Rule::HeadlineApart]
        );
    }
}
