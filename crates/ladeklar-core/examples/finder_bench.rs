//! The finder's index at scale (issue 16): nearest 20 and a city's bounding box among N
//! generated chargers (default 1,000,000) spread over the Nordic countries' box, with
//! denser clusters around 40 cities as real chargers are.
//!
//! `cargo run --profile bench-server -p ladeklar-core --example finder_bench [N]`
//! (the bench-server profile is optimized for speed; release is tuned for the wasm's size).

// A benchmark reads the clock; the library never does (clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::time::Instant;

use ladeklar_core::finder::{BoundingBox, ChargerFacts, ChargerFilter, ChargerIndex, IndexedCharger, Plug};
use ladeklar_core::geo::GeoPoint;

/// xorshift64*: reproducible, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
}

fn percentile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1]
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let cities: Vec<(f64, f64)> = (0..40).map(|_| (rng.range(55.0, 70.0), rng.range(5.0, 30.0))).collect();
    let started = Instant::now();
    let chargers: Vec<IndexedCharger> = (0..n)
        .map(|i| {
            // Two thirds within ~20 km of a city, the rest anywhere.
            let (lat, lon) = if rng.next() < 0.67 {
                let (clat, clon) = cities[(rng.next() * cities.len() as f64) as usize % cities.len()];
                (clat + rng.range(-0.2, 0.2), clon + rng.range(-0.4, 0.4))
            } else {
                (rng.range(54.0, 71.0), rng.range(4.0, 31.0))
            };
            let plugs = if rng.next() < 0.6 {
                Plug::Type2.bit()
            } else {
                Plug::Ccs2.bit() | Plug::Chademo.bit()
            };
            IndexedCharger {
                id: format!("GEN-{i:07}"),
                at: GeoPoint { lat, lon },
                facts: ChargerFacts {
                    plugs,
                    max_power_w: if plugs == Plug::Type2.bit() { 22_000 } else { 150_000 },
                    available_now: rng.next() < 0.7,
                    estimate_centi: Some(10_000 + (i % 20_000) as u32),
                },
            }
        })
        .collect();
    let generated = started.elapsed();
    let started = Instant::now();
    let index = ChargerIndex::new(chargers);
    let built = started.elapsed();
    println!(
        "{n} chargers: generated in {:.2} s, index built in {:.2} s",
        generated.as_secs_f64(),
        built.as_secs_f64()
    );

    let queries: Vec<GeoPoint> = (0..10_000)
        .map(|i| {
            let (clat, clon) = cities[i % cities.len()];
            GeoPoint {
                lat: clat + rng.range(-0.3, 0.3),
                lon: clon + rng.range(-0.5, 0.5),
            }
        })
        .collect();
    let any = ChargerFilter::default();
    let fast_available = ChargerFilter {
        plugs: Plug::Ccs2.bit(),
        min_power_w: 50_000,
        available_now: true,
        max_price_centi: None,
    };
    for (name, filter) in [("no filter", any), ("CCS ≥ 50 kW available now", fast_available)] {
        let mut us = Vec::with_capacity(queries.len());
        let mut found = 0;
        for q in &queries {
            let t = Instant::now();
            let near = index.nearest(q, 20, &filter);
            us.push(t.elapsed().as_secs_f64() * 1e6);
            found += near.len();
        }
        println!(
            "nearest 20 ({name}): median {:.1} µs, p99 {:.1} µs over {} queries ({} found)",
            percentile(&mut us, 0.5),
            percentile(&mut us, 0.99),
            queries.len(),
            found
        );
    }
    // A city's box: about Oslo's (0.3° of longitude × 0.12° of latitude), around each query.
    for (name, limit) in [("all in it", usize::MAX), ("first 500", 500)] {
        let mut ms = Vec::with_capacity(1000);
        let mut found = 0;
        for q in queries.iter().take(1000) {
            let bbox = BoundingBox::new(q.lon - 0.15, q.lat - 0.06, q.lon + 0.15, q.lat + 0.06).expect("a city box");
            let t = Instant::now();
            let (page, _) = index.within(&bbox, limit, &any);
            ms.push(t.elapsed().as_secs_f64() * 1e3);
            found += page.len();
        }
        println!(
            "city box ({name}): median {:.3} ms, p99 {:.3} ms over 1000 boxes ({:.0} chargers per box on average)",
            percentile(&mut ms, 0.5),
            percentile(&mut ms, 0.99),
            found as f64 / 1000.0
        );
    }
}
