//! The text rules of `src/reflow/normalize.py`, as scanners over character
//! classes.
//!
//! normalize.py is the specification: each function here says which pattern
//! it re-expresses and why the scanner gives the same result. The patterns
//! use lookbehind and possessive quantifiers, which the Rust `regex` crate does
//! not have; but every one of them reads a bounded window around a run of
//! spaces (or a number, or a bracketed group), so a single left-to-right scan
//! that looks at the neighbours of each run does the same work in linear time,
//! with no regex engine at all.
//!
//! Texts are slices of code points (see `chars.rs`). A rule returns `None`
//! when it can tell at once that it changes nothing (the same fast paths
//! normalize.py takes), otherwise the new text, which may still be equal to
//! the old one (a bracketed group that stays half-width).
//!
//! Lookarounds read the rule's input, not its output, as `regex.sub` does.

use crate::chars::{self, Classes, CJK, CJK_PUNCT, IDEO, PY_SPACE, RE_SPACE};

/// The rules, numbered as `RULE_NAMES` lists them (the Python side passes these numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Rule {
    FoldLegacyCodePoints = 0,
    FoldFullwidthAlnum = 1,
    CollapseLetterSpacing = 2,
    WidenPunctuation = 3,
    RemoveCjkSpaces = 4,
    RemoveHeadlineSpaces = 5,
    SqueezeSpaces = 6,
    DropSpaces = 7,
    RemoveCjkLatinSpaces = 8,
    AddCjkLatinSpaces = 9,
    SqueezeCjkSpaces = 10,
}

/// The Python function name of each rule, by number: the names `Normalizer`
/// counts changed characters under.
pub const RULE_NAMES: [&str; 11] = [
    "fold_legacy_code_points",
    "fold_fullwidth_alnum",
    "collapse_letter_spacing",
    "widen_punctuation",
    "remove_cjk_spaces",
    "remove_headline_spaces",
    "squeeze_spaces",
    "drop_spaces",
    "remove_cjk_latin_spaces",
    "add_cjk_latin_spaces",
    "squeeze_cjk_spaces",
];

const ALL_RULES: [Rule; 11] = [
    Rule::FoldLegacyCodePoints,
    Rule::FoldFullwidthAlnum,
    Rule::CollapseLetterSpacing,
    Rule::WidenPunctuation,
    Rule::RemoveCjkSpaces,
    Rule::RemoveHeadlineSpaces,
    Rule::SqueezeSpaces,
    Rule::DropSpaces,
    Rule::RemoveCjkLatinSpaces,
    Rule::AddCjkLatinSpaces,
    Rule::SqueezeCjkSpaces,
];

impl Rule {
    pub fn from_index(i: u8) -> Option<Rule> {
        ALL_RULES.get(i as usize).copied()
    }

    pub fn name(self) -> &'static str {
        RULE_NAMES[self as usize]
    }

    /// Apply the rule to one text.
    pub fn apply(self, text: &[u32]) -> Option<Vec<u32>> {
        match self {
            Rule::FoldLegacyCodePoints => fold_legacy_code_points(text),
            Rule::FoldFullwidthAlnum => fold_fullwidth_alnum(text),
            Rule::CollapseLetterSpacing => collapse_letter_spacing(text),
            Rule::WidenPunctuation => widen_punctuation(text),
            Rule::RemoveCjkSpaces => remove_cjk_spaces(text),
            Rule::RemoveHeadlineSpaces => remove_headline_spaces(text),
            Rule::SqueezeSpaces => squeeze_spaces(text),
            Rule::DropSpaces => drop_spaces(text),
            Rule::RemoveCjkLatinSpaces => remove_cjk_latin_spaces(text),
            Rule::AddCjkLatinSpaces => add_cjk_latin_spaces(text),
            Rule::SqueezeCjkSpaces => squeeze_cjk_spaces(text),
        }
    }
}

const SPACE: u32 = ' ' as u32;

/// Does `text` hold a space the rules remove or squeeze (`chars::is_sp`)?
/// Several rules ask it of every block, and most blocks (CJK prose) hold
/// none, so each asking scans the whole block ([`chars::any_where`]; an
/// `any` was 2% of parse()'s instructions, callgrind).
fn has_sp(text: &[u32]) -> bool {
    chars::any_where(text, chars::is_sp)
}

fn map_chars(text: &[u32], fold: impl Fn(u32) -> Option<u32>) -> Option<Vec<u32>> {
    let first = text.iter().position(|&c| fold(c).is_some())?;
    let mut out = text.to_vec();
    for c in &mut out[first..] {
        if let Some(f) = fold(*c) {
            *c = f;
        }
    }
    Some(out)
}

/// `fold_legacy_code_points`: `text.translate(_LEGACY)`.
pub fn fold_legacy_code_points(text: &[u32]) -> Option<Vec<u32>> {
    map_chars(text, chars::legacy_fold)
}

/// `fold_fullwidth_alnum`: ０-９ Ａ-Ｚ ａ-ｚ to ASCII.
pub fn fold_fullwidth_alnum(text: &[u32]) -> Option<Vec<u32>> {
    map_chars(text, chars::fullwidth_fold)
}

/// `fold_characters`: both folds over a whole input, with the number of
/// characters each changed (the legacy fold first, the full-width fold on its
/// result, as the Python function runs them).
pub fn fold_characters(text: &[u32], legacy: bool, fullwidth: bool) -> (Option<Vec<u32>>, usize, usize) {
    let mut out: Option<Vec<u32>> = None;
    let (mut n_legacy, mut n_fullwidth) = (0, 0);
    // Every code point of the input passes here once, and most text holds
    // none to fold: the blocks the legacy keys lie in are looked for, and the
    // full-width letters and digits counted, branch-free (chars::any_where,
    // count_where), before any code point is looked up (the two
    // filter().count() scans were 3.8% of parse()'s instructions).
    if legacy && may_fold_legacy(text) {
        n_legacy = text.iter().filter(|&&c| chars::legacy_fold(c).is_some()).count();
        if n_legacy > 0 {
            out = fold_legacy_code_points(text);
        }
    }
    if fullwidth {
        let current = out.as_deref().unwrap_or(text);
        n_fullwidth = count_fullwidth_alnum(current);
        if n_fullwidth > 0 {
            out = fold_fullwidth_alnum(current);
        }
    }
    (out, n_legacy, n_fullwidth)
}

/// Does `text` hold a code point of a block `chars::legacy_fold`'s keys lie in?
fn may_fold_legacy(text: &[u32]) -> bool {
    chars::any_where(text, |c| {
        (c.wrapping_sub(0x2E80) <= 0x2FD5 - 0x2E80)
            | (c.wrapping_sub(0xF900) <= 0xFAFF - 0xF900)
            | (c.wrapping_sub(0xFE10) <= 0xFE4F - 0xFE10)
            | (c.wrapping_sub(0x2F800) <= 0x2FA1F - 0x2F800)
    })
}

