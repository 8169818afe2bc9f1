//! The pipeline (`document.py`'s `Reflower`): sections, each section's
//! reading and settling, the finished block table, the counts, the
//! rendering. OWNER: the document port.
