//! "Did you mean ...?" for misspelt ids and keys.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A help line naming the closest candidate, or listing a few when none is close.
pub fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None if candidates.len() <= 12 => format!("expected one of: {}", candidates.join(", ")),
        None => format!(
            "expected one of: {}, ... ({} in all)",
            candidates[..8].join(", "),
            candidates.len()
        ),
    }
}

/// Levenshtein distance over characters.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
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
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
