//! The store's one error type: what callers branch on, without sqlx's types.

/// A boxed cause, kept for the log.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a store call failed. Callers branch on the variant; the cause is for the log.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A row the call needed is not there.
    #[error("not found: {0}")]
    NotFound(String),
    /// A unique constraint said no: the row (or the one thing it may be one of, such as the
    /// active session on a connector) already exists.
    #[error("conflict with a stored row: {0}")]
    Conflict(#[source] BoxError),
    /// The database cannot be reached: the pool is closed or timed out, or the connection failed.
    #[error("the database is unavailable: {0}")]
    Unavailable(#[source] BoxError),
    /// Anything else: a failed statement, a stored value that does not read back, a migration.
    #[error(transparent)]
    Other(BoxError),
}

/// The store's results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// A stored value that does not read back as its type.
    pub(crate) fn corrupt(what: String) -> Self {
        Self::Other(what.into())
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => Self::NotFound("no row matched".into()),
            sqlx::Error::Database(ref d) if d.is_unique_violation() => Self::Conflict(e.into()),
            sqlx::Error::PoolClosed
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => Self::Unavailable(e.into()),
            other => Self::Other(other.into()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        match e {
            sqlx::migrate::MigrateError::Execute(inner) => inner.into(),
            other => Self::Other(other.into()),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        Self::Other(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlx_errors_map_to_what_callers_branch_on() {
        assert!(matches!(
            StoreError::from(sqlx::Error::RowNotFound),
            StoreError::NotFound(_)
        ));
        assert!(matches!(
            StoreError::from(sqlx::Error::PoolClosed),
            StoreError::Unavailable(_)
        ));
        assert!(matches!(
            StoreError::from(sqlx::Error::PoolTimedOut),
            StoreError::Unavailable(_)
        ));
        assert!(matches!(
            StoreError::from(sqlx::Error::Protocol("x".into())),
            StoreError::Other(_)
        ));
    }
}
