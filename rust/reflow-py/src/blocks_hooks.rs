//! OWNER: the decide/blocks port: hidden hooks (`_blocks_*`) for its differential tests.
//!
//! They take the Python reference's own line table, features and column model
//! (as plain lists, see `tests/test_differential_blocks.py`), so that decide
//! and the block passes are tested on exactly the reference's stages 1-3.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

#[allow(unused_imports)]
use crate::{code_points, guarded, native, to_str, NativeError};

use reflow_core::blocks;
use reflow_core::decide::decide;
use reflow_core::model::{
    Columns, Direction, Features, JumpMarker, Kind, Layout, LineKind, Lines, Options, RawBlock, Role, Rule,
};

pub(crate) type LinesArg<'py> = (
    Vec<Bound<'py, PyString>>,
    Vec<i64>,
    Vec<i64>,
    Vec<i64>,
    Vec<i64>,
    Vec<i64>,
    Vec<bool>,
    Vec<i64>,
    Vec<i64>,
);

pub(crate) type FeaturesArg = (
    Vec<Option<String>>,
    Vec<bool>,
    Vec<bool>,
    Vec<bool>,
    Vec<usize>,
    Vec<bool>,
    Vec<i64>,
    Vec<i64>,
    Vec<usize>,
    bool,
    bool,
    bool,
);

type ColumnsArg = (Vec<i64>, Vec<i64>, Vec<i64>, bool, bool, i64);

fn texts(list: &[Bound<'_, PyString>]) -> PyResult<Vec<Vec<u32>>> {
    list.iter().map(code_points).collect()
}

/// `(text, start, end, number, gap, page, page_break, width, indent)` columns of a `LineTable`.
pub(crate) fn lines_of(arg: LinesArg<'_>) -> PyResult<Lines> {
    let (text, start, end, number, gap, page, page_break, width, indent) = arg;
    let n = text.len();
    let lines = Lines {
        text: texts(&text)?.into(),
        start,
        end,
        number,
        gap,
        page,
        page_break,
        width,
        indent,
    };
    let lens = [
        lines.start.len(),
        lines.end.len(),
        lines.number.len(),
        lines.gap.len(),
        lines.page.len(),
    ];
    if lens.iter().any(|&l| l != n) || lines.page_break.len() != n || lines.width.len() != n || lines.indent.len() != n
    {
        return Err(PyValueError::new_err("the line table's columns differ in length"));
    }
    Ok(lines)
}

/// `(kind, terminal, clause, open_end, dateline, headline_like, ascii, gap, continues, pause_stop,
/// unpunctuated, rendered)` of `Features`
/// (`kind`: "marker", "markdown", "byline", "furniture" or None; `continues`: the rows).
pub(crate) fn features_of(arg: FeaturesArg, n: usize) -> PyResult<Features> {
    let kind = arg
        .0
        .into_iter()
        .map(|k| match k.as_deref() {
            None => Ok(None),
            Some("marker") => Ok(Some(LineKind::Marker)),
            Some("markdown") => Ok(Some(LineKind::Markdown)),
            Some("byline") => Ok(Some(LineKind::Byline)),
            Some("furniture") => Ok(Some(LineKind::Furniture)),
            Some(other) => Err(PyValueError::new_err(format!("no line kind {other:?}"))),
        })
        .collect::<PyResult<Vec<_>>>()?;
    let mut continues = vec![false; n];
    for r in arg.8 {
        if r < n {
            continues[r] = true;
        }
    }
    // (The tuple's fields in its order: see the doc comment.)
    let f = Features {
        kind,
        terminal: arg.1,
        clause: arg.2,
        open_end: arg.3,
        dateline: arg.4,
        headline_like: arg.5,
        ascii: arg.6,
        gap: arg.7,
        markers: Default::default(),
        continues,
        pause_stop: arg.9,
        unpunctuated: arg.10,
        rendered: arg.11,
    };
    let lens = [
        f.kind.len(),
        f.terminal.len(),
        f.clause.len(),
        f.open_end.len(),
        f.dateline.len(),
    ];
    if lens.iter().any(|&l| l != n) || f.headline_like.len() != n || f.ascii.len() != n || f.gap.len() != n {
        return Err(PyValueError::new_err(
            "the features' columns differ in length from the line table",
        ));
    }
    Ok(f)
}

/// `(width, set_width, palette, compressed, indented, spread)` of `Columns`.
fn columns_of(arg: ColumnsArg, n: usize) -> PyResult<Columns> {
    let (width, set_width, palette, compressed, indented, spread) = arg;
    if width.len() != n || set_width.len() != n {
        return Err(PyValueError::new_err(
            "the columns differ in length from the line table",
        ));
    }
    Ok(Columns {
        width,
        set_width,
        palette,
        compressed,
        indented,
        spread,
    })
}

fn options_of(max_column_cells: i64, max_headline_chars: i64) -> Options {
    Options {
        max_column_cells,
        max_headline_chars,
        ..Options::default()
    }
}

fn rule_named(name: &str) -> PyResult<Rule> {
    Rule::ALL
        .iter()
        .copied()
        .find(|r| r.name() == name)
        .ok_or_else(|| PyValueError::new_err(format!("no layout rule {name:?}")))
}

fn block_tuple<'py>(py: Python<'py>, b: &RawBlock) -> PyResult<Bound<'py, PyTuple>> {
    let joins = PyList::empty(py);
    for &(line, rule) in &b.joins {
        joins.append((line, rule))?;
    }
    PyTuple::new(
        py,
        [
            b.first.into_pyobject(py)?.into_any(),
            b.last.into_pyobject(py)?.into_any(),
            to_str(py, &b.text)?.into_any(),
            PyString::new(py, b.kind.name()).into_any(),
            match b.role {
                Some(r) => PyString::new(py, r.name()).into_any(),
                None => py.None().into_bound(py),
            },
            PyString::new(py, b.rule).into_any(),
            b.dateline.into_pyobject(py)?.into_any(),
            joins.into_any(),
            pyo3::types::PyBool::new(py, b.glue).to_owned().into_any(),
        ],
    )
}

