// Only definition paths and `core = ...` are arguments.
maptype_macros::include!("widget.maptype", kernel = "7.3");

fn main() {}
