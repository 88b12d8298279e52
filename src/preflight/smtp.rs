//! The smtp check: the mail relay answers, encrypts the session the way the plan connects
//! (STARTTLS, or TLS at once on port 465), and offers the sign-in method the plan uses.
//! No mail is sent unless `--send-test-mail` asks, and never with a password.

use super::{Check, Finding, Probe, Target};
use crate::base::key;

pub fn check(target: &Target, probe: &Probe) -> Vec<Finding> {
    let Some(relay) = &target.relay else {
        return vec![Finding::not_checked(
            Check::Smtp,
            key::preflight_service::smtp::NO_RELAY,
        )];
    };
    session::check(relay, target.host.as_deref(), probe)
}

/// One reply of the server: its code and the text of each of its lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    pub lines: Vec<String>,
}

impl Reply {
    /// The reply as one line, for a finding.
    pub fn shown(&self) -> String {
        format!("{} {}", self.code, self.lines.join(" / "))
    }
}

/// One line of a reply: its code, whether more lines follow (`250-`), and its text.
/// `None` for a line that is not a reply line.
pub fn reply_line(line: &str) -> Option<(u16, bool, &str)> {
    let line = line.trim_end_matches(['\r', '\n']);
    let code = line.get(..3)?;
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let code = code.parse().ok()?;
    match line.as_bytes().get(3) {
        None => Some((code, false, "")),
        Some(b' ') => Some((code, false, &line[4..])),
        Some(b'-') => Some((code, true, &line[4..])),
        Some(_) => None,
    }
}

/// The extensions an EHLO reply lists: whether STARTTLS is offered, and the sign-in
/// methods (from `AUTH LOGIN PLAIN`, or the older `AUTH=LOGIN`), in capitals.
pub fn extensions(reply: &Reply) -> (bool, Vec<String>) {
    let mut starttls = false;
    let mut auth = Vec::new();
    // The first line greets; the extensions follow, one a line.
    for line in reply.lines.iter().skip(1) {
        let upper = line.trim().to_ascii_uppercase();
        let mut words = upper.split([' ', '=']);
        match words.next() {
            Some("STARTTLS") => starttls = true,
            Some("AUTH") => auth.extend(words.filter(|w| !w.is_empty()).map(str::to_string)),
            _ => {}
        }
    }
    auth.sort();
    auth.dedup();
    (starttls, auth)
}

/// The SASL name of the plan's sign-in method (`login`, `plain`, `cram_md5`).
pub fn mechanism(method: &str) -> String {
    method.trim().replace('_', "-").to_ascii_uppercase()
}

#[cfg(target_os = "linux")]
mod session {
    use super::{Check, Finding, Probe, Reply, extensions, key, mechanism, reply_line};
    use crate::base::strings::get;
    use crate::preflight::handshake::{Tls, handshake, presented_pem};
    use crate::preflight::net::{Unreachable, connect};
    use crate::preflight::target::Relay;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;

    /// Longer lines or replies are not a mail relay's.
    const LINE_LIMIT: u64 = 4096;
    const REPLY_LINES: usize = 100;
    /// Port 465 takes TLS at once (RFC 8314), the others start in clear.
    const IMPLICIT_TLS_PORT: u16 = 465;

    /// Why the session stopped: the step and the error, in words.
    struct Broke(&'static str, String);

    /// The connection to the relay, in clear until TLS starts.
    enum Link {
        Clear(TcpStream),
        Tls(Box<Tls>),
        /// Handed over to the TLS handshake.
        Gone,
    }

    impl Read for Link {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self {
                Link::Clear(s) => s.read(buf),
                Link::Tls(s) => s.read(buf),
                Link::Gone => Err(std::io::ErrorKind::NotConnected.into()),
            }
        }
    }

    impl Write for Link {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            match self {
                Link::Clear(s) => s.write(buf),
                Link::Tls(s) => s.write(buf),
                Link::Gone => Err(std::io::ErrorKind::NotConnected.into()),
            }
        }

