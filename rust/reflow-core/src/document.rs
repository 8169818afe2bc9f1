//! The pipeline (`document.py`'s `Reflower`): sections, each section's
//! reading and settling, the finished block table, the counts, the
//! rendering. OWNER: the document port.
//!
//! - [`sections`]: `lines.sections`, the content-defined cuts of a text.
//! - [`Normalizer`]: `normalize.Normalizer`'s choice of text rules per block
//!   kind under [`Options`] (the rules themselves are `normalize.rs`).
//! - [`read`]: `Reflower.parse` as a block table and its stats.
//! - [`reflow_text`]: `render.render_text` with `articles=False`: the text
//!   `reflow()` prints, its stats and jump markers, section by section.
//!
//! The stages of a section's reading (`layout`, `decide`, `blocks`) are
//! reached through [`Stages`], so that the pipeline's own logic (settling,
//! finishing, rendering) can be tested on hand-built blocks.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::blocks;
use crate::chars::{self, Classes, PY_SPACE};
use crate::decide;
use crate::layout;
use crate::lines;
use crate::model::{JumpMarker, Kind, Layout, LineTexts, Lines, Options, RawBlock, Role, Rule, Spacing, Text};
use crate::normalize::{self, Rule as TextRule};

/// `document.MAX_SETTLE`: rounds of reading a section's rendering.
pub const MAX_SETTLE: usize = 3;

/// `document.MAX_RENDERED_ROUNDS`: rounds of asking a rendering that reads
/// as reflowed text for its joins (a text built to join one pair a round
/// would otherwise cost a round a line).
pub const MAX_RENDERED_ROUNDS: usize = 8;

/// `lines.SECTION_CHARS`.
pub const SECTION_CHARS: usize = 50_000;

/// `chars.NO_LINE_START`: punctuation that never opens a line.
pub const NO_LINE_START: &str = "，。、；：？！）」』》〉】〕〗”’…%‰℃,.;:?!)";

/// The names of the later passes' joins (`_decisions`), besides the layout's rules.
pub const LATER_PASSES: [&str; 5] = ["section", "settled", "wrapped_headline", "headline_box", "merged"];

const NL: u32 = '\n' as u32;
const FF: u32 = '\u{c}' as u32;
const CR: u32 = '\r' as u32;

/// `model.runs_on`: does a block whose text is `text` go on on the rendered
/// line whose last block is of kind `before` (None: there is none)? Where it
/// opens with a mark no line opens with, unless that line is its block's own
/// ([`Kind::owns_line`]); never a Markdown image (a line of Markdown is a
/// block of its own).
pub fn runs_on(text: &[u32], before: Option<Kind>) -> bool {
    starts_no_line_start(text) && !before.is_some_and(Kind::owns_line) && !crate::chars::is_markdown_line(text)
}

/// `text[:1] in NO_LINE_START` (true for an empty text, as in Python: `"" in s`).
pub fn starts_no_line_start(text: &[u32]) -> bool {
    match text.first() {
        None => true,
        Some(&c) => is_no_line_start(c),
    }
}

fn is_no_line_start(c: u32) -> bool {
    decide::in_set(c, decide::NO_LINE_START) // the same set as code points
}

// --------------------------------------------------------------------------
// Sections (lines.sections)
// --------------------------------------------------------------------------

fn is_ender(c: u32) -> bool {
    matches!(c, 0x3002 | 0xFF01 | 0xFF1F | 0x2026) // 。！？…
}

fn is_closer(c: u32) -> bool {
    matches!(c, 0x201D | 0x2019 | 0x300D | 0x300F | 0xFF09 | 0x29) // ”’」』）)
}

fn is_cut_space(c: u32) -> bool {
    matches!(c, 0x20 | 0x09 | 0x3000)
}

/// `\r?\n` at `q` (text ends at `hi`): the position after it.
fn newline_at(text: &[u32], q: usize, hi: usize) -> Option<usize> {
    if q < hi && text[q] == CR {
        (q + 1 < hi && text[q + 1] == NL).then_some(q + 2)
    } else {
        (q < hi && text[q] == NL).then_some(q + 1)
    }
}

fn skip_spaces(text: &[u32], mut q: usize, hi: usize) -> usize {
    while q < hi && is_cut_space(text[q]) {
        q += 1;
    }
    q
}

/// `[。！？…][”’」』）)]{0,3}[ \t\u3000]*+\r?\n` (then, with `blank`,
/// `[ \t\u3000]*+\r?\n` again) searched in `text[lo:hi]`: the end of the
/// leftmost match. Every part of the pattern is deterministic (the classes
/// are disjoint), so the match at a start is one scan; each run of spaces is
/// scanned from one start at most, so the search is linear.
fn sentence_end_cut(text: &[u32], lo: usize, hi: usize, blank: bool) -> Option<usize> {
    for p in lo..hi {
        if !is_ender(text[p]) {
            continue;
        }
        let mut q = p + 1;
        let mut k = 0;
        while k < 3 && q < hi && is_closer(text[q]) {
            q += 1;
            k += 1;
        }
        let Some(mut q) = newline_at(text, skip_spaces(text, q, hi), hi) else {
            continue;
        };
        if blank {
            match newline_at(text, skip_spaces(text, q, hi), hi) {
                Some(e) => q = e,
                None => continue,
            }
        }
        return Some(q);
    }
    None
}

fn char_cut(text: &[u32], lo: usize, hi: usize, c: u32) -> Option<usize> {
    text[lo..hi].iter().position(|&x| x == c).map(|i| lo + i + 1)
}

/// Where the code points of a text come from: a slice, or (in the binding) a
/// Python `str` read one section at a time, so that a 100 MB text is never
/// copied whole. Indices are code points, as Python's string indices.
pub trait Source {
    /// What reading can fail with (nothing, for a slice).
    type Error;
    /// The number of code points.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The code points `[start, end)` (`start <= end <= len`).
    fn read(&mut self, start: usize, end: usize) -> Result<Cow<'_, [u32]>, Self::Error>;
    /// The index of the first `c` in `[start, end)`.
    fn find(&mut self, c: u32, start: usize, end: usize) -> Result<Option<usize>, Self::Error>;
}

impl Source for &[u32] {
    type Error = std::convert::Infallible;
    fn len(&self) -> usize {
        <[u32]>::len(self)
    }
    fn read(&mut self, start: usize, end: usize) -> Result<Cow<'_, [u32]>, Self::Error> {
        Ok(Cow::Borrowed(&self[start..end]))
    }
    fn find(&mut self, c: u32, start: usize, end: usize) -> Result<Option<usize>, Self::Error> {
        Ok(self[start..end].iter().position(|&x| x == c).map(|i| start + i))
    }
}

/// `lines.sections(text, size)` one section at a time: the `[start, end)`
/// sections the layout reads on their own (a page; a page over 1.5 × `size`
/// characters cut further at the first paragraph end at least `size`
/// characters in). It reads no more of the source than the stretch where a
/// cut is looked for (at most `size` code points) and the next form feed.
#[derive(Debug, Clone)]
pub struct SectionCuts {
    size: usize,
    start: usize,
    page_end: usize,
    started: bool,
}

impl SectionCuts {
    /// `size` 0 is [`SECTION_CHARS`].
    pub fn new(size: usize) -> SectionCuts {
        let size = if size == 0 { SECTION_CHARS } else { size };
        SectionCuts {
            size,
            start: 0,
            page_end: 0,
            started: false,
        }
    }

    /// The next section of `source` (an empty text is one empty section).
    pub fn next<S: Source>(&mut self, source: &mut S) -> Result<Option<(usize, usize)>, S::Error> {
        let n = source.len();
        let first = !self.started;
        self.started = true;
        let start = self.start;
        if start >= n {
            return Ok(first.then_some((0, n)));
        }
        if start >= self.page_end {
            self.page_end = match source.find(FF, start, n)? {
                Some(i) => i + 1,
                None => n,
            };
        }
        let (size, page_end) = (self.size, self.page_end);
        let end = if page_end - start > size + size / 2 {
            let (lo, hi) = (start + size, page_end.min(start + 2 * size));
            let cut = {
                let window = source.read(lo, hi)?;
                let w: &[u32] = &window;
                let k = hi - lo;
                sentence_end_cut(w, 0, k, true)
                    .or_else(|| char_cut(w, 0, k, FF))
                    .or_else(|| sentence_end_cut(w, 0, k, false))
                    .or_else(|| char_cut(w, 0, k, NL))
                    .map(|i| lo + i)
            };
            match cut {
                Some(end) => end,
                None => source.find(NL, hi, page_end)?.map_or(page_end, |i| i + 1),
            }
        } else {
            page_end
        };
        self.start = end;
        Ok(Some((start, end)))
    }
}

/// All the sections of `text` ([`SectionCuts`]); `size` 0 is [`SECTION_CHARS`].
pub fn sections(text: &[u32], size: usize) -> Vec<(usize, usize)> {
    let mut cuts = SectionCuts::new(size);
    let mut source = text;
    let mut bounds = Vec::new();
    while let Ok(Some(bound)) = cuts.next(&mut source) {
        bounds.push(bound);
    }
    bounds
}

/// `normalize.count_suspect`: private-use and replacement characters.
///
/// Every code point of every section is tested: the three ranges as
/// compares ([`chars::count_where`]; a `filter().count()` over the
/// `matches!` was 1.5% of parse()). The planes 15 and 16 are one test: a code point
/// from U+F0000 on whose low 16 bits are not FFFE or FFFF.
pub fn count_suspect(text: &[u32]) -> usize {
    chars::count_where(text, |c| {
        (c.wrapping_sub(0xE000) <= 0xF8FF - 0xE000)
            | ((0xF0000..=0x10FFFF).contains(&c) & (c & 0xFFFF <= 0xFFFD))
            | (c == 0xFFFD)
    })
}

/// `lines.split_lines(text)` with each line's text (`model::Lines`).
pub fn split_lines(text: &[u32]) -> Lines {
    split_lines_counted(text).0
}

/// [`split_lines`], with the text's `len(text.splitlines())` and form
/// feeds ([`lines::line_table_counted`]).
fn split_lines_counted(text: &[u32]) -> (Lines, i64, i64) {
    let (t, line_count, page_count) = lines::line_table_counted(text);
    let mut texts = LineTexts::with_capacity(t.len(), text.len());
    for (&a, &b) in t.start.iter().zip(&t.end) {
        texts.push(text.get(a as usize..b as usize).unwrap_or(&[]));
    }
    let lines = Lines {
        text: texts,
        page_break: t.page_break.iter().map(|&x| x != 0).collect(),
        start: t.start,
        end: t.end,
        number: t.number,
        gap: t.gap,
        page: t.page,
        width: t.width,
        indent: t.indent,
    };
    (lines, line_count, page_count)
}

// --------------------------------------------------------------------------
// The normalizer (normalize.Normalizer)
// --------------------------------------------------------------------------

/// The kinds `normalize.PIPELINE` has rules for: the block kinds and "dateline".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Block(Kind),
    Dateline,
}

impl TextKind {
    fn index(self) -> usize {
        match self {
            TextKind::Block(k) => k as usize,
            TextKind::Dateline => Kind::ALL.len(),
        }
    }
}

/// A rule and the Options field that switches it.
type Switched = (TextRule, fn(&Options) -> bool);

/// The rules `normalize.PIPELINE[kind]` lists, with the Options switch of each.
fn pipeline(kind: TextKind) -> Vec<Switched> {
    let legacy: Switched = (TextRule::FoldLegacyCodePoints, |o| o.fold_legacy);
    let fullwidth: Switched = (TextRule::FoldFullwidthAlnum, |o| o.fold_fullwidth_alnum);
    let spacing = |r: TextRule| -> Switched { (r, |o| o.fix_spacing) };
    let widen: Switched = (TextRule::WidenPunctuation, |o| o.fix_punctuation_width);
    let mut rules = vec![legacy, fullwidth];
    match kind {
        TextKind::Block(Kind::Paragraph) => rules.extend([
            spacing(TextRule::SqueezeCjkSpaces),
            spacing(TextRule::CollapseLetterSpacing),
            widen,
            spacing(TextRule::RemoveCjkSpaces),
        ]),
        // (A dateline loses the spaces a headline loses: see normalize.PIPELINE.)
        TextKind::Block(Kind::Headline | Kind::Subheading | Kind::Caption) | TextKind::Dateline => rules.extend([
            spacing(TextRule::SqueezeSpaces),
            spacing(TextRule::CollapseLetterSpacing),
            widen,
            spacing(TextRule::RemoveHeadlineSpaces),
        ]),
        TextKind::Block(Kind::Byline | Kind::Furniture) => rules.extend([
            spacing(TextRule::SqueezeSpaces),
            spacing(TextRule::CollapseLetterSpacing),
            widen,
        ]),
        TextKind::Block(Kind::Marker) => rules.push(spacing(TextRule::DropSpaces)),
    }
    rules
}

/// A rule list for each text kind (indexed by `TextKind::index`), shared.
type Pipelines = Arc<[Vec<TextRule>]>;

