//! OWNER: the document port: the public native pipeline (read a text into a block table, render it).
//!
//! - `read(text, options) -> (kinds, texts, numbers, roles, glue, datelines, markers, stats)`:
//!   `Reflower.parse` as a block table (see [`read`]).
//! - `read_blocks(text, options, Block, JumpMarker) -> (blocks, stats)`: the same
//!   blocks as `Block` objects built here (what `parse()` uses; see [`read_blocks`]).
//! - `reflow_text(text, options, markers=True) -> (text, stats, markers)`: `render.render_text`
//!   with `articles=False`.
//! - `reflow_record(raw, text_key, output_key, options, markers=True, stats=True)`: one
//!   JSONL line with its text field reflowed, as the command line writes it (see
//!   [`reflow_record`]), or None where the Python path is to read it.
//!
//! `options` is the tuple [`OPTION_FIELDS`] names (`reflow._engine.native_options`
//! builds it). The work runs with the GIL released; a panic is `NativeError`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use reflow_core::document::{self, Block, Source, Stats, LATER_PASSES};
use reflow_core::jsonl;
use reflow_core::model::{JumpMarker, Kind, Options, Role, Rule, Spacing};

#[allow(unused_imports)]
use crate::{code_points, guarded, native, to_str, NativeError, StrBuilder, StrSource};

/// The Options fields of the options tuple, in order.
pub const OPTION_FIELDS: [&str; 11] = [
    "max_column_cells",
    "max_headline_chars",
    "keep_markers",
    "keep_furniture",
    "normalize",
    "fold_legacy",
    "fold_fullwidth_alnum",
    "fix_punctuation_width",
    "fix_spacing",
    "cjk_latin_spacing",
    "settle",
];

/// The columns of `read`'s `numbers` buffer, in order.
pub const BLOCK_COLUMNS: [&str; 5] = ["start", "end", "first_line", "last_line", "page"];

type OptionTuple = (i64, i64, bool, bool, bool, bool, bool, bool, bool, String, bool);

fn options_of(t: OptionTuple) -> PyResult<Options> {
    let cjk_latin_spacing = match t.9.as_str() {
        "keep" => Spacing::Keep,
        "remove" => Spacing::Remove,
        "add" => Spacing::Add,
        other => {
            return Err(PyValueError::new_err(format!(
                "cjk_latin_spacing must be keep, remove or add, not {other:?}"
            )))
        }
    };
    Ok(Options {
        max_column_cells: t.0,
        max_headline_chars: t.1,
        keep_markers: t.2,
        keep_furniture: t.3,
        normalize: t.4,
        fold_legacy: t.5,
        fold_fullwidth_alnum: t.6,
        fix_punctuation_width: t.7,
        fix_spacing: t.8,
        cjk_latin_spacing,
        settle: t.10,
    })
}

fn stats_list<'py>(py: Python<'py>, stats: &Stats) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for (key, count) in stats.items() {
        out.append((key, count))?;
    }
    Ok(out)
}

/// A marker as `(direction, page, seq, raw, pages)`.
fn marker_tuple<'py>(py: Python<'py>, m: &JumpMarker) -> PyResult<Bound<'py, PyTuple>> {
    let pages = m.pages.iter().map(|p| to_str(py, p)).collect::<PyResult<Vec<_>>>()?;
    (
        m.direction.name(),
        to_str(py, &m.page)?,
        m.seq,
        to_str(py, &m.raw)?,
        PyTuple::new(py, pages)?,
    )
        .into_pyobject(py)
}

fn role_code(role: Option<Role>) -> u8 {
    match role {
        None => 0,
        Some(Role::Kicker) => 1,
        Some(Role::Subtitle) => 2,
    }
}

/// The pipeline does about 15 times the work per code point that one text
/// rule does (10 against 150 MB/s in benchmarks/run.py), so the GIL is worth
/// releasing for texts 16 times shorter than `DETACH_MIN` (a page of a few
/// hundred characters): threads then run pages side by side.
fn work(code_points: usize) -> usize {
    code_points.saturating_mul(16)
}

