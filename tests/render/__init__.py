"""Tests of the renderers (PDF, Word, HTML, email) and of importing past issues."""
