//! SLA levels, calendars (24/7 or business hours with public holidays) and clocks.

pub mod calendar;
pub mod clock;
pub mod holidays;
pub mod levels;
pub mod pause;

pub use calendar::{BusinessHours, CalendarError, CalendarKind, SlaCalendar};
pub use clock::{
    evaluate, next_deadline, ClockOutcome, Pause, SlaClock, SlaClockKind, SlaDeadline, SlaError, TimelineError,
};
pub use holidays::{easter_sunday, holiday_on, holidays, Country, Holiday};
pub use levels::{SlaCatalog, SlaLevel, SlaLevelError, SlaTargets};
pub use pause::{PausePolicy, PauseRefused};
