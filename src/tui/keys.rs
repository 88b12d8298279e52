//! The wizard's one keymap: what each key does where, and how the keys are named on screen.
//!
//! [`BINDINGS`] is the only place a key binding lives. The wizard turns a key into an
//! [`Action`] through it ([`action`]); the hints bar, the keys help (F1), the start screen's
//! line of keys and every text of the catalogue that names a key ([`text`]) write the keys
//! from it, so what the screen says is always what the keys do.
//!
//! # How a row of keys is written
//!
//! A row of the help or the hints bar (an *entry*, with a `short` and a `long` text in
//! `wizard.keys.<entry>`) lists the bindings that name it in `shown_in`, in the order of
//! the table. Each binding's [`Gap`] says how its key is set off from the one before it:
//! a space between keys that go together (`↑ ↓`, `PgUp PgDn`), two spaces before an
//! alternative (`Esc  ←`, `?  F1`), nothing for a pair of arrows written as one sign
//! (`↑↓ Enter`). A run of three or more consecutive digits or function keys set off by
//! spaces is written first to last (`1 … 9`, `F2 … F9`). Delete is written in full when it
//! stands alone, and `Del` beside other keys, where the help's key column is narrow.

use super::app::Screen;
use crate::base::key;
use crate::base::strings::Strings;
use crate::core::answer::Level;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a key is read: one screen, box or field, as the wizard is now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    /// The start screen, before a plan is open.
    Start,
    /// The window is too small to show the wizard.
    TooSmall,
    /// The keys help (F1) over the wizard.
    Help,
    /// The Save-as box: a text field.
    SaveAs,
    /// The sections pane.
    Nav,
    /// A question answered by choosing one option.
    List,
    /// A question answered by ticking options.
    Ticks,
    /// A yes/partly/no question.
    Levels,
    /// A question answered in a text field.
    TextAnswer,
    /// Past the last question.
    End,
    /// Past the last question, with points that keep the plan from being complete.
    EndProblems,
    /// A result screen.
    Results,
    /// The decision screen, a result screen with details to show.
    Decision,
    /// The export form on a row that is not a text field.
    ExportForm,
    /// The export form's folder field.
    ExportFolder,
    /// The problems an export found.
    Report,
    /// The editing keys of any text field, read when the context around it takes no key.
    TextField,
}

/// What a key does; the context decides to what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    /// To the first row, or the start of a text.
    First,
    /// To the last row, or the end of a text.
    Last,
    PageUp,
    PageDown,
    /// The option of a list with this index (key 1 is index 0).
    Option(u8),
    /// Enter: confirm, open or save what is highlighted or typed.
    Confirm,
    Back,
    /// Close the keys help.
    Close,
    Tick,
    Level(Level),
    Clear,
    Skip,
    PreviousSection,
    NextSection,
    Details,
    Pane,
    Screen(Screen),
    SaveAs,
    Help,
    /// Quit, with a warning first when the last save failed.
    Quit,
    /// Quit at once, from anywhere.
    QuitNow,
    New,
    Resume,
    Demo,
    /// The next language.
    Language,
    /// Type the character of the key.
    Type,
    WordLeft,
    WordRight,
    DeleteBack,
    DeleteForward,
    ClearToStart,
    ClearToEnd,
    DeleteWord,
    /// The terminal's paste key: the terminal pastes, so the key itself does nothing.
    Paste,
}

/// The key of a chord: a key code, or a pattern for keys named by words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode),
    /// Any character typed without Ctrl or Alt.
    Typed,
    /// Any key at all.
    Any,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chord {
    pub key: Key,
    /// Ctrl and Alt must be as given; Shift is part of the character typed, so it is only
    /// named, never required.
    pub modifiers: KeyModifiers,
}

/// How a key is set off from the key before it in a row of keys; see the module's notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gap {
    Space,
    Alternative,
    Joined,
}

#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub chord: Chord,
    pub action: Action,
    pub contexts: &'static [Context],
    /// The entries (help rows, hints) that show this key; none for a key that works
    /// without being shown, such as Shift-Tab beside Tab.
    pub shown_in: &'static [&'static str],
    pub gap: Gap,
}

impl Binding {
    const fn show(self, entries: &'static [&'static str]) -> Binding {
        Binding {
            shown_in: entries,
            ..self
        }
    }

    const fn alternative(self) -> Binding {
        Binding {
            gap: Gap::Alternative,
            ..self
        }
    }

    const fn joined(self) -> Binding {
        Binding {
            gap: Gap::Joined,
            ..self
        }
    }
}

