//! The `#include`s of a C file, recorded by the code that needs them: a
//! view calls [`Includes::need`] where it decides to print something that
//! uses a header, so includes never drift from the code they serve.

use std::collections::BTreeSet;

/// Headers a C file needs: system headers printed sorted, then the file's
/// own quoted headers in the order first needed.
#[derive(Debug, Default)]
pub struct Includes {
    system: BTreeSet<String>,
    local: Vec<String>,
}

impl Includes {
    /// Starts from the headers the file's fixed frame itself uses.
    pub fn with(frame: &[&str]) -> Self {
        let mut inc = Includes::default();
        inc.need_all(frame);
        inc
    }

    /// A system header (`linux/seq_file.h`), printed as `<linux/seq_file.h>`.
    pub fn need(&mut self, header: &str) {
        self.system.insert(format!("<{}>", super::quote::c_header_name(header)));
    }

    pub fn need_all(&mut self, headers: &[&str]) {
        for h in headers {
            self.need(h);
        }
    }

    /// A header of the generated tree (`"dma-buf-mapping-foo.h"`, quotes
    /// included), printed after the system headers.
    pub fn need_local(&mut self, header: String) {
        if !self.local.contains(&header) {
            self.local.push(header);
        }
    }

    /// What follows `#include `, one per line, in print order.
    pub fn lines(&self) -> Vec<String> {
        self.system.iter().chain(&self.local).cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_sorted_then_local_in_order() {
        let mut inc = Includes::with(&["linux/err.h", "kunit/test.h"]);
        inc.need_local("\"b.h\"".into());
        inc.need("linux/err.h");
        inc.need_local("\"a.h\"".into());
        inc.need_local("\"b.h\"".into());
        assert_eq!(inc.lines(), ["<kunit/test.h>", "<linux/err.h>", "\"b.h\"", "\"a.h\""]);
    }
}
