//! An owner's organisation number, as a self-billing statement must state it: Norwegian (nine
//! digits, modulus-11 check digit, Brønnøysundregistrene) or Swedish (ten digits, Luhn check
//! digit, Bolagsverket). Spaces, dashes and a leading `NO`/`SE` or trailing `MVA` are dropped.

use serde::{Deserialize, Serialize};

use super::StatementError;

/// A checked organisation number, digits only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrgNumber(String);

impl OrgNumber {
    pub fn parse(text: &str) -> Result<Self, StatementError> {
        let bad = |why: &'static str| StatementError::BadOrgNumber {
            given: text.to_owned(),
            why,
        };
        let upper = text.trim().to_ascii_uppercase();
        let core = upper
            .strip_suffix("MVA")
            .unwrap_or(&upper)
            .trim_start_matches("NO")
            .trim_start_matches("SE");
        let digits: String = core.chars().filter(|c| !matches!(c, ' ' | '-' | '.')).collect();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("it must be 9 digits (Norway) or 10 digits (Sweden)"));
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        match d.len() {
            9 => {
                const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];
                let sum: u32 = d.iter().zip(WEIGHTS).map(|(x, w)| x * w).sum();
                let check = match 11 - sum % 11 {
                    11 => 0,
                    10 => return Err(bad("no Norwegian organisation number has these digits")),
                    c => c,
                };
                if check != d[8] {
                    return Err(bad("its check digit is wrong"));
                }
            }
            10 => {
                let sum: u32 = d
                    .iter()
                    .enumerate()
                    .map(|(i, &x)| {
                        if i % 2 == 0 {
                            let y = x * 2;
                            if y > 9 {
                                y - 9
                            } else {
                                y
                            }
                        } else {
                            x
                        }
                    })
                    .sum();
                if !sum.is_multiple_of(10) {
                    return Err(bad("its check digit is wrong"));
                }
            }
            _ => return Err(bad("it must be 9 digits (Norway) or 10 digits (Sweden)")),
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for OrgNumber {
    /// `923 609 016` (Norway), `556036-0793` (Sweden).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.0;
        if s.len() == 9 {
            write!(f, "{} {} {}", &s[..3], &s[3..6], &s[6..])
        } else {
            write!(f, "{}-{}", &s[..6], &s[6..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_numbers_by_their_check_digit() {
        // Equinor ASA and DNB Bank ASA.
        assert_eq!(OrgNumber::parse("923 609 016").unwrap().as_str(), "923609016");
        assert_eq!(OrgNumber::parse("NO 984851006 MVA").unwrap().to_string(), "984 851 006");
        assert!(matches!(
            OrgNumber::parse("923609017"),
            Err(StatementError::BadOrgNumber {
                why: "its check digit is wrong",
                ..
            })
        ));
    }

    #[test]
    fn swedish_numbers_by_luhn() {
        // Volvo AB.
        assert_eq!(OrgNumber::parse("556012-5790").unwrap().to_string(), "556012-5790");
        assert!(OrgNumber::parse("556012-5791").is_err());
    }

    #[test]
    fn anything_else_says_what_it_must_be() {
        for bad in ["", "12345", "92360901x", "1234567890123"] {
            assert!(
                matches!(OrgNumber::parse(bad), Err(StatementError::BadOrgNumber { .. })),
                "{bad}"
            );
        }
    }
}