/// `normalize.Normalizer`: the rules per kind under one set of Options, and
/// (with `count`) the characters each rule changed, by rule, in the order
/// the rules first changed something (Python's dict order).
#[derive(Debug, Clone)]
pub struct Normalizer {
    pipelines: Pipelines,
    count: bool,
    pub counts: Vec<(&'static str, usize)>,
    /// `options.max_headline_chars`, for [`spacing_kind`].
    max_headline_chars: i64,
}

thread_local! {
    /// The pipelines of the options last asked for on this thread (folded or
    /// not): a section, and every page of a batch, makes a normalizer, and
    /// building its dozen rule lists cost more than normalizing a short page's
    /// headlines.
    static PIPELINES: RefCell<Vec<(Options, bool, Pipelines)>> = const { RefCell::new(Vec::new()) };
}

/// The rules of each text kind under `options` (`folded`: without the two
/// folds, see [`Normalizer::for_folded`]), built once a thread for the
/// options in use.
fn pipelines_for(options: &Options, folded: bool) -> Pipelines {
    PIPELINES.with(|cell| {
        let mut cache = cell.borrow_mut();
        if let Some((_, _, found)) = cache.iter().find(|(o, f, _)| *f == folded && o == options) {
            return Arc::clone(found);
        }
        let built: Pipelines = build_pipelines(options, folded).into();
        if cache.len() >= 8 {
            cache.remove(0);
        }
        cache.push((options.clone(), folded, Arc::clone(&built)));
        built
    })
}

fn build_pipelines(options: &Options, folded: bool) -> Vec<Vec<TextRule>> {
    let mut kinds: Vec<TextKind> = Kind::ALL.iter().map(|&k| TextKind::Block(k)).collect();
    kinds.push(TextKind::Dateline);
    kinds
        .iter()
        .map(|&kind| {
            let mut chosen: Vec<TextRule> = if options.normalize {
                pipeline(kind)
                    .into_iter()
                    .filter(|(_, on)| on(options))
                    .map(|(r, _)| r)
                    .collect()
            } else {
                Vec::new()
            };
            let latin = matches!(
                kind,
                TextKind::Block(Kind::Paragraph | Kind::Subheading | Kind::Headline | Kind::Caption)
            );
            if options.normalize && latin && options.cjk_latin_spacing != Spacing::Keep {
                // `normalize._with_latin_spacing`: the spaces between Chinese and
                // Latin out right after the folds; "add" puts one back last.
                let folds = chosen
                    .iter()
                    .take_while(|r| matches!(r, TextRule::FoldLegacyCodePoints | TextRule::FoldFullwidthAlnum))
                    .count();
                chosen.insert(folds, TextRule::RemoveCjkLatinSpaces);
                if options.cjk_latin_spacing == Spacing::Add {
                    chosen.push(TextRule::AddCjkLatinSpaces);
                }
            }
            if folded {
                chosen.retain(|r| !matches!(r, TextRule::FoldLegacyCodePoints | TextRule::FoldFullwidthAlnum));
            }
            chosen
        })
        .collect()
}

impl Normalizer {
    pub fn new(options: &Options, count: bool) -> Normalizer {
        Normalizer {
            pipelines: pipelines_for(options, false),
            count,
            counts: Vec::new(),
            max_headline_chars: options.max_headline_chars,
        }
    }

    /// [`Normalizer::new`] for texts cut from a section that
    /// `fold_characters` folded under the same options (and joined with
    /// spaces): the two folds, which open every pipeline, find nothing left
    /// to change in them (the folds are idempotent: a test checks every code
    /// point), so they are not run.
    pub fn for_folded(options: &Options, count: bool) -> Normalizer {
        Normalizer {
            pipelines: pipelines_for(options, true),
            count,
            counts: Vec::new(),
            max_headline_chars: options.max_headline_chars,
        }
    }

    /// The rules run for `kind`, in order.
    pub fn rules(&self, kind: TextKind) -> &[TextRule] {
        &self.pipelines[kind.index()]
    }

    /// `Normalizer.__call__(text, kind)`.
    pub fn apply(&mut self, text: &[u32], kind: TextKind) -> Text {
        let rules = &self.pipelines[kind.index()];
        if rules.is_empty() {
            return text.to_vec();
        }
        let (out, changes) = normalize::apply(rules, text, self.count, false);
        if self.count {
            for change in changes {
                self.count_change(change.rule.name(), change.count);
            }
        }
        out.unwrap_or_else(|| text.to_vec())
    }

    /// `counts[name] += count`, as the dict does (a new name goes last).
    fn count_change(&mut self, name: &'static str, count: usize) {
        match self.counts.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 += count,
            None => self.counts.push((name, count)),
        }
    }

