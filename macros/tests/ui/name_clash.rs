// Definitions included together are checked together: two types claiming
// one C name are refused.
maptype_macros::include!("widget.maptype", "gadget.maptype");

fn main() {}
