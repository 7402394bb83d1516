//! Reading-level estimates for the editor's check: Flesch-Kincaid grade and SMOG grade. Both are
//! rough (they count syllables and sentence length, not meaning), and they disagree by a few
//! grades on the same text, so the check reports both.

/// Counts over one text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStats {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
    /// Words of three or more syllables.
    pub polysyllables: usize,
}

impl TextStats {
    pub fn of(text: &str) -> TextStats {
        let mut stats = TextStats {
            sentences: 0,
            words: 0,
            syllables: 0,
            polysyllables: 0,
        };
        // One word and its letters at a time, in buffers reused for every word: a long article
        // has hundreds of thousands.
        let (mut word, mut letters) = (String::new(), Vec::new());
        for sentence in sentences(text) {
            let mut words_here = 0;
            for raw in sentence.split_whitespace() {
                if !clean_word(raw, &mut word) {
                    continue;
                }
                let count = count_syllables(&word, &mut letters);
                words_here += 1;
                stats.syllables += count;
                stats.polysyllables += usize::from(count >= 3);
            }
            if words_here > 0 {
                stats.words += words_here;
                stats.sentences += 1;
            }
        }
        stats
    }

    /// Flesch-Kincaid grade level (US school grade; add 5 for a reading age).
    pub fn flesch_kincaid_grade(&self) -> f64 {
        if self.words == 0 {
            return 0.0;
        }
        0.39 * (self.words as f64 / self.sentences as f64)
            + 11.8 * (self.syllables as f64 / self.words as f64)
            - 15.59
    }

    /// SMOG grade (McLaughlin 1969), scaled to 30 sentences.
    pub fn smog_grade(&self) -> f64 {
        if self.sentences == 0 {
            return 0.0;
        }
        1.043 * (self.polysyllables as f64 * 30.0 / self.sentences as f64).sqrt() + 3.1291
    }
}

/// Sentences end at `.`, `!` or `?` followed by a space, and at a blank line (headings and list
/// items are sentences of their own).
fn sentences(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for block in text.split("\n\n") {
        let mut start = 0;
        let mut chars = block.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
            if matches!(c, '.' | '!' | '?') && next_is_space {
                found.push(&block[start..at + 1]);
                start = at + 1;
            }
        }
        found.push(&block[start..]);
    }
    found
}

/// Puts a word's letters, lowercased, in `word`; false for numbers and punctuation.
fn clean_word(raw: &str, word: &mut String) -> bool {
    word.clear();
    word.extend(
        raw.chars()
            .filter(|c| c.is_alphabetic() || *c == '\'')
            .flat_map(char::to_lowercase),
    );
    let end = word.trim_end_matches('\'').len();
    word.truncate(end);
    let start = word.len() - word.trim_start_matches('\'').len();
    word.drain(..start);
    !word.is_empty()
}

/// Syllables by vowel groups, with the usual corrections for a silent final `e`; the word's
/// letters are gathered in `letters`, kept from word to word.
fn count_syllables(word: &str, letters: &mut Vec<char>) -> usize {
    letters.clear();
    letters.extend(word.chars().filter(|c| c.is_alphabetic()));
    if letters.len() <= 3 {
        return 1;
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut groups = 0;
    let mut previous_vowel = false;
    for &c in letters.iter() {
        let vowel = is_vowel(c);
        if vowel && !previous_vowel {
            groups += 1;
        }
        previous_vowel = vowel;
    }
    let n = letters.len();
    let ends_with = |s: &str| word.ends_with(s);
    // "make", "takes", "used": a final e (or -es, -ed) that is not sounded.
    let silent_e =
        ends_with("e") && !ends_with("le") && !ends_with("ee") && !is_vowel(letters[n - 2]);
    // "used" and "takes", but not "needed" or "uses".
    let before = letters[n - 3];
    let silent_ed = ends_with("ed") && !matches!(before, 't' | 'd') && !is_vowel(before);
    let silent_es = ends_with("es")
        && !matches!(before, 's' | 'x' | 'z' | 'c' | 'g' | 'h')
        && !is_vowel(before);
    if silent_e || silent_ed || silent_es {
        groups -= 1;
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_are_counted_like_a_reader_would() {
        for (word, expected) in [
            ("back", 1),
            ("pain", 1),
            ("make", 1),
            ("takes", 1),
            ("muscle", 2),
            ("weightlifting", 3),
            ("exercise", 3),
            ("therapist", 3),
            ("osteoporosis", 5),
            ("used", 1),
            ("needed", 2),
        ] {
            assert_eq!(count_syllables(word, &mut Vec::new()), expected, "{word}");
        }
    }

    #[test]
    fn sentences_end_at_full_stops_and_blank_lines() {
        let stats = TextStats::of(
            "Rest a little. Then move again!\n\nA heading\n\nIt helps, e.g. walking.",
        );
        assert_eq!(stats.sentences, 5);
        assert_eq!(stats.words, 12);
    }

    #[test]
    fn short_plain_sentences_score_a_low_grade() {
        let easy = TextStats::of(
            "Most back pain gets better. Keep moving. Walk each day. Rest if you need to.",
        );
        assert!(
            easy.flesch_kincaid_grade() < 3.0,
            "{}",
            easy.flesch_kincaid_grade()
        );
        assert!(easy.smog_grade() < 5.0, "{}", easy.smog_grade());
    }

    #[test]
    fn long_technical_sentences_score_a_high_grade() {
        let hard = TextStats::of(
            "Progressive resistance training attenuates diet-induced reductions in hip bone mineral density among older individuals undergoing intentional caloric restriction.",
        );
        assert!(
            hard.flesch_kincaid_grade() > 16.0,
            "{}",
            hard.flesch_kincaid_grade()
        );
        assert!(hard.smog_grade() > 14.0, "{}", hard.smog_grade());
    }

    #[test]
    fn empty_text_scores_zero() {
        assert_eq!(TextStats::of("").flesch_kincaid_grade(), 0.0);
        assert_eq!(TextStats::of("  ").smog_grade(), 0.0);
    }
}
