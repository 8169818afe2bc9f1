//! `reflow._native`: the PyO3 layer over reflow-core.
//!
//! Thin on purpose: it copies a `str` into code points (with the GIL held),
//! runs reflow-core with the GIL released (for all but short texts, where
//! releasing it costs more than the work), and turns the result back into
//! Python values. Strings come and go as code points (`PyUnicode_AsUCS4`,
//! `PyUnicode_DecodeUTF32` with "surrogatepass"), so every `str` works,
//! lone surrogates included, and offsets are Python's string indices.
//!
//! A Rust panic never aborts the interpreter: the native work runs inside
//! `catch_unwind`, and a panic becomes `reflow._native.NativeError`, a
//! `RuntimeError` that names the panic and the way around it.
//!
//! Use it through `reflow._engine` (which picks the engine) rather than
//! directly; the functions here take the already-decided switches.

mod blocks_hooks;
mod grammar_hooks;
mod layout_hooks;
mod pipeline;

use std::any::Any;
use std::borrow::Cow;
use std::ffi::{c_char, c_int};
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

use reflow_core::document::Source;
use reflow_core::lines::{LineTableBuilder, COLUMNS};
use reflow_core::normalize::{self, Rule, RULE_NAMES};

create_exception!(
    reflow._native,
    NativeError,
    PyRuntimeError,
    "reflow's native core failed (a Rust panic, caught): a bug in reflow. REFLOW_ENGINE=python runs the Python engine."
);

/// Below this many code points the work takes less time than releasing and
/// taking back the GIL (a block of text is usually far shorter), so it runs
/// with the GIL held; longer work releases it.
const DETACH_MIN: usize = 4096;

/// Runs native work over `size` code points, with the GIL released when it is
/// worth it (see [`DETACH_MIN`]); a panic becomes `NativeError`.
fn native<T: Send>(py: Python<'_>, what: &str, size: usize, work: impl FnOnce() -> T + Send) -> PyResult<T> {
    let result = if size >= DETACH_MIN {
        py.detach(move || catch_unwind(AssertUnwindSafe(work)))
    } else {
        catch_unwind(AssertUnwindSafe(work))
    };
    result.map_err(|payload| NativeError::new_err(panic_message(what, payload.as_ref())))
}

/// Runs a whole function body (with the GIL held); a panic anywhere in it,
/// even outside [`native`], becomes `NativeError` rather than PyO3's
/// `PanicException` (a `BaseException` that `except Exception` misses).
fn guarded<T>(what: &str, body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(body))
        .unwrap_or_else(|payload| Err(NativeError::new_err(panic_message(what, payload.as_ref()))))
}

fn panic_message(what: &str, payload: &(dyn Any + Send)) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string());
    format!(
        "reflow's native core panicked in {what}: {detail}. This is a bug in reflow (please report it with the input); \
         REFLOW_ENGINE=python runs the pure-Python engine meanwhile."
    )
}

/// The code points of `text` (a copy; the GIL is held).
fn code_points(text: &Bound<'_, PyString>) -> PyResult<Vec<u32>> {
    let py = text.py();
    let n = unsafe { ffi::PyUnicode_GetLength(text.as_ptr()) };
    if n < 0 {
        return Err(PyErr::fetch(py));
    }
    let mut out: Vec<u32> = Vec::with_capacity(n as usize);
    if n > 0 {
        // SAFETY: the buffer holds n code points, the length of the string.
        let done = unsafe { ffi::PyUnicode_AsUCS4(text.as_ptr(), out.as_mut_ptr(), n, 0) };
        if done.is_null() {
            return Err(PyErr::fetch(py));
        }
        unsafe { out.set_len(n as usize) };
    }
    Ok(out)
}

/// A `str` as a [`Source`]: its code points read a stretch at a time
/// (`PyUnicode_Substring`, `PyUnicode_AsUCS4`), never the whole text at once.
/// Every call needs the GIL, which holding the `Bound` proves.
struct StrSource<'a, 'py> {
    text: &'a Bound<'py, PyString>,
    len: usize,
}

impl<'a, 'py> StrSource<'a, 'py> {
    fn new(text: &'a Bound<'py, PyString>) -> PyResult<Self> {
        let n = unsafe { ffi::PyUnicode_GetLength(text.as_ptr()) };
        if n < 0 {
            return Err(PyErr::fetch(text.py()));
        }
        Ok(StrSource { text, len: n as usize })
    }
}

