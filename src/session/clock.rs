//! The time stamped on exports. Its own module because the commands and `ask` all stamp
//! exports, and none of them should import another for it.

use crate::base::key;
use crate::base::strings::fill;
use anyhow::{Context as _, Result};

/// Now, or SOURCE_DATE_EPOCH when set, so exports can be reproduced byte for byte.
pub fn export_time() -> Result<chrono::DateTime<chrono::Utc>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => {
            let seconds: i64 = text
                .trim()
                .parse()
                .with_context(|| fill(key::cli::export::EPOCH_FORM, &[("text", &text)]))?;
            chrono::DateTime::from_timestamp(seconds, 0).with_context(|| {
                fill(
                    key::cli::export::EPOCH_RANGE,
                    &[("seconds", &seconds.to_string())],
                )
            })
        }
        Err(_) => Ok(chrono::Utc::now()),
    }
}