/// Reads `text` a section at a time: each section's code points are copied
/// with the GIL held, `each(reader, part, start)` runs on them with the GIL
/// released (for all but short sections), and `take` gets its result with the
/// GIL held again; so the text is never copied whole. Returns the counts
/// (none kept where `count` is false: see `document::Reader::count`).
fn each_section<T: Send>(
    text: &Bound<'_, PyString>,
    options: &Options,
    what: &str,
    count: bool,
    mut each: impl FnMut(&mut document::Reader, &[u32], usize) -> T + Send,
    mut take: impl FnMut(T) -> PyResult<()>,
) -> PyResult<Stats> {
    let py = text.py();
    let mut source = StrSource::new(text)?;
    let mut cuts = document::SectionCuts::new(0);
    let mut reader = document::Reader::new(options);
    reader.count = count;
    while let Some((start, end)) = cuts.next(&mut source)? {
        let part = source.read(start, end)?.into_owned();
        let done = native(py, what, work(part.len()), || each(&mut reader, &part, start))?;
        drop(part);
        take(done)?;
    }
    Ok(reader.stats)
}

/// `document::read` on a `str`, a section at a time (see [`each_section`]).
fn read_sections(text: &Bound<'_, PyString>, options: &Options, what: &str) -> PyResult<(Vec<Block>, Stats)> {
    let mut blocks = Vec::new();
    let stats = each_section(
        text,
        options,
        what,
        true,
        |reader, part, start| reader.section(&document::Native, part, start),
        |done| {
            blocks.extend(done);
            Ok(())
        },
    )?;
    Ok((blocks, stats))
}

/// `read(text, options) -> (kinds, texts, numbers, roles, glue, datelines, markers, stats)`:
/// the blocks of `Reflower.parse(text)` as columns. `kinds`: bytes, an index
/// into `KINDS` per block; `texts`: a list of str; `numbers`: native-endian
/// int64, the `BLOCK_COLUMNS` one after another; `roles`: bytes (0 none, then
/// `ROLES` from 1); `glue`: bytes (0/1); `datelines`: {row: dateline};
/// `markers`: {row: (direction, page, seq, raw, pages)}; `stats`: [(key, count)]
/// in the order Python's Counter holds them.
#[pyfunction]
#[allow(clippy::type_complexity)]
fn read<'py>(
    text: &Bound<'py, PyString>,
    options: OptionTuple,
) -> PyResult<(
    Bound<'py, PyBytes>,
    Bound<'py, PyList>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyDict>,
    Bound<'py, PyDict>,
    Bound<'py, PyList>,
)> {
    guarded("read", || {
        let py = text.py();
        let options = options_of(options)?;
        let (blocks, stats) = read_sections(text, &options, "read")?;
        let n = blocks.len();
        let kinds: Vec<u8> = blocks.iter().map(|b| b.kind as u8).collect();
        let roles: Vec<u8> = blocks.iter().map(|b| role_code(b.role)).collect();
        let glue: Vec<u8> = blocks.iter().map(|b| b.glue as u8).collect();
        let columns: [fn(&Block) -> i64; 5] = [|b| b.span.0, |b| b.span.1, |b| b.lines.0, |b| b.lines.1, |b| b.page];
        let numbers = PyBytes::new_with(py, n * columns.len() * 8, |buf| {
            if n == 0 {
                return Ok(());
            }
            for (column, out) in columns.iter().zip(buf.chunks_exact_mut(n * 8)) {
                for (b, cell) in blocks.iter().zip(out.chunks_exact_mut(8)) {
                    cell.copy_from_slice(&column(b).to_ne_bytes());
                }
            }
            Ok(())
        })?;
        let texts = PyList::empty(py);
        let datelines = PyDict::new(py);
        let markers = PyDict::new(py);
        for (i, b) in blocks.iter().enumerate() {
            texts.append(to_str(py, &b.text)?)?;
            if let Some(d) = &b.dateline {
                datelines.set_item(i, to_str(py, d)?)?;
            }
            if let Some(m) = &b.marker {
                markers.set_item(i, marker_tuple(py, m)?)?;
            }
        }
        Ok((
            PyBytes::new(py, &kinds),
            texts,
            numbers,
            PyBytes::new(py, &roles),
            PyBytes::new(py, &glue),
            datelines,
            markers,
            stats_list(py, &stats)?,
        ))
    })
}