const fn bind(key: KeyCode, action: Action, contexts: &'static [Context]) -> Binding {
    chord(key, KeyModifiers::NONE, action, contexts)
}

const fn ctrl(key: KeyCode, action: Action, contexts: &'static [Context]) -> Binding {
    chord(key, KeyModifiers::CONTROL, action, contexts)
}

const fn chord(
    key: KeyCode,
    modifiers: KeyModifiers,
    action: Action,
    contexts: &'static [Context],
) -> Binding {
    pattern(Key::Code(key), modifiers, action, contexts)
}

const fn pattern(
    key: Key,
    modifiers: KeyModifiers,
    action: Action,
    contexts: &'static [Context],
) -> Binding {
    Binding {
        chord: Chord { key, modifiers },
        action,
        contexts,
        shown_in: &[],
        gap: Gap::Space,
    }
}

use Action as A;
use Context::*;
use KeyCode::{
    BackTab, Backspace, Char, Delete, Down, End as EndKey, Enter, Esc, F, Home, PageDown, PageUp,
    Right, Tab, Up,
};

/// The wizard's contexts with a plan open and nothing over it.
const MAIN: &[Context] = &[
    Nav,
    List,
    Ticks,
    Levels,
    TextAnswer,
    End,
    EndProblems,
    Results,
    Decision,
    ExportForm,
    ExportFolder,
    Report,
];
/// [`MAIN`] but the text fields, where letters are typed text.
const NOT_TYPING: &[Context] = &[
    Nav,
    List,
    Ticks,
    Levels,
    End,
    EndProblems,
    Results,
    Decision,
    ExportForm,
    Report,
];
/// Everywhere but the editing keys of a field.
const ANYWHERE: &[Context] = &[
    Start,
    TooSmall,
    Help,
    SaveAs,
    Nav,
    List,
    Ticks,
    Levels,
    TextAnswer,
    End,
    EndProblems,
    Results,
    Decision,
    ExportForm,
    ExportFolder,
    Report,
];
const QUIT_LETTER: &[Context] = &[
    Start,
    TooSmall,
    Nav,
    List,
    Ticks,
    Levels,
    End,
    EndProblems,
    Results,
    Decision,
    ExportForm,
    Report,
];
const LISTS: &[Context] = &[List, Ticks, Levels];
const QUESTIONS: &[Context] = &[List, Ticks, Levels, TextAnswer, End, EndProblems];
/// Where the arrows move a highlight or scroll.
const ARROWS: &[Context] = &[
    Start,
    Help,
    Nav,
    List,
    Ticks,
    Levels,
    Results,
    Decision,
    ExportForm,
    ExportFolder,
    Report,
];
/// [`ARROWS`] but the text fields, and past the questions' end.
const VI_KEYS: &[Context] = &[
    Start,
    Help,
    Nav,
    List,
    Ticks,
    Levels,
    EndProblems,
    Results,
    Decision,
    ExportForm,
    Report,
];
const PAGES: &[Context] = &[
    Help,
    Nav,
    Results,
    Decision,
    ExportForm,
    ExportFolder,
    Report,
];
const ENDS: &[Context] = &[Nav, List, Ticks, Levels, Results, Decision, ExportForm];
const BACK: &[Context] = &[
    Nav,
    List,
    Ticks,
    Levels,
    TextAnswer,
    End,
    EndProblems,
    Results,
    Decision,
    ExportForm,
    ExportFolder,
    Report,
];
const BACK_ARROW: &[Context] = &[
    Nav,
    List,
    Ticks,
    Levels,
    End,
    EndProblems,
    Results,
    Decision,
    ExportForm,
    Report,
];
const FIELD: &[Context] = &[TextField];

