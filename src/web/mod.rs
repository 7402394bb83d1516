//! Serving the content: routes, pages, compression, headers, and the editor's live preview.

pub mod encoding;
pub mod error;
pub mod form;
pub mod pages;
pub mod prerender;
pub mod preview;
pub mod respond;
pub mod routes;
pub mod server;
pub mod state;
pub mod structured_data;
pub mod unread_body;
