"""Who an issued document is about, for privacy's access log.

A document names what it was issued for by ``subject_type`` and ``subject_id`` (today always a
case, ``cases.case``), not by person: documents sits below cases and cannot read them. The app that
issues for a kind of subject registers how to find the person behind it at start-up
(``cases.access_log.register`` from ``CasesConfig.ready``); a document of a kind nobody registered,
or issued without a subject, has no holder to log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable

from talentcenter.accounts.models import User
from talentcenter.documents.models import IssuedDocument

# subject ids (as documents store them) -> {subject id: the person}
HolderResolver = Callable[[Collection[str]], dict[str, User]]

_resolvers: dict[str, HolderResolver] = {}


def register_holder_resolver(subject_type: str, resolver: HolderResolver) -> None:
    _resolvers[subject_type] = resolver


def holders_of(documents: Iterable[IssuedDocument]) -> dict[int, User]:
    """The person each document is about, by document id: one query per kind of subject listed."""
    wanted: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for document in documents:
        if document.subject_type in _resolvers and document.subject_id:
            wanted[document.subject_type][document.subject_id].append(document.pk)
    holders: dict[int, User] = {}
    for subject_type, documents_of_subject in wanted.items():
        people = _resolvers[subject_type](list(documents_of_subject))
        for subject_id, document_ids in documents_of_subject.items():
            if subject_id in people:
                holders.update(dict.fromkeys(document_ids, people[subject_id]))
    return holders


def holder_of(document: IssuedDocument) -> User | None:
    """The person ``document`` is about, or None (one query when there is one)."""
    return holders_of([document]).get(document.pk)
