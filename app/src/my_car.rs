//! The driver's car ([`MyCarStore`] in context), kept on the device (localStorage, core's
//! `MyCar::to_stored` text, as the
//! signed-out favourites are; the desktop shell's webview keeps its own). Read back through
//! core's checks, so a stored car that no longer passes them is forgotten. Every estimate —
//! the list's cards, the charger page, before start — reads it from here.

use ladeklar_core::vehicle::MyCar;
use leptos::prelude::*;

const KEY: &str = "ladeklar.my-car";

/// The car, shared by the list, the charger page and the car form.
#[derive(Debug, Clone, Copy)]
pub struct MyCarStore {
    car: RwSignal<Option<MyCar>>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn device() -> Option<MyCar> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    MyCar::from_stored(&text).ok()
}

impl MyCarStore {
    /// The car (tracked).
    pub fn get(self) -> Option<MyCar> {
        self.car.get()
    }

    /// The car, untracked.
    pub fn get_untracked(self) -> Option<MyCar> {
        self.car.get_untracked()
    }

    /// Keeps a checked car on the device.
    pub fn save(self, car: MyCar) {
        if let Some(s) = storage() {
            let _ = s.set_item(KEY, &car.to_stored());
        }
        self.car.set(Some(car));
    }

    /// Forgets the car: estimates go back to the default session.
    pub fn forget(self) {
        if let Some(s) = storage() {
            let _ = s.remove_item(KEY);
        }
        self.car.set(None);
    }
}

pub fn provide_my_car() -> MyCarStore {
    let store = MyCarStore {
        car: RwSignal::new(device()),
    };
    provide_context(store);
    store
}

pub fn use_my_car() -> MyCarStore {
    expect_context::<MyCarStore>()
}