/// Every key binding of the wizard and its start screen. The order is the order keys are
/// written in a row of keys; see the module's notes.
pub const BINDINGS: &[Binding] = &[
    // Moving through lists, tables and text screens.
    bind(Up, A::Up, ARROWS).show(&["move", "scroll", "start_choose"]),
    bind(Down, A::Down, ARROWS).show(&["move", "scroll", "start_choose"]),
    bind(Char('j'), A::Down, VI_KEYS)
        .show(&["move"])
        .alternative(),
    bind(Char('k'), A::Up, VI_KEYS).show(&["move"]),
    bind(Up, A::Up, &[EndProblems]).show(&["problem"]),
    bind(Down, A::Down, &[EndProblems])
        .show(&["problem"])
        .joined(),
    bind(Enter, A::Confirm, &[EndProblems]).show(&["problem"]),
    bind(PageUp, A::PageUp, PAGES).show(&["scroll", "report"]),
    bind(PageDown, A::PageDown, PAGES).show(&["scroll", "report"]),
    bind(Char('1'), A::Option(0), LISTS).show(&["jump"]),
    bind(Char('2'), A::Option(1), LISTS).show(&["jump"]),
    bind(Char('3'), A::Option(2), LISTS).show(&["jump"]),
    bind(Char('4'), A::Option(3), LISTS).show(&["jump"]),
    bind(Char('5'), A::Option(4), LISTS).show(&["jump"]),
    bind(Char('6'), A::Option(5), LISTS).show(&["jump"]),
    bind(Char('7'), A::Option(6), LISTS).show(&["jump"]),
    bind(Char('8'), A::Option(7), LISTS).show(&["jump"]),
    bind(Char('9'), A::Option(8), LISTS).show(&["jump"]),
    bind(Home, A::First, ENDS).show(&["jump"]).alternative(),
    bind(EndKey, A::Last, ENDS).show(&["jump"]),
    // Answering.
    bind(Enter, A::Confirm, &[List, Ticks, Levels, TextAnswer]).show(&["confirm"]),
    bind(Enter, A::Confirm, &[End]).show(&["results"]),
    bind(Enter, A::Confirm, &[Nav, Start]).show(&["open", "start_open"]),
    bind(Right, A::Confirm, &[Nav]),
    bind(Enter, A::Confirm, &[ExportForm, ExportFolder, Report]),
    bind(Enter, A::Confirm, &[SaveAs]).show(&["save_confirm"]),
    bind(Esc, A::Back, BACK).show(&["back"]),
    bind(KeyCode::Left, A::Back, BACK_ARROW)
        .show(&["back"])
        .alternative(),
    bind(Esc, A::Back, &[SaveAs]).show(&["cancel"]),
    bind(Char(' '), A::Tick, &[Ticks]).show(&["tick"]),
    bind(Char(' '), A::Tick, &[ExportForm]).show(&["toggle"]),
    bind(Char('y'), A::Level(Level::Yes), &[Levels]).show(&["level"]),
    bind(Char('p'), A::Level(Level::Partly), &[Levels])
        .show(&["level"])
        .alternative(),
    bind(Char('n'), A::Level(Level::No), &[Levels])
        .show(&["level"])
        .alternative(),
    bind(Delete, A::Clear, LISTS).show(&["clear"]),
    bind(Backspace, A::Clear, LISTS),
    ctrl(Char('n'), A::Skip, QUESTIONS).show(&["skip"]),
    bind(PageUp, A::PreviousSection, QUESTIONS).show(&["sections"]),
    bind(PageDown, A::NextSection, QUESTIONS).show(&["sections"]),
    bind(Char('d'), A::Details, &[Decision]).show(&["details"]),
    // The wizard as a whole.
    bind(Tab, A::Pane, MAIN).show(&["pane"]),
    bind(BackTab, A::Pane, MAIN),
    bind(F(2), A::Screen(Screen::Questions), MAIN).show(&["screens"]),
    bind(F(3), A::Screen(Screen::Decision), MAIN).show(&["screens"]),
    bind(F(4), A::Screen(Screen::Readiness), MAIN).show(&["screens"]),
    bind(F(5), A::Screen(Screen::Sizing), MAIN).show(&["screens"]),
    bind(F(6), A::Screen(Screen::Responsibilities), MAIN).show(&["screens"]),
    bind(F(7), A::Screen(Screen::WorkPlan), MAIN).show(&["screens"]),
    bind(F(8), A::Screen(Screen::Checklists), MAIN).show(&["screens"]),
    bind(F(9), A::Screen(Screen::Export), MAIN).show(&["screens"]),
    // Added after the others, so the keys people already know stay as they were.
    bind(F(10), A::Screen(Screen::Costs), MAIN).show(&["screens"]),
    ctrl(Char('s'), A::SaveAs, MAIN).show(&["save_as"]),
    bind(Char('?'), A::Help, NOT_TYPING).show(&["help"]),
    bind(F(1), A::Help, MAIN)
        .show(&["help", "help_f1"])
        .alternative(),
    pattern(Key::Any, KeyModifiers::NONE, A::Close, &[Help]).show(&["close"]),
    bind(Char('q'), A::Quit, QUIT_LETTER).show(&["quit", "start_quit"]),
    ctrl(Char('c'), A::QuitNow, ANYWHERE)
        .show(&["quit", "quit_text"])
        .alternative(),
    ctrl(Char('q'), A::QuitNow, ANYWHERE),
    // The start screen.
    bind(Char('n'), A::New, &[Start]).show(&["start_new"]),
    bind(Char('r'), A::Resume, &[Start]).show(&["start_resume"]),
    bind(Char('d'), A::Demo, &[Start]).show(&["start_demo"]),
    bind(Char('l'), A::Language, &[Start]).show(&["start_language"]),
    bind(Esc, A::Quit, &[Start]),
    // Editing a text field.
    pattern(Key::Typed, KeyModifiers::NONE, A::Type, FIELD).show(&["text_type"]),
    bind(KeyCode::Left, A::Left, FIELD).show(&["text_move"]),
    bind(Right, A::Right, FIELD).show(&["text_move"]),
    bind(Home, A::First, FIELD).show(&["text_move"]),
    bind(EndKey, A::Last, FIELD).show(&["text_move"]),
    ctrl(Char('a'), A::First, FIELD).show(&["text_ends"]),
    ctrl(Char('e'), A::Last, FIELD).show(&["text_ends"]),
    ctrl(KeyCode::Left, A::WordLeft, FIELD).show(&["text_word"]),
    ctrl(Right, A::WordRight, FIELD).show(&["text_word"]),
    bind(Backspace, A::DeleteBack, FIELD).show(&["text_delete"]),
    bind(Delete, A::DeleteForward, FIELD).show(&["text_delete"]),
    ctrl(Char('u'), A::ClearToStart, FIELD).show(&["text_clear_start"]),
    ctrl(Char('k'), A::ClearToEnd, FIELD).show(&["text_clear_end"]),
    ctrl(Char('w'), A::DeleteWord, FIELD).show(&["text_delete_word"]),
    // What other editors do with these, kept off the help to keep it short.
    ctrl(Backspace, A::DeleteWord, FIELD),
    chord(Backspace, KeyModifiers::ALT, A::DeleteWord, FIELD),
    ctrl(Home, A::First, FIELD),
    ctrl(EndKey, A::Last, FIELD),
    chord(
        Char('v'),
        KeyModifiers::CONTROL.union(KeyModifiers::SHIFT),
        A::Paste,
        FIELD,
    )
    .show(&["text_paste"]),
];

