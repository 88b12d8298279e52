//! The languages hostplan speaks, and how one is chosen: `--lang`, or the system's locale
//! variables as POSIX and GNU gettext read them. English is the source every other
//! language is translated from, and the fallback for any text not yet translated.

/// A language of the interface and the exports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    #[default]
    En,
    Fr,
    Es,
    Pt,
    Ar,
}

impl Lang {
    /// Every language, English first, the others in the order the start screen offers them.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Fr, Lang::Es, Lang::Pt, Lang::Ar];

    /// The ISO 639-1 code, as `--lang` takes it and translation files are named.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::Ar => "ar",
        }
    }

    /// The language's name in itself, as a person looking for it would recognise it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Es => "Español",
            Lang::Pt => "Português",
            Lang::Ar => "العربية",
        }
    }

    /// Written right to left.
    pub fn right_to_left(self) -> bool {
        self == Lang::Ar
    }

    /// The place of this language in [`Lang::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// A language from a code or a locale name: `fr`, `FR`, `fr-CA`, `fr_FR.UTF-8`,
    /// `pt_BR@latin`. `None` for a language hostplan does not have.
    pub fn from_code(text: &str) -> Option<Lang> {
        let language = text
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or(text)
            .to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == language)
    }

    /// The language the system asks for, read as gettext does: `LANGUAGE` (a list, tried
    /// in order) unless the locale is C or POSIX, then `LC_ALL`, `LC_MESSAGES`, `LANG`, the
    /// first one set deciding. `var` reads a variable, so this stays testable. `None` when
    /// none of them names a language hostplan has.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Option<Lang> {
        let set = |name: &str| var(name).filter(|v| !v.is_empty());
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(set);
        let plain = locale
            .as_deref()
            .is_none_or(|l| l == "C" || l == "POSIX" || l.starts_with("C."));
        if !plain
            && let Some(list) = set("LANGUAGE")
            && let Some(lang) = list.split(':').find_map(Lang::from_code)
        {
            return Some(lang);
        }
        locale.as_deref().and_then(Lang::from_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn codes_and_locale_names_are_read() {
        assert_eq!(Lang::from_code("fr"), Some(Lang::Fr));
        assert_eq!(Lang::from_code("PT_mz.UTF-8"), Some(Lang::Pt));
        assert_eq!(Lang::from_code("es-419"), Some(Lang::Es));
        assert_eq!(Lang::from_code("ar_SD@latin"), Some(Lang::Ar));
        assert_eq!(Lang::from_code("de_DE.UTF-8"), None);
        assert_eq!(Lang::from_code(""), None);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(Lang::ALL[lang.index()], lang);
        }
    }

    #[test]
    fn the_locale_variables_decide_in_gettext_order() {
        assert_eq!(Lang::from_locale(env(&[])), None);
        assert_eq!(
            Lang::from_locale(env(&[("LANG", "fr_SN.UTF-8")])),
            Some(Lang::Fr)
        );
        let all = env(&[("LC_ALL", "es_CO.UTF-8"), ("LANG", "fr_FR.UTF-8")]);
        assert_eq!(Lang::from_locale(all), Some(Lang::Es));
        let messages = env(&[("LC_MESSAGES", "pt_AO.UTF-8"), ("LANG", "en_US.UTF-8")]);
        assert_eq!(Lang::from_locale(messages), Some(Lang::Pt));
        // LANGUAGE is a list: the first language hostplan has wins.
        let list = env(&[("LANGUAGE", "de:ar:fr"), ("LANG", "en_GB.UTF-8")]);
        assert_eq!(Lang::from_locale(list), Some(Lang::Ar));
        // ...but not under the C locale, as gettext does.
        let c = env(&[("LANGUAGE", "fr"), ("LANG", "C.UTF-8")]);
        assert_eq!(Lang::from_locale(c), None);
        let empty = env(&[("LC_ALL", ""), ("LANG", "ar_IQ.UTF-8")]);
        assert_eq!(Lang::from_locale(empty), Some(Lang::Ar));
    }
}