/// The fields of `model.Block`, in order: `read_blocks` sets them.
pub const BLOCK_FIELDS: [&str; 9] = [
    "kind", "text", "span", "marker", "lines", "dateline", "role", "page", "glue",
];

/// The fields of `markers.JumpMarker`, in order: `read_blocks` sets them
/// where the caller asks it to build the markers too.
pub const MARKER_FIELDS: [&str; 5] = ["direction", "page", "seq", "raw", "pages"];

/// `read_blocks(text, options, Block, JumpMarker, build_markers=False) -> (blocks, stats)`:
/// the blocks of `Reflower.parse(text)` as `Block` objects (built here: a new
/// object of the class, its fields set as `object.__setattr__` sets them,
/// which is what the frozen dataclass's `__init__` does), the stats as
/// `read` gives them. The caller checks that `Block`'s fields are
/// [`BLOCK_FIELDS`]. A marker is built here too where `build_markers` says
/// the caller checked `JumpMarker` so ([`MARKER_FIELDS`]); otherwise
/// `JumpMarker(direction, page, seq, raw, pages)` builds it.
#[pyfunction]
#[pyo3(signature = (text, options, block, marker, build_markers = false))]
fn read_blocks<'py>(
    text: &Bound<'py, PyString>,
    options: OptionTuple,
    block: &Bound<'py, PyAny>,
    marker: &Bound<'py, PyAny>,
    build_markers: bool,
) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyList>)> {
    guarded("read_blocks", || {
        let py = text.py();
        let options = options_of(options)?;
        let (blocks, stats) = read_sections(text, &options, "read_blocks")?;
        let kinds: Vec<Bound<'py, PyString>> = Kind::ALL.iter().map(|k| PyString::intern(py, k.name())).collect();
        let roles = [Role::Kicker, Role::Subtitle].map(|r| PyString::intern(py, r.name()));
        let blocks_maker = Maker::new(block, &BLOCK_FIELDS)?;
        let markers_maker = if build_markers {
            Some(Maker::new(marker, &MARKER_FIELDS)?)
        } else {
            None
        };
        let none = py.None().into_bound(py);
        let out = PyList::empty(py);
        // The collector paused while the blocks are made: they are all
        // reachable (in `out`), so a collection finds nothing to free, yet
        // tens of thousands of new objects set off one after another (about
        // a quarter of the instructions it took to make them, measured).
        let _paused = GcPause::new();
        // By value: each block's native text is freed once its str is made.
        for b in blocks {
            let marker_value = match (&b.marker, &markers_maker) {
                (Some(m), Some(maker)) => {
                    let pages = m.pages.iter().map(|p| to_str(py, p)).collect::<PyResult<Vec<_>>>()?;
                    let pages = PyTuple::new(py, pages)?;
                    // SAFETY: a live tuple just made, of strs only (no cycle through it).
                    unsafe { pyo3::ffi::PyObject_GC_UnTrack(pages.as_ptr().cast()) };
                    maker.make(&[
                        PyString::intern(py, m.direction.name()).into_any(),
                        to_str(py, &m.page)?.into_any(),
                        m.seq.into_pyobject(py)?.into_any(),
                        to_str(py, &m.raw)?.into_any(),
                        pages.into_any(),
                    ])?
                }
                (Some(m), None) => marker.call1(marker_tuple(py, m)?)?,
                (None, _) => none.clone(),
            };
            let values: [Bound<'py, PyAny>; 9] = [
                kinds[b.kind as usize].clone().into_any(),
                to_str(py, &b.text)?.into_any(),
                int_pair(py, b.span)?,
                marker_value,
                int_pair(py, b.lines)?,
                match &b.dateline {
                    Some(d) => to_str(py, d)?.into_any(),
                    None => none.clone(),
                },
                match b.role {
                    Some(Role::Kicker) => roles[0].clone().into_any(),
                    Some(Role::Subtitle) => roles[1].clone().into_any(),
                    None => none.clone(),
                },
                b.page.into_pyobject(py)?.into_any(),
                pyo3::types::PyBool::new(py, b.glue).to_owned().into_any(),
            ];
            out.append(blocks_maker.make(&values)?)?;
        }
        Ok((out, stats_list(py, &stats)?))
    })
}

