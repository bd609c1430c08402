//! The learner's programs, kept once each for the page's lifetime: the
//! settings hold a [`ProgramId`], a handle, not the text. Settings are
//! cloned and compared on every action and render; a handle keeps that as
//! cheap as before, where a text of up to 64 KB would be compared whole.
//! Equal texts get the same handle, so equal settings are still equal.

use std::cell::RefCell;
use std::rc::Rc;

/// A learner's program kept by [`keep`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProgramId(u32);

thread_local! {
    static PROGRAMS: RefCell<Vec<Rc<str>>> = const { RefCell::new(Vec::new()) };
}

/// Keeps `text` (once: a text kept before gets its handle back).
pub fn keep(text: &str) -> ProgramId {
    PROGRAMS.with(|programs| {
        let mut programs = programs.borrow_mut();
        let index = match programs.iter().position(|kept| &**kept == text) {
            Some(index) => index,
            None => {
                programs.push(Rc::from(text));
                programs.len() - 1
            }
        };
        ProgramId(index as u32)
    })
}

/// The text of a kept program.
pub fn text(id: ProgramId) -> Rc<str> {
    PROGRAMS.with(|programs| {
        programs
            .borrow()
            .get(id.0 as usize)
            .cloned()
            // Every handle comes from `keep`, which never forgets.
            .unwrap_or_else(|| Rc::from(""))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_a_handle_and_read_back() {
        let first = keep("print(1)\n");
        let other = keep("print(2)\n");
        assert_ne!(first, other);
        assert_eq!(keep("print(1)\n"), first);
        assert_eq!(&*text(first), "print(1)\n");
        assert_eq!(&*text(other), "print(2)\n");
    }
}
