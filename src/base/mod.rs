//! The base layer: text, numbers and load problems, knowing nothing of hosting. Every
//! layer above may use it; it uses nothing of theirs.

pub mod diag;
pub mod formats;
pub mod hash;
pub mod idna;
pub mod lang;
/// A constant for every key of the strings catalogue, written by build.rs, so a key the
/// catalogue lacks does not compile.
pub mod key {
    include!(concat!(env!("OUT_DIR"), "/key.rs"));
}
pub mod strings;
pub mod suggest;
pub mod terminal_safe;
pub(crate) mod tomlread;
pub mod translation;
pub mod yaml_plain;
