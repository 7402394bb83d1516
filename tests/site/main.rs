//! The site as a reader's browser meets it: routes, pages, the quizzes and their notes, and
//! what the server does with bad or hostile requests. One test binary, a module per feature.

#[path = "../shared/server.rs"]
mod server;
mod support;

mod check_command;
mod clinical;
mod connections;
mod figures;
mod fuzzing;
mod hardening;
mod identity;
mod lifecycle;
mod nginx_front;
mod pages;
mod preview;
mod privacy;
mod quiz_errors;
mod quiz_notes;
mod readme;
mod signs;
mod steps;
mod suite;
mod tap_to_call;
mod triage;
mod valid_html;
