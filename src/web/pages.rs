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
    /// Links out of the page open in a new tab: on a result, which Back would lose.
    pub links_open_new_tab: bool,
}

impl Layout {
    /// A page meant to be found, at `path`.
    fn public(settings: &Arc<Settings>, path: &str) -> Layout {
        Layout {
            url: Some(settings.url(path)),
            kind: "website",
            structured_data: None,
            settings: settings.clone(),
            links_open_new_tab: false,
        }
    }

    /// A page for one reader only, kept out of search engines.
    fn private(settings: &Arc<Settings>) -> Layout {
        Layout {
            url: None,
            kind: "website",
            structured_data: None,
            settings: settings.clone(),
            links_open_new_tab: false,
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
    /// On a result page, the article as [`Article::for_result_page`] gives it.
    pub article: Arc<Article>,
    /// The self-check's first step, inline at the end of the plain article.
    pub form: Option<FormView>,
    /// `None` on the plain article.
    pub result: Option<ResultView>,
}

/// What a reader's answers came to.
pub struct ResultView {
    /// The most serious level raised, which picks the outcome; `None` when no note was.
    pub level: Option<Level>,
    /// Every note raised, most serious first.
    pub notes: Vec<NoteView>,
    /// The date of the check, for a printed copy.
    pub checked_on: Date,
    /// The answers, for a printed copy: each answered question's legend with the labels of the
    /// options chosen.
    pub answers: Vec<(String, Vec<String>)>,
    /// Every answer given, to carry back to the questions.
    pub given: Vec<(String, String)>,
    /// What the browser's Back button shows from the result, which the result says.
    pub back: Back,
}

/// What Back shows from a result, which is never cached. A page that answered a form cannot be
/// shown again without sending the form again, so only a result sent from the article itself
/// (the warning signs answered there) has a page Back can show as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Back {
    /// The article, with the reader's ticks still in its form.
    ToTheArticle,
    /// A step page, which the browser offers to send the answers again to show.
    ResendsTheAnswers,
}

impl ArticlePage {
    /// "Your result: call 999 now - <article>", so the tab and the history say what it is.
    pub fn result_title(&self) -> String {
        let heading = self
            .outcome()
            .map_or("", |outcome| outcome.heading.as_str());
        format!("Your result: {heading} - {}", self.article.title)
    }

    /// The outcome card for the most serious level raised.
    pub fn outcome(&self) -> Option<&Outcome> {
        let quiz = self.article.quiz.as_ref()?;
        Some(quiz.outcome(self.result.as_ref()?.level))
    }

    /// `data-outcome`: the most serious level raised, or `none` when no note was.
    pub fn data_outcome(&self) -> &str {
        match (self.outcome(), self.result.as_ref().and_then(|r| r.level)) {
            (Some(outcome), Some(_)) => outcome.key,
            _ => "none",
        }
    }

    pub fn no_notes(&self) -> bool {
        self.notes().is_empty()
    }

    /// The article's public address, for a printed result to name.
    pub fn article_address(&self) -> String {
        self.layout.settings.url(&self.article.url())
    }

    /// Whether Back from the result shows the article with the reader's ticks.
    pub fn back_to_article(&self) -> bool {
        self.result
            .as_ref()
            .is_some_and(|r| r.back == Back::ToTheArticle)
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
        let form = article.quiz.as_ref().map(|quiz| {
            let mut form = FormView::new(&article, quiz, &Answers::default(), 0, &[]);
            form.on_article = true;
            form
        });
        let mut layout = Layout::public(settings, &article.url());
        layout.kind = "article";
        layout.structured_data = Some(structured_data::medical_web_page(&article, settings));
        ArticlePage {
            layout,
            article,
            form,
            result: None,
        }
    }