    /// Counts the changes of a rendering made before (see [`Rendered`]).
    pub fn count_changes(&mut self, changes: &[(&'static str, usize)]) {
        for &(name, count) in changes {
            self.count_change(name, count);
        }
    }
}

// --------------------------------------------------------------------------
// The stages
// --------------------------------------------------------------------------

/// The stages a section's reading runs (the other ports' modules); a test
/// puts simpler ones in their place.
pub trait Stages {
    /// `layout.split_markers`.
    fn split_markers(&self, t: Lines) -> (Lines, HashMap<usize, JumpMarker>);
    /// [`Stages::split_markers`], and true where it is `layout::split_markers`
    /// and kept every row as it was (`layout::split_markers_kept`): a settle
    /// round after a reflowed one may then ask only the lines the round
    /// changed (see [`RenderedRound`]). Stages of another split say false.
    fn split_markers_kept(&self, t: Lines) -> (Lines, HashMap<usize, JumpMarker>, bool) {
        let (t, found) = self.split_markers(t);
        (t, found, false)
    }
    /// `document._read_lines`: features, columns, decisions, then `group`,
    /// `classify`, `merge_wrapped_headlines`.
    fn read_lines(&self, t: Lines, found: HashMap<usize, JumpMarker>, options: &Options) -> (Layout, Vec<RawBlock>);
    /// [`Stages::read_lines`], with each line's own features taken from
    /// `cache` where it holds the line's text (the same result); `rendered`:
    /// the lines read a block a line whatever they hold (`_read_lines(...,
    /// rendered=True)`: a window of a rendering that reads so as a whole).
    fn read_lines_cached(
        &self,
        t: Lines,
        found: HashMap<usize, JumpMarker>,
        options: &Options,
        _cache: &mut layout::RowCache,
        _rendered: bool,
    ) -> (Layout, Vec<RawBlock>) {
        self.read_lines(t, found, options)
    }
    /// `blocks.classify`.
    fn classify(&self, blocks: &mut [RawBlock], layout: &Layout, options: &Options);
    /// `blocks.join_texts`.
    fn join_texts(&self, parts: &[&[u32]]) -> Text;
}

/// The native stages.
pub struct Native;

impl Stages for Native {
    fn split_markers(&self, t: Lines) -> (Lines, HashMap<usize, JumpMarker>) {
        layout::split_markers(t)
    }

    fn split_markers_kept(&self, t: Lines) -> (Lines, HashMap<usize, JumpMarker>, bool) {
        layout::split_markers_kept(t)
    }

    fn read_lines(&self, t: Lines, found: HashMap<usize, JumpMarker>, options: &Options) -> (Layout, Vec<RawBlock>) {
        read_native(t, found, options, None, false)
    }

    fn read_lines_cached(
        &self,
        t: Lines,
        found: HashMap<usize, JumpMarker>,
        options: &Options,
        cache: &mut layout::RowCache,
        rendered: bool,
    ) -> (Layout, Vec<RawBlock>) {
        read_native(t, found, options, Some(cache), rendered)
    }

    fn classify(&self, blocks: &mut [RawBlock], layout: &Layout, options: &Options) {
        blocks::classify(blocks, layout, options)
    }

    fn join_texts(&self, parts: &[&[u32]]) -> Text {
        blocks::join_texts(parts)
    }
}

/// `document._read_lines` on the native stages.
fn read_native(
    mut t: Lines,
    found: HashMap<usize, JumpMarker>,
    options: &Options,
    cache: Option<&mut layout::RowCache>,
    rendered: bool,
) -> (Layout, Vec<RawBlock>) {
    layout::drop_margin(&mut t);
    let mut features = layout::line_features_cached(&t, found, options, cache);
    features.rendered |= rendered;
    let columns = layout::segment_columns(&t, &features, options);
    let regions = std::sync::OnceLock::new();
    let rules = decide::decide_with(&t, &features, &columns, options, &regions);
    let layout = Layout {
        lines: t,
        features,
        columns,
        rules,
        regions,
    };
    let mut raw = blocks::group(&layout);
    blocks::classify(&mut raw, &layout, options);
    let raw = blocks::merge_wrapped_headlines(raw, &layout, options);
    (layout, raw)
}

// --------------------------------------------------------------------------
// A section
// --------------------------------------------------------------------------

/// `document._Section`: one section as read.
#[derive(Debug, Clone)]
pub struct Section {
    pub offset: i64,
    pub lines_before: i64,
    pub pages_before: i64,
    pub layout: Layout,
    pub raw: Vec<RawBlock>,
    /// The characters each fold changed (`fold_characters`' counts, in its order).
    pub folded: Vec<(&'static str, usize)>,
    /// `count_suspect` of the section's text (0 where the counts are not kept).
    pub suspect: usize,
    /// The settle step's rendering of each block, where it still fits the block.
    pub rendered: Vec<Option<Rendered>>,
    /// The lines were cut from the text `fold_characters` folded (under
    /// these options): see [`Normalizer::for_folded`].
    pub text_folded: bool,
    /// The section text's lines (`len(text.splitlines())`) and form feeds.
    pub line_count: i64,
    pub page_count: i64,
}

/// A finished block: `model.Block` with spans, lines and page of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: Kind,
    pub text: Text,
    pub span: (i64, i64),
    pub marker: Option<JumpMarker>,
    pub lines: (i64, i64),
    pub dateline: Option<Text>,
    pub role: Option<Role>,
    pub page: i64,
    pub glue: bool,
}

fn left_out(r: &RawBlock, options: &Options) -> bool {
    leaves_out(r.kind, options.keep_markers, options.keep_furniture)
}

/// Does reflow() leave a block of `kind` out of its text (a marker, or
/// furniture, unless kept)?
fn leaves_out(kind: Kind, keep_markers: bool, keep_furniture: bool) -> bool {
    (kind == Kind::Marker && !keep_markers) || (kind == Kind::Furniture && !keep_furniture)
}

/// `Reflower._final_text` (without `convert`): the block's text as reflow
/// prints it, and its dateline.
pub fn final_text(raw: &RawBlock, normalizer: &mut Normalizer) -> (Text, Option<Text>) {
    let n = if raw.kind == Kind::Paragraph { raw.dateline } else { 0 };
    if n == 0 {
        let kind = spacing_kind(raw.kind, &raw.text, normalizer.max_headline_chars);
        return (normalizer.apply(&raw.text, TextKind::Block(kind)), None);
    }
    let cut = n.min(raw.text.len());
    let (head, rest) = raw.text.split_at(cut);
    let cls = Classes::get();
    let spaced = rest.first().is_some_and(|&c| cls.is(c, PY_SPACE));
    let head = normalizer.apply(head, TextKind::Dateline);
    let lead = rest.iter().take_while(|&&c| cls.is(c, PY_SPACE)).count();
    let body = normalizer.apply(&rest[lead..], TextKind::Block(raw.kind));
    let mut text = Vec::with_capacity(head.len() + 1 + body.len());
    text.extend_from_slice(&head);
    if spaced {
        text.push(' ' as u32);
    }
    text.extend_from_slice(&body);
    (text, Some(head))
}

/// `document.spacing_kind`: the kind whose text rules a block's text goes
/// through — its own, but a headline or subheading whose text reads as
/// running text (`blocks::is_headline_text`) goes through a paragraph's, as
/// its line, read back, will.
pub fn spacing_kind(kind: Kind, text: &[u32], max_headline_chars: i64) -> Kind {
    if matches!(kind, Kind::Headline | Kind::Subheading)
        && !crate::blocks::headline_text_within(text, max_headline_chars)
    {
        Kind::Paragraph
    } else {
        kind
    }
}

/// `Reflower._read_section`: fold, split, read, settle. `count`: the counts
/// are kept, so the section's suspect characters are counted (a reader that
/// drops the counts, `reflow()`'s text alone, spares that pass over every
/// code point: 0.9% of its instructions, callgrind).
pub fn read_section<S: Stages>(
    stages: &S,
    text: &[u32],
    offset: i64,
    lines_before: i64,
    pages_before: i64,
    options: &Options,
    count: bool,
) -> Section {
    let mut folded = Vec::new();
    let mut folded_text = None;
    if options.normalize {
        let (out, n_legacy, n_fullwidth) =
            normalize::fold_characters(text, options.fold_legacy, options.fold_fullwidth_alnum);
        if n_legacy > 0 {
            folded.push((TextRule::FoldLegacyCodePoints.name(), n_legacy));
        }
        if n_fullwidth > 0 {
            folded.push((TextRule::FoldFullwidthAlnum.name(), n_fullwidth));
        }
        folded_text = out;
    }
    // (The folds map code points one for one and leave every line end: the
    // folded text's lines are the text's.)
    let (table, line_count, page_count) = split_lines_counted(folded_text.as_deref().unwrap_or(text));
    drop(folded_text);
    // (Lines printed a glyph to a line are one row: `layout.join_glyph_runs`.)
    let (table, glyphs) = layout::join_glyph_runs(table);
    let (table, found, kept) = stages.split_markers_kept(table);
    let kept = kept && !glyphs;
    let mut rows = layout::RowCache::new();
    let (layout, raw) = stages.read_lines_cached(table, found, options, &mut rows, false);
    let (raw, rendered) = settle_with(stages, raw, &layout, options, options.normalize, rows, kept);
    Section {
        offset,
        lines_before,
        pages_before,
        layout,
        raw,
        folded,
        suspect: if count { count_suspect(text) } else { 0 },
        rendered,
        text_folded: options.normalize,
        line_count,
        page_count,
    }
}

/// A block's text as reflow prints it ([`final_text`]), with the kind and
/// dateline length it was made for and what each text rule changed (by
/// rule, in the order the rules first changed something): the settle step
/// renders every block, and its rendering serves again where a block did not
/// change (the next round, the finished block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub kind: Kind,
    pub dateline_len: usize,
    pub text: Text,
    pub dateline: Option<Text>,
    pub changes: Vec<(&'static str, usize)>,
}

impl Rendered {
    /// Is this the rendering of `raw` as it is now? (A block's text changes
    /// only where settle merges, which drops its rendering.)
    fn fits(&self, raw: &RawBlock) -> bool {
        self.kind == raw.kind && self.dateline_len == raw.dateline
    }
}

/// [`final_text`] with what each rule changed (the normalizer counts).
pub fn render_block(raw: &RawBlock, normalizer: &mut Normalizer) -> Rendered {
    let saved = std::mem::take(&mut normalizer.counts);
    let (text, dateline) = final_text(raw, normalizer);
    let changes = std::mem::replace(&mut normalizer.counts, saved);
    Rendered {
        kind: raw.kind,
        dateline_len: raw.dateline,
        text,
        dateline,
        changes,
    }
}

/// `Reflower._settle`: where the section's own rendering would read with a
/// join, take that join now (at most [`MAX_SETTLE`] rounds, and one more
/// where a round only glued; none under `settle: false`). A rendering that
/// reads as reflowed text (`layout::reads_as_rendered`) is asked
/// `decide::rendered_joins` instead of read, round after round (not
/// counted in [`MAX_SETTLE`]; at most [`MAX_RENDERED_ROUNDS`]) until none
/// joins.
pub fn settle<S: Stages>(stages: &S, raw: Vec<RawBlock>, layout: &Layout, options: &Options) -> Vec<RawBlock> {
    settle_rendered(stages, raw, layout, options).0
}

/// [`settle`], and the rendering of each block where it is still the
/// block's (None where it is not, or the block was not rendered: a block
/// reflow() leaves out).
pub fn settle_rendered<S: Stages>(
    stages: &S,
    raw: Vec<RawBlock>,
    layout: &Layout,
    options: &Options,
) -> (Vec<RawBlock>, Vec<Option<Rendered>>) {
    settle_with(stages, raw, layout, options, false, layout::RowCache::new(), false)
}

/// [`settle_rendered`]; `folded`: the blocks' texts were cut from the folded
/// section (see [`Normalizer::for_folded`]); `kept`: the first reading's
/// split kept every row (`Stages::split_markers_kept`), so that a first
/// reading of reflowed text serves the first round as a round before would
/// ([`RenderedRound::of_reading`]).
#[allow(clippy::too_many_arguments)]
fn settle_with<S: Stages>(
    stages: &S,
    mut raw: Vec<RawBlock>,
    layout: &Layout,
    options: &Options,
    folded: bool,
    mut rows: layout::RowCache,
    kept: bool,
) -> (Vec<RawBlock>, Vec<Option<Rendered>>) {
    // The section's own lines as the first reading read them (when `rows`
    // holds them): a line that is a block of its own, and that its
    // rendering leaves as it is, is a line of the rendering read before.
    let mut section_rows = rows.take_last();
    if section_rows.len() != layout.lines.len() {
        section_rows.clear();
    }
    let mut normalizer = if folded {
        Normalizer::for_folded(options, true)
    } else {
        Normalizer::new(options, true)
    };
    let mut cache: Vec<Option<Rendered>> = vec![None; raw.len()];
    // Rounds that only glued (their rendering is read again): one of them is not counted.
    let mut glue_rounds = 0usize;
    // Rounds that read the rendering as a page (one that reads a block a line is not counted).
    let mut round = 0usize;
    // Rounds that asked a rendering read a block a line for its joins.
    let mut asked = 0usize;
    // The last round, where it asked a rendering read a block a line for its
    // joins and the next may take the lines it left unchanged from it.
    let mut kept_round: Option<RenderedRound> = None;
    // Where `kept_round` is kept: the line of its rendering each block stood in,
    // where the block is as it was then (None: joined, or left out).
    let mut origin: Vec<Option<usize>> = Vec::new();
    if let Some(first) = RenderedRound::of_reading(layout, kept) {
        // A first reading of reflowed text: its lines are the first round's.
        origin = raw.iter().map(|r| (r.first == r.last).then_some(r.first)).collect();
        kept_round = Some(first);
    }
    // The first round: the one whose rendering is asked for glyph runs.
    let mut first_round = true;
    // (Every round returns, or joins or glues lines: the rendering has fewer.)
    loop {
        // The rendering as reflow() prints it, its lines joined by "\n", and
        // the blocks each line shows.
        let mut rendering: Text = Vec::with_capacity(layout.lines.text.chars_in(0, layout.lines.len()) + raw.len());
        // Line j of the rendering shows the blocks members[line[j]..line[j + 1]].
        let mut members: Vec<usize> = Vec::with_capacity(raw.len());
        let mut line: Vec<usize> = Vec::with_capacity(raw.len() + 1);
        // Where line j of the rendering starts in it.
        let mut starts: Vec<usize> = Vec::with_capacity(raw.len() + 1);
        // Where `kept_round` is kept: line j of this rendering shows blocks that
        // all stood in line `same[j]` of its rendering (None: not so).
        let mut same: Vec<Option<usize>> = Vec::new();
        for (k, r) in raw.iter().enumerate() {
            if left_out(r, options) {
                continue;
            }
            let slot = &mut cache[k];
            if !slot.as_ref().is_some_and(|c| c.fits(r)) {
                *slot = Some(render_block(r, &mut normalizer));
            }
            let text: &[u32] = slot.as_ref().map_or(&[], |c| &c.text);
            let before = members.last().map(|&last| raw[last].kind);
            if line.is_empty() || !(runs_on(text, before) || r.glue) {
                if let (Some(&from), Some(&at)) = (line.last(), starts.last()) {
                    // (The line before, printed as read: its blocks' renderings are all made.)
                    if options.settle {
                        print_line(&mut rendering, at, &members[from..], &raw, &cache, &mut normalizer);
                    }
                    rendering.push(NL);
                }
                line.push(members.len());
                starts.push(rendering.len());
                if kept_round.is_some() {
                    same.push(origin[k]);
                }
            }
            if let Some(s) = same.last_mut() {
                if origin[k] != *s {
                    *s = None;
                }
            }
            members.push(k);
            rendering.extend_from_slice(cache[k].as_ref().map_or(&[], |c| &c.text));
        }
        if let (Some(&from), Some(&at)) = (line.last(), starts.last()) {
            if options.settle {
                print_line(&mut rendering, at, &members[from..], &raw, &cache, &mut normalizer);
            }
        }
        let m = line.len();
        line.push(members.len());
        if m < 2 {
            if m == 1 && options.settle && (members.len() > 1 || spaced_alone(&raw[members[0]], &rendering)) {
                // One line of several blocks, or of one that holds a space:
                // typed as it reads back (`_settle`).
                starts.push(rendering.len() + 1);
                take_kinds(stages, &mut raw, &rendering, &starts, &members, &line, options, &mut rows, false, true);
            }
            return (raw, cache);
        }
        starts.push(rendering.len() + 1); // (as if a line followed)
        if !options.settle {
            return (raw, cache); // (the rendering, which the finished blocks take up, never read)
        }
        let mut together = vec![false; m];
        let mut reread = None;
        // This round, where it asks a rendering read a block a line and the
        // next round may take its lines.
        let mut this_round: Option<RenderedRound> = None;
        // The rendering reads a block a line (`layout::reads_as_rendered`).
        let mut rendered = true;
        // A rendering that reads a block a line (`layout.reads_as_rendered`)
        // joins where its lines' text says so, and nowhere else: asked of its
        // lines, not read, until it joins nothing more. Its lines are the
        // last round's where they are unchanged (`RenderedRound::next`), else
        // read from it where each is one line of text (`reflowed_lines`).
        // Blocks of one character each, three or more in a row, read back as
        // one line printed a glyph to a line (`layout::join_glyph_runs`):
        // joined (or glued) before the rendering is read (`layout.glyph_joins`).
        // (Only the first round's rendering may show one: later rounds only
        // join and glue its lines, and a block's text keeps its characters.)
        let glyphs = if first_round {
            first_round = false;
            layout::glyph_joins(m, |j| one_glyph(&rendering[starts[j]..starts[j + 1] - 1]))
        } else {
            Vec::new()
        };
        if glyphs.iter().any(|&g| g) {
            together = glyphs;
            rendered = false; // (this round keeps no lines for the next: `this_round` is None)
        } else {
            let asked_round = kept_round
                .take()
                .and_then(|prev| RenderedRound::next(&prev, &rendering, &starts, &same))
                .or_else(|| reflowed_lines(stages, &rendering, &starts).map(|(texts, found)| RenderedRound::asked(texts, &found)));
            if let Some(asked_round) = asked_round {
                if asked == MAX_RENDERED_ROUNDS {
                    take_kinds(stages, &mut raw, &rendering, &starts, &members, &line, options, &mut rows, true, false);
                    return (raw, cache);
                }
                for (flag, rule) in together.iter_mut().zip(&asked_round.joins) {
                    *flag = rule.is_some();
                }
                asked += 1;
                this_round = Some(asked_round);
            } else {
                // Read whole: its line table (the rendering may read with other
                // lines than its own, or as a page).
                let (table, found) = stages.split_markers(split_lines(&rendering));
                rendered = table.len() == m && layout::reads_as_rendered(&table.text);
                if (!rendered && round - glue_rounds == MAX_SETTLE) || asked == MAX_RENDERED_ROUNDS {
                    take_kinds(stages, &mut raw, &rendering, &starts, &members, &line, options, &mut rows, rendered, false);
                    return (raw, cache);
                }
                if table.len() != m {
                    return (raw, cache); // the rendering reads with other lines: leave it
                }
                if rendered {
                    // (Reflowed, but with a line end or a blank line in a line, or a
                    // marker split off: asked as above, and not kept for the next round.)
                    let joins = crate::decide::rendered_joins(&table.text, &table.page_break, &found);
                    for (flag, rule) in together.iter_mut().zip(&joins) {
                        *flag = rule.is_some();
                    }
                    asked += 1;
                } else {
                    let texts = reread_rendering(
                        stages,
                        table,
                        found,
                        &mut section_rows,
                        (&raw, &cache, layout),
                        (&members, &line),
                        options,
                        &mut rows,
                        &mut together,
                    );
                    reread = Some(texts);
                    round += 1;
                }
            }
        }
        let mut joins = vec![false; m];
        let (mut any_together, mut any_join) = (false, false);
        for j in 1..m {
            if !together[j] {
                continue;
            }
            any_together = true;
            // The first block of line j, the last of line j - 1.
            let (first, before) = (members[line[j]], members[line[j] - 1]);
            if first == before + 1 {
                joins[j] = true;
                any_join = true;
            } else {
                raw[first].glue = true;
            }
        }
        if !any_join && !any_together {
            take_kinds(stages, &mut raw, &rendering, &starts, &members, &line, options, &mut rows, rendered, false);
            return (raw, cache);
        }
        drop(rendering);
        if let Some(reread) = reread {
            // Another round: its rendering's lines are mostly this one's. (Kept
            // only for another reading of the whole rendering: the last round
            // reads a few windows of it, fewer lines than keeping them costs.)
            if !any_join {
                glue_rounds = 1; // the glued rendering is read again, this round not counted (once)
            }
            if round - glue_rounds < MAX_SETTLE {
                rows.keep(&reread);
            }
        }
        // Each block's line in this rendering, for the next round (where this
        // one is kept for it).
        let mut line_of: Vec<Option<usize>> = Vec::new();
        if this_round.is_some() {
            line_of = vec![None; raw.len()];
            for j in 0..m {
                for &k in &members[line[j]..line[j + 1]] {
                    line_of[k] = Some(j);
                }
            }
        }
        kept_round = this_round;
        if !any_join {
            origin = line_of;
            continue;
        }
        let mut keep = vec![false; raw.len()];
        let mut head: Option<usize> = None;
        let mut last: Option<usize> = None; // index in raw of the last block the current head has taken in
        for j in 0..m {
            for (n, &k) in members[line[j]..line[j + 1]].iter().enumerate() {
                let starts = n == 0 && !joins[j];
                let h = match head {
                    Some(h) if !starts && last.map_or(k == 0, |l| k == l + 1) => h,
                    _ => {
                        keep[k] = true;
                        head = Some(k);
                        last = Some(k);
                        continue;
                    }
                };
                let (first, other_joins, other_last, other_text) = (
                    raw[k].first,
                    raw[k].joins.clone(),
                    raw[k].last,
                    std::mem::take(&mut raw[k].text),
                );
                let joined = stages.join_texts(&[&raw[h].text, &other_text]);
                let head_block = &mut raw[h];
                head_block.set_join(first, "settled");
                head_block.update_joins(&other_joins);
                head_block.last = other_last;
                // A dateline alone, its credit cut by the column, or cut before
                // it reads as one: read on the merged text, as its line will be
                // read (`blocks::joined_dateline`).
                head_block.dateline = crate::blocks::joined_dateline(head_block.dateline, &head_block.text, &joined);
                head_block.text = joined;
                cache[h] = None; // its text changed
                if let Some(l) = line_of.get_mut(h) {
                    *l = None; // a new line
                }
                last = Some(k);
            }
        }
        let mut out: Vec<RawBlock> = Vec::with_capacity(raw.len());
        let mut out_cache: Vec<Option<Rendered>> = Vec::with_capacity(raw.len());
        origin.clear();
        for ((i, r), c) in raw.into_iter().enumerate().zip(cache) {
            if keep[i] || left_out(&r, options) {
                out.push(r);
                out_cache.push(c);
                if let Some(&l) = line_of.get(i) {
                    origin.push(l);
                }
            }
        }
        for r in out.iter_mut() {
            if r.kind != Kind::Marker && r.kind != Kind::Furniture {
                r.kind = Kind::Paragraph;
                r.role = None;
            }
        }
        stages.classify(&mut out, layout, options);
        raw = out;
        cache = out_cache;
    }
}

/// Is a line of a rendering, stripped as `str.strip()` strips, one
/// character, not ASCII (`layout._glyph_line(line.strip())`)? Most lines are
/// turned away at their second character.
fn one_glyph(raw: &[u32]) -> bool {
    let cls = Classes::get();
    let mut seen = None;
    for &c in raw {
        if !cls.is(c, PY_SPACE) {
            if seen.is_some() {
                return false;
            }
            seen = Some(c);
        }
    }
    seen.is_some_and(|c| layout::glyph_line(&[c]))
}

/// Where a line of a rendering stands once stripped as `str.strip()` strips
/// (`split_lines`: its line table's text); None where it is blank.
fn stripped_span(raw: &[u32]) -> Option<(usize, usize)> {
    let cls = Classes::get();
    let a = raw.iter().position(|&c| !cls.is(c, PY_SPACE))?;
    let b = raw.iter().rposition(|&c| !cls.is(c, PY_SPACE)).map_or(a, |b| b + 1);
    Some((a, b))
}

/// The line table's texts and markers of a settle rendering (line j starts
/// at `starts[j]`) that reads as reflowed text, read without the table
/// itself: where every line is one line of text (no line end in it, not
/// blank) the table's texts are the lines stripped (`split_lines`), with no
/// form feed; where `split_markers` keeps every row of it, the markers are
/// whole lines and the rest of the table is never asked. None where either
/// fails or the lines do not read as reflowed (`layout::reads_as_rendered`):
/// the rendering is then read whole.
fn reflowed_lines<S: Stages>(
    stages: &S,
    rendering: &[u32],
    starts: &[usize],
) -> Option<(LineTexts, HashMap<usize, JumpMarker>)> {
    let m = starts.len() - 1;
    let mut texts = LineTexts::with_capacity(m, rendering.len());
    for j in 0..m {
        let raw = &rendering[starts[j]..starts[j + 1] - 1];
        // (Every code point of every block is asked: the cheap test, sixteen
        // at a time, rules out nearly every text before the exact one.)
        if chars::any_where(raw, crate::lines::may_be_line_end) && raw.iter().any(|&c| crate::lines::is_line_end(c))
        {
            return None;
        }
        let (a, b) = stripped_span(raw)?;
        texts.push(&raw[a..b]);
    }
    if !layout::reads_as_rendered(&texts) {
        return None;
    }
    let bare = Lines {
        text: texts,
        start: vec![0; m],
        end: vec![0; m],
        number: vec![0; m],
        gap: vec![0; m],
        page: vec![0; m],
        page_break: vec![false; m],
        width: vec![0; m],
        indent: vec![0; m],
    };
    let (table, found, kept) = stages.split_markers_kept(bare);
    kept.then_some((table.text, found))
}

/// A settle round that asked a rendering read a block a line
/// (`layout::reads_as_rendered`) for its joins (`decide::rendered_joins`),
/// kept for the next round — or a first reading of reflowed text, which asked
/// its lines the same ([`RenderedRound::of_reading`]). The next round's
/// rendering is this one's with the joined lines put together and any block
/// whose rendering changed rendered again: most of its lines are lines of
/// this one, and read as they did. So the next round takes those from this
/// one, reads only the others, and asks only the breaks beside them
/// ([`RenderedRound::next`]); where that could read otherwise than the whole
/// rendering would, it reads the whole.
///
/// Why that is the same reading: a rendering's line table is each line's
/// text stripped where the rendering holds no line end but those between
/// its lines; `layout::split_markers` decides a row from it and the two rows
/// after it (where it keeps every row, `split_markers_kept`, a row is a
/// marker or not by its own text); `layout::reads_as_rendered` sums each
/// line's finished characters; and a break's join is a pure function of its
/// two lines' texts and marker rows (`decide::rendered_joins`). The
/// differential tests hold the native engine, which takes this shortcut, to
/// the Python one, which reads every round whole.
struct RenderedRound {
    /// The rendering's lines, stripped (its line table's texts).
    texts: LineTexts,
    /// Line j is a jump marker (a whole line: `split_markers` kept every row).
    marker: Vec<bool>,
    /// The rule joining line j to line j - 1 (`decide::rendered_joins` of the
    /// two lines; no line of the round follows a form feed).
    joins: Vec<Option<Rule>>,
    /// Line j's `layout::finished_chars`, where read.
    finished: Vec<Option<usize>>,
}

impl RenderedRound {
    /// A round that read its rendering whole: `texts` its line table's, which
    /// `split_markers` kept as they were (`found`: the whole-line markers).
    fn first(texts: LineTexts, found: &HashMap<usize, JumpMarker>, joins: Vec<Option<Rule>>) -> RenderedRound {
        let m = texts.len();
        let mut marker = vec![false; m];
        for &k in found.keys() {
            marker[k] = true;
        }
        RenderedRound {
            texts,
            marker,
            joins,
            finished: vec![None; m],
        }
    }

    /// A rendering's lines read whole (`reflowed_lines`: its line table's
    /// texts, which `split_markers` kept, and their whole-line markers),
    /// asked for their joins.
    fn asked(texts: LineTexts, found: &HashMap<usize, JumpMarker>) -> RenderedRound {
        let joins = crate::decide::rendered_joins_with(&texts, |_| false, |k| found.contains_key(&k), |_| None);
        RenderedRound::first(texts, found, joins)
    }

    /// A first reading that read its section as reflowed text (`decide`
    /// asked its lines `rendered_joins`), as the round before the settle
    /// step's first: its lines, a block each, and the joins its rules name.
    /// None where its split did not keep every row (`kept`) or a line
    /// follows a form feed (the rendering has none: the break would be
    /// asked otherwise).
    fn of_reading(layout: &Layout, kept: bool) -> Option<RenderedRound> {
        let t = &layout.lines;
        if !kept || !layout.features.rendered || t.page_break.iter().any(|&b| b) || layout.rules.len() != t.len() {
            return None;
        }
        let joins = layout
            .rules
            .iter()
            .map(|&r| {
                matches!(r, Rule::DatelineAlone | Rule::DatelineCut | Rule::NumberUnit | Rule::WordCut | Rule::QuoteOpen)
                    .then_some(r)
            })
            .collect();
        Some(RenderedRound::first(t.text.clone(), &layout.features.markers, joins))
    }

    /// The round after `prev`, on `rendering` (line j starts at `starts[j]`;
    /// its blocks all stood in line `same[j]` of `prev` where that is Some):
    /// its lines, found the same as a reading of the whole rendering would,
    /// where they read as reflowed still. A line is `prev`'s where it holds
    /// the same text; a row is read again where it is not, or the row after
    /// it is not the one after it in `prev`. None (read the whole) where a
    /// new line holds a line end or nothing, the split would change a row
    /// read again, or the rendering no longer reads as reflowed.
    fn next(prev: &RenderedRound, rendering: &[u32], starts: &[usize], same: &[Option<usize>]) -> Option<RenderedRound> {
        let m = same.len();
        if starts.len() != m + 1 || m == 0 {
            return None;
        }
        let line_end = |s: &[u32]| s.iter().any(|&c| crate::lines::is_line_end(c));
        let mut texts = LineTexts::with_capacity(m, rendering.len());
        let mut kept: Vec<Option<usize>> = Vec::with_capacity(m);
        let mut marker = Vec::with_capacity(m);
        let mut finished = Vec::with_capacity(m);
        for j in 0..m {
            let raw = &rendering[starts[j]..starts[j + 1] - 1];
            let (a, b) = stripped_span(raw)?;
            let text = &raw[a..b];
            // (A line of `prev` holds no line end: only the spaces around it might.)
            let o = same[j].filter(|&o| prev.texts[o] == *text);
            match o {
                Some(o) if !line_end(&raw[..a]) && !line_end(&raw[b..]) => {
                    marker.push(prev.marker[o]);
                    finished.push(prev.finished[o]);
                    kept.push(Some(o));
                }
                _ => {
                    if line_end(raw) {
                        return None;
                    }
                    marker.push(false);
                    finished.push(None);
                    kept.push(None);
                }
            }
            texts.push(text);
        }
        // Row j is a row of `prev` and so is the row after it, as there. (The
        // last row needs no more: with no rows after it, no marker is read
        // over rows, and those of `prev` after it read none.)
        let goes_on = |j: usize| -> bool {
            match (kept[j], kept.get(j + 1)) {
                (Some(o), Some(&next)) => next == Some(o + 1),
                (Some(_), None) => true,
                (None, _) => false,
            }
        };
        // `split_markers` decides row i from rows i..i + 2: a row whose three
        // are not `prev`'s three is decided again, in a window that holds them.
        let decided = |c: usize| goes_on(c) && (c + 1 >= m || goes_on(c + 1));
        let mut c = 0;
        while c < m {
            if decided(c) {
                c += 1;
                continue;
            }
            // Rows c..d are decided again, in a window that holds the rows
            // each looks at.
            let mut d = c;
            while d + 1 < m && !decided(d + 1) {
                d += 1;
            }
            let mut window = Lines::default();
            for i in c..(d + 3).min(m) {
                window.append_with_width(&texts[i], 0, 0, 0, 0, 0, 0, false, 0);
            }
            // (Where the window's split changes a row past d, which the whole's
            // might not, the whole is read. Where it changes none, a row is a
            // marker by its own text: a row of `prev` keeps its reading.)
            let (_, found, whole) = layout::split_markers_kept(window);
            if !whole {
                return None;
            }
            for i in (c..=d).filter(|&i| kept[i].is_none()) {
                marker[i] = found.contains_key(&(i - c));
            }
            c = d + 1;
        }
        let total = texts.chars_in(0, m);
        let mut chars = 0usize;
        let mut rendered = false;
        for (j, f) in finished.iter_mut().enumerate() {
            chars += *f.get_or_insert_with(|| layout::finished_chars(&texts[j]));
            if chars > 0 && chars * layout::RENDERED_PARTS >= total {
                rendered = true;
                break;
            }
        }
        if !rendered {
            return None;
        }
        let joins = crate::decide::rendered_joins_with(
            &texts,
            |_| false,
            |k| marker[k],
            |i| match (kept[i - 1], kept[i]) {
                (Some(a), Some(b)) if b == a + 1 => Some(prev.joins[b]),
                _ => None,
            },
        );
        #[cfg(test)]
        tests::ROUNDS_FROM_LAST.with(|n| n.set(n.get() + 1));
        Some(RenderedRound {
            texts,
            marker,
            joins,
            finished,
        })
    }
}

/// The settle step's reading of its rendering as a page (`_read_lines` on
/// it): the lines the reading joins to the line before them set in
/// `together`; the rendering's line texts returned (for the row cache of a
/// later round). Where the first reading's rows are at hand (the first
/// round), the lines of the rendering that are a block of one line, as the
/// first reading read it, are taken from them.
#[allow(clippy::too_many_arguments)]
fn reread_rendering<S: Stages>(
    stages: &S,
    table: Lines,
    found: HashMap<usize, JumpMarker>,
    section_rows: &mut Vec<Option<layout::RowFeatures>>,
    (raw, cache, layout): (&[RawBlock], &[Option<Rendered>], &Layout),
    (members, line): (&[usize], &[usize]),
    options: &Options,
    rows: &mut layout::RowCache,
    together: &mut [bool],
) -> LineTexts {
    let m = line.len() - 1;
    for j in 0..m {
        if section_rows.is_empty() {
            break;
        }
        if line[j + 1] - line[j] != 1 {
            continue;
        }
        let k = members[line[j]];
        let r = &raw[k];
        let (Some(Some(row)), Some(done)) = (section_rows.get(r.first), &cache[k]) else {
            continue;
        };
        if r.first == r.last && done.text == layout.lines.text[r.first] {
            rows.insert(&done.text, *row);
        }
    }
    section_rows.clear(); // (the first round only: later rounds have the round before)
    let (reread, blocks) = stages.read_lines_cached(table, found, options, rows, false);
    for b in &blocks {
        for flag in together.iter_mut().take(b.last + 1).skip(b.first + 1) {
            *flag = true;
        }
    }
    reread.lines.text
}

/// `document.GLUE_WINDOW`: lines of the rendering read on either side of a
/// glued line to type it.
pub const GLUE_WINDOW: usize = 3;

/// `document._spaced_alone`: is `block`, the one block of a text printed on
/// one line (`line`), typed as that line reads back? Where it is no
/// paragraph and the line holds a space (the kinds' text rules differ only in
/// the spaces they keep), or a paragraph that keeps a run of spaces
/// ([`kept_run`]).
fn spaced_alone(block: &RawBlock, line: &[u32]) -> bool {
    if block.kind == Kind::Paragraph {
        return kept_run(block, line);
    }
    line.iter().any(|&c| matches!(c, 0x20 | 0x09 | 0xA0 | 0x3000))
}

/// `document._kept_run`: does `block`, a paragraph alone on its line of the
/// rendering (`line`), keep a run of two spaces or more (which only a
/// paragraph's text rules keep; every other kind's squeeze it)?
fn kept_run(block: &RawBlock, line: &[u32]) -> bool {
    if block.kind != Kind::Paragraph {
        return false;
    }
    // (Asked of every paragraph's line, most of which hold no space: each
    // chunk is tested whole first; callgrind counted this at about two
    // thirds of a pair test at every code point.)
    let space = |c: u32| c == 0x20 || c == 0x09 || c == 0xA0;
    let mut k = 0;
    for chunk in line.chunks(32) {
        if chunk.iter().fold(false, |any, &c| any | space(c)) {
            let end = (k + chunk.len() + 1).min(line.len());
            if line[k..end].windows(2).any(|w| space(w[0]) && space(w[1])) {
                return true;
            }
        }
        k += chunk.len();
    }
    false
}

/// `document._take_kinds`: the settle step's last step: each line of the
/// rendering that holds more than one block (a glued block, or a clause run
/// on) and a block of another kind than paragraph is read with
/// [`GLUE_WINDOW`] lines on either side; every block on it takes the kind,
/// role and rule it reads with (their renderings, now of another kind, no
/// longer fit). `starts[j]`: where line j starts in `rendering` (one entry
/// more, one past its end). `rendered`: the rendering reads a block a line
/// (`layout.reads_as_rendered`), and its windows are read so. `alone`: a
/// line of one block is typed so too ([`spaced_alone`]). A paragraph alone
/// on its line that keeps a run of spaces is asked too ([`kept_run`]).
#[allow(clippy::too_many_arguments)]
fn take_kinds<S: Stages>(
    stages: &S,
    raw: &mut [RawBlock],
    rendering: &[u32],
    starts: &[usize],
    members: &[usize],
    line: &[usize],
    options: &Options,
    rows: &mut layout::RowCache,
    rendered: bool,
    alone: bool,
) {
    let m = line.len() - 1;
    for j in 0..m {
        let on = &members[line[j]..line[j + 1]];
        // (A paragraph whose runs of spaces another kind would squeeze is asked.)
        let run = on.len() == 1 && kept_run(&raw[on[0]], &rendering[starts[j]..starts[j + 1] - 1]);
        if !run && ((on.len() < 2 && !alone) || on.iter().all(|&k| raw[k].kind == Kind::Paragraph)) {
            continue;
        }
        let (lo, hi) = (j.saturating_sub(GLUE_WINDOW), (j + GLUE_WINDOW + 1).min(m));
        let window = &rendering[starts[lo]..starts[hi] - 1];
        let (table, found) = stages.split_markers(split_lines(window));
        if table.len() != hi - lo {
            continue; // the window reads with other lines: leave it
        }
        let (_, blocks) = stages.read_lines_cached(table, found, options, rows, rendered);
        let Some(b) = blocks.iter().find(|b| b.first <= j - lo && j - lo <= b.last) else {
            continue;
        };
        for &k in on {
            let r = &mut raw[k];
            r.kind = b.kind;
            r.role = b.role;
            r.rule = b.rule;
        }
    }
}

// --------------------------------------------------------------------------
// The counts
// --------------------------------------------------------------------------

/// The stats of `Reflower._blocks` (a `Counter`), keys in insertion order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    entries: Vec<(&'static str, &'static str, i64)>,
    index: HashMap<(&'static str, &'static str), usize, std::hash::BuildHasherDefault<layout::LineHasher>>,
}

impl Stats {
    /// `stats[prefix + name] += n`.
    pub fn add(&mut self, prefix: &'static str, name: &'static str, n: i64) {
        match self.index.get(&(prefix, name)) {
            Some(&i) => self.entries[i].2 += n,
            None => {
                self.index.insert((prefix, name), self.entries.len());
                self.entries.push((prefix, name, n));
            }
        }
    }

