//! OWNER: the layout port: hidden hooks (`_layout_*`) for tests/test_differential_layout.py.

use pyo3::prelude::*;

#[allow(unused_imports)]
use crate::{code_points, guarded, native, to_str, NativeError};

/// Adds this file's functions to `reflow._native`.
pub fn register(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