/// How many code points of `text` `chars::fullwidth_fold` folds (０-９ Ａ-Ｚ ａ-ｚ).
fn count_fullwidth_alnum(text: &[u32]) -> usize {
    chars::count_where(text, |c| {
        (c.wrapping_sub(0xFF10) <= 9) | (c.wrapping_sub(0xFF21) <= 25) | (c.wrapping_sub(0xFF41) <= 25)
    })
}

/// Builds a rule's output from its input and the spans it replaces, left to right.
struct Edits<'a> {
    text: &'a [u32],
    out: Vec<u32>,
    last: usize,
    changed: bool,
}

impl<'a> Edits<'a> {
    fn new(text: &'a [u32]) -> Self {
        Edits {
            text,
            out: Vec::new(),
            last: 0,
            changed: false,
        }
    }

    /// Replace `text[start..end]` (spans come in order and do not overlap).
    fn replace(&mut self, start: usize, end: usize, with: &[u32]) {
        if !self.changed {
            self.out.reserve(self.text.len() + with.len());
            self.changed = true;
        }
        self.out.extend_from_slice(&self.text[self.last..start]);
        self.out.extend_from_slice(with);
        self.last = end;
    }

    fn finish(mut self) -> Option<Vec<u32>> {
        if !self.changed {
            return None;
        }
        self.out.extend_from_slice(&self.text[self.last..]);
        Some(self.out)
    }
}

/// The end of the run of `[ \t\u00a0]` starting at `i`.
#[inline]
fn sp_end(text: &[u32], mut i: usize) -> usize {
    while i < text.len() && chars::is_sp(text[i]) {
        i += 1;
    }
    i
}

/// Calls `f(start, end)` for each maximal run of `[ \t\u00a0]` that has a
/// character on both sides. The space patterns of normalize.py all begin
/// `(?<=X)[ \t\u00a0]++(?=Y)` with X and Y classes without spaces, so a match
/// starts where a run starts (its lookbehind needs a non-space) and the
/// possessive quantifier takes the whole run: each run is one candidate, and
/// the lookarounds are tests of its two neighbours.
fn inner_sp_runs(text: &[u32], mut f: impl FnMut(usize, usize)) {
    let n = text.len();
    // (A run at the start has no character before it; one at the end none after.)
    sp_runs(text, |start, end| {
        if start > 0 && end < n {
            f(start, end);
        }
    });
}

/// Calls `f(start, end)` for each maximal run of `[ \t\u00a0]`, skipping
/// from run to run ([`chars::position_where`]): most texts that hold a space
/// hold few.
fn sp_runs(text: &[u32], mut f: impl FnMut(usize, usize)) {
    let n = text.len();
    let mut i = 0;
    loop {
        let start = chars::position_where(text, i, chars::is_sp);
        if start >= n {
            break;
        }
        let end = sp_end(text, start + 1);
        f(start, end);
        i = end;
    }
}

/// Removes the runs of spaces (see [`inner_sp_runs`]) that `remove` selects,
/// but a run that ends a web or mail address (`chars::ends_address`): the
/// address would run on into the text after it (`normalize._sub_spaces`;
/// every rule that takes out spaces comes here).
fn remove_sp_runs(text: &[u32], mut remove: impl FnMut(usize, usize) -> bool) -> Option<Vec<u32>> {
    let mut edits = Edits::new(text);
    inner_sp_runs(text, |a, b| {
        if remove(a, b) && !chars::ends_address(text, a) {
            edits.replace(a, b, &[]);
        }
    });
    edits.finish()
}

// ---------------------------------------------------------------------------
// widen_punctuation
// ---------------------------------------------------------------------------

#[inline]
fn is_half_punct(c: u32) -> bool {
    matches!(c, 0x2C | 0x3A | 0x3B | 0x21 | 0x3F) // , : ; ! ?
}

#[inline]
fn full_width_of(c: u32) -> u32 {
    match c {
        0x2C => '，' as u32,
        0x3A => '：' as u32,
        0x3B => '；' as u32,
        0x21 => '！' as u32,
        _ => '？' as u32,
    }
}

/// `[0-9%‰]`
#[inline]
fn is_digit_or_percent(c: u32) -> bool {
    chars::is_digit(c) || c == 0x25 || c == 0x2030
}

/// `widen_punctuation`: bracketed groups first (when the text has a bracket),
/// then the half-width marks.
pub fn widen_punctuation(text: &[u32]) -> Option<Vec<u32>> {
    let paren = '(' as u32;
    let close = ')' as u32;
    let widened = if chars::any_where(text, |c| (c == paren) | (c == close)) {
        widen_pairs(text)
    } else {
        None
    };
    let current = widened.as_deref().unwrap_or(text);
    match widen_marks(current) {
        Some(out) => Some(out),
        None => widened,
    }
}

/// `normalize.PAIR_CHARS`: the most characters, spaces aside, a bracketed
/// group may hold and widen.
pub const PAIR_CHARS: usize = 200;

/// `normalize._WIDENED`: the marks `widen_punctuation` widens, in either width.
#[inline]
fn is_widened(c: u32) -> bool {
    matches!(
        c,
        0x28 | 0x29 | 0x2C | 0x3A | 0x3B | 0x21 | 0x3F // ( ) , : ; ! ?
            | 0xFF08 | 0xFF09 | 0xFF0C | 0xFF1A | 0xFF1B | 0xFF01 | 0xFF1F // （ ） ， ： ； ！ ？
    )
}

/// `normalize._pairs`: the bracket pairs (positions of `(` and `)`): each `)`
/// closes the nearest `(` still open before it; in the order they close; none
/// across a line break.
fn pairs(text: &[u32]) -> Vec<(usize, usize)> {
    let (open, close, newline) = ('(' as u32, ')' as u32, '\n' as u32);
    let mut out = Vec::new();
    let mut opened: Vec<usize> = Vec::new();
    for (k, &c) in text.iter().enumerate() {
        if c == open {
            opened.push(k);
        } else if c == close {
            if let Some(s) = opened.pop() {
                out.push((s, k));
            }
        } else if c == newline {
            opened.clear();
        }
    }
    out
}

/// `normalize._run_ends`: for each position, the first position past the run
/// of characters `inside` accepts that starts there, read forward (`forward`)
/// or backward; positions as `isize` (-1: before the text).
fn run_ends(text: &[u32], forward: bool, inside: impl Fn(u32) -> bool) -> Vec<isize> {
    let n = text.len();
    let mut out = vec![0isize; n];
    if forward {
        for k in (0..n).rev() {
            out[k] = if inside(text[k]) {
                if k + 1 < n {
                    out[k + 1]
                } else {
                    n as isize
                }
            } else {
                k as isize
            };
        }
    } else {
        for k in 0..n {
            out[k] = if inside(text[k]) {
                if k > 0 {
                    out[k - 1]
                } else {
                    -1
                }
            } else {
                k as isize
            };
        }
    }
    out
}