impl Source for StrSource<'_, '_> {
    type Error = PyErr;
    fn len(&self) -> usize {
        self.len
    }
    fn read(&mut self, start: usize, end: usize) -> PyResult<Cow<'_, [u32]>> {
        let py = self.text.py();
        // SAFETY: 0 <= start <= end <= len; the GIL is held.
        let part = unsafe {
            let ptr = ffi::PyUnicode_Substring(self.text.as_ptr(), start as ffi::Py_ssize_t, end as ffi::Py_ssize_t);
            Bound::from_owned_ptr_or_err(py, ptr)?.cast_into_unchecked::<PyString>()
        };
        Ok(Cow::Owned(code_points(&part)?))
    }
    fn find(&mut self, c: u32, start: usize, end: usize) -> PyResult<Option<usize>> {
        // SAFETY: a live str; the GIL is held.
        let at = unsafe {
            ffi::PyUnicode_FindChar(
                self.text.as_ptr(),
                c,
                start as ffi::Py_ssize_t,
                end as ffi::Py_ssize_t,
                1,
            )
        };
        match at {
            -2 => Err(PyErr::fetch(self.text.py())),
            -1 => Ok(None),
            i => Ok(Some(i as usize)),
        }
    }
}

/// A `str` built a piece at a time: each piece is appended where the string
/// lies (`PyUnicode_Append` resizes a string nothing else refers to in place,
/// and a large block's `realloc` moves pages rather than bytes), so building
/// an output of any size takes its own size and a piece's, not twice its size.
/// (A piece of wider characters than the string's — the first CJK after ASCII
/// text — costs one copy of what is there.)
struct StrBuilder<'py> {
    py: Python<'py>,
    text: Option<Bound<'py, PyString>>,
}

impl<'py> StrBuilder<'py> {
    fn new(py: Python<'py>) -> Self {
        StrBuilder { py, text: None }
    }

    fn push(&mut self, cps: &[u32]) -> PyResult<()> {
        if cps.is_empty() {
            return Ok(());
        }
        let piece = to_str(self.py, cps)?;
        self.text = Some(match self.text.take() {
            None => piece,
            Some(text) => {
                let mut left = text.into_ptr();
                // SAFETY: `left` is a strong reference that Append takes over
                // (and replaces by the result, or NULL with an exception).
                unsafe {
                    ffi::PyUnicode_Append(&mut left, piece.as_ptr());
                    Bound::from_owned_ptr_or_err(self.py, left)?.cast_into_unchecked::<PyString>()
                }
            }
        });
        Ok(())
    }

    fn finish(self) -> Bound<'py, PyString> {
        self.text.unwrap_or_else(|| PyString::new(self.py, ""))
    }
}

/// A `str` from code points (lone surrogates pass through).
///
/// Where `wchar_t` holds a code point (4 bytes: Linux, macOS),
/// `PyUnicode_FromWideChar` takes the code points as they are: one scan for
/// the widest, one copy (a third of `PyUnicode_DecodeUTF32`'s instructions,
/// which tests each code point against an error handler's rules). It keeps a
/// lone surrogate, as `surrogatepass` does, and joins no pair (only a 2-byte
/// `wchar_t` does that). Elsewhere (Windows) the UTF-32 decoder does it.
fn to_str<'py>(py: Python<'py>, cps: &[u32]) -> PyResult<Bound<'py, PyString>> {
    let ptr = if WIDE_IS_UCS4 {
        // SAFETY: `wchar_t` is 4 bytes (checked), so `cps` is `cps.len()`
        // wchar_t values; CPython copies them before returning.
        unsafe { ffi::PyUnicode_FromWideChar(cps.as_ptr().cast(), cps.len() as ffi::Py_ssize_t) }
    } else {
        // An explicit byte order: with 0, a leading U+FEFF would be read as a BOM and dropped.
        let mut order: c_int = if cfg!(target_endian = "little") { -1 } else { 1 };
        unsafe {
            ffi::PyUnicode_DecodeUTF32(
                cps.as_ptr() as *const c_char,
                (cps.len() * 4) as ffi::Py_ssize_t,
                c"surrogatepass".as_ptr(),
                &mut order,
            )
        }
    };
    unsafe { Ok(Bound::from_owned_ptr_or_err(py, ptr)?.cast_into_unchecked::<PyString>()) }
}

/// Is the platform's `wchar_t` (what `PyUnicode_FromWideChar` reads) 4 bytes?
/// Read off the function's own signature, so that no crate names the type.
const WIDE_IS_UCS4: bool = {
    const fn pointee_size<T>(_: unsafe extern "C" fn(*const T, ffi::Py_ssize_t) -> *mut ffi::PyObject) -> usize {
        std::mem::size_of::<T>()
    }
    pointee_size(ffi::PyUnicode_FromWideChar) == 4
};

/// `fold_characters(text, fold_legacy, fold_fullwidth_alnum) -> (text, n_legacy, n_fullwidth)`:
/// the two one-to-one folds of `normalize.fold_characters` and the characters
/// each changed. The same `str` object comes back when nothing changed.
#[pyfunction]
fn fold_characters<'py>(
    text: &Bound<'py, PyString>,
    fold_legacy: bool,
    fold_fullwidth_alnum: bool,
) -> PyResult<(Bound<'py, PyString>, usize, usize)> {
    guarded("fold_characters", || {
        let py = text.py();
        let cps = code_points(text)?;
        let (out, n_legacy, n_fullwidth) = native(py, "fold_characters", cps.len(), || {
            normalize::fold_characters(&cps, fold_legacy, fold_fullwidth_alnum)
        })?;
        let folded = match out {
            Some(v) => to_str(py, &v)?,
            None => text.clone(),
        };
        Ok((folded, n_legacy, n_fullwidth))
    })
}