/// Objects of a frozen, slotted dataclass made as its `__init__` makes them,
/// without running Python: allocated by the class's `tp_alloc` (what
/// `object.__new__` calls), each field set through its slot's descriptor.
/// The caller (`_engine._builds_blocks`) checks that the class's fields are
/// the names given, in order, and that it makes its objects no other way.
struct Maker<'py> {
    class: Bound<'py, PyAny>,
    alloc: pyo3::ffi::allocfunc,
    names: Vec<Bound<'py, PyString>>,
    setters: Vec<Setter<'py>>,
    /// The class is one the cyclic collector tracks.
    tracked: bool,
}

impl<'py> Maker<'py> {
    fn new(class: &Bound<'py, PyAny>, fields: &[&str]) -> PyResult<Maker<'py>> {
        let py = class.py();
        let names: Vec<Bound<'py, PyString>> = fields.iter().map(|n| PyString::intern(py, n)).collect();
        let alloc = class_alloc(class)?;
        let setters = slot_setters(class, &names)?;
        // SAFETY: a live type object (class_alloc checked it is a class).
        let tracked = unsafe { pyo3::ffi::PyType_GetFlags(class.as_ptr().cast()) } & pyo3::ffi::Py_TPFLAGS_HAVE_GC != 0;
        Ok(Maker {
            class: class.clone(),
            alloc,
            names,
            setters,
            tracked,
        })
    }

    /// A new object with `values` for its fields, in order.
    fn make(&self, values: &[Bound<'py, PyAny>]) -> PyResult<Bound<'py, PyAny>> {
        let py = self.class.py();
        // SAFETY: `alloc` is the type's tp_alloc (object.__new__ does no
        // more for a class with no __new__ of its own, checked by
        // _engine._builds_blocks); a new reference or NULL with an error.
        let obj = unsafe { Bound::from_owned_ptr_or_err(py, (self.alloc)(self.class.as_ptr().cast(), 0))? };
        for ((name, value), setter) in self.names.iter().zip(values).zip(&self.setters) {
            // SAFETY: live objects; the GIL is held; a setter is its
            // descriptor's tp_descr_set, called as GenericSetAttr calls it.
            let rc = unsafe {
                match setter {
                    Some((descr, set)) => set(descr.as_ptr(), obj.as_ptr(), value.as_ptr()),
                    None => pyo3::ffi::PyObject_GenericSetAttr(obj.as_ptr(), name.as_ptr(), value.as_ptr()),
                }
            };
            if rc != 0 {
                return Err(PyErr::fetch(py));
            }
        }
        if self.tracked {
            // Left out of the cyclic collector, as CPython leaves a tuple
            // of atoms: a frozen block or marker holds strs, ints, None, a
            // bool, int pairs, a tuple of strs and a marker, none of which
            // can lead back to it, so it is in no cycle (only a field forced
            // by object.__setattr__ could make one, which then is never
            // freed). Every collection after the call visited each block
            // (3% of parse()'s instructions on a 10 MB text, callgrind).
            // SAFETY: a live object of a GC type, tracked by its tp_alloc.
            unsafe { pyo3::ffi::PyObject_GC_UnTrack(obj.as_ptr().cast()) };
        }
        Ok(obj)
    }
}

/// `(a, b)` as a tuple left out of the cyclic collector's tracking: two
/// ints can be in no cycle (CPython untracks such a tuple at its first
/// collection; the blocks of a page made tens of thousands of them to visit).
fn int_pair<'py>(py: Python<'py>, pair: (i64, i64)) -> PyResult<Bound<'py, PyAny>> {
    let t = pair.into_pyobject(py)?;
    // SAFETY: a live tuple the GIL holder just made, tracked by PyTuple_New;
    // untracking an object whose references are all ints is what CPython
    // itself does (_PyTuple_MaybeUntrack).
    unsafe { pyo3::ffi::PyObject_GC_UnTrack(t.as_ptr().cast()) };
    Ok(t.into_any())
}

type Setter<'py> = Option<(Bound<'py, PyAny>, pyo3::ffi::descrsetfunc)>;

