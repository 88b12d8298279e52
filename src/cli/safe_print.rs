//! The command line's printing macros: every line goes through
//! [`hostplan::terminal_safe::escape`], so no plan value, questionnaire text or file name
//! can send a control sequence to the terminal.

/// `println!`, with control characters and bidi overrides escaped.
macro_rules! outln {
    ($($t:tt)*) => {
        println!("{}", hostplan::terminal_safe::escape(&format!($($t)*)))
    };
}

/// `print!`, with control characters and bidi overrides escaped.
macro_rules! out {
    ($($t:tt)*) => {
        print!("{}", hostplan::terminal_safe::escape(&format!($($t)*)))
    };
}

/// `eprintln!`, with control characters and bidi overrides escaped.
macro_rules! errln {
    ($($t:tt)*) => {
        eprintln!("{}", hostplan::terminal_safe::escape(&format!($($t)*)))
    };
}