/// The keys help (F1), in order: the wizard's keys, then under their own heading the
/// editing keys of a text field.
pub const HELP: &[&str] = &[
    "move", "jump", "confirm", "back", "tick", "level", "clear", "skip", "sections", "pane",
    "screens", "scroll", "details", "toggle", "report", "save_as", "help", "quit",
];
pub const TEXT_HELP: &[&str] = &[
    "text_type",
    "text_move",
    "text_ends",
    "text_word",
    "text_delete",
    "text_clear_start",
    "text_clear_end",
    "text_delete_word",
    "text_paste",
];

/// The start screen's line of keys.
pub const START: &[&str] = &[
    "start_choose",
    "start_open",
    "start_new",
    "start_resume",
    "start_demo",
    "start_language",
    "start_quit",
];

/// The hints bar in each context, most useful first: as many as fit are shown.
pub const HINTS: &[(Context, &[&str])] = &[
    (SaveAs, &["save_confirm", "cancel"]),
    (Help, &["close"]),
    (Nav, &["move", "open", "pane", "help", "quit"]),
    (
        EndProblems,
        &["problem", "back", "help", "quit", "pane", "screens"],
    ),
    (End, &["results", "back", "help", "quit", "pane", "screens"]),
    (
        TextAnswer,
        &[
            "confirm",
            "back",
            "help_f1",
            "quit_text",
            "pane",
            "sections",
        ],
    ),
    (
        Ticks,
        &["tick", "confirm", "back", "help", "quit", "move", "pane"],
    ),
    (
        Levels,
        &["level", "confirm", "back", "help", "quit", "move", "pane"],
    ),
    (
        List,
        &[
            "move", "confirm", "back", "help", "quit", "pane", "sections",
        ],
    ),
    (
        ExportFolder,
        &["move", "back", "help_f1", "quit_text", "pane"],
    ),
    (
        ExportForm,
        &["move", "toggle", "report", "back", "help", "quit", "pane"],
    ),
    (
        Report,
        &["move", "toggle", "report", "back", "help", "quit", "pane"],
    ),
    (
        Decision,
        &[
            "scroll", "details", "back", "help", "quit", "pane", "screens",
        ],
    ),
    (
        Results,
        &["scroll", "back", "help", "quit", "pane", "screens"],
    ),
];

