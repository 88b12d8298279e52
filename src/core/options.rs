//! The three hosting options hostplan compares.

use serde::Serialize;

/// The question whose answer is the option the plan commits to.
pub const ADOPTION_QUESTION: &str = "chosen_option";
/// The question where the team says why it chose as it did.
pub const RATIONALE_QUESTION: &str = "choice_rationale";

/// How Primero is hosted. Labels shown to people come from the questionnaire's
/// `chosen_option` options, whose ids match [`HostingOption::id`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HostingOption {
    /// UNICEF hosts and runs Primero (Tier 3).
    Saas,
    /// UNICEF runs a demo site; the local team runs production (hybrid-local).
    Tier4,
    /// The partner runs demo and production alone.
    Local,
}

impl HostingOption {
    pub const ALL: [HostingOption; 3] = [
        HostingOption::Saas,
        HostingOption::Tier4,
        HostingOption::Local,
    ];

    pub fn id(self) -> &'static str {
        match self {
            HostingOption::Saas => "saas",
            HostingOption::Tier4 => "tier4",
            HostingOption::Local => "local",
        }
    }

    pub fn from_id(id: &str) -> Option<HostingOption> {
        HostingOption::ALL.into_iter().find(|o| o.id() == id)
    }

    /// Whether the local team runs a production site under this option.
    pub fn has_local_production(self) -> bool {
        self != HostingOption::Saas
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for o in HostingOption::ALL {
            assert_eq!(HostingOption::from_id(o.id()), Some(o));
        }
        assert_eq!(HostingOption::from_id("tier3"), None);
        assert!(!HostingOption::Saas.has_local_production());
    }
}
