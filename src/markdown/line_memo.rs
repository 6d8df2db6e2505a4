//! What syntect's parser made of each line of code already highlighted, so that a line met
//! again in the same parser state is not parsed again.
//!
//! Parsing code is the largest part of a build (about 40 % of its CPU time on the handbook: the
//! grammar's patterns are tried at every position of a line), and a book repeats lines:
//! `import asyncio`, `async def main():`, `asyncio.run(main())` open most examples of the
//! handbook, and 17 % of its code's bytes are lines parsed before in the same state. Parsing a
//! line is a pure function of the parser's state and the line, so the memo is exact: the same
//! scopes, the same HTML.
//!
//! The parser's state holds regex regions that may not cross threads, so each thread keeps its
//! own memo, for the chapters it renders and, in the dev server, across rebuilds (where an
//! edited chapter finds its unchanged lines here). A memo serves one [`LineMemo`] (one loaded
//! syntax set, whose context ids the states hold) and starts afresh for another.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;
use syntect::parsing::{ParseState, ParsingError, ScopeStackOp, SyntaxSet};

/// The scope operations of one line, as syntect's parser gives them.
pub(crate) type Ops = Vec<(usize, ScopeStackOp)>;

/// Lines one thread remembers at most; past it, its memo starts afresh, so that a book ten
/// times the handbook, or a long preview session, holds a few megabytes at most.
const MAX_LINES: usize = 4_000;

/// One parse of a line: the state it started from, what it gave, and the state it left, as
/// indexes into [`Memo::states`] (a book's lines start from few distinct states).
struct Parse {
    before: usize,
    ops: Box<[(usize, ScopeStackOp)]>,
    after: usize,
}

/// The memo of lines parsed with one syntax set.
pub(crate) struct LineMemo {
    /// Which memo this is, among those of the process.
    id: u64,
}

impl Default for LineMemo {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Self {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
        }
    }
}

/// The lines one thread parsed for one [`LineMemo`], by their text.
#[derive(Default)]
struct Memo {
    owner: u64,
    /// Each distinct state a kept line started from or left.
    states: Vec<ParseState>,
    parses: FxHashMap<String, Vec<Parse>>,
    count: usize,
}

impl Memo {
    /// The index of `state` in [`Memo::states`], added if it is new.
    fn intern(&mut self, state: &ParseState) -> usize {
        self.states
            .iter()
            .position(|s| s == state)
            .unwrap_or_else(|| {
                self.states.push(state.clone());
                self.states.len() - 1
            })
    }
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::default();
}

impl LineMemo {
    /// Parses `line` from `state` as `state.parse_line` does, leaving `state` where the parser
    /// would, from the memo when this line was parsed from this state before.
    pub(crate) fn parse(
        &self,
        state: &mut ParseState,
        line: &str,
        syntaxes: &SyntaxSet,
    ) -> Result<Ops, ParsingError> {
        if let Some(ops) = self.recall(state, line) {
            return Ok(ops);
        }
        let before = state.clone();
        // A state holding a match's captures (the delimiter a heredoc or a string must end with)
        // never equals a copy of itself (the regions compare by address): no later line could
        // find it, so it is not kept.
        let recallable = before == *state;
        let ops = state.parse_line(line, syntaxes)?;
        if recallable {
            self.remember(line, before, &ops, state);
        }
        Ok(ops)
    }

    /// The operations of `line` from `state`, if it was kept, with `state` moved on.
    fn recall(&self, state: &mut ParseState, line: &str) -> Option<Ops> {
        MEMO.with_borrow(|memo| {
            let parses = memo.parses.get(line).filter(|_| memo.owner == self.id)?;
            let parse = parses.iter().find(|p| memo.states[p.before] == *state)?;
            if parse.after != parse.before {
                state.clone_from(&memo.states[parse.after]);
            }
            Some(parse.ops.to_vec())
        })
    }

    fn remember(&self, line: &str, before: ParseState, ops: &Ops, after: &ParseState) {
        MEMO.with_borrow_mut(|memo| {
            if memo.owner != self.id || memo.count >= MAX_LINES {
                *memo = Memo {
                    owner: self.id,
                    ..Memo::default()
                };
            }
            memo.count += 1;
            let parse = Parse {
                before: memo.intern(&before),
                ops: ops.as_slice().into(),
                after: memo.intern(after),
            };
            memo.parses.entry(line.to_owned()).or_default().push(parse);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::util::LinesWithEndings;

    fn parse_all(memo: Option<&LineMemo>, code: &str, syntaxes: &SyntaxSet) -> Vec<Ops> {
        let syntax = syntaxes.find_syntax_by_token("python").unwrap();
        let mut state = ParseState::new(syntax);
        LinesWithEndings::from(code)
            .map(|line| match memo {
                Some(memo) => memo.parse(&mut state, line, syntaxes).unwrap(),
                None => state.parse_line(line, syntaxes).unwrap(),
            })
            .collect()
    }

    /// A line inside a docstring is parsed in another state than the same line outside it: the
    /// memo must tell them apart, and give exactly what the parser gives.
    #[test]
    fn gives_what_the_parser_gives_in_every_state() {
        let syntaxes = two_face::syntax::extra_newlines();
        let code = "x = 1\n\"\"\"\nx = 1\n\"\"\"\nx = 1\nimport asyncio\nimport asyncio\n";
        let memo = LineMemo::default();
        let direct = parse_all(None, code, &syntaxes);
        assert_ne!(
            direct[2], direct[4],
            "the same text in a docstring scopes otherwise"
        );
        assert_eq!(parse_all(Some(&memo), code, &syntaxes), direct);
        let kept = MEMO.with_borrow(|m| m.count);
        MEMO.with_borrow(|m| {
            assert_eq!(
                m.parses["import asyncio\n"].len(),
                1,
                "one state, one parse"
            );
            assert!(
                m.parses["x = 1\n"].len() >= 2,
                "the first line has a state of its own"
            );
        });
        assert_eq!(
            parse_all(Some(&memo), code, &syntaxes),
            direct,
            "from the memo"
        );
        assert_eq!(MEMO.with_borrow(|m| m.count), kept, "nothing parsed again");
        let other = LineMemo::default();
        parse_all(Some(&other), "import asyncio\n", &syntaxes);
        assert_eq!(
            MEMO.with_borrow(|m| m.count),
            1,
            "another syntax set starts afresh"
        );
    }
}
