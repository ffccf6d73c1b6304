// SPDX-License-Identifier: GPL-2.0

//! A hosted stand-in for the few names of the Linux 6.12 `kernel` crate that
//! the generated `kernel::dma_buf::mapping` uses, so the hosted test can
//! compile it and run it against the generated C. Each item behaves as the
//! kernel's does (written from its documentation, not copied); nothing else
//! of the kernel crate is here.
//!
//! The test writes this file as `lib.rs` of a crate named `kernel`, next to
//! `bindings_generated.rs` and `bindings_helpers_generated.rs` (bindgen's
//! output, made as the kernel's rust/Makefile makes them) and the generated
//! `dma_buf/mapping/` tree.

#![no_std]

// As in the kernel: the crate can name itself `kernel`.
#[allow(unused_extern_crates)]
extern crate self as kernel;

/// The C types as the kernel maps them (rust/ffi.rs): `char` is `u8`,
/// `long` is `isize`.
#[allow(non_camel_case_types, missing_docs)]
pub mod ffi {
    pub type c_char = u8;
    pub type c_schar = i8;
    pub type c_uchar = u8;
    pub type c_short = i16;
    pub type c_ushort = u16;
    pub type c_int = i32;
    pub type c_uint = u32;
    pub type c_long = isize;
    pub type c_ulong = usize;
    pub type c_longlong = i64;
    pub type c_ulonglong = u64;
    pub use core::ffi::c_void;
}

/// bindgen's output, laid out as the kernel's `bindings` crate lays it out.
#[allow(
    clippy::all,
    missing_docs,
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    improper_ctypes,
    unreachable_pub,
    unsafe_op_in_unsafe_fn,
    dead_code,
    unnecessary_transmutes,
    clippy::undocumented_unsafe_blocks
)]
pub mod bindings {
    mod bindings_raw {
        use crate::ffi;
        pub use super::bindings_helper::*;
        include!("bindings_generated.rs");
    }

    mod bindings_helper {
        use super::bindings_raw::*;
        use crate::ffi;
        include!("bindings_helpers_generated.rs");
    }

    pub use bindings_raw::*;
}

/// Error codes and conversions (rust/kernel/error.rs).
pub mod error {
    use crate::bindings;
    use core::num::NonZeroI32;

    /// The error codes the generated code and the tests use.
    pub mod code {
        /// Out of memory.
        pub const ENOMEM: super::Error = super::Error::from_const(12);
        /// Invalid argument.
        pub const EINVAL: super::Error = super::Error::from_const(22);
        /// No space left on device.
        pub const ENOSPC: super::Error = super::Error::from_const(28);
        /// Value too large for defined data type.
        pub const EOVERFLOW: super::Error = super::Error::from_const(75);
        /// Operation not supported.
        pub const EOPNOTSUPP: super::Error = super::Error::from_const(95);
    }

    /// A kernel error code: a negative errno.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub struct Error(NonZeroI32);

    impl Error {
        const fn from_const(errno: i32) -> Error {
            match NonZeroI32::new(-errno) {
                Some(e) => Error(e),
                None => panic!("errno 0"),
            }
        }

        /// The error of a negative errno; `EINVAL` for anything out of range.
        pub fn from_errno(errno: crate::ffi::c_int) -> Error {
            if errno < -(bindings::MAX_ERRNO as i32) || errno >= 0 {
                return code::EINVAL;
            }
            match NonZeroI32::new(errno) {
                Some(e) => Error(e),
                None => code::EINVAL,
            }
        }

        /// The negative errno.
        pub fn to_errno(self) -> crate::ffi::c_int {
            self.0.get()
        }

        /// The error as an `ERR_PTR()`.
        pub fn to_ptr<T>(self) -> *mut T {
            // SAFETY: `ERR_PTR()` only encodes the value.
            unsafe { bindings::ERR_PTR(self.0.get() as _) as *mut _ }
        }
    }

    impl From<crate::alloc::AllocError> for Error {
        fn from(_: crate::alloc::AllocError) -> Error {
            code::ENOMEM
        }
    }

    impl From<core::alloc::LayoutError> for Error {
        fn from(_: core::alloc::LayoutError) -> Error {
            code::ENOMEM
        }
    }

    impl From<core::num::TryFromIntError> for Error {
        fn from(_: core::num::TryFromIntError) -> Error {
            code::EINVAL
        }
    }

    /// The kernel's result type.
    pub type Result<T = (), E = Error> = core::result::Result<T, E>;

    /// `Err` for a negative C return value, `Ok(())` otherwise.
    pub fn to_result(err: crate::ffi::c_int) -> Result {
        if err < 0 {
            Err(Error::from_errno(err))
        } else {
            Ok(())
        }
    }

