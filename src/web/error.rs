//! What can go wrong with a request, each with its status and a message a reader can act on.

use crate::web::form::{FormError, Refusal};
use actix_web::http::StatusCode;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppError {
    #[error("We could not find that page.")]
    NotFound,
    /// With the methods the address does take, for the `Allow` header.
    #[error("This address does not accept that kind of request.")]
    MethodNotAllowed(&'static str),
    #[error("The form could not be read: {0}. Please go back and send it again.")]
    BadForm(#[from] FormError),
    #[error("That was more data than the form could ever send. Please go back and send it again.")]
    TooLarge,
    /// The body did not arrive within the deadline: a stalled or very slow client.
    #[error("Your answers took too long to arrive. Please go back and send them again.")]
    SlowBody,
    #[error(
        "The check only accepts answers sent from its form. Please use the form on the article page."
    )]
    UnsupportedMediaType,
    /// A body labelled compressed (or encoded in any way), which the form never sends.
    #[error(
        "The check only accepts answers sent as its form sends them, not compressed. Please use the form on the article page."
    )]
    EncodedBody,
    #[error(
        "Answers can only be sent from this site's own pages. Please use the form on the article page."
    )]
    CrossSite,
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::BadForm(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::SlowBody => StatusCode::REQUEST_TIMEOUT,
            AppError::UnsupportedMediaType | AppError::EncodedBody => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            AppError::CrossSite => StatusCode::FORBIDDEN,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The page heading.
    pub fn title(&self) -> &'static str {
        match self {
            AppError::NotFound => "Page not found",
            AppError::MethodNotAllowed(_) => "Request not allowed",
            AppError::BadForm(_) | AppError::UnsupportedMediaType | AppError::EncodedBody => {
                "Your answers could not be read"
            }
            AppError::TooLarge => "Too much data was sent",
            AppError::SlowBody => "Your answers did not arrive in time",
            AppError::CrossSite => "Answers from another site",
            AppError::Internal => "Sorry, something went wrong",
        }
    }
}

impl From<Refusal> for AppError {
    fn from(refusal: Refusal) -> AppError {
        match refusal {
            Refusal::CrossSite => AppError::CrossSite,
            Refusal::NotAForm => AppError::UnsupportedMediaType,
            Refusal::Encoded => AppError::EncodedBody,
            Refusal::TooLarge => AppError::TooLarge,
            Refusal::TooSlow => AppError::SlowBody,
            Refusal::Unreadable(error) => AppError::BadForm(error),
        }
    }
}

/// Handlers return `Result<_, AppError>`; the site's error page replaces actix's plain one in
/// `respond::error_pages`, the one place error pages are rendered.
impl actix_web::ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }
}