    /// (key, count) in insertion order.
    pub fn items(&self) -> impl Iterator<Item = (String, i64)> + '_ {
        self.entries.iter().map(|(p, n, c)| (format!("{p}{n}"), *c))
    }

    pub fn get(&self, key: &str) -> Option<i64> {
        self.entries
            .iter()
            .find(|(p, n, _)| format!("{p}{n}") == key)
            .map(|e| e.2)
    }
}

/// `document._decisions` without the reasons: (join?, rule) at the boundary
/// before each line of the section, as parse() took it.
pub fn decisions(section: &Section) -> Vec<(bool, &'static str)> {
    let rules = &section.layout.rules;
    let mut out: Vec<(bool, &'static str)> = rules.iter().map(|&r| (r.is_join(), r.name())).collect();
    if let Some(first) = out.first_mut() {
        *first = (false, if section.offset != 0 { "section" } else { "start" });
    }
    for raw in &section.raw {
        for i in raw.first + 1..=raw.last {
            if i < out.len() && !out[i].0 {
                out[i] = (true, raw.join_rule(i).unwrap_or("merged"));
            }
        }
    }
    out
}

/// The rendered lines that show more than one block, each as the indices of
/// its blocks: `document.line_runs` — the blocks reflow() prints, a new line
/// for each but a clause that runs on ([`runs_on`]) and a block glued on the
/// line before (`Block.glue`, on the same page), as [`Renderer::section`]
/// puts them on lines — less the lines of one block (nearly every line: no
/// list is made for them).
pub fn shared_lines(blocks: &[Block], keep_markers: bool, keep_furniture: bool) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut line: Vec<usize> = Vec::new(); // the blocks of the line at hand
    for (i, b) in blocks.iter().enumerate() {
        if leaves_out(b.kind, keep_markers, keep_furniture) {
            continue;
        }
        if let Some(&last) = line.last() {
            let before = &blocks[last];
            if runs_on(&b.text, Some(before.kind)) || (b.glue && b.page == before.page) {
                line.push(i);
                continue;
            }
            if line.len() > 1 {
                out.push(std::mem::take(&mut line));
            } else {
                line.clear();
            }
        }
        line.push(i);
    }
    if line.len() > 1 {
        out.push(line);
    }
    out
}