/// Keys that texts of the catalogue name, as `{placeholder}`: the `n`th key of an action
/// where the text is read.
const NAMED: &[(&str, Context, Action, usize)] = &[
    ("key_confirm", List, A::Confirm, 0),
    ("key_back", TextAnswer, A::Back, 0),
    ("key_up", Results, A::Up, 0),
    ("key_down", Results, A::Down, 0),
    ("key_tick", ExportForm, A::Tick, 0),
    ("key_save_as", List, A::SaveAs, 0),
    ("key_quit", TooSmall, A::Quit, 0),
    ("key_quit_text", TextAnswer, A::QuitNow, 0),
    ("key_quit_also", TextAnswer, A::QuitNow, 1),
    ("key_cancel", SaveAs, A::Back, 0),
    ("key_save", SaveAs, A::Confirm, 0),
    ("key_open", Report, A::Confirm, 0),
    ("key_right", TextField, A::Right, 0),
    ("key_text_start", TextField, A::First, 1),
    ("key_text_end", TextField, A::Last, 1),
    ("key_backspace", TextField, A::DeleteBack, 0),
    ("key_delete", TextField, A::DeleteForward, 0),
    ("key_paste", TextField, A::Paste, 0),
    ("key_questions", List, A::Screen(Screen::Questions), 0),
    ("key_decision", List, A::Screen(Screen::Decision), 0),
    ("key_readiness", List, A::Screen(Screen::Readiness), 0),
    ("key_sizing", List, A::Screen(Screen::Sizing), 0),
    ("key_costs", List, A::Screen(Screen::Costs), 0),
    (
        "key_responsibilities",
        List,
        A::Screen(Screen::Responsibilities),
        0,
    ),
    ("key_work_plan", List, A::Screen(Screen::WorkPlan), 0),
    ("key_checklists", List, A::Screen(Screen::Checklists), 0),
    ("key_export", List, A::Screen(Screen::Export), 0),
];

impl Chord {
    fn matches(&self, key: &KeyEvent) -> bool {
        let held = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        match self.key {
            Key::Any => true,
            Key::Typed => held.is_empty() && matches!(key.code, KeyCode::Char(_)),
            Key::Code(code) => {
                code == key.code
                    && held == self.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT)
            }
        }
    }

    fn is_pattern(&self) -> bool {
        !matches!(self.key, Key::Code(_))
    }
}

/// What `key` does in `context`, if anything. A key named by itself wins over a pattern
/// such as "any key". A key that is not a letter, held with Ctrl or Alt and bound to
/// nothing that way, does what it does alone: terminals and habits add those modifiers
/// to arrows, Page Up/Down, Home/End and Delete, and the wizard always read them so. A
/// letter with Ctrl or Alt is not the letter (Ctrl-D does not open the demo).
pub fn action(context: Context, key: KeyEvent) -> Option<Action> {
    let named = |key: &KeyEvent| matching(context, key).find(|b| !b.chord.is_pattern());
    named(&key)
        .or_else(|| alone(&key).and_then(|k| named(&k)))
        .or_else(|| matching(context, &key).next())
        .map(|b| b.action)
}

/// The bindings of `context` that `key` matches, in table order.
fn matching(context: Context, key: &KeyEvent) -> impl Iterator<Item = &'static Binding> + '_ {
    BINDINGS
        .iter()
        .filter(move |b| b.contexts.contains(&context) && b.chord.matches(key))
}

/// `key` without Ctrl and Alt, unless it is a letter or has neither.
fn alone(key: &KeyEvent) -> Option<KeyEvent> {
    let held = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    if held.is_empty() || matches!(key.code, KeyCode::Char(_)) {
        return None;
    }
    Some(KeyEvent::new(key.code, key.modifiers - held))
}

/// The bindings an entry shows, in order.
pub fn shown(entry: &str) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.shown_in.contains(&entry))
}

