"""Results for people: text, JSON, CSV and Markdown, sentences, reports, charts, progress."""
