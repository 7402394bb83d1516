//! What the content holds but nothing uses: listed so an editor can use it or remove it.

use crate::content::figure::Figure;
use crate::content::{Site, Source};
use std::collections::BTreeSet;

/// Figures that no article shows: a drawing nobody sees is not reviewed either.
pub fn unused_figures(site: &Site) -> Vec<&Figure> {
    site.figures
        .values()
        .filter(|figure| {
            !site.articles.iter().any(|a| {
                let shown_in = |html: &str| html.contains(&figure.url);
                shown_in(a.body.intro.as_str())
                    || a.body.sections.iter().any(|s| shown_in(s.body.as_str()))
                    || a.care_figure.as_ref().is_some_and(|f| shown_in(f.as_str()))
            })
        })
        .map(|f| f.as_ref())
        .collect()
}

/// Sources that no article text and no note cites: a list should hold only what it uses.
pub fn uncited_sources(site: &Site) -> Vec<&Source> {
    let cited: BTreeSet<&str> = site
        .articles
        .iter()
        .flat_map(|a| a.sources.iter().map(|s| s.id.as_str()))
        .collect();
    site.sources
        .values()
        .filter(|s| !cited.contains(s.id.as_str()))
        .map(|s| s.as_ref())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_site;
    use crate::content::samples::{ARTICLE, SVG, files};

    #[test]
    fn a_figure_no_article_shows_is_listed() {
        let site = load_site(&files(&[("a.md", ARTICLE), ("figures/spine.svg", SVG)])).unwrap();
        let unused: Vec<&str> = unused_figures(&site)
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(unused, ["figures/spine.svg"]);
    }

    #[test]
    fn a_source_nothing_cites_is_listed() {
        let site = load_site(&files(&[("a.md", ARTICLE)])).unwrap();
        let uncited: Vec<&str> = uncited_sources(&site)
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(uncited, ["nice-ng59"]);
    }
}
