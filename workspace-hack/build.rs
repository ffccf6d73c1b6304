// Empty: a build script makes the [build-dependencies] host units of every
// build that depends on this crate, with the features listed there.
fn main() {}
