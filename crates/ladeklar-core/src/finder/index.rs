//! The spatial index of chargers: nearest-first and in-a-box queries with filters.
//!
//! Two R*-trees (`rstar`) over the same chargers: one of points on the unit sphere (3-D
//! unit vectors), where the straight-line (chord) distance orders exactly as the
//! great-circle distance does, so "nearest" is right at any latitude (in plain degrees a
//! degree of longitude in Tromsø is half one in Rome); and one of (longitude, latitude)
//! points for bounding boxes. Both store a slot number into one table of chargers, so a
//! status change touches no tree.
//!
//! **Why `rstar` and not our own:** a bulk-loaded R*-tree with a lazy nearest-neighbour
//! iterator is exactly the job; filters are applied while iterating, so "the 20 nearest
//! with CCS" stops as soon as 20 match.

use std::collections::HashMap;

use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};

use super::bbox::BoundingBox;
use super::filter::{ChargerFacts, ChargerFilter};
use crate::geo::GeoPoint;

const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// One charger as the index knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedCharger {
    pub id: String,
    pub at: GeoPoint,
    pub facts: ChargerFacts,
}

type Sphere = GeomWithData<[f64; 3], u32>;
type Flat = GeomWithData<[f64; 2], u32>;

/// Every charger, searchable by place.
#[derive(Debug, Default)]
pub struct ChargerIndex {
    sphere: RTree<Sphere>,
    flat: RTree<Flat>,
    slots: Vec<Option<IndexedCharger>>,
    free: Vec<u32>,
    by_id: HashMap<String, u32>,
}

