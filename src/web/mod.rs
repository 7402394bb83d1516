//! Serving the content: routes, pages, compression, headers, and the editor's live preview.

pub mod bits;
pub mod crc32;
pub mod deflate_tokens;
pub mod encoding;
pub mod error;
pub mod form;
pub mod fragments;
pub mod huffman;
pub mod links;
pub mod pages;
pub mod prerender;
pub mod preview;
pub mod quick_deflate;
pub mod respond;
pub mod result_page;
pub mod routes;
pub mod server;
pub mod state;
pub mod structured_data;
pub mod unread_body;
