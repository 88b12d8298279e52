//! The secrets each deployment needs: their names, the form of their values, and the
//! values themselves, which are empty placeholders unless random ones are asked for.
//!
//! No secret ever comes from the plan. Placeholders are left empty on purpose: Primero
//! refuses to start without its keys, so a forgotten one fails loudly instead of running
//! with a value anybody could read in this source.

use super::settings::{Install, Settings, Storage, Tls};
use base64::Engine as _;
use std::collections::BTreeMap;

/// The characters Primero's documentation generates secrets from. They need no quoting in
/// YAML, env files or shell.
pub const SAFE_CHARS: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/// What a secret's value must look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Exactly this many characters from [`SAFE_CHARS`].
    Exact(usize),
    /// At least this many characters from [`SAFE_CHARS`]; generated at that length.
    AtLeast(usize),
    /// This many random bytes, written in standard base64.
    Base64Bytes(usize),
    /// Given by someone else (a mail operator, a certificate authority, a cloud console);
    /// never generated.
    Given,
}

impl Form {
    pub fn generated(self) -> bool {
        self != Form::Given
    }
}

/// One secret: the name it has in its file and the form of its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Secret {
    pub name: &'static str,
    pub form: Form,
}

const fn secret(name: &'static str, form: Form) -> Secret {
    Secret { name, form }
}

/// The top-level keys of `ansible/secrets.yml`, as Primero's `local.env` template reads
/// them. `devise_jwt_secret_key` is still read there although newer samples dropped it.
pub const PRIMERO_KEYS: &[Secret] = &[
    secret("primero_secret_key_base", Form::AtLeast(64)),
    // A RbNaCl SimpleBox key: any other length makes encryption fail.
    secret("primero_message_secret", Form::Exact(32)),
    secret("postgres_password", Form::AtLeast(32)),
    secret("devise_secret_key", Form::AtLeast(32)),
    secret("devise_jwt_secret_key", Form::AtLeast(32)),
];

/// The same keys under the names the containers read, for a Docker-only install.
pub const PRIMERO_ENV_KEYS: &[Secret] = &[
    secret("PRIMERO_SECRET_KEY_BASE", Form::AtLeast(64)),
    secret("PRIMERO_MESSAGE_SECRET", Form::Exact(32)),
    secret("POSTGRES_PASSWORD", Form::AtLeast(32)),
    secret("DEVISE_SECRET_KEY", Form::AtLeast(32)),
    secret("DEVISE_JWT_SECRET_KEY", Form::AtLeast(32)),
];

/// Mail sign-in, from whoever runs the mail server.
pub const MAIL_KEYS: &[Secret] = &[
    secret("SMTP_USER", Form::Given),
    secret("SMTP_PASSWORD", Form::Given),
];

/// The external certificate and its key, as PEM text (Primero's `external-certs.yml`).
pub const CERTIFICATE_KEYS: &[Secret] = &[
    secret("nginx_ssl_cert", Form::Given),
    secret("nginx_ssl_key", Form::Given),
];

/// Storage access keys for each kind of blob storage.
pub fn storage_keys(storage: Storage) -> &'static [Secret] {
    const AZURE: &[Secret] = &[secret("PRIMERO_STORAGE_AZ_KEY", Form::Given)];
    const AWS: &[Secret] = &[
        secret("PRIMERO_STORAGE_AWS_ACCESS_KEY", Form::Given),
        secret("PRIMERO_STORAGE_AWS_SECRET_ACCESS_KEY", Form::Given),
    ];
    const MINIO: &[Secret] = &[
        secret("PRIMERO_STORAGE_MINIO_ACCESS_KEY", Form::Given),
        secret("PRIMERO_STORAGE_MINIO_SECRET_ACCESS_KEY", Form::Given),
    ];
    match storage {
        Storage::Local => &[],
        Storage::Microsoft => AZURE,
        Storage::Amazon => AWS,
        Storage::Minio => MINIO,
    }
}

/// OpenFn Lightning's secrets. The worker's RSA key pair comes from Lightning's own
/// `mix lightning.gen_worker_keys`; the database address holds a password set on the
/// database server.
pub const LIGHTNING_KEYS: &[Secret] = &[
    secret("SECRET_KEY_BASE", Form::AtLeast(64)),
    // Encrypts stored credentials: losing it makes every credential unreadable.
    secret("PRIMARY_ENCRYPTION_KEY", Form::Base64Bytes(32)),
    secret("WORKER_SECRET", Form::AtLeast(64)),
    secret("WORKER_RUNS_PRIVATE_KEY", Form::Given),
    secret("DATABASE_URL", Form::Given),
    secret("SMTP_USERNAME", Form::Given),
    secret("SMTP_PASSWORD", Form::Given),
];

/// The secret called `name` in any file, if it is one.
pub fn find(name: &str) -> Option<Secret> {
    let storage = [Storage::Microsoft, Storage::Amazon, Storage::Minio].map(storage_keys);
    [
        PRIMERO_KEYS,
        PRIMERO_ENV_KEYS,
        MAIL_KEYS,
        CERTIFICATE_KEYS,
        LIGHTNING_KEYS,
    ]
    .into_iter()
    .chain(storage)
    .flatten()
    .find(|k| k.name == name)
    .copied()
}

