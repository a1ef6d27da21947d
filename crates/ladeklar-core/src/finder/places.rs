//! Searching places by name (Nordic cities and towns, the server's bundled list) without an
//! online geocoder. A query matches the start of a place's name, its ASCII spelling or one
//! of its other spellings (Göteborg for Gothenburg), compared without case and diacritics
//! (ø, æ and å fold to o, ae and a). Ranking: a match on the main name before one on
//! another spelling, then the bigger place first.

use serde::{Deserialize, Serialize};

/// A place of the bundled list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub ascii: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    #[serde(default)]
    pub alt: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlaceQueryError {
    #[error("q: type at least one letter of the place's name")]
    Empty,
    #[error("q: at most 100 characters, got {0}")]
    TooLong(usize),
}

/// A string folded for comparing: lower case, diacritics off.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' => out.push_str("ae"),
            'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' => out.push('o'),
            'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ú' | 'ù' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ð' => out.push('d'),
            'þ' => out.push_str("th"),
            'ß' => out.push_str("ss"),
            'š' => out.push('s'),
            'ž' => out.push('z'),
            'č' => out.push('c'),
            c => out.push(c),
        }
    }
    out
}

/// Places prepared for searching: each name folded once.
#[derive(Debug, Clone, Default)]
pub struct PlaceList {
    places: Vec<Place>,
    /// Per place: its folded main names (name, ascii) and its folded other spellings.
    folded: Vec<(Vec<String>, Vec<String>)>,
}

impl PlaceList {
    pub fn new(places: Vec<Place>) -> Self {
        let folded = places
            .iter()
            .map(|p| {
                (
                    vec![fold(&p.name), fold(&p.ascii)],
                    p.alt.iter().map(|a| fold(a)).collect(),
                )
            })
            .collect();
        Self { places, folded }
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Up to `limit` places whose name starts with `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<&Place>, PlaceQueryError> {
        let q = query.trim();
        if q.is_empty() {
            return Err(PlaceQueryError::Empty);
        }
        let n = q.chars().count();
        if n > 100 {
            return Err(PlaceQueryError::TooLong(n));
        }
        let q = fold(q);
        let mut hits: Vec<(u8, &Place)> = self
            .places
            .iter()
            .zip(&self.folded)
            .filter_map(|(p, (main, alt))| {
                if main.iter().any(|m| m.starts_with(&q)) {
                    Some((0, p))
                } else if alt.iter().any(|a| a.starts_with(&q)) {
                    Some((1, p))
                } else {
                    None
                }
            })
            .collect();
        hits.sort_by(|(ra, a), (rb, b)| {
            ra.cmp(rb)
                .then(b.population.cmp(&a.population))
                .then(a.name.cmp(&b.name))
        });
        Ok(hits.into_iter().take(limit).map(|(_, p)| p).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str, population: u64, alt: &[&str]) -> Place {
        Place {
            name: name.into(),
            ascii: name.into(),
            country: "SE".into(),
            lat: 0.0,
            lon: 0.0,
            population,
            alt: alt.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn prefixes_without_case_or_diacritics_main_names_first_then_bigger() {
        let list = PlaceList::new(vec![
            place("Gothenburg", 600_000, &["Göteborg"]),
            place("Göta", 1_000, &[]),
            place("Tromsø", 40_000, &[]),
            place("Gotland", 60_000, &[]),
        ]);
        let names = |q: &str| {
            list.search(q, 10)
                .unwrap()
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("tromso"), ["Tromsø"]);
        assert_eq!(names("TROMSØ"), ["Tromsø"]);
        assert_eq!(names("göte"), ["Gothenburg"]);
        assert_eq!(names("got"), ["Gothenburg", "Gotland", "Göta"]);
        assert_eq!(names("x"), Vec::<String>::new());
        assert_eq!(list.search("  ", 5), Err(PlaceQueryError::Empty));
        assert!(matches!(
            list.search(&"a".repeat(101), 5),
            Err(PlaceQueryError::TooLong(101))
        ));
    }

    #[test]
    fn folding_is_what_nordic_users_type() {
        assert_eq!(fold("Ærøskøbing"), "aeroskobing");
        assert_eq!(fold("Malmö"), "malmo");
        assert_eq!(fold("Reykjavík"), "reykjavik");
    }
}
