//! Alert rules: which new facts deserve an alert. Pure.