/// For each field, the slot's member descriptor the class holds and its
/// `tp_descr_set`: what `PyObject_GenericSetAttr` finds (by a lookup in the
/// class's MRO) and calls, found once instead of once a block and field.
/// None where the attribute is not a slot (GenericSetAttr then sets it).
fn slot_setters<'py>(block: &Bound<'py, PyAny>, names: &[Bound<'py, PyString>]) -> PyResult<Vec<Setter<'py>>> {
    let py = block.py();
    let member = py.import("types")?.getattr("MemberDescriptorType")?;
    names
        .iter()
        .map(|name| {
            let Ok(descr) = block.getattr(name) else {
                return Ok(None);
            };
            if !descr.get_type().is(&member) {
                return Ok(None);
            }
            // SAFETY: a live type object; Py_tp_descr_set is a slot every type has.
            let slot =
                unsafe { pyo3::ffi::PyType_GetSlot(descr.get_type().as_ptr().cast(), pyo3::ffi::Py_tp_descr_set) };
            if slot.is_null() {
                return Ok(None);
            }
            // SAFETY: the Py_tp_descr_set slot holds a descrsetfunc.
            let set = unsafe { std::mem::transmute::<*mut std::ffi::c_void, pyo3::ffi::descrsetfunc>(slot) };
            Ok(Some((descr, set)))
        })
        .collect()
}

/// The type's `tp_alloc`: what `object.__new__(cls)` calls (the type must be
/// a class; `_engine._builds_blocks` checks that `Block`, and `JumpMarker`
/// where read_blocks builds the markers, define no `__new__` or
/// `__post_init__` of their own).
fn class_alloc(class: &Bound<'_, PyAny>) -> PyResult<pyo3::ffi::allocfunc> {
    let ty = class
        .cast::<pyo3::types::PyType>()
        .map_err(|_| PyValueError::new_err("read_blocks takes classes for its blocks and markers"))?;
    // SAFETY: a live type object; Py_tp_alloc is a slot every type has
    // (inherited from object when not its own).
    let slot = unsafe { pyo3::ffi::PyType_GetSlot(ty.as_ptr().cast(), pyo3::ffi::Py_tp_alloc) };
    if slot.is_null() {
        return Err(PyValueError::new_err("read_blocks: the class has no tp_alloc"));
    }
    // SAFETY: the Py_tp_alloc slot holds an allocfunc.
    Ok(unsafe { std::mem::transmute::<*mut std::ffi::c_void, pyo3::ffi::allocfunc>(slot) })
}

/// The cyclic garbage collector paused while it lives (and restored as it
/// was, on every path out); the GIL is held.
struct GcPause {
    was_enabled: bool,
}

impl GcPause {
    fn new() -> GcPause {
        // SAFETY: called with the GIL held (within a pyfunction).
        GcPause {
            was_enabled: unsafe { pyo3::ffi::PyGC_Disable() } != 0,
        }
    }
}

impl Drop for GcPause {
    fn drop(&mut self) {
        if self.was_enabled {
            // SAFETY: as in new.
            unsafe { pyo3::ffi::PyGC_Enable() };
        }
    }
}

/// `reflow_text(text, options, markers=True) -> (text, stats, markers)`: what
/// `render.render_text` gives with `articles=False` (and no `convert`): the
/// text reflow() prints, the stats as [(key, count)], the jump markers as
/// (direction, page, seq, raw, pages) — an empty list with `markers` false
/// (reflow() keeps only the text, and a marker tuple costs more than its text),
/// and an empty stats list with `stats` false (reflow() drops them: on a page
/// their dozens of tuples cost a tenth of the call).
#[pyfunction]
#[pyo3(signature = (text, options, markers = true, stats = true))]
fn reflow_text<'py>(
    text: &Bound<'py, PyString>,
    options: OptionTuple,
    markers: bool,
    stats: bool,
) -> PyResult<(Bound<'py, PyString>, Bound<'py, PyList>, Bound<'py, PyList>)> {
    guarded("reflow_text", || {
        let py = text.py();
        let options = options_of(options)?;
        // Section by section (see each_section): each section's rendering is
        // appended to the output where it lies.
        let mut renderer = document::Renderer::new(&options);
        renderer.collect_markers = markers;
        let mut out = StrBuilder::new(py);
        let counts = each_section(
            text,
            &options,
            "reflow_text",
            stats,
            |reader, part, start| {
                renderer.section(reader.section(&document::Native, part, start));
                std::mem::take(&mut renderer.text)
            },
            |rendered| out.push(&rendered),
        )?;
        let found = PyList::empty(py);
        if markers {
            for m in &renderer.markers {
                found.append(marker_tuple(py, m)?)?;
            }
        }
        let counts = if stats {
            stats_list(py, &counts)?
        } else {
            PyList::empty(py)
        };
        Ok((out.finish(), counts, found))
    })
}

