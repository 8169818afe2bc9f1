//! The data the native pipeline passes between its stages: tables (one
//! column per field, one row per line or block), never an object per line.
//!
//! Each type mirrors a Python dataclass of the reference engine, named in its
//! doc comment; field names are the Python names. Text is code points
//! (`Vec<u32>`), as a Python `str` is, so lengths and offsets are Python's.
//!
//! Names are shared with Python: [`Rule::name`] is the string of
//! `layout.REASONS`, [`Kind::name`] the string of `model.Kind`, and a test
//! (`tests/test_differential.py`) checks that both sides list the same ones.

use std::collections::HashMap;

/// A text as code points.
pub type Text = Vec<u32>;

/// `cjk_latin_spacing` of `options.Options`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Spacing {
    #[default]
    Keep,
    Remove,
    Add,
}

/// `options.Options`: the fields that change what the native engine does.
/// (`column_window` and `column_density` have no effect; `convert` and
/// `articles` are applied in Python, after the native engine.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub max_column_cells: i64,
    pub max_headline_chars: i64,
    pub keep_markers: bool,
    pub keep_furniture: bool,
    pub normalize: bool,
    pub fold_legacy: bool,
    pub fold_fullwidth_alnum: bool,
    pub fix_punctuation_width: bool,
    pub fix_spacing: bool,
    pub cjk_latin_spacing: Spacing,
    /// `Options.settle`: read each section's rendering again (the settle step).
    pub settle: bool,
}

impl Default for Options {
    /// The defaults of `Options()`.
    fn default() -> Self {
        Options {
            max_column_cells: 160,
            max_headline_chars: 64,
            keep_markers: false,
            keep_furniture: true,
            normalize: true,
            fold_legacy: true,
            fold_fullwidth_alnum: true,
            fix_punctuation_width: true,
            fix_spacing: true,
            cjk_latin_spacing: Spacing::Keep,
            settle: true,
        }
    }
}

/// `JumpMarker.direction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    ContinuedOn,
    ContinuedFrom,
    See,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::ContinuedOn => "continued_on",
            Direction::ContinuedFrom => "continued_from",
            Direction::See => "see",
        }
    }
}

/// `markers.JumpMarker`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JumpMarker {
    pub direction: Direction,
    pub page: Text,
    pub seq: Option<i64>,
    pub raw: Text,
    pub pages: Vec<Text>,
}

/// The texts of a table's lines, one after another in one buffer (no
/// allocation per line): `texts[i]` is line i's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineTexts {
    buf: Vec<u32>,
    /// `ends[i]`: where line i's text ends in `buf` (it starts where line i-1's ends).
    ends: Vec<usize>,
}

impl LineTexts {
    pub fn new() -> LineTexts {
        LineTexts::default()
    }

