"""The one error of document reading, shared by the text extraction and the OCR."""


class UnreadableDocument(Exception):
    """The file's text cannot be read; the message says why and what to do instead."""
