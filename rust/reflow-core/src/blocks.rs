//! The block table (`blocks.py`): grouping, typing, wrapped headlines.
//! OWNER: the decide/blocks port.
//!
//! A port of blocks.py: [`group`] cuts the lines at every break, [`classify`]
//! types the blocks (`BLOCK_RULES` in order, then kickers, subtitles,
//! subheadings and lone names), [`merge_wrapped_headlines`] joins the
//! headline lines the layout wrapped. The reasons in words are not kept
//! (`explain()` replays the Python reference); the rule names are.
//!
//! Two loops of the reference can go quadratic on long runs of headline
//! lines; here they do not, with the same results: the scan of a headline box
//! stops once its lines are longer than any headline can be (the joined text
//! could not read as one), and the column a line stands over
//! (`_wider_than_column`) is looked up in a table built once.

use crate::chars;
use crate::decide::{
    count_in, cps, ends_with, first_in, has_cjk, in_set, is_dateline_alone, last_in, opens_next_item, opens_with_dash,
    region_separated, unbalanced, CAPTION_MARKS, CLOSING_BRACKETS, CONTINUING_PUNCT, NO_LINE_START,
};
use crate::grammar;
use crate::layout::{self, CHAR, HANG};
use crate::model::{Columns, Direction, Kind, Layout, LineKind, Options, RawBlock, Role, Rule};

/// `_LATIN_TAIL.search(text)`: `[A-Za-z0-9,.;:!?%)\]"']\Z`.
#[inline]
fn latin_tail(text: &[u32]) -> bool {
    text.last()
        .is_some_and(|&c| chars::is_ascii_alnum(c) || in_set(c, cps!(",.;:!?%)]\"'")))
}

/// `_LATIN_HEAD.match(text)`: `[A-Za-z0-9(\["']`.
#[inline]
fn latin_head(text: &[u32]) -> bool {
    text.first()
        .is_some_and(|&c| chars::is_ascii_alnum(c) || in_set(c, cps!("([\"'")))
}

/// `blocks._splits_number`: does `prev` end in a digit, or a digit and a
/// decimal point or a thousands comma?
fn splits_number(prev: &[u32]) -> bool {
    match prev {
        [.., d, p] if (*p == '.' as u32 || *p == ',' as u32) => chars::is_digit(*d),
        [.., d] => chars::is_digit(*d),
        [] => false,
    }
}

/// `blocks.ADDRESS_REACH`: how far back from a line end an address opener is looked for.
const ADDRESS_REACH: usize = 200;

/// `blocks._cuts_address(_ascii_tail(out), _ascii_head(parts, k))`: does the
/// run of printable ASCII that ends `out` (its last `ADDRESS_REACH`
/// characters at most), with the run that opens `part` and the parts after
/// it (`rest`; its first `ADDRESS_REACH` characters at most), hold a mail
/// address's @, or an address opener that starts before the cut?
fn cuts_address<'a>(out: &[u32], part: &'a [u32], rest: impl Iterator<Item = &'a [u32]>) -> bool {
    let graphic = |c: &u32| (0x21..=0x7E).contains(c);
    let tail = out.iter().rev().take(ADDRESS_REACH).take_while(|c| graphic(c)).count();
    if tail == 0 {
        return false;
    }
    let mut run: Vec<u32> = out[out.len() - tail..].to_vec();
    let mut head = 0usize;
    for piece in std::iter::once(part).chain(rest) {
        let j = piece
            .iter()
            .take(ADDRESS_REACH - head)
            .take_while(|c| graphic(c))
            .count();
        run.extend_from_slice(&piece[..j]);
        head += j;
        if j < piece.len() || head >= ADDRESS_REACH {
            break;
        }
    }
    // A mail address's @, or the leftmost opener (`ADDRESS_OPENER.search`) in the tail.
    run.contains(&('@' as u32))
        || (0..run.len())
            .find(|&k| chars::address_opener_at(&run, k) > 0)
            .is_some_and(|k| k < tail)
}

/// `join_texts` over any sequence of parts.
fn join_iter<'a, I>(parts: I) -> Vec<u32>
where
    I: IntoIterator<Item = &'a [u32]>,
    I::IntoIter: Clone,
{
    join_iter_into(parts, Vec::new())
}

/// [`join_iter`] into `out` (empty; its capacity is kept).
fn join_iter_into<'a, I>(parts: I, mut out: Vec<u32>) -> Vec<u32>
where
    I: IntoIterator<Item = &'a [u32]>,
    I::IntoIter: Clone,
{
    let mut prev: Option<&[u32]> = None;
    // CJK in the parts so far (out[..scanned]; looked for only where an address could be cut).
    let (mut cjk, mut scanned) = (false, 0usize);
    let mut parts = parts.into_iter();
    while let Some(part) = parts.next() {
        if let Some(p) = prev {
            // prev[-1] and part[0] are ASCII here (the two patterns matched).
            if latin_tail(p)
                && latin_head(part)
                && !(splits_number(p) && part.first().is_some_and(|&c| chars::is_digit(c)) && has_cjk(p))
            {
                if !cjk {
                    cjk = has_cjk(&out[scanned..]) || has_cjk(part);
                    scanned = out.len();
                }
                if !(cjk && cuts_address(&out, part, parts.clone())) {
                    out.push(0x20);
                }
            } else if layout::spaced_seam(p, part) {
                out.push(0x20);
            }
        }
        out.extend_from_slice(part);
        prev = Some(part);
    }
    out
}

/// `blocks.join_texts`: nothing between CJK characters, one space between
/// two Latin words (or after Latin punctuation), nothing after a hyphen.
/// (An empty list, where Python raises IndexError, joins to nothing.)
pub fn join_texts(parts: &[&[u32]]) -> Vec<u32> {
    let size = parts.iter().map(|p| p.len() + 1).sum();
    join_iter_into(parts.iter().copied(), Vec::with_capacity(size))
}