/// `normalize._beside`: the character a bracket reads beside it, `k` the
/// position next to it (None: past the text's end, or a line break past a
/// run): `text[k]`, or, where a run of spaces and widened marks holding one
/// mark at least starts at `k`, the character past the run. `run` and
/// `spaces`: where the runs of spaces and marks, and of spaces alone, end.
fn beside(text: &[u32], k: isize, run: &[isize], spaces: &[isize]) -> Option<u32> {
    if k < 0 || k as usize >= text.len() {
        return None;
    }
    let k = k as usize;
    if run[k] == spaces[k] {
        return Some(text[k]);
    }
    let end = run[k];
    if end < 0 || end as usize >= text.len() || text[end as usize] == '\n' as u32 {
        return None;
    }
    Some(text[end as usize])
}

/// `normalize._widen_pairs`: the bracket pairs that stand in Chinese set full
/// width, the spaces just inside them taken out — a pair beside CJK
/// ([`beside`]), or one that holds CJK and is no gloss in an English
/// sentence; not a Markdown link's target (after `]`), nor a pair of more than
/// [`PAIR_CHARS`] characters, spaces aside. What a pair holds is read in the
/// input (the pairs inside it hold the same CJK either way).
fn widen_pairs(text: &[u32]) -> Option<Vec<u32>> {
    let found = pairs(text);
    if found.is_empty() {
        return None;
    }
    let cls = Classes::get();
    let n = text.len();
    let newline = '\n' as u32;
    // Counts before each position: linear, however deep the pairs nest.
    let mut cjk = vec![0usize; n + 1];
    let mut solid = vec![0usize; n + 1];
    for (k, &c) in text.iter().enumerate() {
        cjk[k + 1] = cjk[k] + usize::from(cls.is(c, CJK));
        solid[k + 1] = solid[k] + usize::from(!cls.is(c, PY_SPACE));
    }
    let in_run = |c: u32| c != newline && (is_widened(c) || cls.is(c, PY_SPACE));
    let is_space = |c: u32| c != newline && cls.is(c, PY_SPACE);
    let (fwd_run, fwd_sp) = (run_ends(text, true, in_run), run_ends(text, true, is_space));
    let (back_run, back_sp) = (run_ends(text, false, in_run), run_ends(text, false, is_space));
    // What each position becomes: a bracket widened, a space dropped (None).
    let mut out: Vec<Option<u32>> = text.iter().map(|&c| Some(c)).collect();
    let mut changed = false;
    for (s, e) in found {
        // (Not a Markdown link's or image's target: [新华网](http://…); nor too long.)
        if (s > 0 && text[s - 1] == ']' as u32) || solid[e] - solid[s + 1] > PAIR_CHARS {
            continue;
        }
        let before = beside(text, s as isize - 1, &back_run, &back_sp);
        let after = beside(text, e as isize + 1, &fwd_run, &fwd_sp);
        let touches = before.is_some_and(|c| cls.is(c, CJK)) || after.is_some_and(|c| cls.is(c, CJK));
        if touches || (cjk[e] > cjk[s + 1] && !english_gloss(text, s, e + 1)) {
            out[s] = Some('（' as u32);
            out[e] = Some('）' as u32);
            let mut k = s + 1;
            while k < e && cls.is(text[k], PY_SPACE) {
                out[k] = None;
                k += 1;
            }
            let mut k = e - 1;
            while k > s && cls.is(text[k], PY_SPACE) {
                out[k] = None;
                k -= 1;
            }
            squeeze_beside(text, &mut out, s, false);
            squeeze_beside(text, &mut out, e, true);
            changed = true;
        }
    }
    changed.then(|| out.into_iter().flatten().collect())
}

/// `normalize._squeeze_beside`: a run of two spaces or more (`[ \t\u00a0]`)
/// right outside the bracket at `k` it widened (after it when `forward`)
/// becomes one space, as `squeeze_cjk_spaces` squeezes a run beside Chinese.
fn squeeze_beside(text: &[u32], out: &mut [Option<u32>], k: usize, forward: bool) {
    let (lo, hi) = if forward {
        (k + 1, sp_end(text, k + 1))
    } else {
        let mut lo = k;
        while lo > 0 && chars::is_sp(text[lo - 1]) {
            lo -= 1;
        }
        (lo, k)
    };
    if hi - lo >= 2 {
        out[lo..hi].fill(None);
        // (The space kept stands next to the bracket.)
        out[if forward { lo } else { hi - 1 }] = Some(' ' as u32);
    }
}

/// `normalize._english_gloss`: is the group `text[s..e]` set in English — a
/// space before it after a Latin letter or digit, and after it the end, an
/// ASCII mark, or a space and a Latin letter or digit?
fn english_gloss(text: &[u32], s: usize, e: usize) -> bool {
    let space = ' ' as u32;
    let latin = |c: u32| c < 0x80 && chars::py_isalnum(c);
    let mut k = s;
    while k > 0 && text[k - 1] == space {
        k -= 1;
    }
    if k == s || k == 0 || !latin(text[k - 1]) {
        return false;
    }
    if e == text.len() || ".,;:!?".chars().any(|c| c as u32 == text[e]) {
        return true;
    }
    let mut k = e;
    while k < text.len() && text[k] == space {
        k += 1;
    }
    k > e && (k == text.len() || latin(text[k]))
}

/// `_HALF_PUNCT.sub(...)`:
///
/// ```text
/// (?<=CJK) SP*+ ([,:;!?]) (?![,:;!?]) (?!(?<=!)\[) SP*+
/// | (?<=[0-9%‰]) SP*+ ([,:;!?]) (?![,:;!?]) (?!(?<=!)\[) SP*+ (?=CJK)
/// ```
///
/// tried at each position in turn; the match (spaces included) becomes the
/// full-width mark. A match can only start right after a CJK character or a
/// digit, or (`\G` in the pattern) right where the last match ended, after the
/// full-width mark it made: so each run of spaces is read at most twice.
fn widen_marks(text: &[u32]) -> Option<Vec<u32>> {
    if !chars::any_where(text, is_half_punct) {
        return None;
    }
    let cls = Classes::get();
    let n = text.len();
    let mut edits = Edits::new(text);
    let mut last_end = 0; // where the last match ended (none ends at 0)
    // A match at `i`: where it ends, and the mark it widens.
    let match_at = |i: usize, last_end: usize| -> Option<(usize, u32)> {
        let prev = text[i - 1];
        let after_cjk = cls.is(prev, CJK) || i == last_end;
        let after_num = is_digit_or_percent(prev);
        if !(after_cjk || after_num) {
            return None;
        }
        let j = sp_end(text, i);
        // (Not the ! of a Markdown image, ![…](…).)
        let image = j + 1 < n && text[j] == '!' as u32 && text[j + 1] == '[' as u32;
        if j < n && is_half_punct(text[j]) && !(j + 1 < n && is_half_punct(text[j + 1])) && !image {
            let k = sp_end(text, j + 1);
            if after_cjk || (k < n && cls.is(text[k], CJK)) {
                return Some((k, full_width_of(text[j])));
            }
        }
        None
    };
    // A match at `i` reaches its mark over spaces alone: from `i`, with the
    // next mark at `p`, the starts before it are the run of spaces just before
    // `p` (its first one at or after `i`) and `p` itself, and a start inside
    // that run follows a space, not CJK, a digit or the last match's end (a
    // match ends where its trailing spaces do). The scan tries those two.
    let mut i = 1;
    while i < n {
        let p = chars::position_where(text, i, is_half_punct);
        if p >= n {
            break;
        }
        let mut q = p;
        while q > i && chars::is_sp(text[q - 1]) {
            q -= 1;
        }
        let starts: &[usize] = if q < p { &[q, p] } else { &[p] };
        match starts.iter().find_map(|&at| match_at(at, last_end).map(|found| (at, found))) {
            Some((at, (k, mark))) => {
                edits.replace(at, k, &[mark]);
                last_end = k;
                i = k.max(at + 1);
            }
            None => i = p + 1,
        }
    }
    edits.finish()
}

