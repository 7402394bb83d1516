//! The pages: one askama template struct each, and the views that turn quiz results into what
//! the templates print.

use crate::content::date::Date;
use crate::content::quiz::evaluate::{FieldError, RaisedNote};
use crate::content::quiz::{self, Answers, CareCard, Level, Note, Question, QuestionKind, Quiz};
use crate::content::settings::Settings;
use crate::content::{Article, Site};
use crate::web::error::AppError;
use crate::web::fragments::{Fragment, Fragments};
use crate::web::links;
use crate::web::structured_data;
use askama::Template;
use std::collections::HashMap;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// The page's title, which names the outcome.
    Title,
    /// The outcome card, then the emergency and urgent notes.
    Outcome,
    /// Every note raised, listed.
    NoteList,
    /// The date of the check.
    CheckedOn,
    /// The answers, question by question.
    AnswersRecord,
    /// The contents entry's mark of how many notes the section at this index holds.
    ContentsMark(usize),
    /// The notes beside the section at this index.
    SideNotes(usize),
    /// Every answer given, in hidden inputs, for the way back to the questions.
    KeptAnswers,
}

impl Slot {
    /// Where the skeleton holds this slot: private-use characters no page text contains.
    pub fn marker(self) -> String {
        match self {
            Slot::Title => "\u{E000}title\u{E001}".into(),
            Slot::Outcome => "\u{E000}outcome\u{E001}".into(),
            Slot::NoteList => "\u{E000}note list\u{E001}".into(),
            Slot::CheckedOn => "\u{E000}checked on\u{E001}".into(),
            Slot::AnswersRecord => "\u{E000}answers\u{E001}".into(),
            Slot::ContentsMark(index) => format!("\u{E000}contents {index}\u{E001}"),
            Slot::SideNotes(index) => format!("\u{E000}notes {index}\u{E001}"),
            Slot::KeptAnswers => "\u{E000}kept\u{E001}".into(),
        }
    }

    /// The slot a marker's name stands for.
    pub fn named(name: &str) -> Option<Slot> {
        match name {
            "title" => Some(Slot::Title),
            "outcome" => Some(Slot::Outcome),
            "note list" => Some(Slot::NoteList),
            "checked on" => Some(Slot::CheckedOn),
            "answers" => Some(Slot::AnswersRecord),
            "kept" => Some(Slot::KeptAnswers),
            other => {
                let (kind, index) = other.split_once(' ')?;
                let index = index.parse().ok()?;
                match kind {
                    "notes" => Some(Slot::SideNotes(index)),
                    "contents" => Some(Slot::ContentsMark(index)),
                    _ => None,
                }
            }
        }
    }
}

/// What a self-check's result pages are rendered with, made at start-up: the notes and outcome
/// cards ([`Fragments`]), and how wide each padded slot is.
///
/// A padded slot is filled with spaces to the same width on every reader's page (where
/// whitespace means nothing: between elements, or at the end of one). The text after it then
/// stands at the same distance from the text before it on every page, so it can be compressed
/// once, referring back across the slot. A slot that comes out wider than its width is left as
/// it is, and what follows compressed without that reach.
pub struct ResultParts {
    pub fragments: Fragments,
    widths: HashMap<Slot, usize>,
}

impl ResultParts {
    pub fn new(fragments: Fragments) -> ResultParts {
        ResultParts {
            fragments,
            widths: HashMap::new(),
        }
    }

    /// The same parts, with each padded slot this wide.
    pub fn with_widths(self, widths: HashMap<Slot, usize>) -> ResultParts {
        ResultParts { widths, ..self }
    }

    /// How wide a padded slot is; `None` for a slot that is not padded.
    pub fn width(&self, slot: Slot) -> Option<usize> {
        self.widths.get(&slot).copied()
    }

    /// How many spaces follow a slot whose text, as served, is `served` bytes long.
    pub fn padding(&self, slot: Slot, served: usize) -> usize {
        self.width(slot)
            .map_or(0, |width| width.saturating_sub(served))
    }
}

