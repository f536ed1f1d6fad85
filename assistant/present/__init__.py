"""Pure presentation helpers for the Streamlit app (no Streamlit imports here, so they are unit-testable).

- `markdown`: escaping of document text, the quote highlighted in its passage, safe rendering of answers.
- `pages`: the PDF page behind a citation, as a one-page PDF.
- `charts`: Altair charts and tables for calculation-tool results, with a caption naming the sources.
- `export`: memo -> .docx / .md, conversation -> Markdown / JSON.
- `feedback`: thumbs up/down records in a JSONL file.
- `onboarding`: starter questions per audience and the filter options of the index.
"""