    /// Room for `lines` lines of `chars` code points in all.
    pub fn with_capacity(lines: usize, chars: usize) -> LineTexts {
        LineTexts {
            buf: Vec::with_capacity(chars),
            ends: Vec::with_capacity(lines),
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Adds a line's text.
    pub fn push(&mut self, text: &[u32]) {
        self.buf.extend_from_slice(text);
        self.ends.push(self.buf.len());
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 {
            0
        } else {
            self.ends[i - 1]
        }
    }

    /// Line i's text (None past the end).
    pub fn get(&self, i: usize) -> Option<&[u32]> {
        (i < self.len()).then(|| &self.buf[self.start(i)..self.ends[i]])
    }

    /// The texts of lines `a..b`, in order.
    pub fn range(&self, a: usize, b: usize) -> impl Iterator<Item = &[u32]> + Clone + '_ {
        (a..b).map(move |i| &self[i])
    }

    /// The code points of lines `a..b` together.
    pub fn chars_in(&self, a: usize, b: usize) -> usize {
        if a >= b {
            0
        } else {
            self.ends[b - 1] - self.start(a)
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[u32]> + '_ {
        (0..self.len()).map(move |i| &self[i])
    }

    /// For each line: does its text hold a code point that passes `test`?
    /// One scan of the whole buffer for tests that most code points fail
    /// and that compile to a few compares: sixteen code points at a time,
    /// whole blocks of sixteen (which the compiler vectorizes across the
    /// code points), a hit marking its line and the scan going on from the
    /// line's end.
    pub fn lines_where(&self, test: impl Fn(u32) -> bool + Copy) -> Vec<bool> {
        const BLOCK: usize = 16;
        let mut out = vec![false; self.len()];
        let buf = &self.buf[..];
        let (mut line, mut at) = (0usize, 0usize);
        while at < buf.len() {
            // The next hit at or after `at`, or the end.
            let mut hit = buf.len();
            let blocks = buf[at..].chunks_exact(BLOCK);
            let tail = at + blocks.len() * BLOCK;
            for (k, block) in blocks.enumerate() {
                let block: &[u32; BLOCK] = block.try_into().expect("a block of sixteen");
                if block.iter().fold(false, |found, &c| found | test(c)) {
                    let from = at + k * BLOCK;
                    hit = from + block.iter().position(|&c| test(c)).unwrap_or(BLOCK);
                    break;
                }
            }
            if hit == buf.len() {
                hit = buf[tail..]
                    .iter()
                    .position(|&c| test(c))
                    .map_or(buf.len(), |p| tail + p);
            }
            if hit >= buf.len() {
                break;
            }
            // (The line the hit is in: the first that ends after it.)
            while self.ends[line] <= hit {
                line += 1;
            }
            out[line] = true;
            at = self.ends[line];
        }
        out
    }
}

impl std::ops::Index<usize> for LineTexts {
    type Output = [u32];

    fn index(&self, i: usize) -> &[u32] {
        &self.buf[self.start(i)..self.ends[i]]
    }
}

impl From<Vec<Text>> for LineTexts {
    fn from(texts: Vec<Text>) -> LineTexts {
        let mut out = LineTexts::with_capacity(texts.len(), texts.iter().map(Vec::len).sum());
        for t in &texts {
            out.push(t);
        }
        out
    }
}

impl<'a> FromIterator<&'a [u32]> for LineTexts {
    fn from_iter<I: IntoIterator<Item = &'a [u32]>>(iter: I) -> LineTexts {
        let mut out = LineTexts::new();
        for t in iter {
            out.push(t);
        }
        out
    }
}

/// `lines.LineTable` of a section: the line table with each line's text
/// (split_markers cuts lines, so text is not always `input[start:end]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    pub text: LineTexts,
    pub start: Vec<i64>,
    pub end: Vec<i64>,
    pub number: Vec<i64>,
    pub gap: Vec<i64>,
    pub page: Vec<i64>,
    pub page_break: Vec<bool>,
    pub width: Vec<i64>,
    pub indent: Vec<i64>,
}

impl Lines {
    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// `LineTable.append`: the width is computed from the text (`chars.width`).
    #[allow(clippy::too_many_arguments)]
    pub fn append(
        &mut self,
        text: impl AsRef<[u32]>,
        start: i64,
        end: i64,
        number: i64,
        gap: i64,
        page: i64,
        page_break: bool,
        indent: i64,
    ) {
        let text = text.as_ref();
        let width = text.iter().map(|&c| crate::chars::width(c) as i64).sum();
        self.append_with_width(text, width, start, end, number, gap, page, page_break, indent);
    }

    /// [`Lines::append`] with the width already known (`chars.width` summed
    /// over `text`: a row copied from another table keeps its width).
    #[allow(clippy::too_many_arguments)]
    pub fn append_with_width(
        &mut self,
        text: &[u32],
        width: i64,
        start: i64,
        end: i64,
        number: i64,
        gap: i64,
        page: i64,
        page_break: bool,
        indent: i64,
    ) {
        self.width.push(width);
        self.text.push(text);
        self.start.push(start);
        self.end.push(end);
        self.number.push(number);
        self.gap.push(gap);
        self.page.push(page);
        self.page_break.push(page_break);
        self.indent.push(indent);
    }
}

/// `Features.kind`: what a line's grammar says it is (None in Python: running text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Marker,
    Markdown,
    Byline,
    Furniture,
}

impl LineKind {
    pub fn name(self) -> &'static str {
        match self {
            LineKind::Marker => "marker",
            LineKind::Markdown => "markdown",
            LineKind::Byline => "byline",
            LineKind::Furniture => "furniture",
        }
    }
}

