//! Compressed RTF (stub).
