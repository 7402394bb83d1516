//! The pages: one askama template struct each, and the views that turn quiz results into what
//! the templates print.

use crate::content::date::Date;
use crate::content::markdown::Html;
use crate::content::quiz::evaluate::{FieldError, RaisedNote};
use crate::content::quiz::{self, Answers, CareCard, Level, Outcome, Question, QuestionKind, Quiz};
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

/// An article, blank or with the reader's result at the top.
#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub layout: Layout,
    pub article: Arc<Article>,
    /// The self-check's first step, inline at the end of the plain article.
    pub form: Option<FormView>,
    /// `None` on the plain article.
    pub result: Option<ResultView>,
    /// Render each part that changes with the answers as a marker instead: the result page's
    /// skeleton, split at start-up into the parts every reader shares (see `result_page`).
    pub skeleton: bool,
}

/// A part of a result page that changes with the reader's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The page's title, which names the outcome.
    Title,
    /// The result at the top of the page.
    Results,
    /// The contents list, marking the sections that hold notes.
    Contents,
    /// The notes beside the section at this index.
    SideNotes(usize),
    /// The way back to the questions, every answer kept.
    Check,
}

impl Slot {
    /// Where the skeleton holds this slot: private-use characters no page text contains.
    pub fn marker(self) -> String {
        match self {
            Slot::Title => "\u{E000}title\u{E001}".into(),
            Slot::Results => "\u{E000}results\u{E001}".into(),
            Slot::Contents => "\u{E000}contents\u{E001}".into(),
            Slot::SideNotes(index) => format!("\u{E000}notes {index}\u{E001}"),
            Slot::Check => "\u{E000}check\u{E001}".into(),
        }
    }

    /// The slot a marker's name stands for.
    pub fn named(name: &str) -> Option<Slot> {
        match name {
            "title" => Some(Slot::Title),
            "results" => Some(Slot::Results),
            "contents" => Some(Slot::Contents),
            "check" => Some(Slot::Check),
            other => other
                .strip_prefix("notes ")
                .and_then(|i| i.parse().ok())
                .map(Slot::SideNotes),
        }
    }
}

#[derive(Template)]
#[template(source = "{{ title }}", ext = "html")]
struct TitlePart<'a> {
    title: &'a str,
}

#[derive(Template)]
#[template(path = "parts/results.html")]
struct ResultsPart<'a> {
    result: &'a ResultView,
    article: &'a Article,
    top_notes: Vec<&'a NoteView>,
}

#[derive(Template)]
#[template(path = "parts/contents.html")]
struct ContentsPart<'a> {
    page: &'a ArticlePage,
    article: &'a Article,
}

impl ContentsPart<'_> {
    fn notes_count_beside(&self, section_id: &str) -> Option<String> {
        self.page.notes_count_beside(section_id)
    }
}

#[derive(Template)]
#[template(path = "parts/side-notes.html")]
struct SideNotesPart<'a> {
    notes: Vec<&'a NoteView>,
}

#[derive(Template)]
#[template(path = "parts/check-answered.html")]
struct CheckPart<'a> {
    action: &'a str,
    answers: &'a [(String, String)],
}

/// What a reader's answers came to.
pub struct ResultView {
    pub outcome: Outcome,
    /// Every note raised, most serious first.
    pub notes: Vec<NoteView>,
    /// The date of the check, for a printed copy.
    pub checked_on: Date,
    /// The answers, question by question, for a printed copy.
    pub answers: Vec<QuestionView>,
    /// Every answer given, to carry back to the questions.
    pub given: Vec<(String, String)>,
    /// Where the answers are sent.
    pub action: String,
}

impl ResultView {
    /// `data-outcome`: the most serious level raised, or `none` when no note was.
    pub fn outcome_key(&self) -> &'static str {
        if self.notes.is_empty() {
            "none"
        } else {
            self.outcome.key
        }
    }

    /// "Your result: call 999 now - <article>", so the tab and the history say what it is.
    pub fn title(&self, article: &Article) -> String {
        format!("Your result: {} - {}", self.outcome.heading, article.title)
    }
}