        fn flush(&mut self) -> std::io::Result<()> {
            match self {
                Link::Clear(s) => s.flush(),
                Link::Tls(s) => s.flush(),
                Link::Gone => Ok(()),
            }
        }
    }

    struct Session {
        io: BufReader<Link>,
    }

    impl Session {
        fn new(link: Link) -> Session {
            Session {
                io: BufReader::new(link),
            }
        }

        fn reply(&mut self, step: &'static str) -> Result<Reply, Broke> {
            let mut reply = Reply::default();
            for _ in 0..REPLY_LINES {
                let mut line = String::new();
                let read = (&mut self.io)
                    .take(LINE_LIMIT)
                    .read_line(&mut line)
                    .map_err(|e| Broke(step, e.to_string()))?;
                if read == 0 {
                    return Err(Broke(step, closed()));
                }
                let Some((code, more, text)) = reply_line(&line) else {
                    return Err(Broke(step, line.trim().to_string()));
                };
                reply.code = code;
                reply.lines.push(text.to_string());
                if !more {
                    return Ok(reply);
                }
            }
            Err(Broke(step, reply.shown()))
        }

        fn command(&mut self, step: &'static str, line: &str) -> Result<Reply, Broke> {
            self.send(step, line)?;
            self.reply(step)
        }

        fn send(&mut self, step: &'static str, line: &str) -> Result<(), Broke> {
            let io = self.io.get_mut();
            io.write_all(format!("{line}\r\n").as_bytes())
                .and_then(|()| io.flush())
                .map_err(|e| Broke(step, e.to_string()))
        }

        /// A reply with the expected code, else the reply itself is the error.
        fn expect(&mut self, step: &'static str, line: &str, code: u16) -> Result<Reply, Broke> {
            let reply = self.command(step, line)?;
            if reply.code == code {
                Ok(reply)
            } else {
                Err(Broke(step, reply.shown()))
            }
        }
    }

    fn closed() -> String {
        std::io::Error::from(std::io::ErrorKind::UnexpectedEof).to_string()
    }

    pub fn check(relay: &Relay, client: Option<&str>, probe: &Probe) -> Vec<Finding> {
        let stream = match connect(&relay.host, relay.port, probe) {
            Ok(s) => s,
            Err(e) => {
                let error = match e {
                    Unreachable::NoAddress => {
                        get(key::preflight_service::smtp::NO_ADDRESS).to_string()
                    }
                    Unreachable::NoAnswer(e) => e,
                };
                return vec![
                    on(
                        relay,
                        Finding::fail(Check::Smtp, key::preflight_service::smtp::UNREACHABLE),
                    )
                    .arg("error", error)
                    .todo(key::preflight_service::smtp::UNREACHABLE_TODO),
                ];
            }
        };
        let mut found = Vec::new();
        let mut conversation = Conversation {
            relay,
            client: client.unwrap_or("localhost"),
            probe,
            found: &mut found,
        };
        let session = if relay.port == IMPLICIT_TLS_PORT {
            conversation.tls_at_once(stream)
        } else {
            Ok(Session::new(Link::Clear(stream)))
        };
        let outcome = session.and_then(|mut s| {
            let done = conversation.talk(&mut s);
            // A polite end; the check is over whatever the relay says to it.
            let _ = s.send("QUIT", "QUIT");
            done
        });
        if let Err(Broke(step, error)) = outcome {
            found.push(
                on(
                    relay,
                    Finding::fail(Check::Smtp, key::preflight_service::smtp::BROKE),
                )
                .arg("step", step)
                .arg("error", error)
                .todo(key::preflight_service::smtp::BROKE_TODO),
            );
        }
        found
    }

    fn on(relay: &Relay, finding: Finding) -> Finding {
        finding.arg("host", &relay.host).arg("port", relay.port)
    }

    struct Conversation<'a> {
        relay: &'a Relay,
        client: &'a str,
        probe: &'a Probe,
        found: &'a mut Vec<Finding>,
    }

    impl Conversation<'_> {
        fn tls_at_once(&mut self, stream: TcpStream) -> Result<Session, Broke> {
            let tls =
                handshake(stream, &self.relay.host).map_err(|e| Broke("TLS", e.to_string()))?;
            self.judge_certificate(&presented_pem(&tls));
            self.found.push(
                on(
                    self.relay,
                    Finding::pass(Check::Smtp, key::preflight_service::smtp::TLS_OK),
                )
                .arg("how", get(key::preflight_service::smtp::HOW_IMPLICIT)),
            );
            Ok(Session::new(Link::Tls(Box::new(tls))))
        }

        fn talk(&mut self, s: &mut Session) -> Result<(), Broke> {
            let greeting = s.reply("greeting")?;
            if greeting.code != 220 {
                return Err(Broke("greeting", greeting.shown()));
            }
            let ehlo = format!("EHLO {}", self.client);
            let mut offered = s.expect("EHLO", &ehlo, 250)?;
            if self.relay.port != IMPLICIT_TLS_PORT {
                if self.relay.starttls {
                    if !extensions(&offered).0 {
                        self.found.push(
                            on(
                                self.relay,
                                Finding::fail(
                                    Check::Smtp,
                                    key::preflight_service::smtp::NO_STARTTLS,
                                ),
                            )
                            .todo(key::preflight_service::smtp::NO_STARTTLS_TODO),
                        );
                        return Ok(());
                    }
                    let Some(upgraded) = self.starttls(s)? else {
                        return Ok(());
                    };
                    *s = upgraded;
                    offered = s.expect("EHLO", &ehlo, 250)?;
                } else {
                    self.found.push(
                        on(
                            self.relay,
                            Finding::warn(Check::Smtp, key::preflight_service::smtp::CLEAR),
                        )
                        .todo(key::preflight_service::smtp::CLEAR_TODO),
                    );
                }
            }
            self.sign_in_method(&offered);
            self.test_mail(s)
        }

        /// The session over TLS after STARTTLS; `None` when the handshake failed (a
        /// finding says so).
        fn starttls(&mut self, s: &mut Session) -> Result<Option<Session>, Broke> {
            s.expect("STARTTLS", "STARTTLS", 220)?;
            let Link::Clear(stream) = std::mem::replace(s.io.get_mut(), Link::Gone) else {
                return Err(Broke("STARTTLS", closed()));
            };
            match handshake(stream, &self.relay.host) {
                Ok(tls) => {
                    self.judge_certificate(&presented_pem(&tls));
                    self.found.push(
                        on(
                            self.relay,
                            Finding::pass(Check::Smtp, key::preflight_service::smtp::TLS_OK),
                        )
                        .arg("how", get(key::preflight_service::smtp::HOW_STARTTLS)),
                    );
                    Ok(Some(Session::new(Link::Tls(Box::new(tls)))))
                }
                Err(error) => {
                    self.found.push(
                        on(
                            self.relay,
                            Finding::fail(Check::Smtp, key::preflight_service::smtp::TLS_FAILED),
                        )
                        .arg("error", error)
                        .todo(key::preflight_service::smtp::TLS_FAILED_TODO),
                    );
                    Ok(None)
                }
            }
        }

        /// Primero checks the relay's name against its certificate: a certificate for
        /// another name is worth a warning (the rest of the chain is the relay's affair).
        fn judge_certificate(&mut self, pem: &str) {
            let (issues, _) =
                crate::export::config::tls::check_chain(pem, &self.relay.host, self.probe.now);
            for issue in issues {
                if let crate::export::config::tls::CertIssue::WrongHost { names } = issue {
                    self.found.push(
                        Finding::warn(Check::Smtp, key::preflight_service::smtp::CERT_NAMES)
                            .arg("host", &self.relay.host)
                            .arg("names", super::super::tls::names_list(&names))
                            .todo(key::preflight_service::smtp::CERT_NAMES_TODO),
                    );
                }
            }
        }

        fn sign_in_method(&mut self, offered: &Reply) {
            let Some(method) = self.relay.auth.as_deref() else {
                return;
            };
            let wanted = mechanism(method);
            let methods = extensions(offered).1;
            if methods.contains(&wanted) {
                self.found.push(
                    Finding::pass(Check::Smtp, key::preflight_service::smtp::AUTH_OFFERED)
                        .arg("method", wanted),
                );
                return;
            }
            let listed = if methods.is_empty() {
                get(key::preflight_service::smtp::NOTHING_OFFERED).to_string()
            } else {
                methods.join(", ")
            };
            self.found.push(
                Finding::fail(Check::Smtp, key::preflight_service::smtp::AUTH_MISSING)
                    .arg("method", wanted)
                    .arg("offered", listed)
                    .todo(key::preflight_service::smtp::AUTH_MISSING_TODO),
            );
        }

        /// One short message, only when asked and only where the relay takes it without
        /// signing in: preflight never asks for the relay's password.
        fn test_mail(&mut self, s: &mut Session) -> Result<(), Broke> {
            let Some(to) = self.probe.send_test_mail.as_deref() else {
                return Ok(());
            };
            if self.relay.auth.is_some() {
                self.found.push(Finding::not_checked(
                    Check::Smtp,
                    key::preflight_service::smtp::NEEDS_PASSWORD,
                ));
                return Ok(());
            }
            let from = format!("preflight@{}", self.client);
            let steps = [
                ("MAIL FROM", format!("MAIL FROM:<{from}>"), 250),
                ("RCPT TO", format!("RCPT TO:<{to}>"), 250),
                ("DATA", "DATA".to_string(), 354),
            ];
            for (step, line, code) in steps {
                let reply = s.command(step, &line)?;
                if reply.code != code {
                    self.refused(&reply);
                    return Ok(());
                }
            }
            let message = format!(
                "From: <{from}>\r\nTo: <{to}>\r\nSubject: hostplan preflight\r\n\r\nhostplan preflight: the mail relay works.\r\n."
            );
            let reply = s.command("DATA", &message)?;
            if reply.code == 250 {
                self.found.push(
                    Finding::pass(Check::Smtp, key::preflight_service::smtp::SENT).arg("to", to),
                );
            } else {
                self.refused(&reply);
            }
            Ok(())
        }

        fn refused(&mut self, reply: &Reply) {
            self.found.push(
                Finding::not_checked(Check::Smtp, key::preflight_service::smtp::REFUSED)
                    .arg("reply", reply.shown()),
            );
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod session {
    use super::{Check, Finding, Probe, key};
    use crate::preflight::target::Relay;

    pub fn check(_relay: &Relay, _client: Option<&str>, _probe: &Probe) -> Vec<Finding> {
        vec![Finding::not_checked(
            Check::Smtp,
            key::preflight_service::smtp::NETWORK_ELSEWHERE,
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_lines_are_read_with_their_continuation() {
        assert_eq!(
            reply_line("250-STARTTLS\r\n"),
            Some((250, true, "STARTTLS"))
        );
        assert_eq!(reply_line("250 OK\r\n"), Some((250, false, "OK")));
        assert_eq!(reply_line("220"), Some((220, false, "")));
        assert_eq!(reply_line("hello"), None);
        assert_eq!(reply_line("25"), None);
        assert_eq!(reply_line("250:x"), None);
        assert_eq!(reply_line("2x0 no"), None);
    }

    #[test]
    fn extensions_give_starttls_and_sign_in_methods() {
        let reply = Reply {
            code: 250,
            lines: vec![
                "mail.example.test greets you".into(),
                "PIPELINING".into(),
                "auth login Plain".into(),
                "AUTH=CRAM-MD5".into(),
                "STARTTLS".into(),
            ],
        };
        let (starttls, auth) = extensions(&reply);
        assert!(starttls);
        assert_eq!(auth, vec!["CRAM-MD5", "LOGIN", "PLAIN"]);
        let bare = Reply {
            code: 250,
            lines: vec!["STARTTLS in the greeting is no extension".into()],
        };
        assert_eq!(extensions(&bare), (false, vec![]));
    }

    #[test]
    fn plan_methods_become_sasl_names() {
        assert_eq!(mechanism("login"), "LOGIN");
        assert_eq!(mechanism("plain"), "PLAIN");
        assert_eq!(mechanism("cram_md5"), "CRAM-MD5");
    }
}
