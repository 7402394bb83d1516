//! What every handler shares: the content and its pages, rendered once. Below the routes, the
//! responses and the server, which all use it, so each module's arrows point one way.

use crate::content::Site;
use crate::web::prerender::StaticPages;
use actix_web::web;
use std::sync::Arc;

/// What every handler shares: the content and its pre-rendered pages.
pub struct AppState {
    pub site: Arc<Site>,
    pub pages: StaticPages,
}

/// Content and pages, rendered once, shared by every worker. The result pages' pairs of notes
/// are compressed on a thread of their own, so the server is ready without waiting for them.
pub fn state(site: Site) -> Result<web::Data<AppState>, askama::Error> {
    let pages = StaticPages::render(&site)?;
    let results: Vec<_> = pages.results.values().cloned().collect();
    let completing = std::thread::Builder::new()
        .name("result-pages".into())
        .spawn(move || results.iter().for_each(|result| result.complete()));
    if let Err(error) = completing {
        log::warn!("result pages served less compressed: no thread to complete them: {error}");
    }
    Ok(web::Data::new(AppState {
        site: Arc::new(site),
        pages,
    }))
}