impl ArticlePage {
    /// A part of the result page, rendered for this reader (or its marker, in the skeleton).
    pub fn slot(&self, slot: Slot) -> askama::Result<String> {
        if self.skeleton {
            // A section no note is ever placed beside has no slot: its text stays in one piece.
            let never_used = match slot {
                Slot::SideNotes(index) => !self.notes_can_sit_beside(index),
                _ => false,
            };
            return Ok(if never_used {
                String::new()
            } else {
                slot.marker()
            });
        }
        let Some(result) = &self.result else {
            return Ok(String::new());
        };
        match slot {
            Slot::Title => TitlePart {
                title: &result.title(&self.article),
            }
            .render(),
            Slot::Results => ResultsPart {
                result,
                article: &self.article,
                top_notes: self.top_notes(),
            }
            .render(),
            Slot::Contents => ContentsPart {
                page: self,
                article: &self.article,
            }
            .render(),
            Slot::SideNotes(index) => SideNotesPart {
                notes: self
                    .article
                    .body
                    .sections
                    .get(index)
                    .map_or_else(Vec::new, |s| self.notes_beside(&s.id)),
            }
            .render(),
            Slot::Check => CheckPart {
                action: &result.action,
                answers: &result.given,
            }
            .render(),
        }
    }

    /// Whether any note of the self-check sits beside the section at this index.
    fn notes_can_sit_beside(&self, index: usize) -> bool {
        let section = self.article.body.sections.get(index).map(|s| s.id.as_str());
        self.article.quiz.as_ref().is_some_and(|quiz| {
            quiz.notes
                .iter()
                .any(|n| n.section.as_deref() == section && section.is_some())
        })
    }

    pub fn slot_title(&self) -> askama::Result<String> {
        self.slot(Slot::Title)
    }

    pub fn slot_results(&self) -> askama::Result<String> {
        self.slot(Slot::Results)
    }

    pub fn slot_contents(&self) -> askama::Result<String> {
        self.slot(Slot::Contents)
    }

    /// (Askama passes the loop's index by reference.)
    pub fn slot_side_notes(&self, index: &usize) -> askama::Result<String> {
        self.slot(Slot::SideNotes(*index))
    }

    pub fn slot_check(&self) -> askama::Result<String> {
        self.slot(Slot::Check)
    }
}

impl ArticlePage {
    /// The heading of the self-check's first step, as the article introduces it.
    pub fn first_step_heading(&self) -> &str {
        self.article
            .quiz
            .as_ref()
            .and_then(|q| q.steps.first())
            .map_or("", |s| s.heading.as_str())
    }

    pub fn blank(settings: &Arc<Settings>, article: Arc<Article>) -> ArticlePage {
        let form = article
            .quiz
            .as_ref()
            .map(|quiz| FormView::new(&article, quiz, &Answers::default(), 0, &[]));
        let mut layout = Layout::public(settings, &article.url());
        layout.kind = "article";
        layout.structured_data = Some(structured_data::medical_web_page(&article, settings));
        ArticlePage {
            layout,
            article,
            form,
            result: None,
            skeleton: false,
        }
    }

    /// The result page with a marker in place of each part that changes with the answers.
    pub fn skeleton(settings: &Arc<Settings>, article: Arc<Article>, quiz: &Quiz) -> ArticlePage {
        let mut page = ArticlePage::answered(settings, article, quiz, &Answers::default(), &[]);
        page.skeleton = true;
        page
    }

    /// The article with the reader's result first. Theirs alone, so never indexed.
    pub fn answered(
        settings: &Arc<Settings>,
        article: Arc<Article>,
        quiz: &Quiz,
        answers: &Answers,
        notes: &[RaisedNote],
    ) -> ArticlePage {
        let outcome = quiz.outcome(notes.first().map(|n| n.note.level)).clone();
        let result = ResultView {
            outcome,
            notes: notes.iter().map(NoteView::new).collect(),
            checked_on: Date::today(),
            answers: question_views(&quiz.questions, answers, &[])
                .into_iter()
                .filter(|q| q.options.iter().any(|o| o.checked))
                .collect(),
            given: valid_answers(quiz, answers, |_| true),
            action: format!("{}/check", article.url()),
        };
        ArticlePage {
            layout: Layout::private(settings),
            article,
            // The questions are a step away ("Change your answers"), not on the result page.
            form: None,
            result: Some(result),
            skeleton: false,
        }
    }

    fn notes(&self) -> &[NoteView] {
        self.result.as_ref().map_or(&[], |r| &r.notes)
    }