/// `blocks.group`: the section's lines cut into raw blocks at every break.
pub fn group(layout: &Layout) -> Vec<RawBlock> {
    let t = &layout.lines;
    let rules = &layout.rules;
    let n = t.len();
    // One block per break: room for them all at once.
    let mut blocks = Vec::with_capacity(1 + rules.iter().filter(|r| !r.is_join()).count());
    let mut first = 0usize;
    for i in 1..=n {
        if i == n || !rules.get(i).is_some_and(|r| r.is_join()) {
            if first < n {
                let size = t.text.chars_in(first, i) + (i - first);
                let mut text = Vec::with_capacity(size);
                if i - first > 1 && rules.get(first + 1) == Some(&Rule::RunningHead) {
                    // The pieces of a running head keep a space between them.
                    for (k, part) in t.text.range(first, i).enumerate() {
                        if k > 0 {
                            text.push(' ' as u32);
                        }
                        text.extend_from_slice(part);
                    }
                } else {
                    text = join_iter_into(t.text.range(first, i), text);
                }
                let mut dateline = layout.features.dateline.get(first).copied().unwrap_or(0);
                if i - first > 1 {
                    dateline = if rules.get(first + 1) == Some(&Rule::DatelineCut) {
                        layout::line_dateline(&text) // (cut over two lines: 新华社南京1月26日 / 电)
                    } else {
                        joined_dateline(dateline, &t.text[first], &text)
                    };
                }
                blocks.push(RawBlock::new(first, i - 1, text, dateline));
            }
            first = i;
        }
    }
    blocks
}

/// `blocks.joined_dateline`: the dateline of a block whose text `before`
/// (its dateline `dateline`) had more joined to it (`joined`), read on the
/// joined text, as the block's rendering will be read, where it is alone,
/// leaves a bracket open after it (日报讯　（记 / 者), or is none and `before`
/// holds a dateline's hint (本报讯（记 / 者 王芳）).
#[inline(never)] // (once a block of several lines: kept out of group's loop over the lines)
pub(crate) fn joined_dateline(dateline: usize, before: &[u32], joined: &[u32]) -> usize {
    let reread = if dateline != 0 {
        is_dateline_alone(dateline, before) || credit_open(&before[dateline.min(before.len())..])
    } else {
        layout::dateline_hint(before)
    };
    if reread {
        layout::line_dateline(joined)
    } else {
        dateline
    }
}

/// `blocks._credit_open` of `rest` (the text after the dateline): more round
/// brackets opened than closed.
fn credit_open(rest: &[u32]) -> bool {
    count_in(rest, cps!("（(")) > count_in(rest, cps!("）)"))
}

/// `_SENTENCE_INSIDE.search(text)`: `[。；;]`.
#[inline]
fn sentence_inside(text: &[u32]) -> bool {
    text.iter().any(|&c| in_set(c, cps!("。；;")))
}

/// `blocks.QUESTION_HEADLINE_CHARS`: the longest question or exclamation that
/// reads as a headline on its own.
pub const QUESTION_HEADLINE_CHARS: usize = 24;

/// `blocks._QUESTION_MARKS`.
const QUESTION_MARKS: &[u32] = cps!("！？!?");

/// `blocks.is_headline_text`: short, no sentence end, no clause left open, no
/// finished sentence inside, two commas at most; or one question or
/// exclamation of QUESTION_HEADLINE_CHARS at most.
pub fn is_headline_text(text: &[u32], options: &Options) -> bool {
    headline_text_within(text, options.max_headline_chars)
}

/// [`is_headline_text`] with `options.max_headline_chars` given alone.
pub fn headline_text_within(text: &[u32], max_headline_chars: i64) -> bool {
    // (a letter-spaced text is read as printed without its spacing; its probe
    // keeps every character but spaces and tabs, so that more of them than
    // `max_headline_chars` rule it out unread: most paragraphs)
    let blank = |c: &u32| *c == 0x20 || *c == 0x09;
    // (counted over a window, a count the compiler vectorizes: with more
    // than max characters in it not spaces the text is no headline, whatever
    // its spacing; a longer one is read below)
    let window = &text[..text.len().min(4 * max_headline_chars.clamp(0, 1 << 20) as usize + 4)];
    let mut blanks = window.iter().filter(|c| blank(c)).count();
    if (window.len() - blanks) as i64 > max_headline_chars {
        return false;
    }
    if text.len() > window.len() {
        // (a window mostly spaces: the text is measured whole, without them)
        blanks += text[window.len()..].iter().filter(|c| blank(c)).count();
        if (text.len() - blanks) as i64 > max_headline_chars {
            return false;
        }
    }
    // (So a text is no longer than max characters that are not spaces or
    // tabs, however it is spaced: Python's length test, on a text without
    // them, is this one.)
    let mut probe = Vec::new();
    // (a letter-spaced text has two runs of spaces at least)
    let text = if blanks >= 2 && layout::letter_probe(text, &mut probe) {
        probe.as_slice()
    } else {
        text
    };
    if text.is_empty() {
        return false;
    }
    let mut n = text.len();
    while n > 0 && (text[n - 1] == 0x20 || in_set(text[n - 1], CLOSING_BRACKETS)) {
        n -= 1;
    }
    if n == 0 || in_set(text[n - 1], cps!("。．")) || last_in(text, CONTINUING_PUNCT) || sentence_inside(text) {
        return false;
    }
    // A question or an exclamation: one sentence, QUESTION_HEADLINE_CHARS at most.
    if in_set(text[n - 1], QUESTION_MARKS) {
        let mut m = n;
        while m > 0 && in_set(text[m - 1], QUESTION_MARKS) {
            m -= 1;
        }
        if text.len() > QUESTION_HEADLINE_CHARS || text[..m].iter().any(|&c| in_set(c, QUESTION_MARKS)) {
            return false;
        }
    }
    if n > 1 && text[n - 1] == '.' as u32 && chars::py_isalpha(text[n - 2]) {
        return false; // a sentence: English, or Chinese ended with an ASCII period
    }
    let commas = cps!("，、,");
    // (no paper sets a web address in a headline; asked last, of what else reads as one)
    count_of_three(text, [commas[0], commas[1], commas[2]]) <= 2 && !chars::holds_web_address(text)
}

