"""Casework letters and PDFs: one function per document, rendered by `core.pdf` from templates/casework/letters/."""
