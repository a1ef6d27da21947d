//! Prices one benchmark case many times, for `valgrind --tool=callgrind` (instruction counts
//! are repeatable where wall-clock time on a shared machine is not):
//!   cargo build --release --example profile
//!   valgrind --tool=callgrind target/release/examples/profile energy_only 1000

use vs_ocpi_tariffs::{cdr_sets, ours_parse, ours_price};

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "energy_only".into());
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let case = cdr_sets::cases()
        .into_iter()
        .find(|c| c.name == name)
        .expect("case name: energy_only, 70_periods_3_time_of_day_elements or parking_with_step_size");
    let parsed = ours_parse(&case.tariff, &case.cdr);
    let mut total = rust_decimal::Decimal::ZERO;
    for _ in 0..n {
        total += std::hint::black_box(ours_price(std::hint::black_box(&parsed), chrono_tz::Europe::Amsterdam));
    }
    println!("{name}: {n} × {}", total / rust_decimal::Decimal::from(n));
}
