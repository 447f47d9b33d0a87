//! Digit runs that hold several cells, split by the row's own sums.
