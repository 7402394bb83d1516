//! A reader's answers as the quiz reads them.

/// The form's field names and values, in the order sent: a checkbox question gives one pair per
/// box ticked, a radio question one pair. Held only while one page is made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers(Vec<(String, String)>);

impl Answers {
    /// The values given for one question, in the order sent.
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }
}

impl From<Vec<(String, String)>> for Answers {
    fn from(pairs: Vec<(String, String)>) -> Answers {
        Answers(pairs)
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Answers {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(pairs: I) -> Answers {
        Answers(
            pairs
                .into_iter()
                .map(|(name, value)| (name.into(), value.into()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_those_of_the_named_field_in_the_order_sent() {
        let answers: Answers = [("signs", "fever"), ("pain", "mild"), ("signs", "chest")]
            .into_iter()
            .collect();
        assert_eq!(
            answers.values("signs").collect::<Vec<_>>(),
            ["fever", "chest"]
        );
        assert_eq!(answers.values("age").count(), 0);
    }
}
