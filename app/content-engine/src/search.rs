//! Full-text search over the course: lessons, slides, speaker notes, process areas, glossary terms
//! and handouts. The index is built once with the course; a query scores every document with a
//! small BM25-style formula (term frequency saturates, rare words weigh more, a title match counts
//! extra) and returns the best with a snippet around the first match.
//!
//! The course is a few hundred documents, so a linear scan over pre-tokenized text answers in well
//! under a millisecond; an inverted index would add code without a measurable gain.

use std::collections::HashMap;

use domain::course::{SearchHit, SnippetPart};

/// One searchable thing.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: &'static str,
    pub title: String,
    /// Where the document sits, for example the module a slide belongs to.
    pub context: String,
    pub url: String,
    pub text: String,
}

#[derive(Debug, Clone)]
struct Indexed {
    document: Document,
    title_terms: Vec<String>,
    term_counts: HashMap<String, u32>,
    length: usize,
}

#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    documents: Vec<Indexed>,
    /// How many documents contain each term.
    document_frequency: HashMap<String, u32>,
    average_length: f64,
}

/// Queries longer than this are cut: no one types more, and it bounds the work per request.
pub const MAX_QUERY_CHARS: usize = domain::course::MAX_SEARCH_QUERY_CHARS;
const SNIPPET_CHARS: usize = 220;

impl SearchIndex {
    pub fn new(documents: Vec<Document>) -> SearchIndex {
        let mut document_frequency: HashMap<String, u32> = HashMap::new();
        let documents: Vec<Indexed> = documents
            .into_iter()
            .map(|document| {
                let terms = tokenize(&format!("{} {}", document.title, document.text));
                let mut term_counts: HashMap<String, u32> = HashMap::new();
                for term in &terms {
                    *term_counts.entry(term.clone()).or_default() += 1;
                }
                for term in term_counts.keys() {
                    *document_frequency.entry(term.clone()).or_default() += 1;
                }
                Indexed {
                    title_terms: tokenize(&document.title),
                    length: terms.len(),
                    term_counts,
                    document,
                }
            })
            .collect();
        let average_length =
            documents.iter().map(|d| d.length as f64).sum::<f64>() / documents.len().max(1) as f64;
        SearchIndex {
            documents,
            document_frequency,
            average_length,
        }
    }

    pub fn len(&self) -> usize {
        self.documents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// The best `limit` documents for `query`, best first. Every query word must appear (a word
    /// matches as a prefix, so "recover" finds "recovery").
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let mut words = tokenize(&query);
        words.sort();
        words.dedup();
        if words.is_empty() {
            return Vec::new();
        }
        let total = self.documents.len() as f64;
        let mut scored: Vec<(f64, &Indexed)> = self
            .documents
            .iter()
            .filter_map(|doc| {
                let mut score = 0.0;
                for word in &words {
                    let matches: Vec<(&String, &u32)> = doc
                        .term_counts
                        .iter()
                        .filter(|(term, _)| term.starts_with(word.as_str()))
                        .collect();
                    if matches.is_empty() {
                        return None;
                    }
                    for (term, count) in matches {
                        let df = f64::from(*self.document_frequency.get(term).unwrap_or(&1));
                        let idf = ((total - df + 0.5) / (df + 0.5) + 1.0).ln();
                        let tf = f64::from(*count);
                        let (k1, b) = (1.2, 0.75);
                        let norm = tf * (k1 + 1.0)
                            / (tf
                                + k1 * (1.0 - b
                                    + b * doc.length as f64 / self.average_length.max(1.0)));
                        // An exact word counts fully, a longer word it is the prefix of counts less.
                        let exactness = if term == word { 1.0 } else { 0.6 };
                        score += idf * norm * exactness;
                    }
                    if doc.title_terms.iter().any(|t| t.starts_with(word.as_str())) {
                        score += 2.0;
                    }
                }
                Some((score, doc))
            })
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| a.1.document.url.cmp(&b.1.document.url))
        });
        scored
            .into_iter()
            .take(limit)
            .map(|(score, doc)| SearchHit {
                kind: doc.document.kind.to_string(),
                title: doc.document.title.clone(),
                context: doc.document.context.clone(),
                url: doc.document.url.clone(),
                snippet: snippet(&doc.document.text, &words),
                score,
            })
            .collect()
    }
}

/// The text of rendered HTML, for indexing: tags become spaces, the five entities pulldown-cmark
/// writes are decoded, and runs of white space are folded.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lowercase words of letters and digits; words of one character are dropped.
pub fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() > 1)
        .map(str::to_lowercase)
        .collect()
}

