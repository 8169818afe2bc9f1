//! OWNER: the grammar port: hidden hooks (`_grammar_*`) for tests/test_differential_grammar.py.
//!
//! `_grammar(name, text)` runs the native twin of one Python function of
//! patterns.py or markers.py and returns what the Python function returns, a
//! `JumpMarker` as the tuple `(direction, page, seq, raw, pages)`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use reflow_core::grammar;
use reflow_core::markers;
use reflow_core::model::JumpMarker;

#[allow(unused_imports)]
use crate::{code_points, guarded, native, to_str, NativeError};

/// The names `_grammar` takes: the Python functions with a native twin.
const NAMES: [&str; 14] = [
    "is_byline",
    "dateline_length",
    "is_running_head",
    "is_folio",
    "is_name",
    "is_signature_date",
    "closes_with_photo_credit",
    "parse_marker",
    "parse_jump",
    "split_trailing_marker",
    "split_leading_marker",
    "split_inner_marker",
    "chinese_number",
    "normalize_label",
];

enum Answer {
    Bool(bool),
    Int(usize),
    OptInt(Option<i64>),
    Text(Vec<u32>),
    Marker(Option<JumpMarker>),
    Trailing(Option<(Vec<u32>, JumpMarker)>),
    Leading(Option<(JumpMarker, Vec<u32>)>),
    Inner(Option<(Vec<u32>, JumpMarker, usize)>),
}

fn marker<'py>(py: Python<'py>, m: &JumpMarker) -> PyResult<Bound<'py, PyAny>> {
    let pages = m.pages.iter().map(|p| to_str(py, p)).collect::<PyResult<Vec<_>>>()?;
    let tuple = (
        m.direction.name(),
        to_str(py, &m.page)?,
        m.seq,
        to_str(py, &m.raw)?,
        PyTuple::new(py, pages)?,
    );
    Ok(tuple.into_pyobject(py)?.into_any())
}

/// `_grammar(name, text)`: the native `patterns.<name>(text)` / `markers.<name>(text)`.
#[pyfunction]
fn _grammar<'py>(py: Python<'py>, name: &str, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyAny>> {
    guarded("_grammar", || {
        if !NAMES.contains(&name) {
            return Err(PyValueError::new_err(format!("no native grammar function {name:?}")));
        }
        let cps = code_points(text)?;
        let name = name.to_string();
        let answer = native(py, "_grammar", cps.len(), move || match name.as_str() {
            "is_byline" => Answer::Bool(grammar::is_byline(&cps)),
            "dateline_length" => Answer::Int(grammar::dateline_length(&cps)),
            "is_running_head" => Answer::Bool(grammar::is_running_head(&cps)),
            "is_folio" => Answer::Bool(grammar::is_folio(&cps)),
            "is_name" => Answer::Bool(grammar::is_name(&cps)),
            "is_signature_date" => Answer::Bool(grammar::is_signature_date(&cps)),
            "closes_with_photo_credit" => Answer::Bool(grammar::closes_with_photo_credit(&cps)),
            "parse_marker" => Answer::Marker(markers::parse_marker(&cps)),
            "parse_jump" => Answer::Marker(markers::parse_jump(&cps)),
            "split_trailing_marker" => Answer::Trailing(markers::split_trailing_marker(&cps)),
            "split_leading_marker" => Answer::Leading(markers::split_leading_marker(&cps)),
            "split_inner_marker" => Answer::Inner(markers::split_inner_marker(&cps)),
            "chinese_number" => Answer::OptInt(markers::chinese_number(&cps)),
            _ => Answer::Text(markers::normalize_label(&cps)),
        })?;
        Ok(match answer {
            Answer::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
            Answer::Int(n) => n.into_pyobject(py)?.into_any(),
            Answer::OptInt(n) => n.into_pyobject(py)?.into_any(),
            Answer::Text(t) => to_str(py, &t)?.into_any(),
            Answer::Marker(None) | Answer::Trailing(None) | Answer::Leading(None) | Answer::Inner(None) => {
                py.None().into_bound(py)
            }
            Answer::Marker(Some(m)) => marker(py, &m)?,
            Answer::Trailing(Some((before, m))) => {
                (to_str(py, &before)?, marker(py, &m)?).into_pyobject(py)?.into_any()
            }
            Answer::Leading(Some((m, rest))) => (marker(py, &m)?, to_str(py, &rest)?).into_pyobject(py)?.into_any(),
            Answer::Inner(Some((before, m, at))) => (to_str(py, &before)?, marker(py, &m)?, at)
                .into_pyobject(py)?
                .into_any(),
        })
    })
}

/// Adds this file's functions to `reflow._native`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_grammar, m)?)?;
    Ok(())
}
