//! One failing case per class of diagnostic `maptype::include!` can give,
//! each with the stderr rustc must print (tests/ui/*.stderr). The passing
//! use of the expansion needs the kernel crate's bindings, so it is built
//! where those are: codegen/tests/rust_ffi.rs (hosted, with the FFI
//! scenarios) and `cargo run -- kunit --rust` (examples/rust/ in UML).

#[test]
fn ui() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
