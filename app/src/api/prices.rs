//! For owners (and admins): their sites' prices, one price with its history, a new price.

use ladeklar_api::{OwnerPrices, PriceBook, PriceVersionView, SetPriceRequest};

use super::fetch::Method;
use super::{read, request, ApiError};

/// Whose price: a site's or one charger's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriceScope {
    Site(String),
    Charger(String),
}

impl PriceScope {
    fn path(&self) -> String {
        match self {
            PriceScope::Site(id) => format!("/sites/{id}/price"),
            PriceScope::Charger(id) => format!("/chargers/{id}/price"),
        }
    }
}

/// `GET /api/v1/owner/prices`.
pub async fn owner_prices() -> Result<OwnerPrices, ApiError> {
    read(request(Method::GET, "/owner/prices").send().await).await
}

/// `GET /api/v1/sites/{id}/price` or `GET /api/v1/chargers/{id}/price`.
pub async fn price_book(scope: PriceScope) -> Result<PriceBook, ApiError> {
    read(request(Method::GET, &scope.path()).send().await).await
}

/// `POST …/price`: `invalid_price` carries the problems by field.
pub async fn set_price(scope: PriceScope, body: SetPriceRequest) -> Result<PriceVersionView, ApiError> {
    read(request(Method::POST, &scope.path()).json(&body).send().await).await
}