/// The jump markers of `Features.markers` as the block passes read them:
/// their direction (the rest of a `JumpMarker` is left empty here).
fn add_markers(features: &mut Features, markers: Option<Vec<(usize, String)>>) -> PyResult<()> {
    for (row, name) in markers.unwrap_or_default() {
        let direction = match name.as_str() {
            "continued_on" => Direction::ContinuedOn,
            "continued_from" => Direction::ContinuedFrom,
            "see" => Direction::See,
            other => return Err(PyValueError::new_err(format!("no marker direction {other:?}"))),
        };
        let marker = JumpMarker {
            direction,
            page: Vec::new(),
            seq: None,
            raw: Vec::new(),
            pages: Vec::new(),
        };
        features.markers.insert(row, marker);
    }
    Ok(())
}

/// `_blocks_read(lines, features, columns, max_column_cells, max_headline_chars, rules=None, markers=None)
/// -> (rule names, blocks)`: `decide` (or the given rule names), then `group`,
/// `classify` and `merge_wrapped_headlines`; each block as `(first, last,
/// text, kind, role, rule, dateline, joins, glue)` with `joins` a list of
/// `(line, rule)` in the order of Python's dict.
/// `markers`: the `Features.markers` the block passes read, as `(row, direction)`.
#[pyfunction]
#[pyo3(signature = (lines, features, columns, max_column_cells, max_headline_chars, rules = None, markers = None))]
#[allow(clippy::too_many_arguments)]
fn _blocks_read<'py>(
    py: Python<'py>,
    lines: LinesArg<'py>,
    features: FeaturesArg,
    columns: ColumnsArg,
    max_column_cells: i64,
    max_headline_chars: i64,
    rules: Option<Vec<String>>,
    markers: Option<Vec<(usize, String)>>,
) -> PyResult<(Vec<&'static str>, Bound<'py, PyList>)> {
    guarded("_blocks_read", || {
        let lines = lines_of(lines)?;
        let n = lines.len();
        let mut features = features_of(features, n)?;
        add_markers(&mut features, markers)?;
        let columns = columns_of(columns, n)?;
        let options = options_of(max_column_cells, max_headline_chars);
        let given = match rules {
            Some(names) => Some(names.iter().map(|s| rule_named(s)).collect::<PyResult<Vec<_>>>()?),
            None => None,
        };
        if given.as_ref().is_some_and(|r| r.len() != n) {
            return Err(PyValueError::new_err("one rule per line"));
        }
        let size = lines.text.iter().map(|t| t.len()).sum::<usize>() + n;
        let (rules, raw) = native(py, "_blocks_read", size, move || {
            let rules = given.unwrap_or_else(|| decide(&lines, &features, &columns, &options));
            let layout = Layout {
                lines,
                features,
                columns,
                rules,
                regions: Default::default(),
            };
            let mut raw = blocks::group(&layout);
            blocks::classify(&mut raw, &layout, &options);
            let raw = blocks::merge_wrapped_headlines(raw, &layout, &options);
            (layout.rules, raw)
        })?;
        let out = PyList::empty(py);
        for b in &raw {
            out.append(block_tuple(py, b)?)?;
        }
        Ok((rules.iter().map(|r| r.name()).collect(), out))
    })
}

/// `_blocks_join_texts(parts) -> str`: `blocks.join_texts`.
#[pyfunction]
fn _blocks_join_texts<'py>(py: Python<'py>, parts: Vec<Bound<'py, PyString>>) -> PyResult<Bound<'py, PyString>> {
    guarded("_blocks_join_texts", || {
        let parts = texts(&parts)?;
        let slices: Vec<&[u32]> = parts.iter().map(|p| p.as_slice()).collect();
        to_str(py, &blocks::join_texts(&slices))
    })
}