/// [`count_in`] for a set of three code points, compared directly
/// ([`chars::count_where`]: classify asks it of every short block, in every
/// settle round).
#[inline]
fn count_of_three(text: &[u32], [a, b, c]: [u32; 3]) -> usize {
    chars::count_where(text, |x| (x == a) | (x == b) | (x == c))
}

/// `len(text) - sum(c.isspace() for c in text) <= limit`, counted only as far
/// as the limit.
fn short_without_spaces(text: &[u32], limit: i64) -> bool {
    if text.len() as i64 <= limit {
        return true;
    }
    let cls = chars::Classes::get();
    let mut solid = 0i64;
    for &c in text {
        solid += i64::from(!cls.is(c, chars::PY_SPACE));
        if solid > limit {
            return false;
        }
    }
    true
}

/// The block rules (`BLOCK_RULES`) in order: the kind and the rule's name.
fn block_rules(block: &RawBlock, layout: &Layout, options: &Options) -> (Kind, &'static str) {
    // block_line_kind: a line the layout typed by its grammar.
    if let Some(Some(kind)) = layout.features.kind.get(block.first) {
        if *kind == LineKind::Markdown && block.text.first() == Some(&('#' as u32)) {
            return (Kind::Headline, "block_line_kind"); // a Markdown heading
        }
        return (Kind::of_line(*kind), "block_line_kind");
    }
    // block_caption: opens with ▲ or ■; or a short text (spaces aside) that
    // closes with a photo credit.
    if first_in(&block.text, CAPTION_MARKS) {
        return (Kind::Caption, "block_caption");
    }
    let text = &block.text;
    // (Its last characters first: nearly every block fails there.)
    if grammar::closes_with_photo_credit(text)
        && short_without_spaces(text, options.max_headline_chars)
        && count_in(text, cps!("。；;")) <= 1
        && count_in(text, cps!("，、,")) <= 2
    {
        return (Kind::Caption, "block_caption");
    }
    // block_byline: a byline a narrow column cut over lines (本報記 / 者 熊東): the
    // block's text, read whole, matches the byline grammar.
    if block.last > block.first && layout::reads_as_byline(text) {
        return (Kind::Byline, "block_byline");
    }
    // block_headline: no dateline, no trailing …, not lines set in a column on a page
    // without punctuation, reads as a headline.
    let cols = &layout.columns;
    let set_in_column = layout.features.unpunctuated
        && block.last > block.first
        && cols.set_width[block.first] != 0
        && cols.width[block.first] <= cols.set_width[block.first] + HANG;
    // Where 、 ends sentences, a block of two lines or more with one before its end
    // holds a finished sentence: running text.
    let sentence_inside = layout.features.pause_stop
        && block.last > block.first
        && text[..text.len().saturating_sub(1)].contains(&('、' as u32));
    if block.dateline == 0
        && !ends_with(&block.text, "…")
        && !set_in_column
        && !sentence_inside
        && is_headline_text(&block.text, options)
        // (not a block of lines whose text opens with a dateline its first line
        // cut; none is read without its hint among the first 40 characters)
        && (block.last == block.first
            || !layout::hint_within(&block.text, 40)
            || layout::line_dateline(&block.text) == 0)
    {
        return (Kind::Headline, "block_headline");
    }
    (Kind::Paragraph, "block_paragraph")
}

/// `blocks.classify`: type every block, then settle roles, subheadings, lone names and kickers.
pub fn classify(blocks: &mut [RawBlock], layout: &Layout, options: &Options) {
    for block in blocks.iter_mut() {
        let (kind, rule) = block_rules(block, layout, options);
        block.kind = kind;
        block.rule = rule;
    }
    kickers(blocks, options);
    for block in blocks.iter_mut() {
        if block.kind == Kind::Headline && opens_with_dash(&block.text) {
            block.role = Some(Role::Subtitle);
        }
    }
    subheadings(blocks, layout);
    cut_by_marker(blocks, layout);
    signatures(blocks);
    lone_names(blocks, layout);
}

/// `blocks._kickers`: a short line that leads into the headline after it.
fn kickers(blocks: &mut [RawBlock], options: &Options) {
    for k in 1..blocks.len() {
        let (head, tail) = blocks.split_at_mut(k);
        let (a, b) = (&mut head[k - 1], &tail[0]);
        if b.kind != Kind::Headline
            || !matches!(a.kind, Kind::Headline | Kind::Paragraph)
            || (a.first != a.last && a.kind != Kind::Headline)
        {
            continue;
        }
        let t = &a.text;
        if (ends_with(t, "…") || ends_with(t, "：") || ends_with(t, ":"))
            && t.len() as i64 <= options.max_headline_chars
            && !sentence_inside(t)
            && a.dateline == 0
        {
            a.kind = Kind::Headline;
            a.role = Some(Role::Kicker);
            a.rule = "kicker";
        }
    }
}