/// The keys of an entry as the help and hints write them; see the module's notes.
pub fn entry_keys(entry: &str, strings: &Strings) -> String {
    let items: Vec<(Gap, Chord)> = shown(entry).map(|b| (b.gap, b.chord)).collect();
    let alone = items.len() == 1;
    let mut out = String::new();
    let mut i = 0;
    while i < items.len() {
        let (gap, chord) = items[i];
        if i > 0 {
            out.push_str(match gap {
                Gap::Space => " ",
                Gap::Alternative => "  ",
                Gap::Joined => "",
            });
        }
        let run = run_length(&items[i..]);
        out.push_str(&name(chord, alone, strings));
        if run >= 3 {
            out.push_str(" … ");
            out.push_str(&name(items[i + run - 1].1, alone, strings));
            i += run;
        } else {
            i += 1;
        }
    }
    out
}

/// How many keys from the first of `items` follow one another (1 2 3, F2 F3 F4), each set
/// off by a space.
fn run_length(items: &[(Gap, Chord)]) -> usize {
    let number = |c: &Chord| match c.key {
        Key::Code(KeyCode::Char(d)) if c.modifiers.is_empty() => d.to_digit(10),
        Key::Code(KeyCode::F(n)) if c.modifiers.is_empty() => Some(u32::from(n) + 100),
        _ => None,
    };
    let mut run = 1;
    while let Some((gap, next)) = items.get(run) {
        let follows = match (number(&items[run - 1].1), number(next)) {
            (Some(a), Some(b)) => b == a + 1,
            _ => false,
        };
        if !follows || *gap != Gap::Space {
            break;
        }
        run += 1;
    }
    run
}

