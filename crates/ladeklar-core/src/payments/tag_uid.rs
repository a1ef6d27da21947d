//! RFID card UIDs (ISO 14443-A: 4, 7 or 10 bytes) as readers and chargers write them:
//! with or without separators, upper or lower case, and some readers in reversed byte
//! order. One normal form: hex, upper case, no separators, in the card's own byte order.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A normalised card UID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TagUid(String);

/// Why a text is not a card UID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagUidError {
    #[error("the card number is empty")]
    Empty,
    #[error("the card number has {0:?}, which is not a hexadecimal digit")]
    NotHex(char),
    #[error("the card number has {0} hexadecimal digits; a card UID has 8, 14 or 20 (4, 7 or 10 bytes)")]
    WrongLength(usize),
}

impl TagUid {
    /// Reads a UID written as hex digits, optionally separated by `:`, `-` or spaces
    /// (`04:a2:2b:1c:9e:5d:80`, `04A22B1C9E5D80`, `0x04a22b1c`).
    pub fn parse(text: &str) -> Result<Self, TagUidError> {
        let trimmed = text.trim();
        let trimmed = trimmed
            .strip_prefix("0x")
            .or_else(|| trimmed.strip_prefix("0X"))
            .unwrap_or(trimmed);
        let mut hex = String::with_capacity(20);
        for c in trimmed.chars() {
            match c {
                ':' | '-' | ' ' => {}
                c if c.is_ascii_hexdigit() => hex.push(c.to_ascii_uppercase()),
                other => return Err(TagUidError::NotHex(other)),
            }
        }
        match hex.len() {
            0 => Err(TagUidError::Empty),
            8 | 14 | 20 => Ok(Self(hex)),
            n => Err(TagUidError::WrongLength(n)),
        }
    }

    /// The same UID with its bytes in the opposite order (what some readers send).
    pub fn reversed(&self) -> Self {
        let bytes: Vec<&str> = (0..self.0.len()).step_by(2).map(|i| &self.0[i..i + 2]).collect();
        Self(bytes.into_iter().rev().collect())
    }

    /// Whether an OCPP idTag a charger sent is this card, in either byte order and any case.
    pub fn matches_id_tag(&self, id_tag: &str) -> bool {
        TagUid::parse(id_tag).is_ok_and(|other| other == *self || other.reversed() == *self)
    }

    /// The idTag chargers are told (at most 20 characters: fits OCPP's IdToken).
    pub fn as_id_tag(&self) -> &str {
        &self.0
    }

    /// Both forms a charger may send, for looking a presented tag up.
    pub fn byte_orders(&self) -> [TagUid; 2] {
        [self.clone(), self.reversed()]
    }
}

impl fmt::Display for TagUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for TagUid {
    type Error = TagUidError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<TagUid> for String {
    fn from(u: TagUid) -> String {
        u.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn separators_case_and_prefix() {
        let uid = TagUid::parse("04:a2:2b:1c:9e:5d:80").unwrap();
        assert_eq!(uid.as_id_tag(), "04A22B1C9E5D80");
        assert_eq!(TagUid::parse("04-A2-2B-1C-9E-5D-80").unwrap(), uid);
        assert_eq!(TagUid::parse(" 04a22b1c9e5d80 ").unwrap(), uid);
        assert_eq!(TagUid::parse("0xDEADBEEF").unwrap().as_id_tag(), "DEADBEEF");
        assert_eq!(TagUid::parse("0102030405060708090A").unwrap().as_id_tag().len(), 20);
    }

    #[test]
    fn bad_uids_say_what_is_wrong() {
        assert_eq!(TagUid::parse(""), Err(TagUidError::Empty));
        assert_eq!(TagUid::parse("12345G78"), Err(TagUidError::NotHex('G')));
        assert_eq!(TagUid::parse("123456"), Err(TagUidError::WrongLength(6)));
        assert_eq!(TagUid::parse("0102030405"), Err(TagUidError::WrongLength(10)));
    }

    #[test]
    fn either_byte_order_matches() {
        let uid = TagUid::parse("DEADBEEF").unwrap();
        assert_eq!(uid.reversed().as_id_tag(), "EFBEADDE");
        assert!(uid.matches_id_tag("efbeadde"));
        assert!(uid.matches_id_tag("de:ad:be:ef"));
        assert!(!uid.matches_id_tag("DEADBEEE"));
        assert!(!uid.matches_id_tag("not a tag"));
    }

    proptest! {
        #[test]
        fn normal_form_is_stable(bytes in prop_oneof![
            proptest::collection::vec(any::<u8>(), 4),
            proptest::collection::vec(any::<u8>(), 7),
            proptest::collection::vec(any::<u8>(), 10)],
            sep in prop_oneof![Just(""), Just(":"), Just("-"), Just(" ")],
            lower in any::<bool>()) {
            let text: Vec<String> = bytes.iter().map(|b| if lower { format!("{b:02x}") } else { format!("{b:02X}") }).collect();
            let uid = TagUid::parse(&text.join(sep)).unwrap();
            prop_assert_eq!(TagUid::parse(uid.as_id_tag()).unwrap(), uid.clone());
            prop_assert_eq!(uid.reversed().reversed(), uid.clone());
            prop_assert!(uid.matches_id_tag(uid.reversed().as_id_tag()));
            prop_assert!(uid.as_id_tag().len() <= 20);
        }
    }
}
