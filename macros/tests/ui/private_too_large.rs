// A private type is checked beside the core: its data must fit the core's
// private slot.
maptype_macros::include!("private_too_large.maptype", core = "../../../schemas");

fn main() {}
