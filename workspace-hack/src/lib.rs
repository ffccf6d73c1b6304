//! Nothing to use: this crate exists for its Cargo.toml, which gives the
//! binaries the dependency features of the whole workspace (see there).
