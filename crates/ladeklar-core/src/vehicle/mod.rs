//! The driver's car, as the estimates need it (issue 17): its usable battery, how much
//! power it takes on AC and on DC, and — optionally — the charge level now and the one the
//! driver wants. `catalogue` is the bundled list of common Nordic EVs; `car` checks what a
//! driver typed (every field at once, each problem naming its field); `plan` turns a car and
//! a connector into the energy and time of one charge; `estimate` prices that plan with the
//! pricing engine, saying what it assumed.

pub mod car;
pub mod catalogue;
pub mod estimate;
pub mod plan;

pub use car::{CarError, CarField, CarForm, MyCar};
pub use catalogue::{catalogue, CatalogueCar};
pub use estimate::{estimate_for_car, CarEstimate};
pub use plan::{plan, ChargePlan, LimitedBy};
