//! The pages: one askama template struct each, and the views that turn quiz results into what
//! the templates print.

use crate::content::markdown::Html;
use crate::content::quiz::evaluate::{FieldError, RaisedNote};
use crate::content::quiz::{self, Answers, CareCard, Level, QuestionKind, Quiz};
use crate::content::settings::Settings;
use crate::content::source::Source;
use crate::content::{Article, Site};
use crate::web::error::AppError;
use crate::web::structured_data;
use askama::Template;
use std::sync::Arc;

/// What the layout needs besides the page's own copy, which each template gives.
pub struct Layout {
    /// The page's public address, for its canonical link and link previews. `None` for pages
    /// that are not for search engines: quiz results and errors, which carry `noindex`.
    pub url: Option<String>,
    /// `website` or `article`, for link previews.
    pub kind: &'static str,
    /// schema.org JSON-LD, already safe inside its `<script>` block.
    pub structured_data: Option<String>,
    pub settings: Arc<Settings>,
}

impl Layout {
    /// A page meant to be found, at `path`.
    fn public(settings: &Arc<Settings>, path: &str) -> Layout {
        Layout {
            url: Some(settings.url(path)),
            kind: "website",
            structured_data: None,
            settings: settings.clone(),
        }
    }

    /// A page for one reader only, kept out of search engines.
    fn private(settings: &Arc<Settings>) -> Layout {
        Layout {
            url: None,
            kind: "website",
            structured_data: None,
            settings: settings.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub articles: Vec<Arc<Article>>,
    /// The emergency warning signs, from the same records as every article's card.
    pub emergency: Option<CareCard>,
}

impl HomePage {
    pub fn new(site: &Site) -> HomePage {
        HomePage {
            layout: Layout::public(&site.settings, "/"),
            articles: site.articles.clone(),
            emergency: site.emergency.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "about.html")]
pub struct AboutPage {
    pub layout: Layout,
    pub articles: Vec<Arc<Article>>,
}

impl AboutPage {
    pub fn new(site: &Site) -> AboutPage {
        AboutPage {
            layout: Layout::public(&site.settings, "/about"),
            articles: site.articles.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub error: AppError,
    pub articles: Vec<Arc<Article>>,
}

impl ErrorPage {
    pub fn new(error: AppError, site: &Site) -> ErrorPage {
        ErrorPage {
            layout: Layout::private(&site.settings),
            error,
            articles: site.articles.clone(),
        }
    }
}

/// An article, blank or with the reader's quiz results.
#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub layout: Layout,
    pub article: Arc<Article>,
    pub questions: Vec<QuestionView>,
    pub state: QuizState,
}

/// Where the reader is with the quiz.
pub enum QuizState {
    /// Not answered yet: the plain article.
    Blank,
    /// Answered: the notes raised (maybe none).
    Answered(Vec<NoteView>),
    /// Answered with mistakes: the messages, in question order.
    Invalid(Vec<ErrorView>),
}

impl ArticlePage {
    pub fn blank(settings: &Arc<Settings>, article: Arc<Article>) -> ArticlePage {
        let questions = question_views(article.quiz.as_ref(), &Answers::default(), &[]);
        let mut layout = Layout::public(settings, &article.url());
        layout.kind = "article";
        layout.structured_data = Some(structured_data::medical_web_page(&article, settings));
        ArticlePage {
            layout,
            article,
            questions,
            state: QuizState::Blank,
        }
    }

    pub fn answered(
        settings: &Arc<Settings>,
        article: Arc<Article>,
        answers: &Answers,
        notes: &[RaisedNote],
    ) -> ArticlePage {
        let questions = question_views(article.quiz.as_ref(), answers, &[]);
        let notes = notes.iter().map(NoteView::new).collect();
        ArticlePage::with_state(settings, article, questions, QuizState::Answered(notes))
    }

    pub fn invalid(
        settings: &Arc<Settings>,
        article: Arc<Article>,
        answers: &Answers,
        errors: &[FieldError],
    ) -> ArticlePage {
        let questions = question_views(article.quiz.as_ref(), answers, errors);
        let errors = questions
            .iter()
            .filter_map(|q| {
                q.error.as_ref().map(|message| ErrorView {
                    target: q.first_input_id.clone(),
                    message: message.clone(),
                })
            })
            .collect();
        ArticlePage::with_state(settings, article, questions, QuizState::Invalid(errors))
    }

    /// A page of results or mistakes: one reader's, so never indexed.
    fn with_state(
        settings: &Arc<Settings>,
        article: Arc<Article>,
        questions: Vec<QuestionView>,
        state: QuizState,
    ) -> ArticlePage {
        ArticlePage {
            layout: Layout::private(settings),
            article,
            questions,
            state,
        }
    }

    fn notes(&self) -> &[NoteView] {
        match &self.state {
            QuizState::Answered(notes) => notes,
            _ => &[],
        }
    }

    /// Emergency and urgent notes, shown above the article body.
    pub fn top_notes(&self) -> Vec<&NoteView> {
        self.notes()
            .iter()
            .filter(|n| n.level.goes_on_top())
            .collect()
    }

    /// The sections that have notes beside them, as (id, title), in reading order: where the
    /// results box sends a reader when no note is on top.
    pub fn sections_with_notes(&self) -> Vec<(&str, &str)> {
        self.article
            .body
            .sections
            .iter()
            .filter(|s| !self.notes_beside(&s.id).is_empty())
            .map(|s| (s.id.as_str(), s.title.as_str()))
            .collect()
    }

    /// The calmer notes shown beside one section.
    pub fn notes_beside(&self, section_id: &str) -> Vec<&NoteView> {
        self.notes()
            .iter()
            .filter(|n| n.section.as_deref() == Some(section_id))
            .collect()
    }

    pub fn is_answered(&self) -> bool {
        matches!(self.state, QuizState::Answered(_))
    }

    pub fn errors(&self) -> &[ErrorView] {
        match &self.state {
            QuizState::Invalid(errors) => errors,
            _ => &[],
        }
    }

    /// "3 notes: 1 emergency, 2 advice", most serious level first.
    pub fn summary_counts(&self) -> String {
        let notes = self.notes();
        let levels = [
            (Level::Emergency, "emergency"),
            (Level::Urgent, "urgent"),
            (Level::NonUrgent, "to see a professional about"),
            (Level::Advice, "of advice"),
        ];
        let parts: Vec<String> = levels
            .iter()
            .filter_map(|(level, name)| {
                let count = notes.iter().filter(|n| n.level == *level).count();
                (count > 0).then(|| format!("{count} {name}"))
            })
            .collect();
        let noun = if notes.len() == 1 { "note" } else { "notes" };
        format!("{} {noun}: {}.", notes.len(), parts.join(", "))
    }

    /// The most serious level among the notes, for the summary's colour.
    pub fn top_level(&self) -> &'static str {
        self.notes().first().map_or("advice", |n| n.level.key())
    }

    pub fn has_emergency(&self) -> bool {
        self.notes().iter().any(|n| n.level == Level::Emergency)
    }
}

/// A raised note, as the template prints it.
pub struct NoteView {
    pub id: String,
    pub level: Level,
    pub section: Option<String>,
    pub title: String,
    pub body: Html,
    pub said: Vec<String>,
    pub sources: Vec<Arc<Source>>,
}

impl NoteView {
    fn new(raised: &RaisedNote) -> NoteView {
        let note = raised.note;
        NoteView {
            id: note.id.clone(),
            level: note.level,
            section: note.section.clone(),
            title: note.title.clone(),
            body: note.body.clone(),
            said: raised.said.iter().map(|s| s.to_string()).collect(),
            sources: note.sources.clone(),
        }
    }
}

/// One entry of the error summary: a link to the question.
pub struct ErrorView {
    pub target: String,
    pub message: String,
}

/// A question with the reader's answers kept.
pub struct QuestionView {
    pub name: String,
    pub is_checkboxes: bool,
    pub legend: String,
    pub hint: Option<String>,
    pub error: Option<String>,
    pub first_input_id: String,
    pub options: Vec<OptionView>,
}

impl QuestionView {
    /// The ids that describe the fieldset: its hint and its error.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("hint-{}", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("error-{}", self.name));
        }
        ids.join(" ")
    }
}

pub struct OptionView {
    pub id: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
    /// "None of these": set apart from the others with an "or".
    pub is_exclusive: bool,
}

fn question_views(
    quiz: Option<&Quiz>,
    answers: &Answers,
    errors: &[FieldError],
) -> Vec<QuestionView> {
    let Some(quiz) = quiz else {
        return Vec::new();
    };
    quiz.questions
        .iter()
        .map(|q| {
            let given: Vec<&str> = answers.values(&q.name).collect();
            QuestionView {
                name: q.name.clone(),
                is_checkboxes: q.kind == QuestionKind::Checkboxes,
                legend: q.legend.clone(),
                hint: q.hint.clone(),
                error: errors
                    .iter()
                    .find(|e| e.question == q.name)
                    .map(|e| e.message.clone()),
                first_input_id: q.first_input_id(),
                options: q
                    .options
                    .iter()
                    .map(|c| OptionView {
                        id: quiz::input_id(&q.name, &c.value),
                        value: c.value.clone(),
                        label: c.label.clone(),
                        checked: given.contains(&c.value.as_str()),
                        is_exclusive: q.exclusive.as_deref() == Some(c.value.as_str()),
                    })
                    .collect(),
            }
        })
        .collect()
}
