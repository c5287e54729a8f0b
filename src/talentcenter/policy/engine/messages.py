"""Texts the engine gives people, as message keys with arguments, translated at the boundary.

The engine imports no Django, so it cannot translate. It writes its texts as before,
``_("{short} points short of the pass mark of {mark}.").format(short=..., mark=...)``: ``_`` marks
the English msgid for ``makemessages`` (xgettext reads ``_``, ``gettext`` and ``gettext_lazy``
calls) and returns a :class:`Message`, and ``.format`` binds the arguments. A message *is* its
English text (a ``str``), so an answer that nobody translates still reads, and compares, in English;
:func:`translate` gives it in a reader's language: the msgid looked up in that language, then
formatted with its arguments, themselves translated when they are messages. The service boundary
(``talentcenter.policy.services``) translates each engine answer once, for the reader.

Where the words are not a msgid, a message stands for them until the boundary: :func:`in_both`
for a name written in both languages (a reference list's row, a parameter's label), :func:`country`
for an ISO 3166 code, named in the reader's language by the boundary.

The lookups are installed by the Django side (``talentcenter.policy.apps``); without them
(the engine on its own) the English text stands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from talentcenter.foundation.languages import language_of, text_in


def in_language(korean: str, english: str, *, language: str | None) -> str:
    """``korean`` or ``english`` in ``language``; the other one when that is blank."""
    return text_in(korean, english, language)


class Message(str):
    """A text of the engine: its English text, with what :func:`translate` needs to say it otherwise.

    One of: a msgid with arguments (``msgid``, ``arguments``, ``positional``); a concatenation of
    parts (``parts``, what ``+`` of messages gives); a name in both languages (``korean``); a
    country code (``country``).
    """

    msgid: str | None
    arguments: Mapping[str, Any]
    positional: tuple[Any, ...]
    parts: tuple[Any, ...]
    korean: str | None
    country: str | None

    def __new__(
        cls,
        msgid: str,
        arguments: Mapping[str, Any] | None = None,
        positional: tuple[Any, ...] = (),
        *,
        english: str | None = None,
    ) -> Message:
        arguments = dict(arguments or {})
        if english is None:
            english = msgid.format(*positional, **arguments) if arguments or positional else msgid
        message = super().__new__(cls, english)
        message.msgid = msgid
        message.arguments = arguments
        message.positional = tuple(positional)
        message.parts = ()
        message.korean = None
        message.country = None
        return message

    def __getnewargs__(self) -> tuple[str]:
        return (str(self),)

    def format(self, *args: Any, **kwargs: Any) -> Message:
        """The message with its arguments bound (``_("... {x}").format(x=...)``)."""
        if self.msgid is None:
            return Message(str(self).format(*args, **kwargs))
        return Message(self.msgid, {**self.arguments, **kwargs}, (*self.positional, *args))

    def __add__(self, other: str) -> Message:
        return joined((self, other))

    def __radd__(self, other: str) -> Message:
        return joined((other, self))

    def __repr__(self) -> str:
        return f"Message({str(self)!r})"


# The message of each msgid, made once: rules name their criteria each time they run. A message is
# never changed once made (``format`` and ``+`` make new ones), so one can stand for every use.
_MESSAGES: dict[str, Message] = {}


def gettext_lazy(msgid: str) -> Message:
    """Mark ``msgid`` as a text people read (extracted by ``makemessages``); translated at the boundary."""
    message = _MESSAGES.get(msgid)
    if message is None:
        if len(_MESSAGES) >= 20_000:  # only literals are expected; bounded all the same
            _MESSAGES.clear()
        message = _MESSAGES[msgid] = Message(msgid)
    return message


gettext = gettext_lazy
_ = gettext_lazy


def joined(parts: Iterable[Any], separator: str = "") -> Message:
    """Texts one after another (each translated on its own at the boundary)."""
    items: list[Any] = []
    for index, part in enumerate(parts):
        if index and separator:
            items.append(separator)
        items.append(part)
    message = Message("", english="".join(str(part) for part in items))
    message.msgid = None
    message.parts = tuple(items)
    return message


def in_both(korean: str, english: str) -> Message:
    """A name written in both languages; English until translated (the other language when blank)."""
    message = Message(english or korean)
    message.msgid = None
    message.korean = korean or english
    return message


def country(code: str) -> Message:
    """An ISO 3166 country code, named in the reader's language at the boundary (the code until then)."""
    message = Message(code)
    message.msgid = None
    message.country = code
    return message


# The lookups the boundary installs (``talentcenter.policy.apps``): a msgid in a language, and a
# country's name. Without them, English msgids and country codes.
Lookup = Callable[[str, str], str]
_lookups: dict[str, Lookup] = {}


def install(*, gettext: Lookup, country_name: Lookup) -> None:
    """Use these lookups to translate (the Django side installs gettext and django-countries)."""
    _lookups["gettext"] = gettext
    _lookups["country"] = country_name


def _message_in(message: Message, language: str) -> str:
    if message.parts:
        return "".join(translate(part, language) for part in message.parts)
    if message.korean is not None:
        return message.korean if language_of(language) == "ko" else str(message)
    if message.country is not None:
        lookup = _lookups.get("country")
        return (lookup(message.country, language) if lookup else "") or message.country
    if message.msgid is None:
        return str(message)
    lookup = _lookups.get("gettext")
    template = lookup(message.msgid, language) if lookup and message.msgid else message.msgid
    if not (message.arguments or message.positional):
        return template
    arguments = {key: translate(value, language) for key, value in message.arguments.items()}
    positional = [translate(value, language) for value in message.positional]
    try:
        return template.format(*positional, **arguments)
    except (KeyError, IndexError, ValueError):
        # A translation that names another placeholder, or a format the translated text does not take.
        try:
            return template.format(*message.positional, **message.arguments)
        except (KeyError, IndexError, ValueError):
            return str(message)


class InLanguage(list[Any]):
    """Parts of an answer the engine wrote in their reader's language already (e.g. an answer's
    criteria): the boundary's walk leaves them as they are instead of going through them again.
    (A list, not each part marked: JSON serializers take plain dicts fastest.)"""


# What the walk returns as it is, by exact type: most of an answer, checked without a chain of isinstance.
_AS_IS = frozenset({str, int, float, bool, type(None), InLanguage})


def translate(value: Any, language: str) -> Any:
    """``value`` in ``language``: a message as text, and the messages inside dicts, lists and tuples
    (an engine answer, a simulation's result); anything else as it is."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, Message):
        return _message_in(value, language)
    if isinstance(value, str | InLanguage):
        return value
    if isinstance(value, dict):
        return {key: item if type(item) in _AS_IS else translate(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [item if type(item) in _AS_IS else translate(item, language) for item in value]
    if isinstance(value, tuple):
        return tuple(translate(item, language) for item in value)
    return value
