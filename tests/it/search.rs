//! Tests: search (being written).
