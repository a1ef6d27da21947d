//! Our engine on the benchmark CDRs (the comparison with ocpi-tariffs lives in
//! `benches/vs-ocpi-tariffs`, outside the workspace: that crate pins rust_decimal =1.39.0).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ladeklar_core::pricing::cdr::{price_cdr, Cdr};
use ladeklar_core::tariff::Tariff;

#[path = "common/cdr_sets.rs"]
mod cdr_sets;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("ladeklar");
    for case in cdr_sets::cases() {
        let tariff = Tariff::from_json(&case.tariff).expect("benchmark tariff is valid");
        let cdr = Cdr::from_json(&case.cdr).expect("benchmark CDR is valid");
        let tariffs = [tariff];
        g.throughput(Throughput::Elements(1));
        g.bench_function(case.name, |b| {
            b.iter(|| price_cdr(&cdr, &tariffs, chrono_tz::Europe::Amsterdam).expect("prices"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
