"""Messages of the pure parsers (symbols, deadlines) that the interface can translate.

Pure Python (no Django): a `Message` is the Vietnamese text wherever a string is expected, and
keeps its template and values so that a view can show it in the active language with
`translated(message, gettext)`. Templates are marked with `gettext_noop` for the catalogue.
"""


def gettext_noop(message: str) -> str:
    """Mark a message for the translation catalogue (xgettext reads this name); return it unchanged."""
    return message


class Message(str):
    """A Vietnamese message with its template and values; values may be Messages themselves."""

    def __new__(cls, template: str, **params):
        message = super().__new__(cls, template % params if params else template)
        message.template, message.params = template, params
        return message

    def translate(self, gettext) -> str:
        params = {name: translated(value, gettext) for name, value in self.params.items()}
        return gettext(self.template) % params if params else gettext(self.template)


class Capitalized(Message):
    """A message shown with a capital first letter, in whatever language it is translated to."""

    def __new__(cls, inner: str):
        message = str.__new__(cls, inner[:1].upper() + inner[1:])
        message.template, message.params, message.inner = str(inner), {}, inner
        return message

    def translate(self, gettext) -> str:
        text = translated(self.inner, gettext)
        return text[:1].upper() + text[1:]


def translated(message, gettext):
    """Return a Message in the language of `gettext`; anything else unchanged."""
    return message.translate(gettext) if isinstance(message, Message) else message