/// Every secret the plan's settings need, by file.
pub fn needed(st: &Settings) -> Vec<Secret> {
    let mut all = Vec::new();
    if st.local() {
        match st.install {
            Install::Ansible => all.extend_from_slice(PRIMERO_KEYS),
            Install::DockerOnly => all.extend_from_slice(PRIMERO_ENV_KEYS),
        }
        all.extend_from_slice(MAIL_KEYS);
        all.extend_from_slice(storage_keys(st.storage));
        if st.install == Install::Ansible && st.tls == Tls::ExternalCa {
            all.extend_from_slice(CERTIFICATE_KEYS);
        }
    }
    if st.self_hosted_openfn().is_some() {
        all.extend_from_slice(LIGHTNING_KEYS);
    }
    all
}

/// Secret values by name. A missing name is an empty placeholder.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Values {
    values: BTreeMap<&'static str, String>,
}

impl Values {
    /// Placeholders only.
    pub fn placeholders() -> Values {
        Values::default()
    }

    /// Random values for every secret that can be generated, drawn with `fill`, which
    /// fills a buffer with random bytes (the operating system's, in the exporter).
    pub fn generate<E>(
        secrets: &[Secret],
        fill: &mut dyn FnMut(&mut [u8]) -> Result<(), E>,
    ) -> Result<Values, E> {
        let mut values = BTreeMap::new();
        for s in secrets {
            let value = match s.form {
                Form::Exact(n) | Form::AtLeast(n) => safe_text(n, fill)?,
                Form::Base64Bytes(n) => {
                    let mut bytes = vec![0u8; n];
                    fill(&mut bytes)?;
                    base64(&bytes)
                }
                Form::Given => continue,
            };
            values.entry(s.name).or_insert(value);
        }
        Ok(Values { values })
    }

    pub fn get(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// `n` characters from [`SAFE_CHARS`]. The set has 64 characters, so the low six bits of
/// each random byte pick one with equal chance.
fn safe_text<E>(n: usize, fill: &mut dyn FnMut(&mut [u8]) -> Result<(), E>) -> Result<String, E> {
    let mut bytes = vec![0u8; n];
    fill(&mut bytes)?;
    Ok(bytes
        .iter()
        .map(|b| SAFE_CHARS[(b & 63) as usize] as char)
        .collect())
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Standard base64 that also takes bits left over after the last byte, as the check has
/// always taken them: only the alphabet, the padding and the length matter.
const LENIENT: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::general_purpose::PAD.with_decode_allow_trailing_bits(true),
);

/// How many bytes a standard base64 text holds; `None` when it is not base64.
pub fn base64_len(text: &str) -> Option<usize> {
    LENIENT.decode(text).ok().map(|bytes| bytes.len())
}

/// Whether a filled-in value has the form its secret needs.
pub fn form_ok(form: Form, value: &str) -> bool {
    let safe = || value.bytes().all(|b| SAFE_CHARS.contains(&b));
    match form {
        Form::Exact(n) => value.len() == n && safe(),
        Form::AtLeast(n) => value.len() >= n && safe(),
        Form::Base64Bytes(n) => base64_len(value) == Some(n),
        Form::Given => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter() -> impl FnMut(&mut [u8]) -> Result<(), ()> {
        let mut next = 0u8;
        move |buf: &mut [u8]| {
            for b in buf {
                *b = next;
                next = next.wrapping_add(1);
            }
            Ok(())
        }
    }

    #[test]
    fn generated_values_have_their_forms() {
        let all: Vec<Secret> = [PRIMERO_KEYS, PRIMERO_ENV_KEYS, LIGHTNING_KEYS].concat();
        let v = Values::generate(&all, &mut counter()).unwrap();
        for s in &all {
            if s.form.generated() {
                assert!(
                    form_ok(s.form, v.get(s.name)),
                    "{}: {}",
                    s.name,
                    v.get(s.name)
                );
            } else {
                assert_eq!(v.get(s.name), "", "{} is never generated", s.name);
            }
        }
        assert_eq!(v.get("primero_message_secret").len(), 32);
        assert_eq!(v.get("PRIMARY_ENCRYPTION_KEY").len(), 44);
    }

    #[test]
    fn docker_names_are_the_ansible_names_in_capitals() {
        assert_eq!(PRIMERO_KEYS.len(), PRIMERO_ENV_KEYS.len());
        for (yaml, env) in PRIMERO_KEYS.iter().zip(PRIMERO_ENV_KEYS) {
            assert_eq!(env.name, yaml.name.to_ascii_uppercase());
            assert_eq!(env.form, yaml.form, "{}", env.name);
        }
    }

    #[test]
    fn every_character_of_the_safe_set_can_be_drawn() {
        let v = safe_text(256, &mut counter()).unwrap();
        for c in SAFE_CHARS {
            assert!(v.contains(*c as char), "{}", *c as char);
        }
    }

    #[test]
    fn base64_round_trips_lengths() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(base64_len("TWE="), Some(2));
        assert_eq!(base64_len("TWE"), None);
        assert_eq!(base64_len("TW$="), None);
        assert_eq!(base64_len("TWF="), Some(2), "left-over bits are taken");
        assert_eq!(base64_len("TQ=="), Some(1));
        assert_eq!(base64_len(""), Some(0));
        for bad in ["T===", "====", "TW=E", "TWE=TWE=", "TQ=\n", "TW E"] {
            assert_eq!(base64_len(bad), None, "{bad}");
        }
        assert!(form_ok(Form::Base64Bytes(32), &base64(&[7u8; 32])));
        assert!(!form_ok(Form::Exact(32), &"a".repeat(31)));
        assert!(!form_ok(Form::Exact(32), &format!("{}$", "a".repeat(31))));
    }
}
