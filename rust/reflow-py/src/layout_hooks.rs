//! OWNER: the layout port: hidden hooks (`_layout_*`) for tests/test_differential_layout.py.
//!
//! - `_layout(text, max_column_cells, max_headline_chars)`: the line table of
//!   `text`, then `split_markers`, `line_features`, `segment_columns`; every
//!   column comes back as Python lists (see [`layout`]).
//! - `_layout_columns(lines, features, max_column_cells)`: `segment_columns`
//!   alone, on the line table and features Python computed.
//! - `_layout_line(text)`: the per-line helpers (`despace`, `is_terminal`,
//!   `_ascii_uncertainty`) and the hints.

use pyo3::prelude::*;

use crate::blocks_hooks::{features_of, lines_of, FeaturesArg, LinesArg};
use pyo3::types::{PyList, PyString, PyTuple};

use reflow_core::layout;
use reflow_core::model::{Columns, Features, LineKind, Lines, Options};

#[allow(unused_imports)]
use crate::{code_points, guarded, native, to_str, NativeError};

fn strings<'py>(py: Python<'py>, texts: &reflow_core::model::LineTexts) -> PyResult<Bound<'py, PyList>> {
    let items = texts.iter().map(|t| to_str(py, t)).collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

fn lines_out<'py>(py: Python<'py>, t: &Lines) -> PyResult<Bound<'py, PyAny>> {
    Ok((
        strings(py, &t.text)?,
        t.start.clone(),
        t.end.clone(),
        t.number.clone(),
        t.gap.clone(),
        t.page.clone(),
        t.page_break.clone(),
        t.width.clone(),
        t.indent.clone(),
    )
        .into_pyobject(py)?
        .into_any())
}

fn features_out<'py>(py: Python<'py>, f: &Features) -> PyResult<Bound<'py, PyAny>> {
    let kinds: Vec<Option<&str>> = f.kind.iter().map(|k| k.map(LineKind::name)).collect();
    let continues: Vec<usize> = (0..f.continues.len()).filter(|&i| f.continues[i]).collect();
    Ok((
        kinds,
        f.terminal.clone(),
        f.clause.clone(),
        f.open_end.clone(),
        f.dateline.clone(),
        f.headline_like.clone(),
        f.ascii.clone(),
        f.gap.clone(),
        continues,
        f.pause_stop,
        f.unpunctuated,
        f.rendered,
    )
        .into_pyobject(py)?
        .into_any())
}

fn markers_out<'py>(py: Python<'py>, f: &Features) -> PyResult<Bound<'py, PyList>> {
    let mut rows: Vec<usize> = f.markers.keys().copied().collect();
    rows.sort_unstable();
    let out = PyList::empty(py);
    for row in rows {
        let m = &f.markers[&row];
        let pages = m.pages.iter().map(|p| to_str(py, p)).collect::<PyResult<Vec<_>>>()?;
        out.append((
            row,
            m.direction.name(),
            to_str(py, &m.page)?,
            m.seq,
            to_str(py, &m.raw)?,
            PyTuple::new(py, pages)?,
        ))?;
    }
    Ok(out)
}

fn columns_out<'py>(py: Python<'py>, c: &Columns) -> PyResult<Bound<'py, PyAny>> {
    Ok((
        c.width.clone(),
        c.set_width.clone(),
        PyTuple::new(py, &c.palette)?,
        c.compressed,
        c.indented,
        c.spread,
    )
        .into_pyobject(py)?
        .into_any())
}

/// `_layout(text, max_column_cells, max_headline_chars) -> (lines, features,
/// markers, columns)`: `lines` the line table's columns (text, start, end,
/// number, gap, page, page_break, width, indent) after `split_markers`;
/// `features` (kind, terminal, clause, open_end, dateline, headline_like,
/// ascii, gap, the rows of `continues` in order, pause_stop, unpunctuated, rendered); `markers` a
/// list of (row, direction, page, seq, raw, pages) by row; `columns` (width,
/// set_width, palette, compressed, indented, spread).
#[pyfunction]
fn _layout<'py>(
    text: &Bound<'py, PyString>,
    max_column_cells: i64,
    max_headline_chars: i64,
) -> PyResult<Bound<'py, PyTuple>> {
    guarded("_layout", || {
        let py = text.py();
        let cps = code_points(text)?;
        let options = Options {
            max_column_cells,
            max_headline_chars,
            ..Options::default()
        };
        let (t, f, c) = native(py, "_layout", cps.len(), || {
            let t = reflow_core::document::split_lines(&cps);
            let (t, found) = layout::split_markers(t);
            let f = layout::line_features(&t, found, &options);
            let c = layout::segment_columns(&t, &f, &options);
            (t, f, c)
        })?;
        PyTuple::new(
            py,
            [
                lines_out(py, &t)?,
                features_out(py, &f)?,
                markers_out(py, &f)?.into_any(),
                columns_out(py, &c)?,
            ],
        )
    })
}

/// `_layout_columns(lines, features, max_column_cells) -> columns`:
/// `segment_columns` on Python's line table and features, given as `_layout`
/// returns them (features without markers: a marker row is its kind).
#[pyfunction]
fn _layout_columns<'py>(
    py: Python<'py>,
    lines: LinesArg<'py>,
    features: FeaturesArg,
    max_column_cells: i64,
) -> PyResult<Bound<'py, PyAny>> {
    guarded("_layout_columns", || {
        let t = lines_of(lines)?;
        let f = features_of(features, t.len())?;
        let options = Options {
            max_column_cells,
            ..Options::default()
        };
        let c = native(py, "_layout_columns", 0, || layout::segment_columns(&t, &f, &options))?;
        columns_out(py, &c)
    })
}

/// `_layout_line(text) -> (despace, is_terminal, ascii_uncertainty, hints)`,
/// `hints` as `layout::line_hints` lists them.
#[pyfunction]
fn _layout_line<'py>(text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyTuple>> {
    guarded("_layout_line", || {
        let py = text.py();
        let cps = code_points(text)?;
        let despaced = layout::despace(&cps);
        let hints = layout::line_hints(&cps).to_vec();
        PyTuple::new(
            py,
            [
                to_str(py, &despaced)?.into_any(),
                layout::is_terminal(&cps).into_pyobject(py)?.to_owned().into_any(),
                layout::ascii_uncertainty(&cps).into_pyobject(py)?.into_any(),
                hints.into_pyobject(py)?.into_any(),
            ],
        )
    })
}

/// Adds this file's functions to `reflow._native`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_layout, m)?)?;
    m.add_function(wrap_pyfunction!(_layout_columns, m)?)?;
    m.add_function(wrap_pyfunction!(_layout_line, m)?)?;
    Ok(())
}