#[derive(Template)]
#[template(source = "{{ title }}", ext = "html")]
struct TitlePart<'a> {
    title: &'a str,
}

#[derive(Template)]
#[template(path = "parts/outcome.html")]
struct OutcomePart<'a> {
    card: Fragment,
    top_notes: Vec<&'a NoteView>,
}

#[derive(Template)]
#[template(path = "parts/note-list.html")]
struct NoteListPart<'a> {
    notes: &'a [NoteView],
}

#[derive(Template)]
#[template(
    source = r#"<time datetime="{{ date.iso() }}">{{ date }}</time>"#,
    ext = "html"
)]
struct CheckedOnPart<'a> {
    date: &'a Date,
}

#[derive(Template)]
#[template(path = "parts/answers-record.html")]
struct AnswersRecordPart<'a> {
    answers: Vec<(&'a str, Vec<&'a str>)>,
}

#[derive(Template)]
#[template(
    source = r#" <span class="toc-notes">({{ count }} for you)</span>"#,
    ext = "html"
)]
struct ContentsMarkPart<'a> {
    count: &'a str,
}

#[derive(Template)]
#[template(path = "parts/side-notes.html")]
struct SideNotesPart<'a> {
    notes: Vec<&'a NoteView>,
}

#[derive(Template)]
#[template(
    source = r#"{% for (name, value) in answers %}<input type="hidden" name="{{ name }}" value="{{ value }}">
{% endfor %}"#,
    ext = "html"
)]
struct KeptAnswersPart<'a> {
    answers: &'a [(String, String)],
}

/// What a reader's answers came to.
pub struct ResultView {
    /// The most serious level raised, which picks the outcome; `None` when no note was.
    pub level: Option<Level>,
    /// The outcome's care card.
    pub card: Fragment,
    /// Every note raised, most serious first.
    pub notes: Vec<NoteView>,
    /// The date of the check, for a printed copy.
    pub checked_on: Date,
    /// The answers, for a printed copy: each answered question of the quiz, by its place, with
    /// the places of the options chosen.
    pub answers: Vec<(usize, Vec<usize>)>,
    /// Every answer given, to carry back to the questions.
    pub given: Vec<(String, String)>,
    /// What the notes and the card stand for, and the slots' widths.
    pub parts: Arc<ResultParts>,
}

impl ResultView {
    /// "Your result: call 999 now - <article>", so the tab and the history say what it is.
    pub fn title(&self, article: &Article) -> String {
        let outcome = article.quiz.as_ref().map(|quiz| quiz.outcome(self.level));
        let heading = outcome.map_or("", |outcome| outcome.heading.as_str());
        format!("Your result: {heading} - {}", article.title)
    }
}

impl ArticlePage {
    /// A part of the result page as the reader gets it (or its marker, in the skeleton).
    pub fn slot(&self, slot: Slot) -> askama::Result<String> {
        let marked = self.slot_with_fragments(slot)?;
        Ok(match &self.result {
            Some(result) if !self.skeleton => {
                let mut text = result.parts.fragments.resolve(&marked);
                let served = links::open_in_new_tab(&text).len();
                let padding = result.parts.padding(slot, served);
                text.extend(std::iter::repeat_n(' ', padding));
                text
            }
            _ => marked,
        })
    }

