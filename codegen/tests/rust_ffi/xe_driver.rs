// SPDX-License-Identifier: GPL-2.0

//! The xe driver's crate, as far as its mapping type goes: the module of its
//! private type comes straight from the definition, checked beside the core.

#![no_std]

maptype::include!("../../../schemas/xe_iov.maptype", core = "../../../schemas");
