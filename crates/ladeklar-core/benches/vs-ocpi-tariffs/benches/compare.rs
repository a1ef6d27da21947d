//! ladeklar vs ocpi-tariffs 0.48 on the same CDRs, in one run. JSON parsing is excluded for
//! both: ours prices a parsed `Cdr`, theirs a parsed `cdr::Versioned`.
//!
//! In the timed loop, per CDR, for both: the CDR's periods converted, the tariff prepared
//! (ours: `price_cdr` compiles the elements and prices on every call; neither engine reuses
//! a prepared tariff across iterations), the session priced, and the full result built
//! (ours: the `PricedSession` with per-period lines; theirs: its report) and dropped. Theirs
//! also clones the parsed tariff, because `TariffSource` takes it by value.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ocpi_tariffs::{cdr, price, tariff, Version};
use vs_ocpi_tariffs::{cdr_sets, close, ladeklar, ocpi_tariffs, ours_parse, ours_price};

const TZ: chrono_tz::Tz = chrono_tz::Europe::Amsterdam;

fn bench(c: &mut Criterion) {
    for case in cdr_sets::cases() {
        // Identical totals first: a benchmark of different answers means nothing.
        let ours = ladeklar(Some(&case.tariff), &case.cdr, TZ).expect("ours prices");
        let theirs = ocpi_tariffs(Some(&case.tariff), &case.cdr, TZ).expect("theirs prices");
        assert!(
            close(&ours, &theirs),
            "{}: totals differ: {ours:?} vs {theirs:?}",
            case.name
        );
        eprintln!("{}: total {:?}", case.name, ours);

        let mut g = c.benchmark_group(case.name);
        g.throughput(Throughput::Elements(1));
        let parsed = ours_parse(&case.tariff, &case.cdr);
        g.bench_function("ladeklar", |b| b.iter(|| ours_price(&parsed, TZ)));
        let their_cdr = cdr::parse_with_version(&case.cdr, Version::V221).expect("parses").cdr;
        let their_tariff = tariff::parse_with_version(&case.tariff, Version::V221)
            .expect("parses")
            .tariff;
        g.bench_function("ocpi-tariffs", |b| {
            b.iter(|| {
                // TariffSource owns the parsed tariff: a clone per iteration (a few hundred ns).
                cdr::price(&their_cdr, price::TariffSource::single(their_tariff.clone()), TZ).is_ok()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
