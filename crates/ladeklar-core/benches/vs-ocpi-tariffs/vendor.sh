#!/bin/sh
# ocpi-tariffs 0.48.0 pins rust_decimal =1.39.0; ladeklar-core needs ^1.43, and Cargo allows
# one 1.x rust_decimal per graph. So it cannot be a dev-dependency of ladeklar-core. Here it
# is vendored from the local Cargo registry (fetch it with `cargo info ocpi-tariffs@0.48.0`
# or `cargo fetch` in any crate that depends on it) and the pin relaxed to ^1.39; nothing of
# it is committed.
set -eu
cd "$(dirname "$0")"
src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ocpi-tariffs-0.48.0 | head -n 1)
rm -rf vendor/ocpi-tariffs
mkdir -p vendor
cp -r "$src" vendor/ocpi-tariffs
sed -i 's/^version = "=1.39.0"/version = "1.39"/' vendor/ocpi-tariffs/Cargo.toml
grep -n -A1 'dependencies.rust_decimal' vendor/ocpi-tariffs/Cargo.toml