/// `document.share_out`: `line`, the text rules' output for `texts` printed
/// one after another, cut back into one part for each — as many non-space
/// characters (`str.isspace`) as its text, then the spaces after them; the
/// last part, the rest. None where the counts differ, a text has none, or
/// there is no text.
pub fn share_out(line: &[u32], texts: &[&[u32]]) -> Option<Vec<Text>> {
    let cls = Classes::get();
    let solid = |t: &[u32]| t.iter().filter(|&&c| !cls.is(c, PY_SPACE)).count();
    let counts: Vec<usize> = texts.iter().map(|t| solid(t)).collect();
    if counts.is_empty() || counts.contains(&0) || counts.iter().sum::<usize>() != solid(line) {
        return None;
    }
    let mut parts = Vec::with_capacity(texts.len());
    let mut at = 0;
    for &n in &counts[..counts.len() - 1] {
        let start = at;
        let mut left = n;
        while left > 0 {
            left -= usize::from(!cls.is(line[at], PY_SPACE));
            at += 1;
        }
        while at < line.len() && cls.is(line[at], PY_SPACE) {
            at += 1;
        }
        parts.push(line[start..at].to_vec());
    }
    parts.push(line[at..].to_vec());
    Some(parts)
}

/// `Reflower._shared_line`: a line of blocks of one `kind` whose texts are
/// `texts`, through the kind's rules as one text (a paragraph's dateline
/// through a dateline's), cut back into the blocks' parts ([`share_out`]);
/// None where the rules change nothing, or the line does not cut back.
fn shared_line(kind: Kind, texts: &[&[u32]], normalizer: &mut Normalizer) -> Option<Vec<Text>> {
    let line: Text = texts.concat();
    let dateline = if kind == Kind::Paragraph {
        layout::line_dateline(&line)
    } else {
        0
    };
    let mut whole = RawBlock::new(0, 0, line, dateline);
    whole.kind = kind;
    let (text, _) = final_text(&whole, normalizer);
    if text == whole.text {
        return None;
    }
    share_out(&text, texts)
}

/// The settle step's rendering: the line from `start` that shows the blocks
/// `on` (their renderings in `cache`), as reflow() prints it — a line of
/// several blocks of one kind through the line's text rules ([`line_texts`]).
fn print_line(
    rendering: &mut Text,
    start: usize,
    on: &[usize],
    raw: &[RawBlock],
    cache: &[Option<Rendered>],
    normalizer: &mut Normalizer,
) {
    let kind = raw[on[0]].kind;
    if on.len() < 2 || on.iter().any(|&k| raw[k].kind != kind) {
        return;
    }
    let texts: Vec<&[u32]> = on
        .iter()
        .map(|&k| cache[k].as_ref().map_or(&[][..], |c| c.text.as_slice()))
        .collect();
    if let Some(parts) = shared_line(kind, &texts, normalizer) {
        rendering.truncate(start);
        for part in parts {
            rendering.extend_from_slice(&part);
        }
    }
}

/// `Reflower._line_texts`: the text rules over each rendered line that shows
/// more than one block of one kind (a glued block, a clause that runs on),
/// as the line reads back — one block, its dateline (a paragraph's) through
/// a dateline's rules — each block taking its share back ([`share_out`]).
/// The changes are counted by `normalizer`.
fn line_texts(blocks: &mut [Block], options: &Options, normalizer: &mut Normalizer) {
    for run in shared_lines(blocks, options.keep_markers, options.keep_furniture) {
        let kind = blocks[run[0]].kind;
        if run.iter().any(|&k| blocks[k].kind != kind) {
            continue;
        }
        let texts: Vec<&[u32]> = run.iter().map(|&k| blocks[k].text.as_slice()).collect();
        // (What the line's rules change is counted only where the blocks take it.)
        let counted = std::mem::take(&mut normalizer.counts);
        let parts = shared_line(kind, &texts, normalizer);
        let changes = std::mem::replace(&mut normalizer.counts, counted);
        let Some(parts) = parts else {
            continue;
        };
        normalizer.count_changes(&changes);
        for (&k, part) in run.iter().zip(parts) {
            blocks[k].text = part;
        }
    }
}