/// `blocks._subheadings`: a headline between two paragraphs of one article
/// (the second right below it, or, in region by region output, below the
/// blank line that follows every block).
fn subheadings(blocks: &mut [RawBlock], layout: &Layout) {
    let gap = &layout.features.gap;
    let pause_stop = layout.features.pause_stop; // 、 ends this page's sentences

    let n = blocks.len();
    for i in 1..n.saturating_sub(1) {
        if blocks[i].kind != Kind::Headline || blocks[i].role.is_some() {
            continue;
        }
        let (prev, nxt) = (&blocks[i - 1], &blocks[i + 1]);
        // prev.text[-1:] not in CONTINUING_PUNCT: "" is in every string.
        if !(prev.kind == Kind::Paragraph
            && nxt.kind == Kind::Paragraph
            && nxt.dateline == 0
            && !prev.text.is_empty()
            && (!last_in(&prev.text, CONTINUING_PUNCT) || (pause_stop && prev.text.last() == Some(&('、' as u32)))))
        {
            continue;
        }
        if gap.get(nxt.first).copied().unwrap_or(0) != 0 && !region_output(layout) {
            continue;
        }
        blocks[i].kind = Kind::Subheading;
        blocks[i].rule = "subheading";
    }
}

/// `blocks._CUT_CHARS`: a headline-like block before a 下转 marker longer than this is cut-off text.
const CUT_CHARS: usize = 20;

/// `blocks._cut_by_marker`: a headline-like block right before a
/// continued-on marker that holds a clause mark or colon, or runs past
/// [`CUT_CHARS`], is the text the marker cut off: a paragraph.
fn cut_by_marker(blocks: &mut [RawBlock], layout: &Layout) {
    for i in 0..blocks.len().saturating_sub(1) {
        let (a, b) = (&blocks[i], &blocks[i + 1]);
        if a.kind != Kind::Headline || a.role.is_some() || b.kind != Kind::Marker {
            continue;
        }
        let cut_on = layout
            .features
            .markers
            .get(&b.first)
            .is_some_and(|m| m.direction == Direction::ContinuedOn);
        if !cut_on || !(a.text.iter().any(|&c| in_set(c, cps!("，、,：:"))) || a.text.len() > CUT_CHARS) {
            continue;
        }
        blocks[i].kind = Kind::Paragraph;
        blocks[i].rule = "cut_by_marker";
    }
}

/// `blocks._SIGNER_CHARS`: the longest line that names who signed a text.
const SIGNER_CHARS: usize = 16;

/// `blocks._signatures`: a date alone right after a text (maybe below a
/// short line naming who signed), with no paragraph after it, is the text's
/// signature: both lines are bylines.
fn signatures(blocks: &mut [RawBlock]) {
    let n = blocks.len();
    for i in 0..n {
        if blocks[i].kind != Kind::Headline || !grammar::is_signature_date(&blocks[i].text) {
            continue;
        }
        if i + 1 < n && blocks[i + 1].kind == Kind::Paragraph {
            continue;
        }
        let signer = if i >= 1 && blocks[i - 1].kind == Kind::Paragraph {
            None
        } else if i >= 2
            && matches!(blocks[i - 1].kind, Kind::Headline | Kind::Byline)
            && blocks[i - 2].kind == Kind::Paragraph
            && blocks[i - 1].text.len() <= SIGNER_CHARS
            && count_in(&blocks[i - 1].text, cps!("，、,")) == 0
        {
            Some(i - 1)
        } else {
            continue;
        };
        for k in std::iter::once(i).chain(signer) {
            let b = &mut blocks[k];
            b.kind = Kind::Byline;
            b.role = None;
            b.rule = "signature";
        }
    }
}

/// `blocks._lone_names`: a lone personal name beside a headline or byline,
/// or one that closes an article: right after a paragraph or a jump marker,
/// no running text after it, three characters at most unless its surname
/// is compound; not two characters that make a word of the list.
fn lone_names(blocks: &mut [RawBlock], layout: &Layout) {
    let n = blocks.len();
    let word = |t: &[u32]| t.len() == 2 && chars::is_word(t[0], t[1]); // (凌晨, 关系: a headline's tail)
    for i in 0..n {
        if blocks[i].kind != Kind::Headline
            || !crate::grammar::is_name(&blocks[i].text)
            || word(&blocks[i].text)
            || table_line(&blocks[i], layout)
        {
            continue;
        }
        let beside = |j: usize| matches!(blocks[j].kind, Kind::Headline | Kind::Byline);
        let text = &blocks[i].text;
        let compound = text.len() >= 2
            && crate::grammar::patterns_gen::COMPOUND_SURNAMES
                .binary_search(&[text[0], text[1]])
                .is_ok();
        let closes = i > 0
            && matches!(blocks[i - 1].kind, Kind::Paragraph | Kind::Marker)
            && !(i + 1 < n && matches!(blocks[i + 1].kind, Kind::Paragraph | Kind::Subheading))
            && (text.len() <= 3 || compound);
        if (i > 0 && beside(i - 1)) || (i + 1 < n && beside(i + 1)) || closes {
            let b = &mut blocks[i];
            b.kind = Kind::Byline;
            b.role = None;
            b.rule = "lone_name";
        }
    }
}

/// `blocks.DANGLING_END`: characters a headline phrase cannot end with.
const DANGLING_END: &[u32] = cps!("的之和与與及在对對把向为為从從被将將让讓使给給于於以并並而或暨这這最、，“‘《（(「『—");
/// `blocks._SENTENCE_MARKS`: a kicker with one of these is no label.
const SENTENCE_MARKS: &[u32] = cps!("。！？!?；;…");
/// `blocks.DANGLING_START` beyond `NO_LINE_START`.
const DANGLING_START_MORE: &[u32] = cps!("的了着著们們");

