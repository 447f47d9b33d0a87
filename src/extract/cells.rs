//! Flattened tables split into cells with their spans.