/// The rendering of `text` (code points already read), as [`reflow_text`]
/// renders a `str`: the same sections, blocks and text, with the counts
/// (where `count`) and the jump markers (where `markers`).
fn render_points(text: &[u32], options: &Options, markers: bool, count: bool) -> (Vec<u32>, Stats, Vec<JumpMarker>) {
    let mut renderer = document::Renderer::new(options);
    renderer.collect_markers = markers;
    let mut reader = document::Reader::new(options);
    reader.count = count;
    let mut cuts = document::SectionCuts::new(0);
    let mut source = text;
    let mut out = Vec::with_capacity(text.len());
    while let Ok(Some((start, end))) = cuts.next(&mut source) {
        renderer.section(reader.section(&document::Native, &text[start..end], start));
        out.append(&mut renderer.text);
    }
    (out, reader.stats, std::mem::take(&mut renderer.markers))
}

/// `reflow_record(raw, text_key, output_key, options, markers=True, stats=True)
/// -> (line, stats, markers) | None`: one JSONL line as read (its line end
/// included) with its text field reflowed, as `cli.jobs.process_records`
/// writes it on the Python path: the same bytes, counts and markers. None
/// where [`jsonl::locate`] leaves the line to that path (not a record it
/// reads exactly as `cli.records.Record` does). The keys may be dotted
/// paths (`doc.text`), as `Record` reads them. The whole of it runs with the
/// GIL released.
#[pyfunction]
#[pyo3(signature = (raw, text_key, output_key, options, markers = true, stats = true))]
#[allow(clippy::type_complexity)]
fn reflow_record<'py>(
    raw: &Bound<'py, PyBytes>,
    text_key: &str,
    output_key: &str,
    options: OptionTuple,
    markers: bool,
    stats: bool,
) -> PyResult<Option<(Bound<'py, PyBytes>, Bound<'py, PyList>, Bound<'py, PyList>)>> {
    guarded("reflow_record", || {
        let py = raw.py();
        let options = options_of(options)?;
        let bytes = raw.as_bytes();
        let done = native(py, "reflow_record", work(bytes.len()), || {
            let (line, ending) = jsonl::split_ending(bytes);
            let record = jsonl::locate(line, text_key, output_key)?;
            let (text, counts, found) = render_points(&record.text, &options, markers, stats);
            let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 4 + 16);
            jsonl::write_record(&mut out, line, &record, output_key, &text, ending);
            Some((out, counts, found))
        })?;
        let Some((out, counts, found)) = done else {
            return Ok(None);
        };
        let markers_found = PyList::empty(py);
        for m in &found {
            markers_found.append(marker_tuple(py, m)?)?;
        }
        let counts = if stats {
            stats_list(py, &counts)?
        } else {
            PyList::empty(py)
        };
        Ok(Some((PyBytes::new(py, &out), counts, markers_found)))
    })
}