// ---------------------------------------------------------------------------
// collapse_letter_spacing
// ---------------------------------------------------------------------------

/// `normalize.FIELD_MARKS`: marks that head a field of a page (●星期一).
const FIELD_MARKS: &[u32] = crate::decide::cps!("●○◎■□▲△▼▽◆◇★☆•※");

/// `_SPACED_RUN.sub(_collapse_run, text)` with
/// `_SPACED_RUN = (?<!\S)[FIELD_MARKS]?\S(?:[ ]\S(?!\S)){2,}`: a single
/// non-space after a space (or at the start), which may carry a field mark
/// before it, then at least two more single non-spaces, each after one space.
/// The run loses its spaces when it holds CJK (a mark set against its first
/// character aside), or when the two characters either side of it do.
pub fn collapse_letter_spacing(text: &[u32]) -> Option<Vec<u32>> {
    if !chars::any_where(text, |c| c == SPACE) {
        return None;
    }
    let cls = Classes::get();
    let n = text.len();
    let space = |i: usize| cls.is(text[i], RE_SPACE);
    let mut edits = Edits::new(text);
    // The run that starts at `i`, if one does: where it ends.
    let run_at = |i: usize| -> Option<(usize, bool)> {
        if space(i) || (i > 0 && !space(i - 1)) {
            return None;
        }
        // A field mark set against the first character (●星 期 一) goes with it.
        let marked = FIELD_MARKS.contains(&text[i]) && i + 1 < n && !space(i + 1);
        let mut j = i + 1 + usize::from(marked);
        let mut groups = 0;
        while j + 1 < n && text[j] == SPACE && !space(j + 1) && (j + 2 >= n || space(j + 2)) {
            j += 2;
            groups += 1;
        }
        (groups >= 2).then_some((j, marked))
    };
    // A run that starts at `i` has its first [ ] at i + 1 (or i + 2 after a
    // field mark, which is no space): so from `i`, the next [ ] at `s` leaves
    // s - 2 and s - 1 as the only starts before it. The scan tries those, in
    // order, and goes on after the run or the [ ].
    let mut i = 0;
    while i < n {
        let s = chars::position_where(text, i + 1, |c| c == SPACE);
        if s >= n {
            break;
        }
        let found = (s.saturating_sub(2).max(i)..s).find_map(|k| run_at(k).map(|(j, marked)| (k, j, marked)));
        let Some((k, j, marked)) = found else {
            i = s;
            continue;
        };
        let run = &text[k..j];
        let near = text[k.saturating_sub(2)..k].iter().chain(&text[j..(j + 2).min(n)]);
        let collapse =
            run[usize::from(marked)..].iter().any(|&c| cls.is(c, CJK)) || near.into_iter().any(|&c| cls.is(c, CJK));
        if collapse {
            let joined: Vec<u32> = run.iter().copied().filter(|&c| c != SPACE).collect();
            edits.replace(k, j, &joined);
        }
        i = j;
    }
    edits.finish()
}

// ---------------------------------------------------------------------------
// Spaces around CJK and numbers
// ---------------------------------------------------------------------------

/// `[0-9.,%‰]`
#[inline]
fn is_number_char(c: u32) -> bool {
    chars::is_digit(c) || matches!(c, 0x2E | 0x2C | 0x25 | 0x2030)
}

/// `[A-Za-z_\-/]`
#[inline]
fn is_latin_tail(c: u32) -> bool {
    (0x41..=0x5A).contains(&c) || (0x61..=0x7A).contains(&c) || matches!(c, 0x5F | 0x2D | 0x2F)
}

/// `[A-Za-z0-9_\-/.]`
#[inline]
fn is_token_char(c: u32) -> bool {
    is_latin_tail(c) || chars::is_digit(c) || c == 0x2E
}

/// The end of the possessive `[0-9.,%‰]*+` from `i`.
#[inline]
fn number_end(text: &[u32], mut i: usize) -> usize {
    while i < text.len() && is_number_char(text[i]) {
        i += 1;
    }
    i
}

/// `_CJK_CJK.sub("", text)`: `(?<=CJK)SP++(?=CJK)`.
fn remove_cjk_cjk(text: &[u32]) -> Option<Vec<u32>> {
    let cls = Classes::get();
    remove_sp_runs(text, |a, b| cls.is(text[a - 1], CJK) && cls.is(text[b], CJK))
}

/// `_CJK_NUM.sub("", text)`: `(?<=CJK)SP++(?=[0-9][0-9.,%‰]*+(?![A-Za-z_\-/]))`.
fn remove_cjk_num(text: &[u32]) -> Option<Vec<u32>> {
    let cls = Classes::get();
    remove_sp_runs(text, |a, b| {
        if !(cls.is(text[a - 1], CJK) && chars::is_digit(text[b])) {
            return false;
        }
        let e = number_end(text, b + 1);
        !(e < text.len() && is_latin_tail(text[e]))
    })
}

/// `_NUM_CJK.sub(r"\1", text)`:
/// `(?<![A-Za-z0-9_\-/.])([0-9][0-9.,%‰]*+)SP++(?=CJK)`.
///
/// A number that is not the tail of a Latin token, then spaces, then CJK: the
/// spaces go. Every start inside one run of `[0-9.,%‰]` reaches the run's end
/// (the quantifier is possessive), so a match's spaces are a whole run of them
/// and the run goes when CJK follows it and the number run before it holds a
/// start: a digit at the text's start or after a character of no Latin token
/// (`.` is of one; `,` `%` `‰` are not). The scan goes from run of spaces to
/// run of spaces and reads each number back from its end, once (the pattern,
/// tried at each start, is quadratic on `1%1%1%…`; this is not).
fn remove_num_cjk(text: &[u32]) -> Option<Vec<u32>> {
    if !has_sp(text) {
        return None;
    }
    let cls = Classes::get();
    remove_sp_runs(text, |a, b| {
        if !(cls.is(text[b], CJK) && is_number_char(text[a - 1])) {
            return false;
        }
        let mut p = a;
        while p > 0 && is_number_char(text[p - 1]) {
            p -= 1;
        }
        (p..a).any(|q| chars::is_digit(text[q]) && (q == 0 || !is_token_char(text[q - 1])))
    })
}