    /// The article with the reader's result first. Theirs alone, so never indexed. `article`
    /// is the copy made for result pages, its links out opening in a new tab.
    pub fn answered(
        settings: &Arc<Settings>,
        article: Arc<Article>,
        quiz: &Quiz,
        answers: &Answers,
        notes: &[RaisedNote],
        back: Back,
    ) -> ArticlePage {
        let result = ResultView {
            level: notes.first().map(|n| n.note.level),
            notes: notes.iter().map(NoteView::new).collect(),
            checked_on: Date::today(),
            answers: chosen_options(quiz, answers),
            given: valid_answers(quiz, answers, |_| true),
            back,
        };
        let mut layout = Layout::private(settings);
        layout.links_open_new_tab = true;
        ArticlePage {
            layout,
            article,
            // The questions are a step away ("Change your answers"), not on the result page.
            form: None,
            result: Some(result),
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
        let mut layout = Layout::private(settings);
        // A step page answered a form, so Back cannot show it again as it was: its links open
        // in a new tab, and the reader's answers stay on it.
        layout.links_open_new_tab = true;
        StepPage {
            layout,
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
    /// The form is on the article page itself, and says so (`page=article`).
    pub on_article: bool,
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
            on_article: false,
        }
    }

    pub fn is_last(&self) -> bool {
        self.step_number == self.steps
    }
}

/// A raised note, as the template prints it, with the reader's answers that raised it.
pub struct NoteView {
    pub id: String,
    pub level: Level,
    pub section: Option<String>,
    pub title: String,
    pub body: Html,
    pub sources: Vec<Arc<Source>>,
    pub said: Vec<String>,
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
            sources: note.sources.clone(),
            said: raised.said.iter().map(|s| s.to_string()).collect(),
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
    /// The options, in runs under their group headings (one run without a heading for a
    /// question with no groups; the ungrouped "None of these" last).
    pub groups: Vec<GroupView>,
}

/// A run of options, under a short heading when the question groups them.
pub struct GroupView {
    pub heading: Option<String>,
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
    /// The line under the label with its qualifiers, which the input is described by.
    pub hint: Option<String>,
    pub checked: bool,
    /// "None of these": set apart from the others with an "or".
    pub is_exclusive: bool,
}

impl OptionView {
    /// The id of the option's hint, for `aria-describedby`.
    pub fn hint_id(&self) -> String {
        format!("{}-hint", self.id)
    }
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
                groups: option_groups(q, &given),
            }
        })
        .collect()
}

/// A question's options in runs: each group under its heading, then the options in no group.
fn option_groups(q: &Question, given: &[&str]) -> Vec<GroupView> {
    let view = |c: &quiz::Choice| OptionView {
        id: quiz::input_id(&q.name, &c.value),
        value: c.value.clone(),
        label: c.label.clone(),
        hint: c.hint.clone(),
        checked: given.contains(&c.value.as_str()),
        is_exclusive: q.exclusive.as_deref() == Some(c.value.as_str()),
    };
    let mut groups: Vec<GroupView> = (q.groups.iter())
        .map(|g| GroupView {
            heading: Some(g.heading.clone()),
            options: q.options[g.options.clone()].iter().map(view).collect(),
        })
        .collect();
    let ungrouped: Vec<OptionView> = (q.options.iter().enumerate())
        .filter(|(i, _)| !q.groups.iter().any(|g| g.options.contains(i)))
        .map(|(_, c)| view(c))
        .collect();
    if !ungrouped.is_empty() {
        groups.push(GroupView {
            heading: None,
            options: ungrouped,
        });
    }
    groups
}

/// Each answered question's legend, with the labels of the options chosen, in quiz order.
fn chosen_options(quiz: &Quiz, answers: &Answers) -> Vec<(String, Vec<String>)> {
    quiz.questions
        .iter()
        .filter_map(|question| {
            let given: Vec<&str> = answers.values(&question.name).collect();
            let chosen: Vec<String> = (question.options.iter())
                .filter(|option| given.contains(&option.value.as_str()))
                .map(|option| option.label.clone())
                .collect();
            (!chosen.is_empty()).then(|| (question.legend.clone(), chosen))
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