fn unit_vector(p: &GeoPoint) -> [f64; 3] {
    let (lat, lon) = (p.lat.to_radians(), p.lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

fn flat(p: &GeoPoint) -> [f64; 2] {
    [p.lon, p.lat]
}

/// The great-circle distance, metres, for a chord of the unit sphere.
fn chord_to_m(chord: f64) -> f64 {
    2.0 * EARTH_RADIUS_M * (chord / 2.0).min(1.0).asin()
}

impl ChargerIndex {
    /// An index of `chargers` (bulk-loaded; a later charger with an id already seen
    /// replaces the earlier one).
    pub fn new(chargers: Vec<IndexedCharger>) -> Self {
        let mut slots = Vec::with_capacity(chargers.len());
        let mut by_id = HashMap::with_capacity(chargers.len());
        for c in chargers {
            match by_id.get(&c.id) {
                Some(&slot) => slots[slot as usize] = Some(c),
                None => {
                    by_id.insert(c.id.clone(), slots.len() as u32);
                    slots.push(Some(c));
                }
            }
        }
        let live = || {
            slots
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.as_ref().map(|c| (i as u32, c)))
        };
        let sphere = RTree::bulk_load(live().map(|(i, c)| Sphere::new(unit_vector(&c.at), i)).collect());
        let flat_tree = RTree::bulk_load(live().map(|(i, c)| Flat::new(flat(&c.at), i)).collect());
        Self {
            sphere,
            flat: flat_tree,
            slots,
            free: Vec::new(),
            by_id,
        }
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&IndexedCharger> {
        self.by_id.get(id).and_then(|&s| self.slots[s as usize].as_ref())
    }

    /// Adds a charger, or moves and updates the one with its id.
    pub fn upsert(&mut self, charger: IndexedCharger) {
        self.remove(&charger.id);
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(None);
                (self.slots.len() - 1) as u32
            }
        };
        self.sphere.insert(Sphere::new(unit_vector(&charger.at), slot));
        self.flat.insert(Flat::new(flat(&charger.at), slot));
        self.by_id.insert(charger.id.clone(), slot);
        self.slots[slot as usize] = Some(charger);
    }

    /// Removes a charger; false when it was not there.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(slot) = self.by_id.remove(id) else {
            return false;
        };
        if let Some(c) = self.slots[slot as usize].take() {
            self.sphere.remove(&Sphere::new(unit_vector(&c.at), slot));
            self.flat.remove(&Flat::new(flat(&c.at), slot));
        }
        self.free.push(slot);
        true
    }

    /// A charger's facts changed (status, connectors), not its place.
    pub fn set_facts(&mut self, id: &str, facts: ChargerFacts) -> bool {
        match self.by_id.get(id).and_then(|&s| self.slots[s as usize].as_mut()) {
            Some(c) => {
                c.facts = facts;
                true
            }
            None => false,
        }
    }

    /// The `n` chargers nearest `at` that match `filter`, nearest first, with their
    /// great-circle distance in metres.
    pub fn nearest(&self, at: &GeoPoint, n: usize, filter: &ChargerFilter) -> Vec<(&IndexedCharger, f64)> {
        let q = unit_vector(at);
        self.sphere
            .nearest_neighbor_iter_with_distance_2(q)
            .filter_map(|(item, d2)| {
                let c = self.slots[item.data as usize].as_ref()?;
                filter.matches(&c.facts).then(|| (c, chord_to_m(d2.sqrt())))
            })
            .take(n)
            .collect()
    }

    /// Up to `limit` chargers inside `bbox` that match `filter`, in no particular order,
    /// and whether more matched.
    pub fn within(&self, bbox: &BoundingBox, limit: usize, filter: &ChargerFilter) -> (Vec<&IndexedCharger>, bool) {
        let envelope = AABB::from_corners([bbox.west, bbox.south], [bbox.east, bbox.north]);
        let mut found = self
            .flat
            .locate_in_envelope(envelope)
            .filter_map(|item| self.slots[item.data as usize].as_ref())
            .filter(|c| filter.matches(&c.facts));
        let page: Vec<&IndexedCharger> = found.by_ref().take(limit).collect();
        let more = found.next().is_some();
        (page, more)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::finder::filter::Plug;

    fn charger(i: usize, lat: f64, lon: f64, plugs: u8, kw: u32, available: bool) -> IndexedCharger {
        IndexedCharger {
            id: format!("C{i}"),
            at: GeoPoint { lat, lon },
            facts: ChargerFacts {
                plugs,
                max_power_w: kw * 1000,
                available_now: available,
                // Some chargers cannot be priced.
                estimate_centi: (!i.is_multiple_of(7)).then_some(kw * 97 % 40_000),
            },
        }
    }

    fn chargers() -> impl Strategy<Value = Vec<IndexedCharger>> {
        prop::collection::vec((54.0..71.0f64, 4.0..31.0f64, 1u8..8, 1u32..350, any::<bool>()), 0..300).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (lat, lon, plugs, kw, a))| charger(i, lat, lon, plugs, kw, a))
                .collect()
        })
    }

    fn filters() -> impl Strategy<Value = ChargerFilter> {
        (
            0u8..8,
            prop::sample::select(vec![0u32, 22_000, 50_000, 150_000]),
            any::<bool>(),
            prop::option::of(0u32..40_000),
        )
            .prop_map(|(plugs, min_power_w, available_now, max_price_centi)| ChargerFilter {
                plugs,
                min_power_w,
                available_now,
                max_price_centi,
            })
    }

    proptest! {
        /// Nearest-first answers are the linear scan's: the same distances in the same order
        /// (ids may differ only between chargers at the same distance).
        #[test]
        fn nearest_is_the_linear_scans(all in chargers(), lat in 54.0..71.0f64, lon in 4.0..31.0f64, n in 1usize..30, filter in filters()) {
            let index = ChargerIndex::new(all.clone());
            let at = GeoPoint { lat, lon };
            let got: Vec<f64> = index.nearest(&at, n, &filter).iter().map(|(_, d)| *d).collect();
            let mut want: Vec<f64> = all.iter().filter(|c| filter.matches(&c.facts)).map(|c| at.distance_m(&c.at)).collect();
            want.sort_by(|a, b| a.partial_cmp(b).unwrap());
            want.truncate(n);
            prop_assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                prop_assert!((g - w).abs() < 0.01, "{} vs {}", g, w);
            }
        }

        /// A box holds exactly the chargers a linear scan finds in it.
        #[test]
        fn within_is_the_linear_scans(all in chargers(), s in 54.0..70.0f64, w in 4.0..30.0f64, dlat in 0.0..5.0f64, dlon in 0.0..10.0f64, filter in filters()) {
            let index = ChargerIndex::new(all.clone());
            let bbox = BoundingBox::new(w, s, (w + dlon).min(180.0), (s + dlat).min(90.0)).unwrap();
            let (page, more) = index.within(&bbox, usize::MAX, &filter);
            let mut got: Vec<&str> = page.iter().map(|c| c.id.as_str()).collect();
            got.sort_unstable();
            let mut want: Vec<&str> = all.iter().filter(|c| bbox.contains(&c.at) && filter.matches(&c.facts)).map(|c| c.id.as_str()).collect();
            want.sort_unstable();
            prop_assert_eq!(got, want);
            prop_assert!(!more);
        }

        /// Adding, moving and removing chargers one by one gives the index a bulk load of
        /// what is left would give.
        #[test]
        fn changes_match_a_rebuild(all in chargers(), moves in prop::collection::vec((0usize..300, 54.0..71.0f64, 4.0..31.0f64, any::<bool>()), 0..60)) {
            let mut index = ChargerIndex::new(Vec::new());
            let mut current: HashMap<String, IndexedCharger> = HashMap::new();
            for c in &all {
                index.upsert(c.clone());
                current.insert(c.id.clone(), c.clone());
            }
            for (i, lat, lon, remove) in moves {
                let id = format!("C{i}");
                if remove {
                    prop_assert_eq!(index.remove(&id), current.remove(&id).is_some());
                } else {
                    let c = charger(i, lat, lon, Plug::Ccs2.bit(), 50, true);
                    index.upsert(c.clone());
                    current.insert(id, c);
                }
            }
            let rebuilt = ChargerIndex::new(current.values().cloned().collect());
            prop_assert_eq!(index.len(), rebuilt.len());
            let at = GeoPoint { lat: 60.0, lon: 10.0 };
            let all_filter = ChargerFilter::default();
            let a: Vec<f64> = index.nearest(&at, 50, &all_filter).iter().map(|(_, d)| *d).collect();
            let b: Vec<f64> = rebuilt.nearest(&at, 50, &all_filter).iter().map(|(_, d)| *d).collect();
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn nearest_respects_the_curve_of_the_earth() {
        // In Tromsø a degree of longitude is ~38 km, a degree of latitude ~111 km.
        let index = ChargerIndex::new(vec![
            charger(0, 69.65, 19.95 + 1.5, 1, 22, true), // ~58 km east
            charger(1, 69.65 + 0.9, 19.95, 1, 22, true), // ~100 km north
        ]);
        let near = index.nearest(&GeoPoint { lat: 69.65, lon: 19.95 }, 1, &ChargerFilter::default());
        assert_eq!(near[0].0.id, "C0");
    }

    #[test]
    fn status_changes_filter_without_moving() {
        let mut index = ChargerIndex::new(vec![charger(0, 60.0, 10.0, 1, 22, false)]);
        let available = ChargerFilter {
            available_now: true,
            ..Default::default()
        };
        assert!(index
            .nearest(&GeoPoint { lat: 60.0, lon: 10.0 }, 5, &available)
            .is_empty());
        let facts = ChargerFacts {
            available_now: true,
            ..index.get("C0").unwrap().facts
        };
        assert!(index.set_facts("C0", facts));
        assert_eq!(
            index.nearest(&GeoPoint { lat: 60.0, lon: 10.0 }, 5, &available).len(),
            1
        );
        let bbox = BoundingBox::new(9.0, 59.0, 11.0, 61.0).unwrap();
        assert_eq!(index.within(&bbox, 0, &available), (vec![], true));
    }
}
