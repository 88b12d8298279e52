//! Stop requests from outside the program, the same way on every system: Ctrl-C, a
//! termination request and a terminal that hangs up on Unix; Ctrl-C, Ctrl-Break and a
//! console window closed on Windows. The wizard polls a flag; `ask` runs a callback.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// How the program was asked to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Ctrl-C at the keyboard: the person stopped on purpose.
    Interrupt,
    /// Anything else (a termination request, a hang-up): the process exits with this
    /// code. Windows does not tell its requests apart, so there every stop is Ctrl-C.
    #[cfg_attr(not(unix), allow(dead_code))]
    Ended(i32),
}

/// Raised by the first stop request once [`watch_flag`] was called.
static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();

fn flag() -> &'static Arc<AtomicBool> {
    FLAG.get_or_init(|| Arc::new(AtomicBool::new(false)))
}

/// Whether a stop was asked for since [`watch_flag`].
pub fn requested() -> bool {
    FLAG.get().is_some_and(|f| f.load(Ordering::Relaxed))
}

#[cfg(unix)]
mod imp {
    use super::{Stop, flag};
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use std::sync::Arc;

    const SIGNALS: [i32; 3] = [SIGINT, SIGTERM, SIGHUP];

    pub fn watch_flag() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            for signal in SIGNALS {
                // Registration only fails for signals that cannot be caught; these can.
                // A second signal while the first is handled ends the process at once.
                let _ =
                    signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(flag()));
                let _ = signal_hook::flag::register(signal, Arc::clone(flag()));
            }
        });
    }

    pub fn on_stop(f: impl FnOnce(Stop) + Send + 'static) {
        let Ok(mut signals) = signal_hook::iterator::Signals::new(SIGNALS) else {
            // Without the watch the default handling applies.
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                f(match signal {
                    SIGINT => Stop::Interrupt,
                    other => Stop::Ended(128 + other),
                });
            }
        });
    }
}

#[cfg(windows)]
mod imp {
    use super::{Stop, flag};
    use std::sync::Mutex;
    use std::sync::atomic::Ordering;

    type Callback = Box<dyn FnOnce(Stop) + Send>;

    static CALLBACK: Mutex<Option<Callback>> = Mutex::new(None);

    /// One console control handler for the whole run (Ctrl-C, Ctrl-Break, a closed
    /// window); Windows gives the program a few seconds after a close, enough to restore
    /// the console: every answer is already saved.
    fn install() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let _ = ctrlc::set_handler(|| {
                if flag().swap(true, Ordering::Relaxed) {
                    // A second request while the first is handled: stop at once.
                    std::process::exit(130);
                }
                let callback = CALLBACK.lock().ok().and_then(|mut c| c.take());
                if let Some(f) = callback {
                    // The console does not say which request it was; Ctrl-C is the one
                    // people make, and the message it gives is right for the others.
                    f(Stop::Interrupt);
                }
            });
        });
    }

    pub fn watch_flag() {
        install();
    }

    pub fn on_stop(f: impl FnOnce(Stop) + Send + 'static) {
        if let Ok(mut c) = CALLBACK.lock() {
            *c = Some(Box::new(f));
        }
        install();
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    use super::Stop;
    pub fn watch_flag() {}
    pub fn on_stop(_f: impl FnOnce(Stop) + Send + 'static) {}
}

/// From now on, a stop request raises the flag [`requested`] reads; a second request
/// while the first is handled ends the process at once.
pub fn watch_flag() {
    imp::watch_flag();
}

/// Runs `f` on a thread of its own at the first stop request.
pub fn on_stop(f: impl FnOnce(Stop) + Send + 'static) {
    imp::on_stop(f);
}
