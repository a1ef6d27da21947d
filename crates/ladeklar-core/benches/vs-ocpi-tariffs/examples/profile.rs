//! Prices one benchmark case many times, for `valgrind --tool=callgrind` (instruction counts
//! are repeatable where wall-clock time on a shared machine is not):
//!   cargo build --release --example profile
//!   valgrind --tool=callgrind target/release/examples/profile energy_only 1000 [ocpi-tariffs]
//! Instructions per CDR: the difference between runs with 2000 and 1000 CDRs, over 1000.

use ocpi_tariffs::{cdr, price, tariff, Version};
use vs_ocpi_tariffs::{cdr_sets, ours_parse, ours_price};

const TZ: chrono_tz::Tz = chrono_tz::Europe::Amsterdam;

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "energy_only".into());
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let engine = args.next().unwrap_or_else(|| "ladeklar".into());
    let case = cdr_sets::cases()
        .into_iter()
        .find(|c| c.name == name)
        .expect("case name: energy_only, 70_periods_3_time_of_day_elements or parking_with_step_size");
    match engine.as_str() {
        "ladeklar" => {
            let parsed = ours_parse(&case.tariff, &case.cdr);
            let mut total = rust_decimal::Decimal::ZERO;
            for _ in 0..n {
                total += std::hint::black_box(ours_price(std::hint::black_box(&parsed), TZ));
            }
            println!("{name}: {n} × {}", total / rust_decimal::Decimal::from(n));
        }
        "ocpi-tariffs" => {
            let their_cdr = cdr::parse_with_version(&case.cdr, Version::V221).expect("parses").cdr;
            let their_tariff = tariff::parse_with_version(&case.tariff, Version::V221)
                .expect("parses")
                .tariff;
            let mut ok = 0usize;
            for _ in 0..n {
                let source = price::TariffSource::single(their_tariff.clone());
                ok += usize::from(cdr::price(std::hint::black_box(&their_cdr), source, TZ).is_ok());
            }
            println!("{name}: {ok} of {n} priced by ocpi-tariffs");
        }
        other => panic!("engine: ladeklar or ocpi-tariffs, not {other}"),
    }
}