/// `layout.Features`: what each line says on its own (row i is line i).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    pub kind: Vec<Option<LineKind>>,
    pub terminal: Vec<bool>,
    pub clause: Vec<bool>,
    pub open_end: Vec<bool>,
    pub dateline: Vec<usize>,
    pub headline_like: Vec<bool>,
    pub ascii: Vec<i64>,
    pub gap: Vec<i64>,
    /// row -> marker (`Features.markers`).
    pub markers: HashMap<usize, JumpMarker>,
    /// `Features.continues` as a column: the row continues the furniture line above.
    pub continues: Vec<bool>,
    pub pause_stop: bool,
    /// `Features.unpunctuated`: the section prints next to no punctuation.
    pub unpunctuated: bool,
    /// `Features.rendered`: the section is reflowed text already, a block a
    /// line (`layout.reads_as_rendered`).
    pub rendered: bool,
}

/// `layout.Columns`: the column model of a section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub width: Vec<i64>,
    pub set_width: Vec<i64>,
    pub palette: Vec<i64>,
    pub compressed: bool,
    pub indented: bool,
    pub spread: i64,
}

/// The layout's boundary rules: the keys of `layout.REASONS` (a test checks both sides name the same set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    Start,
    Marker,
    Markdown,
    Byline,
    Furniture,
    ContinuationPunct,
    PageBreak,
    LatinWrap,
    EnglishWrap,
    EnglishParagraph,
    DatelineAlone,
    Dateline,
    RunningHead,
    CaptionWrap,
    BylineWrap,
    CreditWrap,
    Caption,
    Item,
    RegionWrap,
    MarkCut,
    HeadlineApart,
    Subtitle,
    SubtitleStart,
    SplitLine,
    BracketCut,
    ColumnWrap,
    ColumnBreak,
    ClauseEnd,
    SubheadingApart,
    SentenceEdge,
    SentenceEnd,
    HeadlineWrap,
    HeadlineLine,
    NoColumn,
    OverWide,
    WiderNext,
    ShortLine,
    NearlyFull,
    RegionEnd,
    NumberWrap,
    PieceWrap,
    OpenBracket,
    CaptionEnd,
    CutLine,
    OpenClause,
    DatelineCut,
    WordCut,
    QuoteOpen,
    NarrowEnd,
    NumberUnit,
    WordMoved,
    ShortTextWrap,
    NextItem,
    TableRow,
    TableCell,
    Rendered,
    ParticleStart,
}

impl Rule {
    pub const ALL: [Rule; 57] = [
        Rule::Start,
        Rule::Marker,
        Rule::Markdown,
        Rule::Byline,
        Rule::Furniture,
        Rule::ContinuationPunct,
        Rule::PageBreak,
        Rule::LatinWrap,
        Rule::EnglishWrap,
        Rule::EnglishParagraph,
        Rule::DatelineAlone,
        Rule::Dateline,
        Rule::RunningHead,
        Rule::CaptionWrap,
        Rule::BylineWrap,
        Rule::CreditWrap,
        Rule::Caption,
        Rule::Item,
        Rule::RegionWrap,
        Rule::MarkCut,
        Rule::HeadlineApart,
        Rule::Subtitle,
        Rule::SubtitleStart,
        Rule::SplitLine,
        Rule::BracketCut,
        Rule::ColumnWrap,
        Rule::ColumnBreak,
        Rule::ClauseEnd,
        Rule::SubheadingApart,
        Rule::SentenceEdge,
        Rule::SentenceEnd,
        Rule::HeadlineWrap,
        Rule::HeadlineLine,
        Rule::NoColumn,
        Rule::OverWide,
        Rule::WiderNext,
        Rule::ShortLine,
        Rule::NearlyFull,
        Rule::RegionEnd,
        Rule::NumberWrap,
        Rule::PieceWrap,
        Rule::OpenBracket,
        Rule::CaptionEnd,
        Rule::CutLine,
        Rule::OpenClause,
        Rule::DatelineCut,
        Rule::WordCut,
        Rule::QuoteOpen,
        Rule::NarrowEnd,
        Rule::NumberUnit,
        Rule::WordMoved,
        Rule::ShortTextWrap,
        Rule::NextItem,
        Rule::TableRow,
        Rule::TableCell,
        Rule::Rendered,
        Rule::ParticleStart,
    ];

