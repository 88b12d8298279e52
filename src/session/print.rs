//! The front-ends' printing macros: every line goes through
//! [`crate::base::terminal_safe::escape`], so no plan value, questionnaire text or file name
//! can send a control sequence to the terminal.

/// `println!`, with control characters and bidi overrides escaped.
#[macro_export]
macro_rules! outln {
    ($($t:tt)*) => {
        println!("{}", $crate::base::terminal_safe::escape(&format!($($t)*)))
    };
}

/// `print!`, with control characters and bidi overrides escaped.
#[macro_export]
macro_rules! out {
    ($($t:tt)*) => {
        print!("{}", $crate::base::terminal_safe::escape(&format!($($t)*)))
    };
}

/// `eprintln!`, with control characters and bidi overrides escaped.
#[macro_export]
macro_rules! errln {
    ($($t:tt)*) => {
        eprintln!("{}", $crate::base::terminal_safe::escape(&format!($($t)*)))
    };
}
