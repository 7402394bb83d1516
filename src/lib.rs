//! Backwise: plain-language articles on back pain, with self-check quizzes whose answers place
//! tailored caution notes beside the article.

pub mod date;
pub mod markdown;