/// A window of `text` around the first query word, cut at word boundaries, with every word that
/// starts with a query word marked for highlighting.
pub fn snippet(text: &str, words: &[String]) -> Vec<SnippetPart> {
    let (start, end) = snippet_window(text, words);
    let plain = |text: &str| SnippetPart {
        text: text.into(),
        highlight: false,
    };
    let mut parts: Vec<SnippetPart> = Vec::new();
    if start > 0 {
        parts.push(plain("… "));
    }
    parts.extend(highlight(&text[start..end], words));
    if end < text.len() {
        parts.push(plain(" …"));
    }
    parts
}

/// The byte range of `text` to show: about `SNIPPET_CHARS` starting a little before the first
/// query word, both ends moved to a space (when there is one) so that no word is cut.
fn snippet_window(text: &str, words: &[String]) -> (usize, usize) {
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths for a few scripts; fall back to the start then.
    let first = if lower.len() == text.len() {
        words
            .iter()
            .filter_map(|w| find_word_start(&lower, w))
            .min()
            .unwrap_or(0)
    } else {
        0
    };
    let mut start = first.saturating_sub(SNIPPET_CHARS / 3);
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    if start > 0 {
        start = text[start..]
            .find(' ')
            .map(|i| start + i + 1)
            .unwrap_or(start);
    }
    let mut end = (start + SNIPPET_CHARS).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    if end < text.len() {
        end = text[..end].rfind(' ').filter(|&i| i > start).unwrap_or(end);
    }
    (start, end)
}

/// Splits `window` into plain runs and the words that start with a query word, in order; the
/// parts joined give `window` back unchanged.
fn highlight(window: &str, words: &[String]) -> Vec<SnippetPart> {
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut plain = String::new();
    let mut rest = window;
    while !rest.is_empty() {
        let word_end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        if word_end == 0 {
            let c = rest.chars().next().expect("not empty");
            plain.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let word = &rest[..word_end];
        let lowered = word.to_lowercase();
        if words.iter().any(|w| lowered.starts_with(w.as_str())) {
            if !plain.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut plain),
                    highlight: false,
                });
            }
            parts.push(SnippetPart {
                text: word.to_string(),
                highlight: true,
            });
        } else {
            plain.push_str(word);
        }
        rest = &rest[word_end..];
    }
    if !plain.is_empty() {
        parts.push(SnippetPart {
            text: plain,
            highlight: false,
        });
    }
    parts
}

/// The byte offset of the first word of `text` that starts with `word`.
fn find_word_start(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kind: &'static str, title: &str, text: &str) -> Document {
        Document {
            kind,
            title: title.into(),
            context: String::new(),
            url: format!("/{}", title.to_lowercase().replace(' ', "-")),
            text: text.into(),
        }
    }

    fn index() -> SearchIndex {
        SearchIndex::new(vec![
            doc("lesson", "Incident management", "Incidents are declared, escalated and closed. An incident review follows every major incident."),
            doc("slide", "Service continuity", "Plans are exercised. After an incident the plan may be executed."),
            doc("glossary", "Asset", "Something of value: people, information, technology or facilities."),
        ])
    }

    #[test]
    fn ranks_by_relevance_with_title_boost() {
        let hits = index().search("incident", 10);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].title, "Incident management");
        assert!(hits[0].score > hits[1].score);
    }

    #[test]
    fn every_word_must_match_and_prefixes_count() {
        let index = index();
        assert_eq!(index.search("incident plans", 10).len(), 1);
        assert_eq!(index.search("facil", 10)[0].title, "Asset");
        assert!(index.search("nothing-like-this", 10).is_empty());
        assert!(index.search("  ", 10).is_empty());
        assert!(
            index.search("a", 10).is_empty(),
            "one-letter words are ignored"
        );
    }

    #[test]
    fn snippets_highlight_matches_and_keep_all_text_as_text() {
        let hits = index().search("escalated", 10);
        let parts = &hits[0].snippet;
        assert!(parts.iter().any(|p| p.highlight && p.text == "escalated"));
        let joined: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert!(joined.contains("declared, escalated and closed"));
    }

    #[test]
    fn long_text_gets_a_window_around_the_match() {
        let long = format!("{} needle {}", "word ".repeat(200), "tail ".repeat(200));
        let parts = snippet(&long, &["needle".to_string()]);
        let joined: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert!(joined.starts_with("… ") && joined.ends_with(" …"));
        assert!(joined.len() < 300);
        assert!(parts.iter().any(|p| p.highlight && p.text == "needle"));
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            html_to_text("<p>Risk &amp; <em>resilience</em></p>\n<p>next</p>"),
            "Risk & resilience next"
        );
    }

    #[test]
    fn very_long_queries_are_cut() {
        let query = "incident ".repeat(1000);
        assert_eq!(index().search(&query, 10).len(), 2);
    }
}