    /// The pointer, or the error an `ERR_PTR()` encodes.
    pub fn from_err_ptr<T>(ptr: *mut T) -> Result<*mut T> {
        let const_ptr: *const crate::ffi::c_void = ptr.cast();
        // SAFETY: `IS_ERR()` does not dereference the pointer.
        if unsafe { bindings::IS_ERR(const_ptr) } {
            // SAFETY: `PTR_ERR()` does not dereference the pointer.
            let err = unsafe { bindings::PTR_ERR(const_ptr) };
            return Err(Error::from_errno(err as crate::ffi::c_int));
        }
        Ok(ptr)
    }

    /// What a `#[vtable]` trait's default method says when it is reached.
    pub const VTABLE_DEFAULT_ERROR: &str =
        "This function must not be called, see the #[vtable] documentation.";
}

/// Stops the build when reached at compile time; the kernel's `build_error`.
pub const fn build_error(msg: &'static str) -> ! {
    panic!("{}", msg)
}

/// `Opaque` (rust/kernel/types.rs): a C object Rust does not interpret.
pub mod types {
    use core::cell::UnsafeCell;
    use core::marker::PhantomPinned;
    use core::mem::MaybeUninit;

    /// Stores a C object that Rust neither reads nor assumes initialised.
    #[repr(transparent)]
    pub struct Opaque<T> {
        value: UnsafeCell<MaybeUninit<T>>,
        _pin: PhantomPinned,
    }

    impl<T> Opaque<T> {
        /// A pointer to the C object.
        pub const fn get(&self) -> *mut T {
            UnsafeCell::get(&self.value).cast::<T>()
        }
    }
}

/// `Device` (rust/kernel/device.rs).
pub mod device {
    use crate::{bindings, types::Opaque};

    /// A C `struct device`.
    #[repr(transparent)]
    pub struct Device(Opaque<bindings::device>);

    impl Device {
        /// The C pointer; `pub(crate)` as in the kernel.
        pub(crate) fn as_raw(&self) -> *mut bindings::device {
            self.0.get()
        }

        /// Borrows the device at `ptr`.
        ///
        /// # Safety
        ///
        /// `ptr` must be valid for `'a`.
        pub unsafe fn as_ref<'a>(ptr: *mut bindings::device) -> &'a Self {
            // SAFETY: Guaranteed by the caller; `Device` is transparent.
            unsafe { &*ptr.cast() }
        }

        /// The C pointer, for the hosted tests (the kernel's is crate-private).
        pub fn raw_for_test(&self) -> *mut bindings::device {
            self.as_raw()
        }
    }
}

/// The allocator API (rust/kernel/alloc.rs), with `KVmalloc` backed by the
/// stand-in's `kvmalloc()`/`kvfree()`, which track what they hand out.
pub mod alloc {
    use core::alloc::Layout;
    use core::ptr::NonNull;

    /// An allocation failed.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub struct AllocError;

    /// Allocation flags.
    pub mod flags {
        /// GFP flags.
        #[derive(Clone, Copy, PartialEq, Eq)]
        pub struct Flags(pub(crate) u32);

        /// `GFP_KERNEL`.
        pub const GFP_KERNEL: Flags = Flags(crate::bindings::GFP_KERNEL);
    }

    /// A kernel allocator.
    ///
    /// # Safety
    ///
    /// As the kernel's: memory from `alloc` is valid until `free`.
    pub unsafe trait Allocator {
        /// Allocates memory for `layout`.
        fn alloc(layout: Layout, flags: flags::Flags) -> Result<NonNull<[u8]>, AllocError>;

        /// Frees memory from `alloc`.
        ///
        /// # Safety
        ///
        /// `ptr` must come from `alloc` with `layout`.
        unsafe fn free(ptr: NonNull<u8>, layout: Layout);
    }

    /// The allocators.
    pub mod allocator {
        use super::*;

        /// `kvmalloc()`: physically contiguous if it can be, virtually otherwise.
        pub struct KVmalloc;

        // SAFETY: Memory from `kvmalloc()` stays valid until `kvfree()`.
        unsafe impl Allocator for KVmalloc {
            fn alloc(layout: Layout, flags: flags::Flags) -> Result<NonNull<[u8]>, AllocError> {
                if layout.align() > 16 {
                    return Err(AllocError);
                }
                // SAFETY: `kvmalloc()` takes any size.
                let p = unsafe { crate::bindings::kvmalloc(layout.size(), flags.0) };
                let p = NonNull::new(p.cast::<u8>()).ok_or(AllocError)?;
                Ok(NonNull::slice_from_raw_parts(p, layout.size()))
            }

            unsafe fn free(ptr: NonNull<u8>, _layout: Layout) {
                // SAFETY: `ptr` came from `kvmalloc()`.
                unsafe { crate::bindings::kvfree(ptr.as_ptr().cast()) };
            }
        }
    }
}

/// The prelude (rust/kernel/prelude.rs), as far as the generated code goes.
pub mod prelude {
    pub use super::error::{code::*, Error, Result};
    pub use macros::vtable;
}

// The generated `kernel::dma_buf` (rust/kernel/dma_buf.rs and dma_buf/mapping/).
pub mod dma_buf;

/// Compile-time checks that bindgen's view of every generated C struct has the
/// layout the C compiler gives it (written by the test).
mod layout_check;
