//! Internationalised host names in the ASCII form DNS, certificates and Primero's files use
//! (`bücher.example` is `xn--bcher-kva.example`), converted by the `idna` crate.

use ::idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};

/// The ASCII form of a host name, by UTS #46 (as browsers and resolvers read names): mapped
/// (lower case, compatibility forms such as full-width letters) and normalised to NFC, then
/// labels with other characters encoded as `xn--` labels (Punycode, RFC 3492). `None` when
/// the name cannot be written so. Only the mapping is checked here: which ASCII characters
/// a host may hold is `formats::check_domain`'s to say.
pub fn host_to_ascii(host: &str) -> Option<String> {
    Uts46::new()
        .to_ascii(
            host.as_bytes(),
            AsciiDenyList::EMPTY,
            Hyphens::Allow,
            DnsLength::Ignore,
        )
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// The ASCII form of an e-mail address: the part after the `@` as a host name. The part
/// before it is kept as typed; only the receiving server reads it.
pub fn email_to_ascii(address: &str) -> Option<String> {
    let (local, domain) = address.rsplit_once('@')?;
    Some(format!("{local}@{}", host_to_ascii(domain)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_3492_samples() {
        // Samples from section 7.1 of the RFC, and well-known labels.
        assert_eq!(host_to_ascii("bücher").unwrap(), "xn--bcher-kva");
        assert_eq!(host_to_ascii("münchen").unwrap(), "xn--mnchen-3ya");
        assert_eq!(host_to_ascii("ü").unwrap(), "xn--tda");
        assert_eq!(
            host_to_ascii("他们为什么不说中文").unwrap(),
            "xn--ihqwcrb4cv8a8dqg056pqjye"
        );
        assert_eq!(
            host_to_ascii("почемужеонинеговорятпорусски").unwrap(),
            "xn--b1abfaaepdrnnbgefbadotcwatmq2g4l"
        );
        assert_eq!(
            host_to_ascii("3年b組金八先生").unwrap(),
            "xn--3b-ww4c5e180e575a65lsy2b"
        );
    }

    #[test]
    fn hosts_and_addresses() {
        assert_eq!(
            host_to_ascii("CPIMS.Bücher.example").unwrap(),
            "cpims.xn--bcher-kva.example"
        );
        assert_eq!(
            host_to_ascii("cpims.mosw.gov.kl").unwrap(),
            "cpims.mosw.gov.kl"
        );
        assert_eq!(
            email_to_ascii("Amélie@ministère.example").unwrap(),
            "Amélie@xn--ministre-60a.example"
        );
    }

    #[test]
    fn names_are_mapped_as_uts_46_says() {
        // Decomposed and composed forms are one name (NFC).
        assert_eq!(
            host_to_ascii("bu\u{308}cher.example").unwrap(),
            "xn--bcher-kva.example"
        );
        // Full-width letters and the ideographic full stop are their plain forms.
        assert_eq!(host_to_ascii("ｅｘａｍｐｌｅ.org").unwrap(), "example.org");
        assert_eq!(
            host_to_ascii("bücher。example").unwrap(),
            "xn--bcher-kva.example"
        );
        assert_eq!(host_to_ascii("ﬁle.example").unwrap(), "file.example");
        // A label that only looks encoded, and a joiner where none may stand.
        assert_eq!(host_to_ascii("xn--zz.example"), None);
        assert_eq!(host_to_ascii("a\u{200d}b.example"), None);
        assert_eq!(email_to_ascii("x@xn--zz.example"), None);
    }
}