/// `_SEPARATORS.search(text)`: `[ \u3000：:，、——!！?？]` (`——` in a class is `—`).
#[inline]
fn has_separator(text: &[u32]) -> bool {
    text.iter().any(|&c| in_set(c, cps!(" \u{3000}：:，、—!！?？")))
}

/// What `headline_wraps` reads of the column model, looked up once: the set
/// width each line stands under for `_wider_than_column` (its own, or the
/// nearest nonzero one above it; 0: none), and the section's widest line.
struct Reference {
    column: Vec<i64>,
    widest: i64,
}

/// The [`Reference`] of a section's columns.
fn column_above(cols: &Columns) -> Reference {
    let mut column = Vec::with_capacity(cols.set_width.len());
    let mut last = 0;
    for &w in &cols.set_width {
        if w != 0 {
            last = w;
        }
        column.push(last);
    }
    Reference {
        column,
        widest: cols.width.iter().copied().max().unwrap_or(0),
    }
}

/// `blocks._wider_than_column` (the line spans columns: half as wide again as
/// its reference at least), with the reference width looked up.
fn wider_than(cols: &Columns, line: usize, reference: i64) -> bool {
    reference != 0 && cols.width[line] > reference + HANG + cols.tol(reference) && 2 * cols.width[line] >= 3 * reference
}

/// `blocks.headline_wraps` (with `reference`: [`column_above`]'s).
fn wraps(a: &RawBlock, b: &RawBlock, cols: &Columns, reference: &Reference) -> bool {
    let (ta, tb) = (&a.text, &b.text);
    if b.role == Some(Role::Subtitle) || opens_next_item(ta, tb) {
        return false; // (一、总体要求 / 二、主要任务: two items)
    }
    if a.role == Some(Role::Kicker) {
        // A label that ends with a colon: the rest of the headline follows.
        return last_in(ta, crate::decide::COLONS)
            && ta.len() <= tb.len()
            && !ta.iter().any(|&c| in_set(c, SENTENCE_MARKS));
    }
    if last_in(ta, DANGLING_END) || unbalanced(ta) {
        return true;
    }
    if first_in(tb, NO_LINE_START) || first_in(tb, DANGLING_START_MORE) {
        return true;
    }
    // (A first line of two characters only where it is no word itself, as the rendering's
    // word cut reads it: 新校 / 舍落成典禮, not 确诊 / 治愈.)
    if (ta.len() > 2 || !crate::decide::ends_word_whole(ta)) && chars::cuts_word(ta, tb) {
        return true;
    }
    // (a question or exclamation mark that ends the headline separates nothing: 今天的？)
    let body = tb.len() - tb.iter().rev().take_while(|&&c| in_set(c, cps!("!！?？"))).count();
    if 3 * tb.len() <= ta.len() && tb.len() <= 4 && !has_separator(&tb[..body]) {
        return true;
    }
    // A line that spans columns to the edge of the page: no line of the section is wider.
    let (la, lb) = (a.last, b.first);
    wider_than(cols, la, reference.column[la])
        && cols.width[lb] < cols.width[la]
        && !has_separator(ta)
        && cols.width[la] >= reference.widest
}

/// `blocks.headline_wraps`: did the layout wrap one headline over `a` and `b`?
pub fn headline_wraps(a: &RawBlock, b: &RawBlock, layout: &Layout) -> bool {
    let cols = &layout.columns;
    let mut column = vec![0; cols.set_width.len()];
    // The nearest set width at or above a.last (Python walks back from it).
    let mut k = a.last;
    loop {
        if cols.set_width[k] != 0 || k == 0 {
            column[a.last] = cols.set_width[k];
            break;
        }
        k -= 1;
    }
    let widest = cols.width.iter().copied().max().unwrap_or(0);
    wraps(a, b, cols, &Reference { column, widest })
}

/// `blocks._OPEN_HEADLINE_ENDS`: the marks a headline's first line may end
/// with where the layout wrapped it after a pause.
const OPEN_HEADLINE_ENDS: &[u32] = cps!("，,—");

/// `blocks.headline_opens`: is the one-line paragraph `a` the first line of
/// the headline `b`, wrapped after a comma or a dash?
pub fn headline_opens(a: &RawBlock, b: &RawBlock, options: &Options) -> bool {
    if a.first != a.last
        || a.role.is_some()
        || a.dateline != 0
        || b.role == Some(Role::Subtitle)
        || !last_in(&a.text, OPEN_HEADLINE_ENDS)
    {
        return false;
    }
    is_headline_text(&join_iter([a.text.as_slice(), b.text.as_slice()]), options)
}

/// A placeholder left where a block was taken out of a vector.
fn taken() -> RawBlock {
    RawBlock::new(0, 0, Vec::new(), 0)
}

/// `blocks._cells`: does `text` read as a field (a colon in it) or a row of
/// a flattened table (two runs of text apart by white space, one of two
/// characters or more)?
fn cells(text: &[u32]) -> bool {
    if text.iter().any(|&c| c == '：' as u32 || c == ':' as u32) {
        return true;
    }
    let classes = chars::Classes::get();
    let (mut runs, mut long, mut len) = (0, false, 0);
    for &c in text.iter().chain(std::iter::once(&(' ' as u32))) {
        if classes.is(c, chars::PY_SPACE) {
            if len > 0 {
                runs += 1;
                long |= len >= 2;
            }
            len = 0;
        } else {
            len += 1;
        }
    }
    runs >= 2 && long
}

/// `rule in blocks.TABLE_RULES`: the layout set the line apart as a table's.
fn table_rule(rule: Rule) -> bool {
    matches!(rule, Rule::TableRow | Rule::TableCell)
}

/// `blocks._table_line`: did the layout set `b` apart as a line of a table,
/// from the lines before and after it?
fn table_line(b: &RawBlock, layout: &Layout) -> bool {
    let rules = &layout.rules;
    table_rule(rules[b.first]) && (b.last + 1 == rules.len() || table_rule(rules[b.last + 1]))
}