/// One substitution of a rule: its new text, or `None` when nothing changed.
type Step = fn(&[u32]) -> Option<Vec<u32>>;

/// Runs the three substitutions of a space rule one after another, each on
/// the previous one's output.
fn chain(text: &[u32], steps: &[Step]) -> Option<Vec<u32>> {
    let mut out: Option<Vec<u32>> = None;
    for step in steps {
        if let Some(next) = step(out.as_deref().unwrap_or(text)) {
            out = Some(next);
        }
    }
    out
}

/// `remove_cjk_spaces`: `_CJK_CJK`, then `_CJK_NUM`, then `_NUM_CJK`.
pub fn remove_cjk_spaces(text: &[u32]) -> Option<Vec<u32>> {
    if !has_sp(text) || chars::table_row(text) > 0 {
        return None; // (a table's row keeps its cells apart)
    }
    chain(text, &[remove_cjk_cjk, remove_cjk_num, remove_num_cjk])
}

/// `_HEADLINE_SPACE.sub("", text)`:
///
/// ```text
/// (?:(?<=(?<!IDEO)IDEO)|(?<=[CJK--IDEO])) SP++ (?=CJK)
/// | (?<=CJK) SP++ (?=IDEO(?!IDEO))
/// | (?<=CJK) SP++ (?=[CJK--IDEO])
/// ```
///
/// A run of spaces goes when it follows a single ideograph or punctuation and
/// precedes CJK, or follows CJK and precedes a single ideograph or punctuation.
fn remove_headline_space(text: &[u32]) -> Option<Vec<u32>> {
    let cls = Classes::get();
    remove_sp_runs(text, |a, b| {
        let prev = cls.of(text[a - 1]);
        let next = cls.of(text[b]);
        let single_before = prev & IDEO != 0 && (a < 2 || !cls.is(text[a - 2], IDEO));
        let single_after = next & IDEO != 0 && cls.at(text, b + 1) & IDEO == 0;
        ((single_before || prev & CJK_PUNCT != 0) && next & CJK != 0)
            || (prev & CJK != 0 && (single_after || next & CJK_PUNCT != 0))
            || splits_word(text, a, b)
    })
}

/// `normalize._splits_word`: does the run of spaces `text[a..b]` stand
/// inside a word — the characters on either side a word together, neither a
/// word with its other neighbour?
fn splits_word(text: &[u32], a: usize, b: usize) -> bool {
    if a < 1 || b >= text.len() || !chars::is_word(text[a - 1], text[b]) {
        return false;
    }
    let left = a >= 2 && chars::is_word(text[a - 2], text[a - 1]);
    let right = b + 1 < text.len() && chars::is_word(text[b], text[b + 1]);
    !left && !right
}

/// `remove_headline_spaces`: `_HEADLINE_SPACE`, then `_CJK_NUM`, then `_NUM_CJK`.
pub fn remove_headline_spaces(text: &[u32]) -> Option<Vec<u32>> {
    if !has_sp(text) || chars::table_row(text) > 0 {
        return None; // (a table's row keeps its cells apart)
    }
    chain(text, &[remove_headline_space, remove_cjk_num, remove_num_cjk])
}

/// `[A-Za-z0-9%]`
#[inline]
fn is_alnum_or_percent(c: u32) -> bool {
    chars::is_ascii_alnum(c) || c == 0x25
}

/// `remove_cjk_latin_spaces`:
/// `(?<=IDEO)SP++(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])SP++(?=IDEO)`.
pub fn remove_cjk_latin_spaces(text: &[u32]) -> Option<Vec<u32>> {
    if !has_sp(text) {
        return None;
    }
    let cls = Classes::get();
    remove_sp_runs(text, |a, b| {
        let (prev, next) = (text[a - 1], text[b]);
        (cls.is(prev, IDEO) && chars::is_ascii_alnum(next)) || (is_alnum_or_percent(prev) && cls.is(next, IDEO))
    })
}

/// `add_cjk_latin_spaces`: a space at each (empty) match of
/// `(?<=IDEO)(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=IDEO)`.
pub fn add_cjk_latin_spaces(text: &[u32]) -> Option<Vec<u32>> {
    let cls = Classes::get();
    let mut edits = Edits::new(text);
    for i in 1..text.len() {
        let (prev, next) = (text[i - 1], text[i]);
        if (cls.is(prev, IDEO) && chars::is_ascii_alnum(next)) || (is_alnum_or_percent(prev) && cls.is(next, IDEO)) {
            edits.replace(i, i, &[SPACE]);
        }
    }
    edits.finish()
}

/// Each maximal run of two or more `[ \t\u00a0]` for which `squeeze(start,
/// end)` holds becomes one space.
fn squeeze_runs(text: &[u32], squeeze: impl Fn(usize, usize) -> bool) -> Option<Vec<u32>> {
    let mut edits = Edits::new(text);
    sp_runs(text, |start, end| {
        if end - start >= 2 && squeeze(start, end) {
            edits.replace(start, end, &[SPACE]);
        }
    });
    edits.finish()
}

/// `squeeze_spaces`: `[ \t\u00a0]{2,}` becomes one space.
pub fn squeeze_spaces(text: &[u32]) -> Option<Vec<u32>> {
    squeeze_runs(text, |_, _| true)
}

/// `squeeze_cjk_spaces`: `(?<=CJK)SP{2,}|SP{2,}(?=CJK)` becomes one space. A
/// run of two or more matches whole where the character before it or the one
/// after it is CJK (at its start, the first branch takes it all; else the
/// second, whose lookahead holds only at the run's end); no part of a run
/// that touches no CJK character matches (inside a run, a space stands before
/// and after).
pub fn squeeze_cjk_spaces(text: &[u32]) -> Option<Vec<u32>> {
    if !has_sp(text) {
        return None;
    }
    let cls = Classes::get();
    squeeze_runs(text, |start, end| {
        (start > 0 && cls.is(text[start - 1], CJK)) || (end < text.len() && cls.is(text[end], CJK))
    })
}

/// `drop_spaces`: `\s+` (the `regex` module's white space) goes.
pub fn drop_spaces(text: &[u32]) -> Option<Vec<u32>> {
    let cls = Classes::get();
    if !text.iter().any(|&c| cls.is(c, RE_SPACE)) {
        return None;
    }
    Some(text.iter().copied().filter(|&c| !cls.is(c, RE_SPACE)).collect())
}

