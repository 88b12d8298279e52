//! "Did you mean ...?" for misspelt ids and keys.

/// The candidate closest to `word`, if it is close enough to be a likely typo: a small
/// edit distance, or else (for words of four letters or more) a candidate holding the
/// word's letters in order, as `budgetusd` is held by `budget_ongoing_usd`.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let limit = (word.chars().count() / 3).max(2);
    let by_edits = candidates
        .iter()
        .map(|c| (distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c);
    by_edits.or_else(|| by_letters_in_order(word, &candidates))
}

fn by_letters_in_order<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphanumeric()).collect();
    if letters.len() < 4 {
        return None;
    }
    candidates
        .iter()
        .filter(|c| holds_in_order(c, &letters))
        .min_by_key(|c| c.len())
        .copied()
}

fn holds_in_order(candidate: &str, letters: &[char]) -> bool {
    let mut wanted = letters.iter().peekable();
    for c in candidate.chars() {
        if wanted.peek() == Some(&&c) {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}

/// Levenshtein distance over characters.
pub fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_but_not_strangers() {
        let ids = ["expected_records", "active_users", "country"];
        assert_eq!(closest("expected_record", ids), Some("expected_records"));
        assert_eq!(closest("activ_users", ids), Some("active_users"));
        assert_eq!(closest("budget", ids), None);
        assert_eq!(closest("exprecs", ids), Some("expected_records"));
        assert_eq!(closest("usrs", ids), Some("active_users"));
        assert_eq!(closest("ctr", ids), None, "too short to guess from");
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