/// `blocks._merge_headline_columns`: a headline set in a narrow box.
fn merge_headline_columns(mut blocks: Vec<RawBlock>, layout: &Layout, options: &Options) -> Vec<RawBlock> {
    let cols = &layout.columns;
    let gap = &layout.features.gap;
    let max = options.max_headline_chars;
    let kinds = &layout.features.kind; // (a Markdown line stays a block of its own)
    let single = |b: &RawBlock| {
        b.kind == Kind::Headline && b.first == b.last && b.role.is_none() && kinds[b.first] != Some(LineKind::Markdown)
    };
    let mut out: Vec<RawBlock> = Vec::with_capacity(blocks.len());
    let n = blocks.len();
    let mut i = 0;
    while i < n {
        let b = &blocks[i];
        if single(b) && cols.width[b.first] >= 3 * CHAR {
            let w = cols.width[b.first];
            // Python scans the whole run; past `max` characters but spaces
            // and tabs the joined text cannot read as a headline (read on its
            // letter probe, it keeps every other character), so the scan may
            // stop there.
            let solid = |t: &[u32]| t.iter().filter(|&&c| c != 0x20 && c != 0x09).count() as i64;
            let mut total = solid(&b.text);
            let mut too_long = total > max;
            let follows = |j: usize| {
                let x = &blocks[j];
                single(x)
                    && gap[x.first] == 0
                    && x.first == blocks[j - 1].last + 1
                    && !opens_next_item(&blocks[j - 1].text, &x.text)
                    && !table_rule(layout.rules[x.first])
            };
            let mut j = i + 1;
            while !too_long && j < n && follows(j) && (cols.width[blocks[j].first] - w).abs() <= HANG {
                total += solid(&blocks[j].text);
                too_long = total > max;
                j += 1;
            }
            if !too_long && j < n && follows(j) && cols.width[blocks[j].first] < w {
                j += 1;
            }
            if !too_long && j - i >= 3 && blocks[i..j].iter().filter(|x| cells(&x.text)).count() < 2 {
                let text = join_iter(blocks[i..j].iter().map(|x| x.text.as_slice()));
                if is_headline_text(&text, options) {
                    let mut head = std::mem::replace(&mut blocks[i], taken());
                    for x in &blocks[i + 1..j] {
                        head.set_join(x.first, "headline_box");
                        head.update_joins(&x.joins);
                    }
                    head.last = blocks[j - 1].last;
                    head.text = text;
                    head.rule = "wrapped_headline";
                    out.push(head);
                    i = j;
                    continue;
                }
            }
        }
        out.push(std::mem::replace(&mut blocks[i], taken()));
        i += 1;
    }
    out
}

/// `Layout.region_output`: `decide::region_separated` of the section, read once.
fn region_output(layout: &Layout) -> bool {
    *layout
        .regions
        .get_or_init(|| region_separated(&layout.lines, &layout.features, &layout.columns))
}