    /// The stable name (`explain()`'s rule, the stats key after `join:`/`break:`).
    pub fn name(self) -> &'static str {
        match self {
            Rule::Start => "start",
            Rule::Marker => "marker",
            Rule::Markdown => "markdown",
            Rule::Byline => "byline",
            Rule::Furniture => "furniture",
            Rule::ContinuationPunct => "continuation_punct",
            Rule::PageBreak => "page_break",
            Rule::LatinWrap => "latin_wrap",
            Rule::EnglishWrap => "english_wrap",
            Rule::EnglishParagraph => "english_paragraph",
            Rule::DatelineAlone => "dateline_alone",
            Rule::Dateline => "dateline",
            Rule::RunningHead => "running_head",
            Rule::CaptionWrap => "caption_wrap",
            Rule::BylineWrap => "byline_wrap",
            Rule::CreditWrap => "credit_wrap",
            Rule::Caption => "caption",
            Rule::Item => "item",
            Rule::RegionWrap => "region_wrap",
            Rule::MarkCut => "mark_cut",
            Rule::HeadlineApart => "headline_apart",
            Rule::Subtitle => "subtitle",
            Rule::SubtitleStart => "subtitle_start",
            Rule::SplitLine => "split_line",
            Rule::BracketCut => "bracket_cut",
            Rule::ColumnWrap => "column_wrap",
            Rule::ColumnBreak => "column_break",
            Rule::ClauseEnd => "clause_end",
            Rule::SubheadingApart => "subheading_apart",
            Rule::SentenceEdge => "sentence_edge",
            Rule::SentenceEnd => "sentence_end",
            Rule::HeadlineWrap => "headline_wrap",
            Rule::HeadlineLine => "headline_line",
            Rule::NoColumn => "no_column",
            Rule::OverWide => "over_wide",
            Rule::WiderNext => "wider_next",
            Rule::ShortLine => "short_line",
            Rule::NearlyFull => "nearly_full",
            Rule::RegionEnd => "region_end",
            Rule::NumberWrap => "number_wrap",
            Rule::PieceWrap => "piece_wrap",
            Rule::OpenBracket => "open_bracket",
            Rule::CaptionEnd => "caption_end",
            Rule::CutLine => "cut_line",
            Rule::OpenClause => "open_clause",
            Rule::DatelineCut => "dateline_cut",
            Rule::WordCut => "word_cut",
            Rule::QuoteOpen => "quote_open",
            Rule::NarrowEnd => "narrow_end",
            Rule::NumberUnit => "number_unit",
            Rule::WordMoved => "word_moved",
            Rule::ShortTextWrap => "short_text_wrap",
            Rule::NextItem => "next_item",
            Rule::TableRow => "table_row",
            Rule::TableCell => "table_cell",
            Rule::Rendered => "rendered",
            Rule::ParticleStart => "particle_start",
        }
    }

    /// `rule in layout.JOIN_RULES`.
    pub fn is_join(self) -> bool {
        matches!(
            self,
            Rule::ContinuationPunct
                | Rule::LatinWrap
                | Rule::EnglishWrap
                | Rule::DatelineAlone
                | Rule::ColumnWrap
                | Rule::ColumnBreak
                | Rule::SentenceEdge
                | Rule::RegionWrap
                | Rule::NearlyFull
                | Rule::NumberWrap
                | Rule::SplitLine
                | Rule::RunningHead
                | Rule::BracketCut
                | Rule::MarkCut
                | Rule::CaptionWrap
                | Rule::BylineWrap
                | Rule::CreditWrap
                | Rule::HeadlineWrap
                | Rule::PieceWrap
                | Rule::OpenBracket
                | Rule::CutLine
                | Rule::OpenClause
                | Rule::DatelineCut
                | Rule::WordCut
                | Rule::QuoteOpen
                | Rule::NumberUnit
                | Rule::WordMoved
                | Rule::ShortTextWrap
                | Rule::ParticleStart
        )
    }

    /// The rule of a grammar line kind (`rule = kind[a]` in `decide`).
    pub fn of_kind(kind: LineKind) -> Rule {
        match kind {
            LineKind::Marker => Rule::Marker,
            LineKind::Markdown => Rule::Markdown,
            LineKind::Byline => Rule::Byline,
            LineKind::Furniture => Rule::Furniture,
        }
    }
}

