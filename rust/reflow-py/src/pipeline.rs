//! OWNER: the document port: the public native pipeline (read a text into a block table, render it).

use pyo3::prelude::*;

#[allow(unused_imports)]
use crate::{code_points, guarded, native, to_str, NativeError};

/// Adds this file's functions to `reflow._native`.
pub fn register(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