/// A hidden hook for the tests: `lines.sections(text, size)` as the native
/// pipeline cuts it, reading the `str` a stretch at a time as `reflow_text`
/// does (`size` 0: `SECTION_CHARS`).
#[pyfunction]
fn _sections(text: &Bound<'_, PyString>, size: usize) -> PyResult<Vec<(usize, usize)>> {
    guarded("_sections", || {
        let mut source = StrSource::new(text)?;
        let mut cuts = document::SectionCuts::new(size);
        let mut bounds = Vec::new();
        while let Some(bound) = cuts.next(&mut source)? {
            bounds.push(bound);
        }
        Ok(bounds)
    })
}

/// A hidden hook for the tests: what [`jsonl::locate`] reads of a JSONL line
/// (its line end taken off as `reflow_record` takes it): the text field's
/// value and where the output field goes (`("replace", start, end)`, byte
/// offsets, or `("append", close, depth)`: the closing brace the rest of the
/// path is added before, and how many of its parts are there), or None where
/// it leaves the line to the Python path.
#[pyfunction]
#[allow(clippy::type_complexity)]
fn _jsonl_locate<'py>(
    py: Python<'py>,
    raw: &[u8],
    text_key: &str,
    output_key: &str,
) -> PyResult<Option<(Bound<'py, PyString>, &'static str, usize, usize)>> {
    guarded("_jsonl_locate", || {
        let (line, _) = jsonl::split_ending(raw);
        let Some(record) = jsonl::locate(line, text_key, output_key) else {
            return Ok(None);
        };
        let (how, a, b) = match record.output {
            jsonl::Output::Replace(a, b) => ("replace", a, b),
            jsonl::Output::Append { close, depth, .. } => ("append", close, depth),
        };
        Ok(Some((to_str(py, &record.text)?, how, a, b)))
    })
}

/// A hidden hook for the tests: `text` as [`jsonl::write_string`] writes it
/// (`records.dumps(text)`, UTF-8).
#[pyfunction]
fn _jsonl_string<'py>(text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyBytes>> {
    guarded("_jsonl_string", || {
        let mut out = Vec::new();
        jsonl::write_string(&mut out, &code_points(text)?);
        Ok(PyBytes::new(text.py(), &out))
    })
}

/// Adds this file's functions to `reflow._native`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("KINDS", PyTuple::new(py, Kind::ALL.iter().map(|k| k.name()))?)?;
    m.add("ROLES", PyTuple::new(py, [Role::Kicker.name(), Role::Subtitle.name()])?)?;
    m.add("LAYOUT_RULES", PyTuple::new(py, Rule::ALL.iter().map(|r| r.name()))?)?;
    m.add(
        "JOIN_RULES",
        PyTuple::new(
            py,
            Rule::ALL
                .iter()
                .filter(|r| r.is_join())
                .map(|r| r.name())
                .collect::<Vec<_>>(),
        )?,
    )?;
    m.add("LATER_PASSES", PyTuple::new(py, LATER_PASSES)?)?;
    m.add("OPTION_FIELDS", PyTuple::new(py, OPTION_FIELDS)?)?;
    m.add("BLOCK_COLUMNS", PyTuple::new(py, BLOCK_COLUMNS)?)?;
    m.add("NO_LINE_START", document::NO_LINE_START)?;
    m.add("PARTICLES", reflow_core::chars::PARTICLES.iter().filter_map(|&c| char::from_u32(c)).collect::<String>())?;
    m.add("BLOCK_FIELDS", PyTuple::new(py, BLOCK_FIELDS)?)?;
    m.add("MARKER_FIELDS", PyTuple::new(py, MARKER_FIELDS)?)?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(read_blocks, m)?)?;
    m.add_function(wrap_pyfunction!(reflow_text, m)?)?;
    m.add_function(wrap_pyfunction!(reflow_record, m)?)?;
    m.add_function(wrap_pyfunction!(_sections, m)?)?;
    m.add_function(wrap_pyfunction!(_jsonl_locate, m)?)?;
    m.add_function(wrap_pyfunction!(_jsonl_string, m)?)?;
    Ok(())
}