    /// A part of the result page, rendered for this reader with a marker where each of the
    /// self-check's fragments goes (or the slot's own marker, in the skeleton).
    pub fn slot_with_fragments(&self, slot: Slot) -> askama::Result<String> {
        if self.skeleton {
            // A section no note is ever placed beside has no slot: its text stays in one piece.
            let never_used = match slot {
                Slot::SideNotes(index) | Slot::ContentsMark(index) => {
                    !self.notes_can_sit_beside(index)
                }
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
            Slot::Outcome => OutcomePart {
                card: result.card,
                top_notes: self.top_notes(),
            }
            .render(),
            Slot::NoteList => NoteListPart {
                notes: &result.notes,
            }
            .render(),
            Slot::CheckedOn => CheckedOnPart {
                date: &result.checked_on,
            }
            .render(),
            Slot::AnswersRecord => AnswersRecordPart {
                answers: self.answers_record(&result.answers),
            }
            .render(),
            Slot::ContentsMark(index) => {
                let section = self.article.body.sections.get(index);
                match section.and_then(|s| self.notes_count_beside(&s.id)) {
                    Some(count) => ContentsMarkPart { count: &count }.render(),
                    None => Ok(String::new()),
                }
            }
            Slot::SideNotes(index) => {
                let section = self.article.body.sections.get(index);
                let notes = section.map_or_else(Vec::new, |s| self.notes_beside(&s.id));
                if notes.is_empty() {
                    // Most sections hold no note: nothing to render.
                    return Ok(String::new());
                }
                SideNotesPart { notes }.render()
            }
            Slot::KeptAnswers => KeptAnswersPart {
                answers: &result.given,
            }
            .render(),
        }
    }

    /// Each answered question's legend, with the labels of the options chosen.
    fn answers_record<'a>(
        &'a self,
        chosen: &[(usize, Vec<usize>)],
    ) -> Vec<(&'a str, Vec<&'a str>)> {
        let Some(quiz) = &self.article.quiz else {
            return Vec::new();
        };
        chosen
            .iter()
            .filter_map(|(question, options)| {
                let question = quiz.questions.get(*question)?;
                let labels = options
                    .iter()
                    .filter_map(|o| question.options.get(*o).map(|c| c.label.as_str()));
                Some((question.legend.as_str(), labels.collect()))
            })
            .collect()
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

    pub fn slot_outcome(&self) -> askama::Result<String> {
        self.slot(Slot::Outcome)
    }

    pub fn slot_note_list(&self) -> askama::Result<String> {
        self.slot(Slot::NoteList)
    }

    pub fn slot_checked_on(&self) -> askama::Result<String> {
        self.slot(Slot::CheckedOn)
    }

    pub fn slot_answers_record(&self) -> askama::Result<String> {
        self.slot(Slot::AnswersRecord)
    }

    /// (Askama passes the loop's index by reference.)
    pub fn slot_contents_mark(&self, index: &usize) -> askama::Result<String> {
        self.slot(Slot::ContentsMark(*index))
    }

    /// (Askama passes the loop's index by reference.)
    pub fn slot_side_notes(&self, index: &usize) -> askama::Result<String> {
        self.slot(Slot::SideNotes(*index))
    }

    pub fn slot_kept_answers(&self) -> askama::Result<String> {
        self.slot(Slot::KeptAnswers)
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
    pub fn skeleton(
        settings: &Arc<Settings>,
        article: Arc<Article>,
        quiz: &Quiz,
        parts: &Arc<ResultParts>,
    ) -> askama::Result<ArticlePage> {
        let mut page =
            ArticlePage::answered(settings, article, quiz, &Answers::default(), &[], parts)?;
        page.skeleton = true;
        Ok(page)
    }

    /// The article with the reader's result first. Theirs alone, so never indexed. The notes and
    /// the outcome card are among the self-check's `parts`, rendered at start-up.
    pub fn answered(
        settings: &Arc<Settings>,
        article: Arc<Article>,
        quiz: &Quiz,
        answers: &Answers,
        notes: &[RaisedNote],
        parts: &Arc<ResultParts>,
    ) -> askama::Result<ArticlePage> {
        let fragments = &parts.fragments;
        let level = notes.first().map(|n| n.note.level);
        let card = fragments.card(level).ok_or_else(|| {
            askama::Error::custom("the outcome cards were not rendered at start-up")
        })?;
        let result = ResultView {
            level,
            card,
            notes: notes
                .iter()
                .map(|raised| NoteView::new(raised, fragments))
                .collect::<askama::Result<_>>()?,
            checked_on: Date::today(),
            answers: chosen_options(quiz, answers),
            given: valid_answers(quiz, answers, |_| true),
            parts: parts.clone(),
        };
        Ok(ArticlePage {
            layout: Layout::private(settings),
            article,
            // The questions are a step away ("Change your answers"), not on the result page.
            form: None,
            result: Some(result),
            skeleton: false,
        })
    }

    /// A result as wide as any reader's can be: every note raised, each naming every answer that
    /// can raise it, and every option of every question chosen. It measures the padded slots,
    /// so no reader's page is wider (one that were would be served unpadded, and compressed less
    /// well after it).
    pub fn widest(
        settings: &Arc<Settings>,
        article: Arc<Article>,
        quiz: &Quiz,
        parts: &Arc<ResultParts>,
    ) -> askama::Result<ArticlePage> {
        let everything: Answers = quiz
            .questions
            .iter()
            .flat_map(|q| {
                q.options
                    .iter()
                    .map(|c| (q.name.as_str(), c.value.as_str()))
            })
            .collect();
        let mut page = ArticlePage::answered(settings, article, quiz, &everything, &[], parts)?;
        let notes = quiz
            .notes
            .iter()
            .map(|note| NoteView::widest(quiz, note, &parts.fragments))
            .collect::<askama::Result<Vec<_>>>()?;
        if let Some(result) = &mut page.result {
            result.notes = notes;
        }
        Ok(page)
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

/// A raised note, as the template prints it: the reader's answers between the note's own text
/// before and after them, rendered at start-up.
pub struct NoteView {
    pub id: String,
    pub level: Level,
    pub section: Option<String>,
    pub title: String,
    pub head: Fragment,
    pub said: Vec<String>,
    pub tail: Fragment,
    /// The note as a whole, when it was rendered with this `said` at start-up.
    pub whole: Option<Fragment>,
}

impl NoteView {
    fn new(raised: &RaisedNote, fragments: &Fragments) -> askama::Result<NoteView> {
        let said = raised.said.iter().map(|s| s.to_string()).collect();
        NoteView::with_said(raised.note, said, fragments)
    }

    /// The note as wide as it can be: naming every answer that can raise it.
    fn widest(quiz: &Quiz, note: &Note, fragments: &Fragments) -> askama::Result<NoteView> {
        let mut said: Vec<String> = Vec::new();
        for condition in note.triggers.iter().flat_map(|t| &t.when) {
            let Some(question) = quiz.question(&condition.question) else {
                continue;
            };
            for choice in &question.options {
                if condition.any_of.contains(&choice.value) && !said.contains(&choice.label) {
                    said.push(choice.label.clone());
                }
            }
        }
        NoteView::with_said(note, said, fragments)
    }

    fn with_said(
        note: &Note,
        said: Vec<String>,
        fragments: &Fragments,
    ) -> askama::Result<NoteView> {
        let parts = fragments.note(&note.id).ok_or_else(|| {
            askama::Error::custom(format!("note {} was not rendered at start-up", note.id))
        })?;
        Ok(NoteView {
            id: note.id.clone(),
            level: note.level,
            section: note.section.clone(),
            title: note.title.clone(),
            head: parts.head,
            whole: fragments.whole(&note.id, &said),
            said,
            tail: parts.tail,
        })
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

/// The options chosen, question by question, by their places in the quiz: questions with none
/// are left out.
fn chosen_options(quiz: &Quiz, answers: &Answers) -> Vec<(usize, Vec<usize>)> {
    quiz.questions
        .iter()
        .enumerate()
        .filter_map(|(index, question)| {
            let given: Vec<&str> = answers.values(&question.name).collect();
            let chosen: Vec<usize> = (question.options.iter().enumerate())
                .filter(|(_, option)| given.contains(&option.value.as_str()))
                .map(|(place, _)| place)
                .collect();
            (!chosen.is_empty()).then_some((index, chosen))
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