/// `layout.Layout`: all the layout found out about a section.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub lines: Lines,
    pub features: Features,
    pub columns: Columns,
    pub rules: Vec<Rule>,
    /// `Layout.regions`: region by region output? Read once
    /// (`blocks::region_output`): the block passes ask it of one layout again
    /// and again, each settle round typing its merged blocks anew.
    pub regions: std::sync::OnceLock<bool>,
}

/// `model.Kind`: the kinds of block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Headline,
    Subheading,
    Byline,
    Paragraph,
    Marker,
    Furniture,
    Caption,
}

impl Kind {
    /// `kind in model.OWN_LINE`: a kind that keeps its rendered line to
    /// itself (a running head, a byline, a kept marker): a block that opens
    /// with a mark no line opens with goes on on the line before it, but not
    /// on such a block's.
    pub fn owns_line(self) -> bool {
        matches!(self, Kind::Furniture | Kind::Byline | Kind::Marker)
    }

    pub const ALL: [Kind; 7] = [
        Kind::Headline,
        Kind::Subheading,
        Kind::Byline,
        Kind::Paragraph,
        Kind::Marker,
        Kind::Furniture,
        Kind::Caption,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Headline => "headline",
            Kind::Subheading => "subheading",
            Kind::Byline => "byline",
            Kind::Paragraph => "paragraph",
            Kind::Marker => "marker",
            Kind::Furniture => "furniture",
            Kind::Caption => "caption",
        }
    }

    /// The kind of a block whose first line is of grammar kind `kind`; for a
    /// Markdown line see `blocks::block_rules`.
    pub fn of_line(kind: LineKind) -> Kind {
        match kind {
            LineKind::Marker => Kind::Marker,
            LineKind::Markdown => Kind::Paragraph,
            LineKind::Byline => Kind::Byline,
            LineKind::Furniture => Kind::Furniture,
        }
    }
}

/// `Block.role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Kicker,
    Subtitle,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Kicker => "kicker",
            Role::Subtitle => "subtitle",
        }
    }
}

/// `blocks.RawBlock`: a row of the block table — lines `first..=last` of the
/// section's line table, before normalization. Reasons in words are not
/// kept: `explain()` replays the Python reference; the rule names are (the
/// stats count them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBlock {
    pub first: usize,
    pub last: usize,
    pub text: Text,
    pub kind: Kind,
    pub role: Option<Role>,
    /// The block rule that typed it (`RawBlock.rule`: "block_paragraph", "kicker", "wrapped_headline", …).
    pub rule: &'static str,
    pub dateline: usize,
    /// line -> the rule of a later pass that joined a line the layout broke
    /// ("settled", "wrapped_headline", "headline_box"), in the order Python's
    /// dict holds them (first insertion wins the position, last the value).
    pub joins: Vec<(usize, &'static str)>,
    pub glue: bool,
}

impl RawBlock {
    pub fn new(first: usize, last: usize, text: Text, dateline: usize) -> Self {
        RawBlock {
            first,
            last,
            text,
            kind: Kind::Paragraph,
            role: None,
            rule: "paragraph",
            dateline,
            joins: Vec::new(),
            glue: false,
        }
    }

    /// `joins[line] = rule` with dict semantics.
    pub fn set_join(&mut self, line: usize, rule: &'static str) {
        if let Some(entry) = self.joins.iter_mut().find(|(l, _)| *l == line) {
            entry.1 = rule;
        } else {
            self.joins.push((line, rule));
        }
    }

    /// `joins.update(other)`.
    pub fn update_joins(&mut self, other: &[(usize, &'static str)]) {
        for &(line, rule) in other {
            self.set_join(line, rule);
        }
    }

    pub fn join_rule(&self, line: usize) -> Option<&'static str> {
        self.joins.iter().find(|(l, _)| *l == line).map(|(_, r)| *r)
    }
}
