//! Fault analysis: fault knowledge as data, the reasoning as code.

pub mod analysis;
pub mod knowledge;

pub use analysis::{analyse, AnalysisError, Diagnosis, FaultInput, FieldVisitNeed, RemedyAttempt, StatusReport};
pub use knowledge::{
    ChargePointErrorCode, FaultKnowledge, KnowledgeEntry, KnowledgeError, Localised, RemoteRemedy, ReportCategory,
    UnknownCategory, UnknownErrorCode, VerifyBy, VisitWhen,
};