/// A chord as people read it: `Ctrl-S`, `PgUp`, `↑`, `q`.
pub fn name(chord: Chord, alone: bool, strings: &Strings) -> String {
    let code = match chord.key {
        Key::Typed => return strings.get(key::wizard::key_names::TYPED).to_string(),
        Key::Any => return strings.get(key::wizard::key_names::ANY).to_string(),
        Key::Code(code) => code,
    };
    let m = chord.modifiers;
    let mut out = String::new();
    for (held, word) in [
        (KeyModifiers::CONTROL, "Ctrl-"),
        (KeyModifiers::ALT, "Alt-"),
        (KeyModifiers::SHIFT, "Shift-"),
    ] {
        if m.contains(held) {
            out.push_str(word);
        }
    }
    let plain = match code {
        KeyCode::Char(' ') => "Space".to_string(),
        // After a modifier a letter is written as on the key cap.
        KeyCode::Char(c) if !m.is_empty() => c.to_uppercase().to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::Delete if alone => "Delete".to_string(),
        KeyCode::Delete => "Del".to_string(),
        KeyCode::BackTab => "Shift-Tab".to_string(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    out.push_str(&plain);
    out
}

/// The `n`th key of `action` in `context`, written alone; empty when there is none.
pub fn key_of(context: Context, action: Action, n: usize, strings: &Strings) -> String {
    BINDINGS
        .iter()
        .filter(|b| b.action == action && b.contexts.contains(&context))
        .nth(n)
        .map(|b| name(b.chord, true, strings))
        .unwrap_or_default()
}

/// The text of `key` with its placeholders filled: the keys of [`NAMED`], and `args`.
pub fn text(strings: &Strings, key: &str, args: &[(&str, &str)]) -> String {
    let keys: Vec<(&str, String)> = NAMED
        .iter()
        .map(|&(name, context, action, n)| (name, key_of(context, action, n, strings)))
        .collect();
    let mut all: Vec<(&str, &str)> = keys.iter().map(|(n, v)| (*n, v.as_str())).collect();
    all.extend_from_slice(args);
    strings.fill(key, &all)
}

/// The entries of the hints bar in `context`.
pub fn hints(context: Context) -> &'static [&'static str] {
    HINTS
        .iter()
        .find(|(c, _)| *c == context)
        .map_or(&[], |(_, ids)| ids)
}

/// The start screen's line of keys: each key and its word, as in `↑ ↓ choose · q quit`.
pub fn start_line(strings: &Strings) -> String {
    START
        .iter()
        .map(|id| {
            let word = strings.keyed(key::wizard::keys::PREFIX, &format!("{id}.short"));
            format!("{} {word}", entry_keys(id, strings))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> &'static Strings {
        Strings::builtin()
    }

    fn contexts() -> Vec<Context> {
        let mut all: Vec<Context> = Vec::new();
        for c in BINDINGS.iter().flat_map(|b| b.contexts) {
            if !all.contains(c) {
                all.push(*c);
            }
        }
        all
    }

    /// Whether one key event could match both chords.
    fn overlap(a: &Chord, b: &Chord) -> bool {
        let held = KeyModifiers::CONTROL | KeyModifiers::ALT;
        match (a.key, b.key) {
            (Key::Any, _) | (_, Key::Any) => true,
            (Key::Typed, Key::Typed) => true,
            (Key::Typed, Key::Code(code)) | (Key::Code(code), Key::Typed) => {
                let other = if a.key == Key::Typed { b } else { a };
                matches!(code, KeyCode::Char(_)) && (other.modifiers & held).is_empty()
            }
            (Key::Code(x), Key::Code(y)) => x == y && a.modifiers & held == b.modifiers & held,
        }
    }

    #[test]
    fn no_two_actions_in_one_context_share_a_key() {
        for context in contexts() {
            let here: Vec<&Binding> = BINDINGS
                .iter()
                // "Any key" is the fallback of the keys help by design.
                .filter(|b| b.contexts.contains(&context) && b.chord.key != Key::Any)
                .collect();
            for (i, a) in here.iter().enumerate() {
                for b in &here[i + 1..] {
                    assert!(
                        !overlap(&a.chord, &b.chord) || a.action == b.action,
                        "{context:?}: {:?} is both {:?} and {:?}",
                        a.chord,
                        a.action,
                        b.action
                    );
                }
            }
        }
    }

    /// Where a text field is, its editing keys must reach it: the context around the field
    /// takes no key the field edits with.
    #[test]
    fn a_text_field_keeps_its_editing_keys() {
        let field: Vec<&Binding> = BINDINGS
            .iter()
            .filter(|b| b.contexts.contains(&TextField))
            .collect();
        for context in [SaveAs, TextAnswer, ExportFolder] {
            for b in BINDINGS.iter().filter(|b| b.contexts.contains(&context)) {
                for f in &field {
                    assert!(
                        !overlap(&b.chord, &f.chord),
                        "{context:?} takes {:?} ({:?}) from its text field ({:?})",
                        b.chord,
                        b.action,
                        f.action
                    );
                }
            }
        }
    }

    #[test]
    fn keys_are_found_by_context() {
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let ctrl = |c| KeyEvent::new(Char(c), KeyModifiers::CONTROL);
        assert_eq!(action(List, key(Char('q'))), Some(A::Quit));
        assert_eq!(action(TextAnswer, key(Char('q'))), None, "q is typed");
        assert_eq!(action(TextField, key(Char('q'))), Some(A::Type));
        assert_eq!(action(TextAnswer, ctrl('c')), Some(A::QuitNow));
        assert_eq!(action(Help, key(Up)), Some(A::Up));
        assert_eq!(
            action(Help, key(F(1))),
            Some(A::Close),
            "any other key closes"
        );
        assert_eq!(action(List, key(F(5))), Some(A::Screen(Screen::Sizing)));
        assert_eq!(action(List, key(F(10))), Some(A::Screen(Screen::Costs)));
        assert_eq!(action(Levels, key(Char('n'))), Some(A::Level(Level::No)));
        assert_eq!(action(Levels, ctrl('n')), Some(A::Skip));
        let shifted = KeyEvent::new(Char('?'), KeyModifiers::SHIFT);
        assert_eq!(
            action(Nav, shifted),
            Some(A::Help),
            "Shift is part of the character"
        );
    }

    /// Ctrl or Alt with an arrow, a page key, Home, End or Delete does what the key does
    /// alone, unless the combination is bound itself; with a letter, it is not the letter.
    #[test]
    fn modifiers_on_keys_that_are_not_letters_fall_back_to_the_key() {
        let with = |code, m| KeyEvent::new(code, m);
        let (ctrl, alt) = (KeyModifiers::CONTROL, KeyModifiers::ALT);
        assert_eq!(
            action(Help, with(Down, ctrl)),
            Some(A::Down),
            "scrolls the help"
        );
        assert_eq!(
            action(Nav, with(KeyCode::Left, alt)),
            action(Nav, with(KeyCode::Left, KeyModifiers::NONE))
        );
        assert_eq!(
            action(List, with(PageDown, ctrl)),
            action(List, with(PageDown, KeyModifiers::NONE))
        );
        assert_eq!(
            action(TextField, with(Backspace, ctrl)),
            Some(A::DeleteWord),
            "bound itself"
        );
        assert_eq!(action(Start, with(Char('d'), ctrl)), None);
        assert_eq!(action(List, with(Char('q'), alt)), None);
    }

    #[test]
    fn rows_of_keys_are_written_by_the_rule() {
        let cases = [
            ("move", "↑ ↓  j k"),
            ("jump", "1 … 9  Home End"),
            ("back", "Esc  ←"),
            ("level", "y  p  n"),
            ("help", "?  F1"),
            ("help_f1", "F1"),
            ("quit", "q  Ctrl-C"),
            ("quit_text", "Ctrl-C"),
            ("screens", "F2 … F10"),
            ("scroll", "↑ ↓ PgUp PgDn"),
            ("problem", "↑↓ Enter"),
            ("clear", "Delete"),
            ("text_delete", "Backspace Del"),
            ("text_word", "Ctrl-← Ctrl-→"),
            ("text_paste", "Ctrl-Shift-V"),
            ("tick", "Space"),
            ("close", "any key"),
            ("text_type", "letters, digits"),
        ];
        for (entry, want) in cases {
            assert_eq!(entry_keys(entry, strings()), want, "{entry}");
        }
        assert_eq!(
            start_line(strings()),
            "↑ ↓ choose · Enter open · n new · r resume · d demo · l language · q quit"
        );
    }

    /// Every row the help, the hints or the start screen lists shows a key, and every key
    /// shown is in a row one of them lists.
    #[test]
    fn every_row_of_keys_has_keys_and_every_shown_key_a_row() {
        let hinted = HINTS.iter().flat_map(|(_, ids)| ids.iter());
        let listed: Vec<&str> = HELP
            .iter()
            .chain(TEXT_HELP)
            .chain(START)
            .chain(hinted)
            .copied()
            .collect();
        for entry in &listed {
            assert!(shown(entry).next().is_some(), "no key shows in {entry}");
        }
        for b in BINDINGS {
            for entry in b.shown_in {
                assert!(listed.contains(entry), "{entry} is shown nowhere");
            }
        }
    }

    /// Every context the wizard reads keys in has its hints.
    #[test]
    fn every_context_has_hints() {
        for context in contexts() {
            if ![Start, TooSmall, TextField].contains(&context) {
                assert!(!hints(context).is_empty(), "{context:?}");
            }
        }
    }

    #[test]
    fn every_key_placeholder_is_filled() {
        for (name, context, action, n) in NAMED {
            assert!(
                !key_of(*context, *action, *n, strings()).is_empty(),
                "{name}: no key {n} for {action:?} in {context:?}"
            );
        }
        for key in strings().keys().filter(|k| k.starts_with("wizard.")) {
            let filled = text(strings(), key, &[]);
            assert!(!filled.contains("{key_"), "{key}: {filled}");
        }
    }

    /// Every action a key is bound to is listed in the keys help (F1), the text-field
    /// help or the start screen's line, under at least one of its keys.
    #[test]
    fn every_bound_action_appears_in_the_help() {
        // The help's own hints bar says how to close it.
        let on_help = hints(Help);
        let listed: Vec<&str> = HELP
            .iter()
            .chain(TEXT_HELP)
            .chain(START)
            .chain(on_help)
            .copied()
            .collect();
        let missing: Vec<String> = BINDINGS
            .iter()
            .filter(|b| {
                !BINDINGS
                    .iter()
                    .filter(|o| o.action == b.action)
                    .any(|o| o.shown_in.iter().any(|e| listed.contains(e)))
            })
            .map(|b| format!("{:?} ({:?})", b.action, b.chord))
            .collect();
        assert!(missing.is_empty(), "in no help: {missing:#?}");
    }

    /// A key is named in the catalogue only through a placeholder, so the keymap is the
    /// only place a binding lives. `ask` reads typed lines and names its own keys.
    #[test]
    fn no_key_name_is_written_by_hand_in_the_catalogue() {
        // The arrows of a table's scroll marks point at rows out of view; they are not keys.
        let signs = ["wizard.table.above", "wizard.table.below"];
        let words = ["Esc", "Enter", "Tab", "PgUp", "PgDn", "Backspace", "Del"];
        let marks = ["Ctrl-", "Shift-", "Alt-", "↑", "↓", "←", "→"];
        for key in strings().keys() {
            if key.starts_with("ask.") || signs.contains(&key) {
                continue;
            }
            assert!(!key.ends_with(".keys"), "{key}: keys come from the keymap");
            let text = strings().get(key);
            for mark in marks {
                assert!(!text.contains(mark), "{key} names a key: {text}");
            }
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                let function_key =
                    word.len() > 1 && word.starts_with('F') && word[1..].parse::<u8>().is_ok();
                assert!(
                    !words.contains(&word) && !function_key,
                    "{key} names a key: {text}"
                );
            }
        }
    }
}
