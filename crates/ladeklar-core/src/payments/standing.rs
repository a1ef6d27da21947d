//! What money owed does to an account: its RFID tags are refused until the debt is paid,
//! and the driver is told how to pay it.

use serde::{Deserialize, Serialize};

use super::amount::MinorUnits;
use crate::authorization::AuthorizationStatus;

/// An account's standing as payments see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "standing", rename_all = "snake_case")]
pub enum AccountStanding {
    /// Nothing owed; a tag may charge if the account has a card to bill.
    Good { has_card: bool },
    /// A session could not be charged: `owed` in minor units.
    Owes { owed: MinorUnits },
}

/// Whether a tag of an account with `standing` may start charging, as an OCPP answer:
/// `None` lets the token store's own answer stand; `Some(Blocked)` refuses it. A debt
/// blocks every tag of the account; so does the lack of a card to bill the session to
/// (an RFID session is charged off session at its end).
pub fn tag_standing(standing: AccountStanding) -> Option<AuthorizationStatus> {
    match standing {
        AccountStanding::Good { has_card: true } => None,
        AccountStanding::Good { has_card: false } | AccountStanding::Owes { .. } => Some(AuthorizationStatus::Blocked),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debt_or_no_card_blocks_tags() {
        assert_eq!(tag_standing(AccountStanding::Good { has_card: true }), None);
        assert_eq!(
            tag_standing(AccountStanding::Good { has_card: false }),
            Some(AuthorizationStatus::Blocked)
        );
        assert_eq!(
            tag_standing(AccountStanding::Owes { owed: MinorUnits(100) }),
            Some(AuthorizationStatus::Blocked)
        );
    }
}
