// The definition beside this file has one error; the macro reports it at
// the path, with the CLI's text.
maptype_macros::include!("missing_required_op.maptype");

fn main() {}