/// `_blocks_is_headline_text(text, max_headline_chars) -> bool`: `blocks.is_headline_text`.
#[pyfunction]
fn _blocks_is_headline_text(text: Bound<'_, PyString>, max_headline_chars: i64) -> PyResult<bool> {
    guarded("_blocks_is_headline_text", || {
        let cps = code_points(&text)?;
        Ok(blocks::is_headline_text(&cps, &options_of(160, max_headline_chars)))
    })
}

/// The block and join rule names a `RawBlock` may carry (`&'static str` in Rust).
const BLOCK_RULE_NAMES: [&str; 15] = [
    "paragraph",
    "cut_by_marker",
    "signature",
    "block_line_kind",
    "block_caption",
    "block_byline",
    "block_headline",
    "block_paragraph",
    "kicker",
    "subheading",
    "lone_name",
    "wrapped_headline",
    "headline_box",
    "settled",
    "merged",
];

fn block_rule_named(name: &str) -> PyResult<&'static str> {
    BLOCK_RULE_NAMES
        .iter()
        .copied()
        .find(|r| *r == name)
        .ok_or_else(|| PyValueError::new_err(format!("no block rule {name:?}")))
}

type BlockArg<'py> = (
    usize,
    usize,
    Bound<'py, PyString>,
    String,
    Option<String>,
    String,
    usize,
    Vec<(usize, String)>,
    bool,
);

fn block_of(arg: BlockArg<'_>, n: usize) -> PyResult<RawBlock> {
    let (first, last, text, kind, role, rule, dateline, joins, glue) = arg;
    if first > last || last >= n {
        return Err(PyValueError::new_err("a block's lines lie outside the line table"));
    }
    let kind = Kind::ALL
        .iter()
        .copied()
        .find(|k| k.name() == kind)
        .ok_or_else(|| PyValueError::new_err(format!("no block kind {kind:?}")))?;
    let role = match role.as_deref() {
        None => None,
        Some("kicker") => Some(Role::Kicker),
        Some("subtitle") => Some(Role::Subtitle),
        Some(other) => return Err(PyValueError::new_err(format!("no role {other:?}"))),
    };
    let mut block = RawBlock::new(first, last, code_points(&text)?, dateline);
    block.kind = kind;
    block.role = role;
    block.rule = block_rule_named(&rule)?;
    for (line, r) in joins {
        block.set_join(line, block_rule_named(&r)?);
    }
    block.glue = glue;
    Ok(block)
}

/// `_blocks_classify(lines, features, columns, blocks, max_headline_chars, markers=None, rules=None) -> blocks`:
/// `blocks.classify` on blocks as `_blocks_read` returns them (kind, role and
/// rule as they stand before it: the settle step classifies merged blocks again),
/// under the layout's decisions `rules` (names; "start" for every line where None).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (lines, features, columns, blocks_in, max_headline_chars, markers = None, rules = None))]
fn _blocks_classify<'py>(
    py: Python<'py>,
    lines: LinesArg<'py>,
    features: FeaturesArg,
    columns: ColumnsArg,
    blocks_in: Vec<BlockArg<'py>>,
    max_headline_chars: i64,
    markers: Option<Vec<(usize, String)>>,
    rules: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyList>> {
    guarded("_blocks_classify", || {
        let lines = lines_of(lines)?;
        let n = lines.len();
        let mut features = features_of(features, n)?;
        add_markers(&mut features, markers)?;
        let columns = columns_of(columns, n)?;
        let options = options_of(160, max_headline_chars);
        let mut raw = blocks_in
            .into_iter()
            .map(|b| block_of(b, n))
            .collect::<PyResult<Vec<_>>>()?;
        let layout = Layout {
            lines,
            features,
            columns,
            rules: match rules {
                Some(names) if names.len() == n => names.iter().map(|r| rule_named(r)).collect::<PyResult<_>>()?,
                Some(_) => return Err(PyValueError::new_err("one rule per line")),
                None => vec![Rule::Start; n],
            },
            regions: Default::default(),
        };
        blocks::classify(&mut raw, &layout, &options);
        let out = PyList::empty(py);
        for b in &raw {
            out.append(block_tuple(py, b)?)?;
        }
        Ok(out)
    })
}

/// Adds this file's functions to `reflow._native`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_blocks_read, m)?)?;
    m.add_function(wrap_pyfunction!(_blocks_join_texts, m)?)?;
    m.add_function(wrap_pyfunction!(_blocks_classify, m)?)?;
    m.add_function(wrap_pyfunction!(_blocks_is_headline_text, m)?)?;
    Ok(())
}