/// `changed_characters(before, after)`: spaces added or removed, plus the
/// characters that differ once the ASCII spaces are taken out of both.
pub fn changed_characters(before: &[u32], after: &[u32]) -> usize {
    let spaces_before = before.iter().filter(|&&c| c == SPACE).count();
    let spaces_after = after.iter().filter(|&&c| c == SPACE).count();
    let (len_a, len_b) = (before.len() - spaces_before, after.len() - spaces_after);
    let a = before.iter().filter(|&&c| c != SPACE);
    let b = after.iter().filter(|&&c| c != SPACE);
    let differ = a.zip(b).filter(|(x, y)| x != y).count();
    spaces_before.abs_diff(spaces_after) + differ + len_a.abs_diff(len_b)
}

/// What one rule changed in one call of [`apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub rule: Rule,
    /// `changed_characters(before, after)`, when counting was asked for (else 0).
    pub count: usize,
    /// The text after the rule, when a trace was asked for.
    pub after: Option<Vec<u32>>,
}

/// `Normalizer.__call__`: run `rules` in order; each rule whose output differs
/// from its input is reported (with its changed characters when `count`, and
/// its output when `trace`). Returns the final text (`None`: unchanged).
///
/// The marker of a Markdown heading or list item that opens `text`
/// ([`chars::markdown_marker`]) is left as it is: the rules read the rest.
pub fn apply(rules: &[Rule], text: &[u32], count: bool, trace: bool) -> (Option<Vec<u32>>, Vec<Change>) {
    let (head, body) = text.split_at(crate::chars::markdown_marker(text));
    let mut current: Option<Vec<u32>> = None;
    let mut changes = Vec::new();
    for &rule in rules {
        let before = current.as_deref().unwrap_or(body);
        let Some(new) = rule.apply(before) else { continue };
        if new.as_slice() == before {
            continue;
        }
        if count || trace {
            changes.push(Change {
                rule,
                count: if count { changed_characters(before, &new) } else { 0 },
                after: if trace { Some([head, &new].concat()) } else { None },
            });
        }
        current = Some(new);
    }
    if head.is_empty() {
        return (current, changes);
    }
    (current.map(|new| [head, &new].concat()), changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    fn string(v: &[u32]) -> String {
        v.iter().map(|&c| char::from_u32(c).unwrap()).collect()
    }

    fn run(rule: Rule, s: &str) -> String {
        let text = cps(s);
        match rule.apply(&text) {
            Some(v) => string(&v),
            None => s.to_string(),
        }
    }

    // The docstring examples of normalize.py.

    #[test]
    fn a_gloss_in_an_english_sentence_keeps_its_brackets() {
        assert_eq!(
            run(
                Rule::WidenPunctuation,
                "The Ministry of Education (教育部) announced it."
            ),
            "The Ministry of Education (教育部) announced it."
        );
        assert_eq!(
            run(Rule::WidenPunctuation, "据 Reuters (路透社) 报道"),
            "据 Reuters （路透社） 报道"
        );
    }

    #[test]
    fn bracket_pairs_read_as_their_second_reading_reads_them() {
        // normalize.widen_punctuation's doctest: a pair around a pair it
        // widened, beside a pair or a mark it widens.
        assert_eq!(run(Rule::WidenPunctuation, "据报道(记者(实习)张三)今天"), "据报道（记者（实习）张三）今天");
        assert_eq!(run(Rule::WidenPunctuation, "(a)(香港) 中,(b)"), "（a）（香港） 中，（b）");
        // The length is counted without spaces; a pair of 201 characters stays.
        let spaced = format!("说({}{}港)完", "香".repeat(150), "   ".repeat(30));
        assert!(run(Rule::WidenPunctuation, &spaced).starts_with("说（"));
        let long = format!("说({})完", "香".repeat(201));
        assert_eq!(run(Rule::WidenPunctuation, &long), long);
        // Only the spaces inside a pair it widens go; a Markdown target stays.
        assert_eq!(run(Rule::WidenPunctuation, "( (a) )中 [x](中文)"), "（（a））中 [x](中文)");
        // The run of spaces right outside a widened pair is one space (normalize._squeeze_beside).
        assert_eq!(run(Rule::WidenPunctuation, "abc  (中文)  的"), "abc （中文） 的");
        for s in ["(a)(香港)", "中, (a)", "他说(香港(九龙)地区)很好", "x(a)(b)中", "(1)（2）", "()()()中"] {
            let once = run(Rule::WidenPunctuation, s);
            assert_eq!(run(Rule::WidenPunctuation, &once), once, "{s}");
        }
    }

    #[test]
    fn pairs_close_inner_first_and_never_across_a_line() {
        assert_eq!(pairs(&cps("(a(b)c) ) (d")), vec![(2, 4), (0, 6)]);
        assert_eq!(pairs(&cps("(a\nb)")), vec![]);
    }

    #[test]
    fn folds() {
        assert_eq!(
            run(
                Rule::FoldLegacyCodePoints,
                "⾼鐵 港⼤ 局⾧ ︽在晴朗的一天出發︾ ﹁不尋常﹂ ︵謝麗娟攝︶"
            ),
            "高鐵 港大 局長 《在晴朗的一天出發》 「不尋常」 （謝麗娟攝）"
        );
        assert_eq!(
            run(Rule::FoldFullwidthAlnum, "下转Ａ２版，２０２０年（ｗｉｎ）"),
            "下转A2版，2020年（win）"
        );
        let (out, a, b) = fold_characters(&cps("⾼Ａ２"), true, true);
        assert_eq!((string(&out.unwrap()), a, b), ("高A2".to_string(), 1, 2));
        assert_eq!(fold_characters(&cps("⾼Ａ２"), false, false), (None, 0, 0));
    }

    #[test]
    fn widen() {
        assert_eq!(
            run(Rule::WidenPunctuation, "逆水行舟用力撑, 一篙松劲退千寻"),
            "逆水行舟用力撑，一篙松劲退千寻"
        );
        assert_eq!(
            run(
                Rule::WidenPunctuation,
                "中晟全肽:向全球 社区(村) 10:30 3,000 (AAP) in English"
            ),
            "中晟全肽：向全球 社区（村） 10:30 3,000 (AAP) in English"
        );
        assert_eq!(
            run(Rule::WidenPunctuation, "增长3.5%, 高于预期 Hello, 世界"),
            "增长3.5%，高于预期 Hello, 世界"
        );
        assert_eq!(run(Rule::WidenPunctuation, "中,,文"), "中,,文");
        // A mark right after one widened (its spaces taken) widens too, as a
        // second pass would; not where two marks touch, nor at the start.
        assert_eq!(run(Rule::WidenPunctuation, "期限? !"), "期限？！");
        assert_eq!(run(Rule::WidenPunctuation, "期限? ! ,x"), "期限？！，x");
        assert_eq!(run(Rule::WidenPunctuation, "期限?  !!"), "期限？!!");
        assert_eq!(run(Rule::WidenPunctuation, "? !中"), "? !中");
        assert_eq!(run(Rule::WidenPunctuation, "3, !中"), "3, !中");
        assert_eq!(run(Rule::WidenPunctuation, "地址( 中 )x"), "地址（中）x");
        // Markdown's inline links and images keep their marks.
        let md = "详见[新华网](http://x.cn/a)。见图![示意](a.png)";
        assert_eq!(run(Rule::WidenPunctuation, md), md);
        assert_eq!(run(Rule::WidenPunctuation, "好![图"), "好![图");
        assert_eq!(run(Rule::WidenPunctuation, "好!图[x]"), "好！图[x]");
        assert_eq!(run(Rule::WidenPunctuation, "见](中)"), "见](中)");
        assert_eq!(run(Rule::WidenPunctuation, "见] (中)"), "见] （中）");
        let long = format!("中({})", "a".repeat(201));
        assert_eq!(run(Rule::WidenPunctuation, &long), long);
        let fits = format!("中({})", "a".repeat(200));
        assert_eq!(run(Rule::WidenPunctuation, &fits), format!("中（{}）", "a".repeat(200)));
    }

    #[test]
    fn collapse() {
        assert_eq!(
            run(Rule::CollapseLetterSpacing, "2 0 1 3 年 1 0 月 7 日 ●星期一"),
            "2013年10月7日 ●星期一"
        );
        assert_eq!(run(Rule::CollapseLetterSpacing, "A d d ( 地 址 )"), "Add(地址)");
        assert_eq!(run(Rule::CollapseLetterSpacing, "I am a b c"), "I am a b c");
        assert_eq!(run(Rule::CollapseLetterSpacing, "中 a b c"), "中abc");
        assert_eq!(run(Rule::CollapseLetterSpacing, "中文 a b c"), "中文 abc");
    }

    #[test]
    fn the_fold_prefilters_are_their_folds() {
        // every legacy key is in a block the prefilter looks for
        for (k, _) in crate::tables::LEGACY {
            assert!(may_fold_legacy(&[k]), "{k:#x}");
        }
        let all: Vec<u32> = (0..0x110000u32).collect();
        assert_eq!(
            count_fullwidth_alnum(&all),
            all.iter().filter(|&&c| chars::fullwidth_fold(c).is_some()).count()
        );
        for at in [0, 15, 16, 39] {
            let mut text = vec![0x4E00; 40];
            assert!(!may_fold_legacy(&text));
            text[at] = 0x2F00;
            assert!(may_fold_legacy(&text), "at {at}");
        }
    }

    #[test]
    fn has_sp_is_is_sp_anywhere() {
        for c in [0x20, 0x09, 0xA0, 0x3000, 0x0A, 0x41] {
            for at in [0, 15, 16, 17, 39] {
                let mut text = vec![0x4E00; 40];
                assert!(!has_sp(&text));
                text[at] = c;
                assert_eq!(has_sp(&text), chars::is_sp(c), "{c:#x} at {at}");
            }
        }
        assert!(!has_sp(&[]));
    }

    #[test]
    fn squeeze_cjk_spaces_keeps_latin_runs() {
        // squeeze_cjk_spaces' doctest
        assert_eq!(
            run(Rule::SqueezeCjkSpaces, "廣州女律師“透圖哥      SRS OO  REF受辱"),
            "廣州女律師“透圖哥 SRS OO  REF受辱"
        );
        assert_eq!(
            run(Rule::SqueezeCjkSpaces, "中 \t文  a  b\u{a0}\u{a0}"),
            "中 文 a  b\u{a0}\u{a0}"
        );
        assert_eq!(squeeze_cjk_spaces(&cps("中文 a  b")), None); // nothing to squeeze
        assert_eq!(squeeze_cjk_spaces(&cps("中文")), None);
    }

    #[test]
    fn spaces() {
        assert_eq!(
            run(Rule::RemoveCjkSpaces, "2月 3日晚上 派出 4 个 近 200家企业 1.8余万职工"),
            "2月3日晚上派出4个近200家企业1.8余万职工"
        );
        assert_eq!(
            run(Rule::RemoveCjkSpaces, "的 法 宝 。人 民 军 队 的“ 三 大"),
            "的法宝。人民军队的“三大"
        );
        assert_eq!(
            run(Rule::RemoveCjkSpaces, "抗 2019-nCoV 新药 该 PCT 专利"),
            "抗 2019-nCoV 新药该 PCT 专利"
        );
        assert_eq!(
            run(Rule::RemoveHeadlineSpaces, "全力以赴 保障疫情防控物资供应"),
            "全力以赴 保障疫情防控物资供应"
        );
        assert_eq!(
            run(Rule::RemoveHeadlineSpaces, "安 倍 於 律 敦 治 醫 院 離 世"),
            "安倍於律敦治醫院離世"
        );
        assert_eq!(
            run(Rule::RemoveHeadlineSpaces, "云龙建立 23 个微信群"),
            "云龙建立23个微信群"
        );
        assert_eq!(run(Rule::RemoveCjkLatinSpaces, "该 PCT 专利"), "该PCT专利");
        assert_eq!(
            run(Rule::AddCjkLatinSpaces, "该PCT专利 抗2019-nCoV新药"),
            "该 PCT 专利 抗 2019-nCoV 新药"
        );
        assert_eq!(
            run(Rule::SqueezeSpaces, "株洲日报记者  李逸峰 \t"),
            "株洲日报记者 李逸峰 "
        );
        assert_eq!(run(Rule::DropSpaces, "下 转 A2 版 ①\u{3000}"), "下转A2版①");
        assert_eq!(run(Rule::RemoveCjkSpaces, "a1 中 1%1%1 中"), "a1 中1%1%1中");
    }

    #[test]
    fn counts() {
        assert_eq!(changed_characters(&cps("撑, 一"), &cps("撑，一")), 2);
        assert_eq!(changed_characters(&cps("2月 3日"), &cps("2月3日")), 1);
        assert_eq!(changed_characters(&cps("中\t文字"), &cps("中文字")), 3);
        let rules = [Rule::WidenPunctuation, Rule::RemoveCjkSpaces];
        let (out, changes) = apply(&rules, &cps("撑, 一 2月 3日"), true, true);
        assert_eq!(string(&out.unwrap()), "撑，一2月3日");
        assert_eq!(
            changes.iter().map(|c| (c.rule, c.count)).collect::<Vec<_>>(),
            [(rules[0], 2), (rules[1], 2)]
        );
        assert_eq!(
            changes[0].after.as_deref().map(string).as_deref(),
            Some("撑，一 2月 3日")
        );
        assert_eq!(apply(&rules, &cps("中文"), true, false), (None, vec![]));
    }

    #[test]
    fn rule_numbers_and_names() {
        for (i, name) in RULE_NAMES.iter().enumerate() {
            assert_eq!(Rule::from_index(i as u8).unwrap().name(), *name);
        }
        assert_eq!(Rule::from_index(RULE_NAMES.len() as u8), None);
    }

    #[test]
    fn odd_input() {
        let odd = [0u32, 0xD800, 0xDFFF, 0x10FFFF, 0x20, 0x4E2D, 0x20, 0x2C, 0x20];
        for rule in ALL_RULES {
            let _ = rule.apply(&odd);
            let _ = rule.apply(&[]);
        }
        assert_eq!(run(Rule::RemoveCjkSpaces, ""), "");
    }

    // The scanners skip from space to space (or mark to mark). Below, the
    // scans they replace, which try the pattern at every position as the
    // regex engine does: on every text of up to six code points over an
    // alphabet of each class the patterns name, the two give the same text.

    /// `inner_sp_runs` reading every position.
    fn each_position_sp_runs(text: &[u32], mut f: impl FnMut(usize, usize)) {
        let n = text.len();
        let mut i = 1;
        while i < n {
            if chars::is_sp(text[i]) && !chars::is_sp(text[i - 1]) {
                let end = sp_end(text, i);
                if end < n {
                    f(i, end);
                }
                i = end;
            } else {
                i += 1;
            }
        }
    }

    /// `_NUM_CJK` tried at every start.
    fn each_start_num_cjk(text: &[u32]) -> Option<Vec<u32>> {
        let cls = Classes::get();
        let n = text.len();
        let mut edits = Edits::new(text);
        let mut i = 0;
        while i < n {
            if !(chars::is_digit(text[i]) && (i == 0 || !is_token_char(text[i - 1]))) {
                i += 1;
                continue;
            }
            let c = number_end(text, i + 1);
            let d = sp_end(text, c);
            if d > c && d < n && cls.is(text[d], CJK) {
                edits.replace(c, d, &[]);
                i = d;
            } else {
                i = c.max(i + 1);
            }
        }
        edits.finish()
    }

    /// `widen_marks` tried at every start.
    fn each_start_widen_marks(text: &[u32]) -> Option<Vec<u32>> {
        let cls = Classes::get();
        let n = text.len();
        let mut edits = Edits::new(text);
        let mut last_end = 0;
        let mut i = 1;
        while i < n {
            let prev = text[i - 1];
            let after_cjk = cls.is(prev, CJK) || i == last_end;
            let after_num = is_digit_or_percent(prev);
            if after_cjk || after_num {
                let j = sp_end(text, i);
                let image = j + 1 < n && text[j] == '!' as u32 && text[j + 1] == '[' as u32;
                if j < n && is_half_punct(text[j]) && !(j + 1 < n && is_half_punct(text[j + 1])) && !image {
                    let k = sp_end(text, j + 1);
                    if after_cjk || (k < n && cls.is(text[k], CJK)) {
                        edits.replace(i, k, &[full_width_of(text[j])]);
                        last_end = k;
                        i = k.max(i + 1);
                        continue;
                    }
                }
            }
            i += 1;
        }
        edits.finish()
    }

    /// `collapse_letter_spacing` tried at every start.
    fn each_start_collapse(text: &[u32]) -> Option<Vec<u32>> {
        let cls = Classes::get();
        let n = text.len();
        let space = |i: usize| cls.is(text[i], RE_SPACE);
        let mut edits = Edits::new(text);
        let mut i = 0;
        while i < n {
            if space(i) || (i > 0 && !space(i - 1)) {
                i += 1;
                continue;
            }
            let marked = FIELD_MARKS.contains(&text[i]) && i + 1 < n && !space(i + 1);
            let mut j = i + 1 + usize::from(marked);
            let mut groups = 0;
            while j + 1 < n && text[j] == SPACE && !space(j + 1) && (j + 2 >= n || space(j + 2)) {
                j += 2;
                groups += 1;
            }
            if groups < 2 {
                i += 1;
                continue;
            }
            let run = &text[i..j];
            let near = text[i.saturating_sub(2)..i].iter().chain(&text[j..(j + 2).min(n)]);
            if run[usize::from(marked)..].iter().any(|&c| cls.is(c, CJK)) || near.into_iter().any(|&c| cls.is(c, CJK)) {
                let joined: Vec<u32> = run.iter().copied().filter(|&c| c != SPACE).collect();
                edits.replace(i, j, &joined);
            }
            i = j;
        }
        edits.finish()
    }

    /// `squeeze_runs` reading every position.
    fn each_position_squeeze(text: &[u32]) -> Option<Vec<u32>> {
        let mut edits = Edits::new(text);
        let n = text.len();
        let mut i = 0;
        while i < n {
            if chars::is_sp(text[i]) {
                let end = sp_end(text, i);
                if end - i >= 2 {
                    edits.replace(i, end, &[SPACE]);
                }
                i = end;
            } else {
                i += 1;
            }
        }
        edits.finish()
    }

    /// Every text of `1..=max` code points over `alphabet`.
    fn every_text(alphabet: &[u32], max: usize, mut f: impl FnMut(&[u32])) {
        let mut text: Vec<u32> = Vec::new();
        let mut digits: Vec<usize> = Vec::new();
        for len in 1..=max {
            digits.clear();
            digits.resize(len, 0);
            loop {
                text.clear();
                text.extend(digits.iter().map(|&d| alphabet[d]));
                f(&text);
                let mut k = 0;
                while k < len {
                    digits[k] += 1;
                    if digits[k] < alphabet.len() {
                        break;
                    }
                    digits[k] = 0;
                    k += 1;
                }
                if k == len {
                    break;
                }
            }
        }
    }

    fn same_as_every_position(text: &[u32]) {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        inner_sp_runs(text, |s, e| a.push((s, e)));
        each_position_sp_runs(text, |s, e| b.push((s, e)));
        assert_eq!(a, b, "{:?}", string(text));
        assert_eq!(remove_num_cjk(text), each_start_num_cjk(text).filter(|_| has_sp(text)), "{:?}", string(text));
        assert_eq!(widen_marks(text), each_start_widen_marks(text), "{:?}", string(text));
        assert_eq!(
            collapse_letter_spacing(text),
            each_start_collapse(text).filter(|_| text.contains(&SPACE)),
            "{:?}",
            string(text)
        );
        assert_eq!(squeeze_spaces(text), each_position_squeeze(text), "{:?}", string(text));
    }

    #[test]
    fn the_skipping_scans_are_the_scans_at_every_position() {
        // CJK ideograph and punctuation, a field mark, the spaces the rules
        // remove (and a white space they do not), a digit and the number
        // marks, a Latin token's letter, the half-width marks, an image's ![:
        // every text of up to five; of up to seven over the few that make
        // runs (a spaced run needs five code points, six after a mark).
        every_text(&cps("中，● \t\u{a0}\u{3000}1.,%a;![/"), 5, same_as_every_position);
        every_text(&cps("中● 1,a"), 7, same_as_every_position);
    }

    #[test]
    fn position_where_finds_the_first_hit_across_chunks() {
        for n in [0usize, 1, 15, 16, 17, 33, 40] {
            for hit in 0..=n {
                let mut text = vec![0x4E2Du32; n];
                if hit < n {
                    text[hit] = SPACE;
                }
                for from in 0..=n + 1 {
                    let expected = if hit < n && hit >= from { hit } else { n };
                    assert_eq!(chars::position_where(&text, from, chars::is_sp), expected, "{n} {hit} {from}");
                }
            }
        }
    }
}
