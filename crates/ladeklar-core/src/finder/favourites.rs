//! Favourites: the chargers a driver starred. Kept on the account when signed in, on the
//! device when not; at sign-in the device's move to the account. "Favourites only" asks the
//! list for these chargers (`ids`), the other filters still applied.

use super::filter::FilterError;

/// At most this many favourites (on an account, on a device, in one `ids` parameter).
pub const MAX_FAVOURITES: usize = 100;
/// A charger id is at most this long (OCPP's chargeBoxIdentity is 48; room to spare).
pub const MAX_ID_LEN: usize = 64;

/// Why a favourite was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FavouriteError {
    #[error("favourites: at most {MAX_FAVOURITES}; remove one first")]
    TooMany,
    #[error("charger_id: 1 to {MAX_ID_LEN} characters")]
    BadId,
}

/// Whether one more favourite may be added to `count` existing ones.
pub fn check_add(count: usize) -> Result<(), FavouriteError> {
    if count >= MAX_FAVOURITES {
        Err(FavouriteError::TooMany)
    } else {
        Ok(())
    }
}

/// A charger id as a favourite: not empty, not too long, no control characters.
pub fn check_id(id: &str) -> Result<(), FavouriteError> {
    if id.is_empty() || id.chars().count() > MAX_ID_LEN || id.chars().any(char::is_control) {
        Err(FavouriteError::BadId)
    } else {
        Ok(())
    }
}

/// The URL's `ids` parameter: comma-separated charger ids (1 to [`MAX_FAVOURITES`]),
/// duplicates dropped, first order kept.
pub fn parse_ids(raw: &str) -> Result<Vec<String>, FilterError> {
    let mut ids: Vec<String> = Vec::new();
    for id in raw.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        check_id(id).map_err(|_| FilterError::Ids(format!("{id:?} is not a charger id")))?;
        if !ids.iter().any(|known| known == id) {
            ids.push(id.to_owned());
        }
    }
    if ids.is_empty() {
        return Err(FilterError::Ids("give 1 or more charger ids, comma-separated".into()));
    }
    if ids.len() > MAX_FAVOURITES {
        return Err(FilterError::Ids(format!("at most {MAX_FAVOURITES} charger ids")));
    }
    Ok(ids)
}

/// At sign-in: the device's favourites the account does not have yet, as many as fit.
pub fn to_move(device: &[String], account: &[String]) -> Vec<String> {
    let room = MAX_FAVOURITES.saturating_sub(account.len());
    let mut out: Vec<String> = Vec::new();
    for id in device {
        if check_id(id).is_ok() && !account.contains(id) && !out.contains(id) {
            out.push(id.clone());
        }
    }
    out.truncate(room);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_deduplicated_and_bounded() {
        assert_eq!(parse_ids(" A, B ,A,,").unwrap(), vec!["A", "B"]);
        assert!(parse_ids(",").unwrap_err().to_string().starts_with("ids:"));
        let many: Vec<String> = (0..=MAX_FAVOURITES).map(|i| format!("C{i}")).collect();
        assert!(parse_ids(&many.join(",")).is_err());
        assert!(parse_ids(&"x".repeat(MAX_ID_LEN + 1)).is_err());
        assert!(parse_ids("a\u{7}b").is_err());
    }

    #[test]
    fn the_device_moves_what_the_account_lacks_and_what_fits() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(to_move(&s(&["A", "B", "B", ""]), &s(&["A"])), s(&["B"]));
        let full: Vec<String> = (0..MAX_FAVOURITES - 1).map(|i| format!("C{i}")).collect();
        assert_eq!(to_move(&s(&["X", "Y"]), &full), s(&["X"]));
        assert!(check_add(MAX_FAVOURITES - 1).is_ok());
        assert_eq!(check_add(MAX_FAVOURITES), Err(FavouriteError::TooMany));
    }
}
