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

/// What every worker is handed.
pub type Shared = web::Data<AppState>;

/// Content and pages, rendered once, shared by every worker.
pub fn state(site: Site) -> Result<Shared, askama::Error> {
    let pages = StaticPages::render(&site)?;
    Ok(web::Data::new(AppState {
        site: Arc::new(site),
        pages,
    }))
}