/// `apply_rules(text, rules, count, trace) -> (text, changes)`: what
/// `Normalizer.__call__` does with one kind's rules. `rules` is a bytes of
/// rule numbers (indices into `RULE_NAMES`), run in order. `changes` lists,
/// for each rule that changed the text, `(rule number, changed characters or
/// 0, text after the rule or None)`; it is empty unless `count` or `trace`.
#[pyfunction]
fn apply_rules<'py>(
    text: &Bound<'py, PyString>,
    rules: &Bound<'py, PyBytes>,
    count: bool,
    trace: bool,
) -> PyResult<(Bound<'py, PyString>, Bound<'py, PyList>)> {
    guarded("apply_rules", || {
        let py = text.py();
        let rules: Vec<Rule> = rules
            .as_bytes()
            .iter()
            .map(|&i| Rule::from_index(i).ok_or_else(|| PyValueError::new_err(format!("no rule number {i}"))))
            .collect::<PyResult<_>>()?;
        let changes = PyList::empty(py);
        if rules.is_empty() {
            return Ok((text.clone(), changes));
        }
        let cps = code_points(text)?;
        let (out, found) = native(py, "apply_rules", cps.len(), || {
            normalize::apply(&rules, &cps, count, trace)
        })?;
        for change in found {
            let after = match &change.after {
                Some(v) => to_str(py, v)?.into_any(),
                None => py.None().into_bound(py),
            };
            changes.append(((change.rule as u8), change.count, after))?;
        }
        let result = match out {
            Some(v) => to_str(py, &v)?,
            None => text.clone(),
        };
        Ok((result, changes))
    })
}

/// Code points read into the line table per step: bounds the copy of a huge
/// text to 4 MiB at a time.
const CHUNK: isize = 1 << 20;

/// `line_table(text) -> (buffer, rows)`: the line table of `text` (see
/// reflow-core's `lines`), as one `bytes` of native-endian int64: the columns
/// `LINE_COLUMNS` one after another, `rows` values each.
#[pyfunction]
fn line_table<'py>(text: &Bound<'py, PyString>) -> PyResult<(Bound<'py, PyBytes>, usize)> {
    guarded("line_table", || {
        let py = text.py();
        let n = unsafe { ffi::PyUnicode_GetLength(text.as_ptr()) };
        if n < 0 {
            return Err(PyErr::fetch(py));
        }
        let mut builder = LineTableBuilder::new();
        let mut start: isize = 0;
        while start < n {
            let end = (start + CHUNK).min(n);
            let cps = if start == 0 && end == n {
                code_points(text)?
            } else {
                let piece = unsafe { ffi::PyUnicode_Substring(text.as_ptr(), start, end) };
                let piece = unsafe { Bound::from_owned_ptr_or_err(py, piece)?.cast_into_unchecked::<PyString>() };
                code_points(&piece)?
            };
            native(py, "line_table", cps.len(), || builder.feed(&cps))?;
            start = end;
        }
        let table = native(py, "line_table", 0, move || builder.finish())?;
        let rows = table.len();
        let bytes = PyBytes::new_with(py, rows * COLUMNS.len() * 8, |buf| {
            if rows == 0 {
                return Ok(());
            }
            for (column, out) in table.columns().iter().zip(buf.chunks_exact_mut(rows * 8)) {
                for (value, cell) in column.iter().zip(out.chunks_exact_mut(8)) {
                    cell.copy_from_slice(&value.to_ne_bytes());
                }
            }
            Ok(())
        })?;
        Ok((bytes, rows))
    })
}

/// A hidden hook for the tests: panics inside native work (GIL released) or,
/// with `attached`, with the GIL held, to show that either way a panic
/// surfaces as `NativeError` and the interpreter lives on.
#[pyfunction]
#[pyo3(signature = (message, attached = false))]
fn _panic_for_tests(py: Python<'_>, message: String, attached: bool) -> PyResult<()> {
    guarded("_panic_for_tests", || {
        if attached {
            panic!("{message}");
        }
        native(py, "_panic_for_tests", DETACH_MIN, move || panic!("{message}"))
    })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("RULE_NAMES", PyTuple::new(py, RULE_NAMES)?)?;
    m.add("LINE_COLUMNS", PyTuple::new(py, COLUMNS)?)?;
    m.add("NativeError", py.get_type::<NativeError>())?;
    m.add_function(wrap_pyfunction!(fold_characters, m)?)?;
    m.add_function(wrap_pyfunction!(apply_rules, m)?)?;
    m.add_function(wrap_pyfunction!(line_table, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    grammar_hooks::register(m)?;
    layout_hooks::register(m)?;
    blocks_hooks::register(m)?;
    pipeline::register(m)?;
    Ok(())
}
