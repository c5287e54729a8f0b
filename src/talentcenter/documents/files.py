"""Stored files (issued PDFs, case uploads): names nobody can guess, and one way to hand them out.

Nothing under ``MEDIA_ROOT`` is ever served by URL (``urls.py`` has no ``/media/`` route, in any
mode). A file leaves the server only through a view that first checked who is asking, and that view
answers with ``private_file_response``: an attachment, never sniffed as another type, never kept
by a shared cache.

Stored names are random (``secrets.token_urlsafe(32)``, 256 bits): no serial number, case id,
requirement or original file name appears in them, so even a storage that leaked its listing or a
misconfigured bucket would not let anyone find a person's file by guessing.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from talentcenter.documents.metadata import without_metadata
from talentcenter.foundation.downloads import keep_private

NAME_TOKEN_BYTES = 32
_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")


def unguessable_name(folder: str, extension: str) -> str:
    """``<folder>/<43 random URL-safe characters><extension>``; an odd extension is dropped."""
    extension = extension.lower()
    if not _EXTENSION.match(extension):
        extension = ""
    return f"{folder}/{secrets.token_urlsafe(NAME_TOKEN_BYTES)}{extension}"


def private_file_response(file: Any, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download (streamed) for the one person allowed to have it.

    ``Content-Disposition: attachment`` (with the readable ``filename``), ``X-Content-Type-Options:
    nosniff`` and ``Cache-Control: private, no-store``: the browser saves it rather than rendering
    it, and neither it nor a proxy keeps a copy.
    """
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    return keep_private(response)


def _private_bytes(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return keep_private(response)


def private_file_bytes(file: Any, *, filename: str, content_type: str) -> HttpResponse:
    """The same for the API, whose clients expect a plain body rather than a stream."""
    with file.open("rb") as handle:
        return _private_bytes(handle.read(), filename=filename, content_type=content_type)


def private_file_without_metadata(file: Any, *, filename: str, content_type: str) -> HttpResponse:
    """The same, with the file's metadata removed (``documents.metadata``: a PDF's information
    dictionary and XMP, an image's EXIF) for someone who must not learn whose file it is; give it
    a ``filename`` that says nothing either. Raises ``MetadataNotRemovable`` rather than hand out
    a file whose metadata could not be removed."""
    with file.open("rb") as handle:
        content = without_metadata(handle.read(), content_type)
    return _private_bytes(content, filename=filename, content_type=content_type)
