//! Finding chargers (issue 16): where to look (`bbox`: a checked bounding box), what to
//! show (`filter`: plug types, minimum power, available now, maximum price of the driver's
//! estimated session — `price`), the spatial index that answers both among a million
//! chargers (`index`: R*-trees from the `rstar` crate), places by name (`places`: the bundled
//! list of Nordic cities and towns), and the driver's starred chargers (`favourites`).
//!
//! Pure like the rest of core: the server keeps an index in memory and asks it.

pub mod bbox;
pub mod favourites;
pub mod filter;
pub mod index;
pub mod places;
pub mod price;

pub use bbox::{BoundingBox, BoxError};
pub use favourites::{FavouriteError, MAX_FAVOURITES};
pub use filter::{ChargerFacts, ChargerFilter, FilterError, Plug};
pub use index::{ChargerIndex, IndexedCharger};
pub use places::{Place, PlaceList, PlaceQueryError};
