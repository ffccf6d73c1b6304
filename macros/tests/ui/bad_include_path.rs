// A path that names no file is reported at that path, relative to this file.
maptype_macros::include!("widget.maptype", "nowhere.maptype");

fn main() {}
