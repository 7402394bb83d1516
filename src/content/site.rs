//! The content as the rest of the crate reads it: articles ready to serve, and the site.

use crate::content::date::Date;
use crate::content::figure::Figure;
use crate::content::markdown::{Document, Html};
use crate::content::quiz::{CareCard, Quiz};
use crate::content::settings::Settings;
use crate::content::source::{Source, Sources};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Words a minute used for the reading time shown on cards.
const READING_SPEED: usize = 200;

/// The site's figures by name, such as `figures/spine-regions.svg`.
pub type Figures = BTreeMap<String, Arc<Figure>>;

/// An article ready to serve.
#[derive(Debug, Clone)]
pub struct Article {
    pub file: String,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub summary: String,
    pub about: Vec<String>,
    /// What helps most readers, each point a line of rendered Markdown.
    pub general_advice: Vec<Html>,
    pub last_reviewed: Date,
    pub next_review: Date,
    /// "When to get help": from the quiz's levels of care and the notes with a card line.
    pub care: Vec<CareCard>,
    /// The figure beside the cards, if the levels of care set one.
    pub care_figure: Option<Html>,
    /// What the body cites, in the order of its citation numbers, then what only the notes cite.
    pub sources: Vec<Arc<Source>>,
    pub body: Document,
    pub words: usize,
    pub quiz: Option<Quiz>,
}

impl Article {
    pub fn url(&self) -> String {
        format!("/articles/{}", self.slug)
    }

    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(READING_SPEED).max(1)
    }

    pub fn section_ids(&self) -> Vec<&str> {
        self.body.sections.iter().map(|s| s.id.as_str()).collect()
    }

    /// The article as a result page shows it: every link out of the page in its text, notes
    /// and cards opens in a new tab, since the result is never cached and Back would lose it.
    pub fn for_result_page(&self) -> Article {
        let mut article = self.clone();
        let new_tab = |html: &mut Html| *html = html.with_links_in_new_tab();
        new_tab(&mut article.body.intro);
        article
            .body
            .sections
            .iter_mut()
            .for_each(|s| new_tab(&mut s.body));
        article.care.iter_mut().for_each(|c| new_tab(&mut c.action));
        article.general_advice.iter_mut().for_each(new_tab);
        if let Some(quiz) = &mut article.quiz {
            quiz.notes.iter_mut().for_each(|n| new_tab(&mut n.body));
            quiz.outcomes
                .iter_mut()
                .for_each(|o| new_tab(&mut o.action));
            quiz.care.iter_mut().for_each(|c| new_tab(&mut c.action));
        }
        article
    }
}

/// All the content, checked.
#[derive(Debug, Clone)]
pub struct Site {
    /// In the order of their file names, which is the order of the home page.
    pub articles: Vec<Arc<Article>>,
    /// Every source, cited or not, by id.
    pub sources: Sources,
    /// Every figure, by its name in the content (`figures/name.svg`).
    pub figures: Figures,
    /// The emergency card, shown on the home page as well as in each article.
    pub emergency: Option<CareCard>,
    /// Who publishes the site, and where it lives.
    pub settings: Arc<Settings>,
}

impl Site {
    /// The site with problems an editor's live preview must show on every page.
    pub fn with_problems(mut self, problems: Vec<String>) -> Site {
        Arc::make_mut(&mut self.settings).problems = problems;
        self
    }

    /// The site as deployed at `base_url`, when one is given instead of the one in `site.toml`.
    pub fn with_base_url(mut self, base_url: Option<&str>) -> Site {
        if let Some(url) = base_url {
            Arc::make_mut(&mut self.settings).base_url = url.to_string();
        }
        self
    }
}