/// `blocks.merge_wrapped_headlines`: join headline lines that the layout
/// wrapped — not across a blank line in region by region output, where a
/// wrapped headline is one region.
pub fn merge_wrapped_headlines(blocks: Vec<RawBlock>, layout: &Layout, options: &Options) -> Vec<RawBlock> {
    if layout.features.rendered {
        return blocks; // reflowed text: a block a line already (`layout.reads_as_rendered`)
    }
    let blocks = merge_headline_columns(blocks, layout, options);
    let cols = &layout.columns;
    let mut reference: Option<Reference> = None;
    let mut out: Vec<RawBlock> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let Some(prev) = out.last_mut() {
            if matches!(prev.kind, Kind::Headline | Kind::Paragraph)
                && block.kind == Kind::Headline
                && (prev.text.len() + block.text.len()) as i64 <= options.max_headline_chars
                && layout.features.kind[prev.last] != Some(LineKind::Markdown)
                && layout.features.kind[block.first] != Some(LineKind::Markdown)
                && !table_rule(layout.rules[block.first])
            {
                let joined = if prev.kind == Kind::Headline {
                    let reference = reference.get_or_insert_with(|| column_above(cols));
                    wraps(prev, &block, cols, reference)
                } else {
                    headline_opens(prev, &block, options)
                };
                // Region output: a wrapped headline is one region, a blank line parts two
                // (read once, where a join across a blank line asks).
                let joined = joined && !(layout.features.gap[block.first] != 0 && region_output(layout));
                if joined {
                    prev.set_join(block.first, "wrapped_headline");
                    prev.update_joins(&block.joins);
                    prev.last = block.last;
                    let joined = join_iter([prev.text.as_slice(), block.text.as_slice()]);
                    prev.dateline = joined_dateline(prev.dateline, &prev.text, &joined);
                    prev.text = joined;
                    prev.rule = "wrapped_headline";
                    // (two headline lines that read whole as a byline are one: （沈 / 曉）, see block_byline)
                    if layout::reads_as_byline(&prev.text) {
                        prev.kind = Kind::Byline;
                        prev.role = None;
                    } else {
                        prev.kind = Kind::Headline;
                        if prev.role == Some(Role::Kicker) {
                            prev.role = block.role; // the kicker was the title's first half
                        }
                    }
                    continue;
                }
            }
        }
        out.push(block);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code_points as cp;

    /// The doctest of `blocks._cells`, on the native side.
    #[test]
    fn fields_and_rows() {
        for yes in ["地址：湖南省株洲市", "北京 43760 5.2%", "北京 5.2%", "芦淞 12"] {
            assert!(cells(&cp(yes)), "{yes}");
        }
        for no in ["人 民 军 队", "受辱”事件發"] {
            assert!(!cells(&cp(no)), "{no}");
        }
    }

    fn join(parts: &[&str]) -> String {
        let v: Vec<Vec<u32>> = parts.iter().map(|s| cp(s)).collect();
        let r: Vec<&[u32]> = v.iter().map(|s| s.as_slice()).collect();
        join_texts(&r).iter().map(|&c| char::from_u32(c).unwrap()).collect()
    }

    #[test]
    fn count_of_three_is_count_in() {
        let set = cps!("，、,");
        for s in ["", "甲", "甲，乙、丙,丁", "，，，，", ",a,b,", "、"] {
            let text = cp(s);
            let three = count_of_three(&text, [set[0], set[1], set[2]]);
            assert_eq!(three, count_in(&text, set), "{s}");
        }
    }

    #[test]
    fn join_texts_doc() {
        assert_eq!(
            join(&["在学林街道校地党建", "联盟疫情防控"]),
            "在学林街道校地党建联盟疫情防控"
        );
        // A letter-spaced run the line end cut, a number in it too, keeps its space.
        assert_eq!(join(&["人 民 军", "队 的"]), "人 民 军 队 的");
        assert_eq!(join(&["单 价 6 0", "0 元 / 天"]), "单 价 6 0 0 元 / 天");
        assert_eq!(
            join(&["an English paragraph,", "wrapped at sixty"]),
            "an English paragraph, wrapped at sixty"
        );
        assert_eq!(
            join(&["逆水行舟用力撑,", "一篙松劲退千寻"]),
            "逆水行舟用力撑,一篙松劲退千寻"
        );
        assert_eq!(join(&["紧急下达专项资金 1017", "4万元"]), "紧急下达专项资金 10174万元");
        assert_eq!(join(&["in 2019", "20 people"]), "in 2019 20 people");
        assert_eq!(
            join(&["同比增长0.", "9%，总产量13,", "390亿斤"]),
            "同比增长0.9%，总产量13,390亿斤"
        );
        assert_eq!(join(&["grew by 3.", "5 percent"]), "grew by 3. 5 percent");
        assert_eq!(join(&["well-", "known"]), "well-known");
        assert_eq!(
            join(&["市民可登录网站http://www.z", "z.gov.cn/service/index.h", "tml查询"]),
            "市民可登录网站http://www.zz.gov.cn/service/index.html查询"
        );
        assert_eq!(
            join(&["详情请访问ht", "tps://example.com"]),
            "详情请访问https://example.com"
        );
        assert_eq!(join(&["邮箱zhangsan@16", "3.com"]), "邮箱zhangsan@163.com");
        assert_eq!(join(&["邮箱zh", "angsan@163.com"]), "邮箱zhangsan@163.com");
        assert_eq!(
            join(&["see http://x.com/a", "for details"]),
            "see http://x.com/a for details"
        );
        assert_eq!(join(&["请访问 at", "http://x.com"]), "请访问 at http://x.com");
        assert_eq!(join(&[]), "");
    }

    #[test]
    fn headline_text_doc() {
        let o = Options::default();
        assert!(is_headline_text(&cp("多方筹措，确保物资及时供应"), &o));
        assert!(!is_headline_text(&cp("实现社区全覆盖，"), &o));
        assert!(!is_headline_text(&cp("It ends here."), &o));
        assert!(is_headline_text(&cp("U.S. 3."), &o));
        assert!(!is_headline_text(&cp("一，二，三，四"), &o));
        assert!(!is_headline_text(&cp(""), &o));
        assert!(!is_headline_text(&cp("”"), &o));
        assert!(!is_headline_text(&cp("a."), &o));
    }

    #[test]
    fn a_dateline_cut_inside_its_credit_is_read_on_the_joined_text() {
        // (`blocks.joined_dateline`'s doctest.)
        assert_eq!(joined_dateline(0, &cp("本报讯（记"), &cp("本报讯（记者雪）\u{3000}们")), 8);
        assert_eq!(joined_dateline(0, &cp("记者"), &cp("记者雪")), 0);
        assert_eq!(joined_dateline(3, &cp("日报讯\u{3000}（记"), &cp("日报讯\u{3000}（记者")), 7);
    }

    #[test]
    fn a_headline_text_is_measured_without_its_spaces() {
        // (`blocks.is_headline_text`'s doctest: 76 characters, 28 not spaces.)
        let o = Options::default();
        let phrases = ["全力以赴", "保障供应", "稳定物价", "服务民生", "筑牢防线", "守护健康", "共克时艰"];
        assert!(is_headline_text(&cp(&phrases.join("        ")), &o));
        // Past the window that is read first (mostly spaces), the whole text is counted.
        let wide = format!("{}{}", " ".repeat(300), "字".repeat(65));
        assert!(!is_headline_text(&cp(&wide), &o));
        let wide = format!("{}{}", " ".repeat(300), "字".repeat(64));
        assert!(is_headline_text(&cp(&wide), &o));
    }

    #[test]
    fn separators_and_balance() {
        assert!(has_separator(&cp("a—b")));
        assert!(!has_separator(&cp("ab")));
        assert!(unbalanced(&cp("《政协委员")));
        assert!(!unbalanced(&cp("《政协》")));
    }

    /// A layout of `lines` (gap before each) read with features that say
    /// which lines are headline-like, no columns, the given rules.
    fn layout(lines: &[&str], gaps: &[i64], rules: Vec<crate::model::Rule>) -> Layout {
        use crate::model::{Features, Lines};
        let mut t = Lines::default();
        for (k, s) in lines.iter().enumerate() {
            t.append(cp(s), 0, 0, k as i64, gaps[k], 0, false, 0);
        }
        let n = lines.len();
        let f = Features {
            kind: vec![None; n],
            terminal: vec![false; n],
            clause: vec![false; n],
            open_end: vec![false; n],
            dateline: vec![0; n],
            headline_like: vec![false; n],
            ascii: vec![0; n],
            gap: gaps.to_vec(),
            continues: vec![false; n],
            ..Default::default()
        };
        let columns = Columns {
            width: t.width.clone(),
            set_width: vec![0; n],
            spread: HANG,
            ..Default::default()
        };
        Layout {
            lines: t,
            features: f,
            columns,
            rules,
            regions: Default::default(),
        }
    }

    fn read(layout: &Layout) -> Vec<(String, &'static str, Option<&'static str>, &'static str)> {
        let o = Options::default();
        let mut raw = group(layout);
        classify(&mut raw, layout, &o);
        merge_wrapped_headlines(raw, layout, &o)
            .iter()
            .map(|b| {
                let text = b.text.iter().map(|&c| char::from_u32(c).unwrap()).collect();
                (text, b.kind.name(), b.role.map(|r| r.name()), b.rule)
            })
            .collect()
    }

    #[test]
    fn headline_box_and_wrapped_headline() {
        use crate::model::Rule::*;
        // 廣州女律師“ / 受辱”事件發 / 生一個月維權 / 遇困境: one headline in a narrow box.
        let l = layout(
            &["廣州女律師“", "受辱”事件發", "生一個月維權", "遇困境"],
            &[0, 0, 0, 0],
            vec![Start, NoColumn, NoColumn, NoColumn],
        );
        let blocks = read(&l);
        assert_eq!(
            blocks,
            [(
                "廣州女律師“受辱”事件發生一個月維權遇困境".to_string(),
                "headline",
                None,
                "wrapped_headline"
            )]
        );
        let mut raw = group(&l);
        classify(&mut raw, &l, &Options::default());
        let merged = merge_wrapped_headlines(raw, &l, &Options::default());
        assert_eq!(
            merged[0].joins,
            [(1, "headline_box"), (2, "headline_box"), (3, "headline_box")]
        );
        // A line that ends with 的 goes on into the next headline line.
        let l = layout(
            &["学习贯彻总书记的", "重要讲话精神"],
            &[0, 0],
            vec![Start, HeadlineLine],
        );
        assert_eq!(
            read(&l),
            [(
                "学习贯彻总书记的重要讲话精神".to_string(),
                "headline",
                None,
                "wrapped_headline"
            )]
        );
        // Two complete parallel lines are not wrapped.
        let l = layout(
            &["落实各项防控措施", "全力切断传播途径"],
            &[0, 0],
            vec![Start, HeadlineLine],
        );
        assert_eq!(read(&l).len(), 2);
    }

    #[test]
    fn kicker_subtitle_subheading() {
        use crate::model::Rule::*;
        let l = layout(
            &[
                "传递抗疫力量……",
                "政协委员的抗“疫”足迹",
                "——记某某",
                "正文开始，写完了。",
                "多方筹措，确保物资及时供应",
                "正文又开始，写完了。",
            ],
            &[0, 0, 0, 1, 0, 0],
            vec![
                Start,
                HeadlineLine,
                HeadlineLine,
                HeadlineApart,
                ShortLine,
                HeadlineLine,
            ],
        );
        let blocks = read(&l);
        let kinds: Vec<_> = blocks.iter().map(|b| (b.1, b.2, b.3)).collect();
        assert_eq!(
            kinds,
            [
                ("headline", Some("kicker"), "kicker"),
                ("headline", None, "block_headline"),
                ("headline", Some("subtitle"), "block_headline"),
                ("paragraph", None, "block_paragraph"),
                ("subheading", None, "subheading"),
                ("paragraph", None, "block_paragraph"),
            ]
        );
    }

    #[test]
    fn lone_name_beside_a_headline() {
        use crate::model::Rule::*;
        // 朱理平 under a commentary's title is its byline; 疫情防控 is no name.
        let l = layout(
            &["让城市更有温度", "朱理平", "疫情防控"],
            &[0, 0, 1],
            vec![Start, HeadlineLine, HeadlineApart],
        );
        let kinds: Vec<_> = read(&l).iter().map(|b| (b.1, b.3)).collect();
        assert_eq!(
            kinds,
            [
                ("headline", "block_headline"),
                ("byline", "lone_name"),
                ("headline", "block_headline")
            ]
        );
        // 凌晨 leads with a surname but is a word: no name (a wrapped headline's tail).
        let l = layout(
            &["全市防汛抢险队伍连续奋战至今天", "凌晨", "疫情防控"],
            &[0, 0, 1],
            vec![Start, HeadlineLine, HeadlineApart],
        );
        assert!(read(&l).iter().all(|b| b.1 != "byline"));
    }

    #[test]
    fn long_inputs_stay_linear() {
        use crate::model::Rule;
        // 200 000 headline lines of one width, no column: every scan stays short.
        let n = 200_000;
        let lines = vec!["疫情防控工作"; n];
        let l = layout(&lines, &vec![0; n], vec![Rule::HeadlineLine; n]);
        let o = Options::default();
        let mut raw = group(&l);
        classify(&mut raw, &l, &o);
        let merged = merge_wrapped_headlines(raw, &l, &o);
        assert!(merged.len() < n && !merged.is_empty());
        let rules = crate::decide::decide(&l.lines, &l.features, &l.columns, &o);
        assert_eq!(rules.len(), n);
        // One line of five million characters.
        let big: String = "中文，".repeat(1_700_000);
        let l = layout(&[big.as_str()], &[0], vec![Rule::Start]);
        let mut raw = group(&l);
        classify(&mut raw, &l, &o);
        assert_eq!(raw[0].kind, Kind::Paragraph);
    }
}