    /// Emergency and urgent notes, shown in the result at the top of the page.
    pub fn top_notes(&self) -> Vec<&NoteView> {
        self.notes()
            .iter()
            .filter(|n| n.level.goes_on_top())
            .collect()
    }

    /// The calmer notes shown beside one section.
    pub fn notes_beside(&self, section_id: &str) -> Vec<&NoteView> {
        self.notes()
            .iter()
            .filter(|n| n.section.as_deref() == Some(section_id))
            .collect()
    }

    /// "1 note" or "3 notes", for a contents entry of a section that holds them.
    pub fn notes_count_beside(&self, section_id: &str) -> Option<String> {
        match self.notes_beside(section_id).len() {
            0 => None,
            1 => Some("1 note".into()),
            n => Some(format!("{n} notes")),
        }
    }

    pub fn is_answered(&self) -> bool {
        self.result.is_some()
    }
}

/// A step of the self-check on a page of its own: the questions after the warning signs, or a
/// step's mistakes (shown only when no warning sign was raised).
#[derive(Template)]
#[template(path = "step.html")]
pub struct StepPage {
    pub layout: Layout,
    pub article: Arc<Article>,
    pub heading: String,
    pub form: FormView,
}

impl StepPage {
    /// "Error: Step 2 of 2: About you - <article>", as GOV.UK titles a page with mistakes.
    pub fn title(&self) -> String {
        let error = if self.form.errors.is_empty() {
            ""
        } else {
            "Error: "
        };
        format!(
            "{error}Step {} of {}: {} - {}",
            self.form.step_number, self.form.steps, self.heading, self.article.title
        )
    }

    pub fn new(
        settings: &Arc<Settings>,
        article: Arc<Article>,
        quiz: &Quiz,
        answers: &Answers,
        step: usize,
        errors: &[FieldError],
    ) -> StepPage {
        let form = FormView::new(&article, quiz, answers, step, errors);
        StepPage {
            layout: Layout::private(settings),
            heading: quiz.steps[step].heading.clone(),
            article,
            form,
        }
    }
}

/// One step's form: its questions with the reader's answers kept, the answers to the other
/// steps carried in hidden inputs (never in the address), and its mistakes.
pub struct FormView {
    pub action: String,
    /// Counted from 1, as the page says it and the form sends it.
    pub step_number: usize,
    pub steps: usize,
    pub questions: Vec<QuestionView>,
    pub carried: Vec<(String, String)>,
    pub errors: Vec<ErrorView>,
    /// "8 questions, about 3 minutes": the whole check, for the first step's introduction.
    pub question_count: usize,
    pub minutes: usize,
}

impl FormView {
    fn new(
        article: &Article,
        quiz: &Quiz,
        answers: &Answers,
        step: usize,
        errors: &[FieldError],
    ) -> FormView {
        let range = quiz.steps[step].questions.clone();
        let questions = question_views(&quiz.questions[range.clone()], answers, errors);
        let carried = valid_answers(quiz, answers, |i| !range.contains(&i));
        let errors = questions
            .iter()
            .filter_map(|q| {
                q.error.as_ref().map(|message| ErrorView {
                    target: q.first_input_id.clone(),
                    message: message.clone(),
                })
            })
            .collect();
        FormView {
            action: format!("{}/check", article.url()),
            step_number: step + 1,
            steps: quiz.steps.len(),
            questions,
            carried,
            errors,
            question_count: quiz.questions.len(),
            minutes: quiz.minutes_to_answer(),
        }
    }

    pub fn is_last(&self) -> bool {
        self.step_number == self.steps
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
    questions: &[Question],
    answers: &Answers,
    errors: &[FieldError],
) -> Vec<QuestionView> {
    questions
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

/// The answers that are options of the quiz's questions (those whose index `keep` accepts), in
/// question order: what a form may carry on. Anything else sent is dropped, never echoed.
fn valid_answers(
    quiz: &Quiz,
    answers: &Answers,
    keep: impl Fn(usize) -> bool,
) -> Vec<(String, String)> {
    quiz.questions
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .flat_map(|(_, q)| {
            answers
                .values(&q.name)
                .filter(|v| q.choice(v).is_some())
                .map(|v| (q.name.clone(), v.to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}