/// `Reflower._blocks`: the finished blocks of a section; counts go to `stats`
/// (none: not counted).
/// (The settle step's renderings move into the blocks: `section.rendered`
/// is left empty.)
pub fn finish_section(section: &mut Section, options: &Options, stats: Option<&mut Stats>) -> Vec<Block> {
    let mut normalizer = if section.text_folded {
        Normalizer::for_folded(options, true)
    } else {
        Normalizer::new(options, true)
    };
    let mut rendered = std::mem::take(&mut section.rendered);
    let section = &*section;
    let t = &section.layout.lines;
    let (off, lb, pb) = (section.offset, section.lines_before, section.pages_before);
    let mut blocks = Vec::with_capacity(section.raw.len());
    for (k, raw) in section.raw.iter().enumerate() {
        let (text, dateline) = match rendered.get_mut(k).and_then(Option::take) {
            Some(done) if done.fits(raw) => {
                normalizer.count_changes(&done.changes);
                (done.text, done.dateline)
            }
            _ => final_text(raw, &mut normalizer),
        };
        let marker = if raw.kind == Kind::Marker {
            section.layout.features.markers.get(&raw.first).cloned()
        } else {
            None
        };
        blocks.push(Block {
            kind: raw.kind,
            text,
            span: (t.start[raw.first] + off, t.end[raw.last] + off),
            marker,
            lines: (t.number[raw.first] + lb, t.number[raw.last] + lb),
            dateline,
            role: raw.role,
            page: t.page[raw.first] + pb,
            glue: raw.glue,
        });
    }
    line_texts(&mut blocks, options, &mut normalizer);
    let Some(stats) = stats else {
        return blocks; // (the caller keeps no counts)
    };
    stats.add("lines", "", t.len() as i64);
    // The decisions and the blocks are tallied here first, each key in the
    // order it first appears, then added: the same counts and the same key
    // order as adding them one by one, with one hash of a key's strings per
    // key rather than per line.
    let mut tally: Vec<(bool, &'static str, i64)> = Vec::new();
    for (join, rule) in decisions(section).into_iter().skip(1) {
        match tally
            .iter_mut()
            .find(|e| e.0 == join && (std::ptr::eq(e.1, rule) || e.1 == rule))
        {
            Some(e) => e.2 += 1,
            None => tally.push((join, rule, 1)),
        }
    }
    for (join, rule, n) in tally {
        stats.add(if join { "join:" } else { "break:" }, rule, n);
    }
    let mut kinds: Vec<(Kind, i64)> = Vec::new();
    for b in &blocks {
        match kinds.iter_mut().find(|e| e.0 == b.kind) {
            Some(e) => e.1 += 1,
            None => kinds.push((b.kind, 1)),
        }
    }
    for (kind, n) in kinds {
        stats.add("block:", kind.name(), n);
    }
    for &(name, count) in section.folded.iter().chain(&normalizer.counts) {
        stats.add("chars:", name, count as i64);
    }
    if section.suspect > 0 {
        stats.add("suspect_chars", "", section.suspect as i64);
    }
    blocks
}

// --------------------------------------------------------------------------
// The whole text
// --------------------------------------------------------------------------

/// `Reflower._sections`, one section at a time: feed it the sections of a
/// text in order ([`SectionCuts`]) and get back each one's finished blocks;
/// it keeps the counts and where the section stands in the whole text. The
/// caller reads the source between sections (the binding does so with the
/// GIL held, and releases it for [`Reader::section`]), so nothing but the
/// section at hand need be in memory.
#[derive(Debug, Clone)]
pub struct Reader {
    options: Options,
    /// The counts so far.
    pub stats: Stats,
    /// Keep the counts (true unless set otherwise): a caller that drops them
    /// (`reflow()`'s text alone) spares their tallying.
    pub count: bool,
    lines_before: i64,
    pages_before: i64,
}

impl Reader {
    pub fn new(options: &Options) -> Reader {
        Reader {
            options: options.clone(),
            stats: Stats::default(),
            count: true,
            lines_before: 0,
            pages_before: 0,
        }
    }

    /// The finished blocks of the section `part`, which starts at `start` in
    /// the whole text and follows the section fed before.
    pub fn section<S: Stages>(&mut self, stages: &S, part: &[u32], start: usize) -> Vec<Block> {
        let options = &self.options;
        let mut section = read_section(
            stages,
            part,
            start as i64,
            self.lines_before,
            self.pages_before,
            options,
            self.count,
        );
        let blocks = finish_section(&mut section, options, self.count.then_some(&mut self.stats));
        self.lines_before += section.line_count;
        self.pages_before += section.page_count;
        blocks
    }
}

/// Reads `text` section by section (`Reflower._sections`), handing each
/// section's finished blocks to `each`.
pub fn for_each_section<S: Stages>(
    stages: &S,
    text: &[u32],
    options: &Options,
    stats: &mut Stats,
    mut each: impl FnMut(Vec<Block>),
) {
    let mut reader = Reader::new(options);
    reader.stats = std::mem::take(stats);
    let mut cuts = SectionCuts::new(SECTION_CHARS);
    let mut source = text;
    while let Ok(Some((start, end))) = cuts.next(&mut source) {
        each(reader.section(stages, &text[start..end], start));
    }
    *stats = reader.stats;
}

/// `Reflower.parse`: the blocks of `text` and the stats.
pub fn read_with<S: Stages>(stages: &S, text: &[u32], options: &Options) -> (Vec<Block>, Stats) {
    let mut stats = Stats::default();
    let mut all = Vec::new();
    for_each_section(stages, text, options, &mut stats, |blocks| all.extend(blocks));
    (all, stats)
}

/// `Reflower.parse` on the native stages.
pub fn read(text: &[u32], options: &Options) -> (Vec<Block>, Stats) {
    read_with(&Native, text, options)
}

/// The rendering of `render.render_text` (articles=False), fed one
/// section's blocks at a time: the text is built as it goes, nothing of a
/// section is kept but its markers.
#[derive(Debug, Clone, Default)]
pub struct Renderer {
    keep_markers: bool,
    keep_furniture: bool,
    /// `"\n".join(out)`, built as it goes.
    pub text: Text,
    /// `out` is not empty.
    has_line: bool,
    /// `page`: the page of the line rendered last (None before the first).
    page: Option<i64>,
    /// The jump markers rendered so far (when `collect_markers`).
    pub markers: Vec<JumpMarker>,
    /// Whether to keep the jump markers (true from [`Renderer::new`]).
    pub collect_markers: bool,
    /// The kind of the block rendered last (`render_text`'s `last_kind`).
    last_kind: Option<Kind>,
}

impl Renderer {
    pub fn new(options: &Options) -> Renderer {
        Renderer {
            keep_markers: options.keep_markers,
            keep_furniture: options.keep_furniture,
            collect_markers: true,
            ..Default::default()
        }
    }

    fn skip(&self, kind: Kind) -> bool {
        leaves_out(kind, self.keep_markers, self.keep_furniture)
    }

    /// One section: `Document._rendered_lines(keep_markers, keep_furniture,
    /// 0, page)`, then the cross-section join of a first line that starts
    /// with a mark that never opens a line.
    pub fn section(&mut self, blocks: Vec<Block>) {
        let mut local_lines = 0usize;
        let mut first_popped = false;
        let mut page = self.page; // _rendered_lines' own `page`
        let mut origin_page = 0i64; // page of the last block on the current line

        // Room for the section at once (a line end between blocks, a form
        // feed at most as often): grown a doubling at a time, the buffer was
        // copied some 17 times a section.
        self.text.reserve(blocks.iter().map(|b| b.text.len() + 2).sum());
        for b in blocks {
            if let Some(m) = &b.marker {
                if b.kind == Kind::Marker && self.collect_markers {
                    self.markers.push(m.clone());
                }
            }
            if self.skip(b.kind) {
                continue;
            }
            let onto_line = runs_on(&b.text, self.last_kind);
            if local_lines > 0 && (onto_line || (b.glue && b.page == origin_page)) {
                self.text.extend_from_slice(&b.text);
                origin_page = b.page;
                self.last_kind = Some(b.kind);
                continue;
            }
            let here = b.page;
            let new_page = page.is_some_and(|p| p != here);
            // lines[0] of a section that starts with a mark goes on on the last line rendered.
            let onto_last = local_lines == 0 && self.has_line && !new_page && onto_line;
            if onto_last {
                first_popped = true;
            } else {
                if self.has_line {
                    self.text.push(NL);
                }
                if new_page {
                    self.text.push(FF);
                }
            }
            self.text.extend_from_slice(&b.text);
            self.has_line = true;
            self.last_kind = Some(b.kind);
            local_lines += 1;
            origin_page = b.page;
            page = Some(here);
        }
        if local_lines > usize::from(first_popped) {
            self.page = Some(origin_page);
        }
    }
}

/// `render.render_text` (articles=False) on the native stages: the text,
/// the stats, the jump markers.
pub fn reflow_text_with<S: Stages>(stages: &S, text: &[u32], options: &Options) -> (Text, Stats, Vec<JumpMarker>) {
    let mut stats = Stats::default();
    let mut renderer = Renderer::new(options);
    renderer.text.reserve(text.len());
    for_each_section(stages, text, options, &mut stats, |blocks| renderer.section(blocks));
    (renderer.text, stats, renderer.markers)
}

/// `render.render_text` (articles=False).
pub fn reflow_text(text: &[u32], options: &Options) -> (Text, Stats, Vec<JumpMarker>) {
    reflow_text_with(&Native, text, options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code_points as cps;
    use crate::model::Rule;

    fn string(v: &[u32]) -> String {
        v.iter().map(|&c| char::from_u32(c).unwrap_or('?')).collect()
    }

    // ---- sections (the docstring examples of lines.sections) ----

    #[test]
    fn sections_cut_at_paragraph_ends_and_pages() {
        let text = cps("一。\n\n二。\n\n三。");
        let parts: Vec<String> = sections(&text, 4).iter().map(|&(a, b)| string(&text[a..b])).collect();
        assert_eq!(parts, ["一。\n\n二。\n\n", "三。"]);
        let text = cps("甲\u{c}乙\u{c}");
        assert_eq!(
            sections(&text, 0).iter().map(|(a, b)| b - a).collect::<Vec<_>>(),
            [2, 2]
        );
        assert_eq!(sections(&[], 0), [(0, 0)]);
        assert_eq!(sections(&cps("abc"), 0), [(0, 3)]);
    }

    #[test]
    fn sections_prefer_sentence_ends_then_any_line_end() {
        // no blank line: a sentence end at a line end, even with closers and spaces before it
        let text = cps("aaaa\nbb。」 \r\ncc\ndd");
        assert_eq!(sections(&text, 4), [(0, 5), (5, 12), (12, 17)]); // (the reference's cuts)
                                                                     // neither: any line end
        let text = cps("aaaaaa\nbbbbbb\ncc");
        assert_eq!(sections(&text, 4), [(0, 7), (7, 14), (14, 16)]);
        // no line end in the window: the first one after it, else the page end
        let text = cps("aaaaaaaaaaaaaaaaaa\nbb");
        assert_eq!(sections(&text, 4), [(0, 19), (19, 21)]);
        let text = cps("aaaaaaaaaaaa\u{c}b");
        assert_eq!(sections(&text, 4), [(0, 13), (13, 14)]);
        // four closers: no sentence end
        let text = cps("aaaa。))))\nbbbbbbbbb");
        assert_eq!(sections(&text, 4)[0], (0, 10));
    }

    /// A slice read through [`Source`], remembering the longest stretch
    /// asked for at once and the code points asked for in all.
    struct Counting<'a> {
        text: &'a [u32],
        longest: usize,
        total: usize,
    }

    impl Source for Counting<'_> {
        type Error = std::convert::Infallible;
        fn len(&self) -> usize {
            self.text.len()
        }
        fn read(&mut self, start: usize, end: usize) -> Result<Cow<'_, [u32]>, Self::Error> {
            self.longest = self.longest.max(end - start);
            self.total += end - start;
            Ok(Cow::Borrowed(&self.text[start..end]))
        }
        fn find(&mut self, c: u32, start: usize, end: usize) -> Result<Option<usize>, Self::Error> {
            Ok(self.text[start..end].iter().position(|&x| x == c).map(|i| start + i))
        }
    }

    #[test]
    fn section_cuts_read_a_window_at_a_time() {
        // Pages of 40 lines, a long page without form feeds, a page of one long line.
        let mut s = String::new();
        for p in 0..30 {
            for l in 0..40 {
                s.push_str(&format!("第{p}页第{l}行的正文，"));
                s.push_str(if l % 7 == 6 { "完。\n" } else { "\n" });
            }
            s.push('\u{c}');
        }
        s.push_str(&"很长的一页正文。\n".repeat(4000));
        s.push('\u{c}');
        s.push_str(&"一行".repeat(3000));
        let text = cps(&s);
        let size = 1000;
        let mut source = Counting {
            text: &text,
            longest: 0,
            total: 0,
        };
        let mut cuts = SectionCuts::new(size);
        let mut got = Vec::new();
        while let Ok(Some(bound)) = cuts.next(&mut source) {
            got.push(bound);
        }
        // The same sections as cutting the whole slice, each read at most a window at a time.
        assert_eq!(got, sections(&text, size));
        assert!(source.longest <= size, "read {} code points at once", source.longest);
        assert!(source.total <= text.len(), "read {} of {}", source.total, text.len());
    }

    #[test]
    fn no_line_start_is_the_decide_set() {
        assert_eq!(cps(NO_LINE_START), decide::NO_LINE_START);
    }

    #[test]
    fn line_counts_are_splitlines() {
        // A section's lines as its line table counts them (`Section.line_count`).
        let count_lines = |text: &[u32]| lines::line_table_counted(text).1;
        assert_eq!(count_lines(&cps("a\r\nb\n\nc")), 4);
        assert_eq!(count_lines(&cps("a\n")), 1);
        assert_eq!(count_lines(&cps("")), 0);
        assert_eq!(count_lines(&cps("\r\r\n\u{c}x")), 4);
        // against the loop that read one code point at a time, on texts of line ends and letters
        let oracle = |text: &[u32]| {
            let (mut count, mut i, mut open) = (0i64, 0usize, false);
            while i < text.len() {
                let c = text[i];
                if matches!(
                    c,
                    0x0A | 0x0B | 0x0C | 0x0D | 0x1C | 0x1D | 0x1E | 0x85 | 0x2028 | 0x2029
                ) {
                    count += 1;
                    open = false;
                    if c == CR && text.get(i + 1) == Some(&NL) {
                        i += 1;
                    }
                } else {
                    open = true;
                }
                i += 1;
            }
            count + open as i64
        };
        let alphabet = [
            0x0A, 0x0D, 0x0B, 0x0C, 0x1C, 0x1E, 0x1F, 0x85, 0x2028, 0x2029, 0x2027, 0x41, 0x4E00, 0x09,
        ];
        let mut state = 7u64;
        for len in 0..200 {
            let text: Vec<u32> = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    alphabet[(state >> 33) as usize % alphabet.len()]
                })
                .collect();
            let (_, lines, pages) = lines::line_table_counted(&text);
            assert_eq!(lines, oracle(&text), "{text:x?}");
            assert_eq!(pages, text.iter().filter(|&&c| c == FF).count() as i64, "{text:x?}");
        }
        assert_eq!(count_suspect(&cps("中\u{e000}文\u{fffd}")), 2);
        // every code point, against the ranges as written
        let all: Vec<u32> = (0..0x110000u32).collect();
        let want = all
            .iter()
            .filter(|&&c| matches!(c, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD | 0xFFFD))
            .count();
        assert_eq!(count_suspect(&all), want);
    }

    // ---- the normalizer's rules per kind ----

    fn names(n: &Normalizer, kind: TextKind) -> Vec<&'static str> {
        n.rules(kind).iter().map(|r| r.name()).collect()
    }

    #[test]
    fn normalizer_chooses_the_pipeline_of_each_kind() {
        let n = Normalizer::new(&Options::default(), true);
        let common = ["fold_legacy_code_points", "fold_fullwidth_alnum"];
        let para = [
            &common[..],
            &[
                "squeeze_cjk_spaces",
                "collapse_letter_spacing",
                "widen_punctuation",
                "remove_cjk_spaces",
            ],
        ]
        .concat();
        let head = [
            &common[..],
            &[
                "squeeze_spaces",
                "collapse_letter_spacing",
                "widen_punctuation",
                "remove_headline_spaces",
            ],
        ]
        .concat();
        let byline = [
            &common[..],
            &["squeeze_spaces", "collapse_letter_spacing", "widen_punctuation"],
        ]
        .concat();
        assert_eq!(names(&n, TextKind::Block(Kind::Paragraph)), para);
        for k in [Kind::Headline, Kind::Subheading, Kind::Caption] {
            assert_eq!(names(&n, TextKind::Block(k)), head);
        }
        assert_eq!(names(&n, TextKind::Dateline), head);
        for k in [Kind::Byline, Kind::Furniture] {
            assert_eq!(names(&n, TextKind::Block(k)), byline);
        }
        assert_eq!(
            names(&n, TextKind::Block(Kind::Marker)),
            [&common[..], &["drop_spaces"]].concat()
        );

        let add = Normalizer::new(
            &Options {
                cjk_latin_spacing: Spacing::Add,
                fix_spacing: false,
                ..Options::default()
            },
            true,
        );
        assert_eq!(
            names(&add, TextKind::Block(Kind::Paragraph)),
            [
                &common[..],
                &["remove_cjk_latin_spaces", "widen_punctuation", "add_cjk_latin_spaces"]
            ]
            .concat()
        );
        assert_eq!(
            names(&add, TextKind::Block(Kind::Byline)),
            [&common[..], &["widen_punctuation"]].concat()
        );
        let remove = Normalizer::new(
            &Options {
                cjk_latin_spacing: Spacing::Remove,
                ..Options::default()
            },
            true,
        );
        // (the spaces between Chinese and Latin go right after the folds)
        assert_eq!(
            names(&remove, TextKind::Block(Kind::Caption))[common.len()],
            "remove_cjk_latin_spaces"
        );
        let off = Normalizer::new(
            &Options {
                normalize: false,
                cjk_latin_spacing: Spacing::Add,
                ..Options::default()
            },
            true,
        );
        assert!(names(&off, TextKind::Block(Kind::Paragraph)).is_empty());
        let none = Normalizer::new(
            &Options {
                fold_legacy: false,
                fold_fullwidth_alnum: false,
                fix_punctuation_width: false,
                ..Options::default()
            },
            true,
        );
        assert_eq!(names(&none, TextKind::Block(Kind::Marker)), ["drop_spaces"]);
    }

    #[test]
    fn the_folds_find_nothing_in_folded_text() {
        // Normalizer::for_folded leaves the folds out: on every code point
        // fold_characters gives, and on the space join_texts adds, they
        // change nothing (under each choice of the two folds).
        for (legacy, fullwidth) in [(true, true), (true, false), (false, true)] {
            let mut rules = Vec::new();
            if legacy {
                rules.push(TextRule::FoldLegacyCodePoints);
            }
            if fullwidth {
                rules.push(TextRule::FoldFullwidthAlnum);
            }
            for cp in (0..=0x10FFFFu32).chain([0x20]) {
                let (out, _, _) = normalize::fold_characters(&[cp], legacy, fullwidth);
                let folded = out.unwrap_or_else(|| vec![cp]);
                let (again, changes) = normalize::apply(&rules, &folded, true, false);
                assert!(again.is_none() && changes.is_empty(), "U+{cp:04X}");
            }
        }
        let options = Options::default();
        let all = Normalizer::new(&options, true);
        let folded = Normalizer::for_folded(&options, true);
        for kind in Kind::ALL.map(TextKind::Block).into_iter().chain([TextKind::Dateline]) {
            assert_eq!(&all.rules(kind)[2..], folded.rules(kind));
        }
    }

    #[test]
    fn normalizer_counts_in_first_change_order() {
        let mut n = Normalizer::new(&Options::default(), true);
        let out = n.apply(
            &cps("逆水行舟用力撑, 一篙松劲退千寻 2月 3日"),
            TextKind::Block(Kind::Paragraph),
        );
        assert_eq!(string(&out), "逆水行舟用力撑，一篙松劲退千寻2月3日");
        n.apply(&cps("Ａ 中 文"), TextKind::Block(Kind::Paragraph));
        assert_eq!(
            n.counts,
            [
                ("widen_punctuation", 2),
                ("remove_cjk_spaces", 2),
                ("fold_fullwidth_alnum", 1),
                ("collapse_letter_spacing", 2)
            ]
        );
        let mut quiet = Normalizer::new(&Options::default(), false);
        quiet.apply(&cps("中 文"), TextKind::Block(Kind::Paragraph));
        assert!(quiet.counts.is_empty());
    }

    #[test]
    fn a_headline_that_reads_as_running_text_is_spaced_as_a_paragraph() {
        let mut n = Normalizer::new(&Options::default(), true);
        let mut raw = RawBlock::new(0, 0, cps("全力以赴 保障疫情防控物资供应"), 0);
        raw.kind = Kind::Headline;
        assert_eq!(string(&final_text(&raw, &mut n).0), "全力以赴 保障疫情防控物资供应");
        // Three commas: its line, read back, is a paragraph, which keeps no space between Chinese characters.
        raw.text = cps("头脑，目的是为了找到拯 小组委员会，于2年后的根据协议，汇丰银行");
        assert_eq!(
            string(&final_text(&raw, &mut n).0),
            "头脑，目的是为了找到拯小组委员会，于2年后的根据协议，汇丰银行"
        );
        raw.kind = Kind::Subheading;
        assert_eq!(spacing_kind(raw.kind, &raw.text, 40), Kind::Paragraph);
        assert_eq!(spacing_kind(Kind::Byline, &raw.text, 40), Kind::Byline);
    }

    // ---- the text rules over a line of several blocks (document.share_out, line_runs) ----

    #[test]
    fn share_out_gives_each_block_its_characters_and_the_spaces_after_them() {
        let parts = |line: &str, texts: &[&str]| {
            let texts: Vec<Text> = texts.iter().map(|t| cps(t)).collect();
            let refs: Vec<&[u32]> = texts.iter().map(|t| t.as_slice()).collect();
            share_out(&cps(line), &refs).map(|p| p.iter().map(|t| string(t)).collect::<Vec<_>>())
        };
        assert_eq!(
            parts("截至2月3日24时，", &["截至 2", "月 3日 24时,"]),
            Some(vec!["截至2".to_string(), "月3日24时，".to_string()])
        );
        assert_eq!(
            parts("中文 ABC", &["中文", "ABC"]),
            Some(vec!["中文 ".to_string(), "ABC".to_string()])
        );
        assert_eq!(parts("截至2", &["截至", "2月"]), None); // (a character more in the texts)
        assert_eq!(parts("截至", &["截至", " "]), None); // (a text of spaces alone)
        assert_eq!(parts("", &[]), None);
    }

    #[test]
    fn shared_lines_hold_a_glued_block_and_a_clause_that_runs_on() {
        let blocks = [
            fin(Kind::Paragraph, "截至2", 0, false),
            fin(Kind::Marker, "（下转2版）", 0, false),
            fin(Kind::Paragraph, "月3日", 0, true),
            fin(Kind::Paragraph, "，共5例。", 0, false),
            fin(Kind::Paragraph, "新的一段。", 0, false),
        ];
        assert_eq!(shared_lines(&blocks, false, false), vec![vec![0, 2, 3]]);
        assert_eq!(shared_lines(&blocks[3..], false, false), Vec::<Vec<usize>>::new());
    }

    #[test]
    fn final_text_normalizes_a_dateline_apart() {
        let mut n = Normalizer::new(&Options::default(), true);
        let mut raw = RawBlock::new(0, 0, cps("本 报 讯  记者 李四 报道"), 5);
        // head "本 报 讯 " as a dateline (collapse, squeeze), the rest as a paragraph after one space
        let (text, dateline) = final_text(&raw, &mut n);
        assert_eq!(string(&dateline.unwrap()), "本报讯");
        assert_eq!(string(&text), "本报讯 记者李四报道");
        raw.kind = Kind::Headline;
        let (text, dateline) = final_text(&raw, &mut n);
        assert_eq!((string(&text), dateline), ("本报讯 记者 李四 报道".to_string(), None));
        let over = RawBlock::new(0, 0, cps("新华社电"), 9);
        let (text, dateline) = final_text(&over, &mut n);
        assert_eq!(
            (string(&text), string(&dateline.unwrap())),
            ("新华社电".to_string(), "新华社电".to_string())
        );
    }

    // ---- settling, on simple stages ----

    thread_local! {
        /// Settle rounds (on this thread) that took the round before's lines
        /// ([`RenderedRound::next`]).
        pub(super) static ROUNDS_FROM_LAST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// The native stages, but a split that does not say it kept its rows: the
    /// settle step reads every round's rendering whole.
    struct Whole;

    impl Stages for Whole {
        fn split_markers(&self, t: Lines) -> (Lines, HashMap<usize, JumpMarker>) {
            Native.split_markers(t)
        }

        fn read_lines(&self, t: Lines, found: HashMap<usize, JumpMarker>, options: &Options) -> (Layout, Vec<RawBlock>) {
            Native.read_lines(t, found, options)
        }

        fn read_lines_cached(
            &self,
            t: Lines,
            found: HashMap<usize, JumpMarker>,
            options: &Options,
            cache: &mut layout::RowCache,
            rendered: bool,
        ) -> (Layout, Vec<RawBlock>) {
            Native.read_lines_cached(t, found, options, cache, rendered)
        }

        fn classify(&self, blocks: &mut [RawBlock], layout: &Layout, options: &Options) {
            Native.classify(blocks, layout, options)
        }

        fn join_texts(&self, parts: &[&[u32]]) -> Text {
            Native.join_texts(parts)
        }
    }

    /// Texts whose settle step asks a reflowed rendering round after round:
    /// a quotation chain (each line closes the quotation the one before left
    /// open and opens another: one join a round), with words the marker
    /// grammar looks at (转 接 见), jump markers, numbers cut from their
    /// units and a headline between the links.
    fn reflowed_rounds_texts() -> Vec<String> {
        let first = format!("他说：“{}。", "今天的天气很好我们一起去公园散步吧".repeat(6));
        let link = format!("好的我们出发”对方回答道：“{}。", "好的我们马上出发去公园看看风景".repeat(6));
        let hinted = format!("转眼到了”他接着说：“{}。", "我们见到了老朋友接着一起转到公园".repeat(6));
        let mut out = Vec::new();
        for n in [1, 2, 3, 5, 12] {
            let mut lines = vec![first.clone()];
            for k in 0..n {
                lines.push(if k % 2 == 1 { hinted.clone() } else { link.clone() });
            }
            lines.push("结束了”。".to_string());
            out.push(lines.join("\n"));
            // A marker, a headline and a number cut from its unit among them.
            let mut marked = lines.clone();
            marked.insert(2.min(marked.len()), "（下转第四版）".to_string());
            marked.insert(1, format!("{}共计12", "这是一个很长的句子用来说明数字和单位被分开的情形".repeat(5)));
            marked.insert(2, "万元。".to_string());
            marked.push("公园里的春天".to_string());
            marked.push(format!("{}。", "新华社北京电 今天的天气很好".repeat(8)));
            out.push(marked.join("\n"));
            out.push(marked.join("\n\n"));
        }
        // A word cut over a form feed: the first reading breaks there, the
        // rendering (which has none) joins.
        out.push(format!("{}马克思主\u{c}义{}", link, first));
        out
    }

    #[test]
    fn settle_reads_the_lines_a_round_left_as_reading_the_whole_does() {
        // The settle step takes the lines a reflowed round left unchanged from
        // that round (RenderedRound::next); the same step reading every round
        // whole reads the same blocks, on texts made for many rounds and on
        // the seed and the committed corpus pages.
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut texts = reflowed_rounds_texts();
        texts.push(std::fs::read_to_string(format!("{root}/seeds/000_8105d0b5ae336b9b.txt")).unwrap());
        let corpus = format!("{root}/tests/data/corpus/ci");
        let mut pages: Vec<_> = std::fs::read_dir(&corpus).unwrap().flatten().map(|e| e.path()).collect();
        pages.sort();
        for page in pages {
            let mut files: Vec<_> = std::fs::read_dir(&page).unwrap().flatten().map(|e| e.path()).collect();
            files.sort();
            for f in files.into_iter().filter(|f| f.extension().is_some_and(|x| x == "txt")) {
                texts.push(std::fs::read_to_string(f).unwrap());
            }
        }
        assert!(texts.len() > 50);
        let options = Options::default();
        ROUNDS_FROM_LAST.with(|n| n.set(0));
        for text in &texts {
            let text: Text = text.chars().map(|c| c as u32).collect();
            let (ours, whole) = (
                read_section(&Native, &text, 0, 0, 0, &options, true),
                read_section(&Whole, &text, 0, 0, 0, &options, true),
            );
            assert_eq!(ours.raw, whole.raw, "{}", string(&text[..text.len().min(80)]));
            assert_eq!(ours.rendered, whole.rendered);
        }
        // (The shortcut was taken, and not only once.)
        assert!(ROUNDS_FROM_LAST.with(|n| n.get()) >= 10, "{}", ROUNDS_FROM_LAST.with(|n| n.get()));
    }

    /// A round kept for the next ([`RenderedRound::first`]) of these lines,
    /// with these joins.
    fn kept_round(lines: &[&str], joins: Vec<Option<Rule>>) -> RenderedRound {
        let texts: LineTexts = lines.iter().map(|l| cps(l)).collect::<Vec<_>>().into();
        RenderedRound::first(texts, &HashMap::new(), joins)
    }

    /// The rendering of `lines` (joined by "\n"), and where each line starts.
    fn rendering_of(lines: &[&str]) -> (Text, Vec<usize>) {
        let mut text = Vec::new();
        let mut starts = Vec::new();
        for (j, l) in lines.iter().enumerate() {
            if j > 0 {
                text.push(NL);
            }
            starts.push(text.len());
            text.extend(cps(l));
        }
        starts.push(text.len() + 1);
        (text, starts)
    }

    fn long(s: &str) -> String {
        format!("{}。", s.repeat(40))
    }

    #[test]
    fn a_kept_round_gives_the_next_its_unchanged_lines_and_asks_only_new_breaks() {
        let (a, b, c) = (long("甲乙丙"), long("丁戊己"), long("庚辛壬"));
        // The join the round before found between its lines 1 and 2 stands
        // (a pure function of the two lines); the break before the new line
        // 0 is asked (and joins nothing).
        let prev = kept_round(&[&a, &b, &c], vec![None, Some(Rule::WordCut), Some(Rule::QuoteOpen)]);
        let (rendering, starts) = rendering_of(&["新的一行", &b, &c]);
        let next = RenderedRound::next(&prev, &rendering, &starts, &[None, Some(1), Some(2)]).unwrap();
        assert_eq!(string(&next.texts[0]), "新的一行");
        assert_eq!(next.joins, vec![None, None, Some(Rule::QuoteOpen)]);
        // Lines of the round before that are no longer neighbours: asked.
        let (rendering, starts) = rendering_of(&[&a, &c]);
        let next = RenderedRound::next(&prev, &rendering, &starts, &[Some(0), Some(2)]).unwrap();
        assert_eq!(next.joins, vec![None, None]);
    }

    #[test]
    fn a_first_reading_serves_as_a_round_where_it_read_reflowed_text() {
        let options = Options::default();
        let read = |text: &str| {
            let (table, found, kept) = Native.split_markers_kept(split_lines(&cps(text)));
            (Native.read_lines(table, found, &options).0, kept)
        };
        let a = long("甲乙丙");
        let (layout, kept) = read(&format!("{a}\n{}\n万元。{a}", long("丁戊己").replace('。', "共计12")));
        assert!(kept && layout.features.rendered);
        let first = RenderedRound::of_reading(&layout, kept).unwrap();
        assert_eq!(first.joins, vec![None, None, Some(Rule::NumberUnit)]);
        // Not where it read a page, its split changed a row, or a form feed stands in it.
        let (page, kept) = read("头版\n今天天气\n很好。");
        assert!(kept && !page.features.rendered);
        assert!(RenderedRound::of_reading(&page, kept).is_none());
        assert!(RenderedRound::of_reading(&layout, false).is_none());
        let (paged, kept) = read(&format!("{a}\n{a}\u{c}{a}"));
        assert!(paged.features.rendered);
        assert!(RenderedRound::of_reading(&paged, kept).is_none());
    }

    #[test]
    fn a_reflowed_rendering_is_read_by_its_lines_where_each_is_one_line() {
        let (a, b) = (long("甲乙丙"), long("丁戊己"));
        let (rendering, starts) = rendering_of(&[&format!(" {a}\u{3000}"), "（下转第四版）", &b]);
        let (texts, found) = reflowed_lines(&Native, &rendering, &starts).unwrap();
        assert_eq!(texts.iter().map(string).collect::<Vec<_>>(), vec![a.clone(), "（下转第四版）".into(), b.clone()]);
        assert_eq!(found.keys().copied().collect::<Vec<_>>(), vec![1]);
        // Read whole: a line end in a line, a blank line, a marker the split
        // cuts off a line, lines that do not read as reflowed, stages that do
        // not say their split kept every row.
        for lines in [
            vec![a.clone(), format!("甲\u{2028}{b}")],
            vec![a.clone(), " ".into(), b.clone()],
            vec![a.clone(), format!("{}（下转第四版）", long("庚辛壬"))],
            vec!["短的".into(), "一行".into()],
        ] {
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            let (rendering, starts) = rendering_of(&lines);
            assert!(reflowed_lines(&Native, &rendering, &starts).is_none(), "{lines:?}");
        }
        assert!(reflowed_lines(&Whole, &rendering, &starts).is_none());
    }

    #[test]
    fn a_kept_line_whose_text_changed_is_read_again() {
        let (a, b) = (long("甲乙丙"), long("丁戊己"));
        let prev = kept_round(&[&a, &b], vec![None, Some(Rule::WordCut)]);
        // Line 1 shows the blocks it showed, one of them rendered otherwise
        // (its kind changed): its text is the rendering's, and the break
        // before it is asked.
        let (rendering, starts) = rendering_of(&[&a, "另一行，两块"]);
        let next = RenderedRound::next(&prev, &rendering, &starts, &[Some(0), Some(1)]).unwrap();
        assert_eq!(string(&next.texts[1]), "另一行，两块");
        assert_eq!(next.joins, vec![None, None]);
    }

    #[test]
    fn a_kept_round_reads_whole_where_a_new_line_could_split_as_a_marker() {
        let (a, b, c) = (long("甲乙丙"), long("丁戊己"), long("庚辛壬"));
        let prev = kept_round(&[&a, &b, &c], vec![None, None, None]);
        // A new line that ends with a jump marker (split off it by a reading
        // of the whole): the next round is read whole.
        let marked = format!("{}（下转第四版）", long("癸子丑"));
        let (rendering, starts) = rendering_of(&[&a, &marked, &c]);
        assert!(RenderedRound::next(&prev, &rendering, &starts, &[Some(0), None, Some(2)]).is_none());
        // A new line with a line end in it, or nothing: read whole.
        let (rendering, starts) = rendering_of(&[&a, "甲\u{2028}乙", &c]);
        assert!(RenderedRound::next(&prev, &rendering, &starts, &[Some(0), None, Some(2)]).is_none());
        let (rendering, starts) = rendering_of(&[&a, "  ", &c]);
        assert!(RenderedRound::next(&prev, &rendering, &starts, &[Some(0), None, Some(2)]).is_none());
        // A line of the round before whose next line is not the one after it
        // there (a left-out line between them) is read again: here its split
        // would take a marker off its end over the next line.
        let cut = format!("{}（下", long("子丑寅"));
        let prev = kept_round(&[&a, &cut, &b, "转第四版）", &c], vec![None; 5]);
        let (rendering, starts) = rendering_of(&[&a, &cut, "转第四版）", &c]);
        assert!(RenderedRound::next(&prev, &rendering, &starts, &[Some(0), Some(1), Some(3), Some(4)]).is_none());
        let (rendering, starts) = rendering_of(&[&a, &cut, &b, "转第四版）", &c]);
        assert!(RenderedRound::next(&prev, &rendering, &starts, &[Some(0), Some(1), Some(2), Some(3), Some(4)]).is_some());
        // A rendering no longer reflowed text: read whole.
        let (rendering, starts) = rendering_of(&["短", "短的", "短的行"]);
        assert!(RenderedRound::next(&prev, &rendering, &starts, &[None, None, None]).is_none());
    }

    /// Stages for the tests: a line joins the one before when that one ends
    /// with '，'; a line starting with 下转 is a marker; a block without '。'
    /// is a headline.
    struct Toy;

    fn toy_kind(text: &[u32]) -> Kind {
        if text.starts_with(&cps("下转")) {
            Kind::Marker
        } else if !text.contains(&('。' as u32)) {
            Kind::Headline
        } else {
            Kind::Paragraph
        }
    }

    impl Stages for Toy {
        fn split_markers(&self, t: Lines) -> (Lines, HashMap<usize, JumpMarker>) {
            (t, HashMap::new())
        }

        fn read_lines(
            &self,
            t: Lines,
            _found: HashMap<usize, JumpMarker>,
            options: &Options,
        ) -> (Layout, Vec<RawBlock>) {
            let mut rules = Vec::new();
            for i in 0..t.len() {
                let join =
                    i > 0 && t.text[i - 1].last() == Some(&('，' as u32)) && toy_kind(&t.text[i]) != Kind::Marker;
                rules.push(if i == 0 {
                    Rule::Start
                } else if join {
                    Rule::ColumnWrap
                } else {
                    Rule::SentenceEnd
                });
            }
            let mut raw: Vec<RawBlock> = Vec::new();
            for (i, rule) in rules.iter().enumerate().take(t.len()) {
                match raw.last_mut() {
                    Some(b) if rule.is_join() => {
                        b.last = i;
                        b.text = self.join_texts(&[&b.text, &t.text[i]]);
                    }
                    _ => raw.push(RawBlock::new(i, i, t.text[i].to_vec(), 0)),
                }
            }
            let layout = Layout {
                lines: t,
                rules,
                ..Layout::default()
            };
            self.classify(&mut raw, &layout, options);
            (layout, raw)
        }

        fn classify(&self, blocks: &mut [RawBlock], _layout: &Layout, _options: &Options) {
            for b in blocks {
                b.kind = toy_kind(&b.text);
            }
        }

        fn join_texts(&self, parts: &[&[u32]]) -> Text {
            parts.concat()
        }
    }

    fn block(first: usize, last: usize, text: &str) -> RawBlock {
        let mut b = RawBlock::new(first, last, cps(text), 0);
        b.kind = toy_kind(&b.text);
        b
    }

    fn texts(raw: &[RawBlock]) -> Vec<(String, Kind, bool)> {
        raw.iter().map(|r| (string(&r.text), r.kind, r.glue)).collect()
    }

    #[test]
    fn a_paragraph_that_keeps_a_run_of_spaces_is_asked_how_it_reads_back() {
        // (`document._kept_run`'s doctest.)
        let mut b = RawBlock::new(0, 0, cps(""), 0);
        b.kind = Kind::Paragraph;
        assert!(kept_run(&b, &cps("ptt    y I PR了讓")));
        assert!(!kept_run(&b, &cps("iPhone XS 发布会")));
        assert!(spaced_alone(&b, &cps("a\t b")));
        b.kind = Kind::Headline;
        assert!(!kept_run(&b, &cps("ptt    y I PR了讓")));
        assert!(spaced_alone(&b, &cps("全力以赴 保障")));
    }

    #[test]
    fn settle_takes_the_join_its_rendering_reads() {
        let options = Options::default();
        // The first reading left "甲乙，" / "丙丁。" apart; the rendering joins them.
        let raw = vec![block(0, 0, "标题"), block(1, 1, "甲乙，"), block(2, 3, "丙丁。戊。")];
        let out = settle(&Toy, raw, &Layout::default(), &options);
        assert_eq!(
            texts(&out),
            [
                ("标题".into(), Kind::Headline, false),
                ("甲乙，丙丁。戊。".into(), Kind::Paragraph, false)
            ]
        );
        assert_eq!((out[1].first, out[1].last), (1, 3));
        assert_eq!(out[1].joins, [(2, "settled")]);
    }

    #[test]
    fn settle_reads_a_merged_dateline_alone_on_the_merged_text() {
        // A dateline alone, its credit cut by the column, which the rendering
        // joins to the line that closes the credit: the dateline is the merged
        // text's, as its line will be read back (not the first line's whole).
        let options = Options::default();
        let mut head = block(0, 0, "本报讯（记者 王芳，");
        head.dateline = 10;
        let raw = vec![head, block(1, 1, "张力）今天开会。")];
        let out = settle(&Toy, raw, &Layout::default(), &options);
        assert_eq!(string(&out[0].text), "本报讯（记者 王芳，张力）今天开会。");
        assert_eq!(out[0].dateline, 13);
        // A dateline that ends inside its line stays as it was.
        let mut head = block(0, 0, "本报讯（记者 王芳）今天，");
        head.dateline = 10;
        let out = settle(&Toy, vec![head, block(1, 1, "开会。")], &Layout::default(), &options);
        assert_eq!(out[0].dateline, 10);
    }

    #[test]
    fn settle_off_leaves_the_first_reading() {
        let options = Options {
            settle: false,
            ..Options::default()
        };
        let raw = vec![block(0, 0, "标题"), block(1, 1, "甲乙，"), block(2, 3, "丙丁。戊。")];
        let (out, rendered) = settle_rendered(&Toy, raw.clone(), &Layout::default(), &options);
        assert_eq!(texts(&out), texts(&raw));
        assert!(out.iter().all(|r| r.joins.is_empty()));
        // The rendering is still made: the finished blocks take it up.
        assert!(rendered.iter().all(|r| r.is_some()));
    }

    #[test]
    fn settle_glues_across_a_left_out_marker() {
        let options = Options::default();
        let raw = vec![block(0, 0, "甲乙，"), block(1, 1, "下转A2版"), block(2, 2, "丙丁。")];
        let out = settle(&Toy, raw, &Layout::default(), &options);
        // (Glued, the two blocks print one line, 甲乙，丙丁。, which reads as a
        // paragraph: both are typed so.)
        assert_eq!(
            texts(&out),
            [
                ("甲乙，".into(), Kind::Paragraph, false),
                ("下转A2版".into(), Kind::Marker, false),
                ("丙丁。".into(), Kind::Paragraph, true)
            ]
        );
        // With the marker kept, the rendering shows it: nothing to join.
        let keep = Options {
            keep_markers: true,
            ..Options::default()
        };
        let raw = vec![block(0, 0, "甲乙，"), block(1, 1, "下转A2版"), block(2, 2, "丙丁。")];
        let out = settle(&Toy, raw, &Layout::default(), &keep);
        assert!(out.iter().all(|r| !r.glue) && out.len() == 3);
    }

    #[test]
    fn settle_types_a_rendering_of_one_line_as_it_reads() {
        // "，丙丁。" runs on: the rendering is one line, 甲乙，丙丁。, read as a
        // paragraph; its blocks stay apart and take that kind.
        let options = Options::default();
        let raw = vec![block(0, 0, "甲乙"), block(1, 1, "，丙丁。")];
        assert_eq!(raw[0].kind, Kind::Headline);
        let out = settle(&Toy, raw.clone(), &Layout::default(), &options);
        assert_eq!(
            texts(&out),
            [
                ("甲乙".into(), Kind::Paragraph, false),
                ("，丙丁。".into(), Kind::Paragraph, false)
            ]
        );
        // A line of one block is left as it was read.
        let one = vec![block(0, 0, "甲乙")];
        assert_eq!(settle(&Toy, one.clone(), &Layout::default(), &options), one);
    }

    #[test]
    fn settle_merges_a_glued_mark_when_it_joins() {
        // Line 2 starts with a mark: it is glued to line 1 in the rendering;
        // the rendering's join of line 1 to line 0 takes both in ("settled").
        let options = Options::default();
        let raw = vec![block(0, 0, "甲乙，"), block(1, 1, "丙丁"), block(2, 2, "。戊。")];
        let out = settle(&Toy, raw, &Layout::default(), &options);
        assert_eq!(texts(&out), [("甲乙，丙丁。戊。".into(), Kind::Paragraph, false)]);
        assert_eq!(out[0].joins, [(1, "settled"), (2, "settled")]);
    }

    #[test]
    fn sections_read_end_to_end_on_simple_stages() {
        let options = Options::default();
        let text = cps("标题\n甲乙，\n丙丁。\n\u{c}下转A2版\n，戊。\u{e000}");
        let (blocks, stats) = read_with(&Toy, &text, &options);
        type Row = (String, Kind, (i64, i64), (i64, i64), i64);
        let got: Vec<Row> = blocks
            .iter()
            .map(|b| (string(&b.text), b.kind, b.span, b.lines, b.page))
            .collect();
        assert_eq!(
            got,
            [
                ("标题".into(), Kind::Headline, (0, 2), (1, 1), 0),
                ("甲乙，丙丁。".into(), Kind::Paragraph, (3, 10), (2, 3), 0),
                ("下转A2版".into(), Kind::Marker, (12, 17), (5, 5), 1),
                ("，戊。\u{e000}".into(), Kind::Paragraph, (18, 22), (6, 6), 1),
            ]
        );
        let items: Vec<(String, i64)> = stats.items().collect();
        let want: Vec<(String, i64)> = [
            ("lines", 5),
            ("break:sentence_end", 2),
            ("join:column_wrap", 1),
            ("block:headline", 1),
            ("block:paragraph", 2),
            ("block:marker", 1),
            ("suspect_chars", 1),
        ]
        .iter()
        .map(|&(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(items, want);
        let (out, _, markers) = reflow_text_with(&Toy, &text, &options);
        assert_eq!(string(&out), "标题\n甲乙，丙丁。\n\u{c}，戊。\u{e000}"); // a new page: never glued on
        assert!(markers.is_empty()); // the toy finds no markers
        let keep = Options {
            keep_markers: true,
            ..Options::default()
        };
        let (out, _, _) = reflow_text_with(&Toy, &text, &keep);
        // A kept marker keeps its line (Kind::owns_line): the clause after it
        // goes on a line of its own.
        assert_eq!(string(&out), "标题\n甲乙，丙丁。\n\u{c}下转A2版\n，戊。\u{e000}");
    }

    // ---- rendering ----

    fn fin(kind: Kind, text: &str, page: i64, glue: bool) -> Block {
        Block {
            kind,
            text: cps(text),
            span: (0, 0),
            marker: None,
            lines: (0, 0),
            dateline: None,
            role: None,
            page,
            glue,
        }
    }

    #[test]
    fn renderer_joins_glues_and_breaks_pages() {
        let mut r = Renderer::new(&Options::default());
        r.section(vec![
            fin(Kind::Headline, "标题", 0, false),
            fin(Kind::Paragraph, "甲", 0, false),
            fin(Kind::Marker, "下转", 0, false),
            fin(Kind::Paragraph, "乙", 0, true),    // glued: same page
            fin(Kind::Paragraph, "，丙", 0, false), // a mark that never opens a line
            fin(Kind::Furniture, "版头", 1, false),
            fin(Kind::Paragraph, "丁", 1, true),
        ]);
        assert_eq!(string(&r.text), "标题\n甲乙，丙\n\u{c}版头丁");
        // the next section: a first line that starts with a mark goes on on the last line
        r.section(vec![
            fin(Kind::Paragraph, "。戊", 1, false),
            fin(Kind::Paragraph, "己", 2, false),
        ]);
        assert_eq!(string(&r.text), "标题\n甲乙，丙\n\u{c}版头丁。戊\n\u{c}己");
        // a page change keeps it on its own line
        r.section(vec![fin(Kind::Paragraph, "。庚", 3, false)]);
        assert_eq!(string(&r.text), "标题\n甲乙，丙\n\u{c}版头丁。戊\n\u{c}己\n\u{c}。庚");
        // glue does not reach across a page
        let mut r = Renderer::new(&Options {
            keep_furniture: false,
            ..Options::default()
        });
        r.section(vec![
            fin(Kind::Paragraph, "甲", 0, false),
            fin(Kind::Furniture, "版头", 1, false),
            fin(Kind::Paragraph, "乙", 1, true),
            fin(Kind::Paragraph, "", 1, false),
        ]);
        assert_eq!(string(&r.text), "甲\n\u{c}乙");
        // a clause that opens with a mark does not go on a running head's or
        // a byline's line (Kind::owns_line), in a section or across sections
        let mut r = Renderer::new(&Options::default());
        r.section(vec![
            fin(Kind::Byline, "记者 甲", 0, false),
            fin(Kind::Paragraph, "，乙", 0, false),
            fin(Kind::Furniture, "版头 A5", 0, false),
        ]);
        r.section(vec![fin(Kind::Paragraph, "，丙", 0, false)]);
        assert_eq!(string(&r.text), "记者 甲\n，乙\n版头 A5\n，丙");
    }

    #[test]
    fn renderer_keeps_the_page_of_a_popped_first_line() {
        let mut r = Renderer::new(&Options::default());
        r.section(vec![fin(Kind::Paragraph, "甲", 0, false)]);
        r.section(vec![fin(Kind::Paragraph, "，乙", 0, false)]);
        assert_eq!(r.page, Some(0));
        r.section(vec![fin(Kind::Paragraph, "丙", 1, false)]);
        assert_eq!(string(&r.text), "甲，乙\n\u{c}丙");
        let mut empty = Renderer::new(&Options::default());
        empty.section(vec![fin(Kind::Paragraph, "，甲", 0, false)]);
        assert_eq!(string(&empty.text), "，甲");
    }
}

#[cfg(test)]
mod timing {
    use super::*;

    /// Where the time of a section's reading goes: `REFLOW_TIMING_FILE=page.txt
    /// cargo test --release -p reflow-core timing -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn stage_times() {
        let Ok(path) = std::env::var("REFLOW_TIMING_FILE") else {
            return;
        };
        let text: Text = std::fs::read_to_string(path)
            .unwrap_or_default()
            .chars()
            .map(|c| c as u32)
            .collect();
        let options = Options::default();
        let mut t = [0f64; 6];
        for _ in 0..3 {
            for (start, end) in sections(&text, SECTION_CHARS) {
                let clock = std::time::Instant::now();
                let (folded, _, _) = normalize::fold_characters(&text[start..end], true, true);
                let part = folded.as_deref().unwrap_or(&text[start..end]);
                let table = split_lines(part);
                t[0] += clock.elapsed().as_secs_f64();
                let clock = std::time::Instant::now();
                let (table, found) = Native.split_markers(table);
                t[1] += clock.elapsed().as_secs_f64();
                let clock = std::time::Instant::now();
                let mut rows = layout::RowCache::new();
                let (layout, raw) = Native.read_lines_cached(table, found, &options, &mut rows, false);
                t[2] += clock.elapsed().as_secs_f64();
                let clock = std::time::Instant::now();
                let (raw, rendered) = settle_with(&Native, raw, &layout, &options, true, rows, false);
                t[3] += clock.elapsed().as_secs_f64();
                let mut section = Section {
                    offset: 0,
                    lines_before: 0,
                    pages_before: 0,
                    layout,
                    raw,
                    folded: vec![],
                    suspect: 0,
                    rendered,
                    text_folded: true,
                    line_count: 0,
                    page_count: 0,
                };
                let clock = std::time::Instant::now();
                let mut stats = Stats::default();
                let blocks = finish_section(&mut section, &options, Some(&mut stats));
                t[4] += clock.elapsed().as_secs_f64();
                let clock = std::time::Instant::now();
                Renderer::new(&options).section(blocks);
                t[5] += clock.elapsed().as_secs_f64();
            }
        }
        let total: f64 = t.iter().sum();
        for (name, v) in [
            "fold+split",
            "split_markers",
            "read_lines",
            "settle",
            "finish",
            "render",
        ]
        .iter()
        .zip(t)
        {
            println!("{name:14} {:6.1}%  {:.3}s", 100.0 * v / total, v);
        }
    }
}
