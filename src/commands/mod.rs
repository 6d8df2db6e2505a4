//! The commands, one module each: what runs when the command line names it.

pub mod repair;
