"""The public verification forms (a serial number, and optionally the PDF to compare), and the
box staff tick to confirm which document they revoke."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from talentcenter.documents import selectors
from talentcenter.documents.models import IssuedDocument


class SerialForm(forms.Form):
    serial = forms.CharField(
        label=_("Serial number"),
        max_length=64,
        help_text=_("As printed on the document, for example KTP-2026-000001 or KRL-2026-000001."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {"serial": ("KTP-2026-000001", "KRL-2026-000001")}

    def clean_serial(self) -> str:
        serial = selectors.normalize_serial(self.cleaned_data["serial"])
        if not selectors.is_serial(serial):
            raise forms.ValidationError(
                _("Enter the serial number as printed, for example KTP-2026-000001."), code="format"
            )
        return serial


class FileForm(forms.Form):
    file = forms.FileField(
        label=_("The PDF document"),
        help_text=_("PDF, at most 10 MB. The file is only compared with our record and is not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self) -> str:
        upload: Any = self.cleaned_data["file"]
        try:
            return selectors.sha256_of_upload(upload.chunks(), size=upload.size)
        except selectors.UploadRefused as error:
            raise forms.ValidationError(str(error), code="refused") from None


def revocation_confirmation(document: IssuedDocument) -> forms.BooleanField:
    """The box staff tick before a revocation is asked for, confirmed or made at once, or before a
    case is reopened (which revokes its document). It names the document, so that a slip does not
    revoke the wrong one, and the form refuses the revocation without it: a browser's confirm()
    alone would not stop a request sent without the page's script."""
    return forms.BooleanField(
        label=gettext(
            "I have checked that %(kind)s %(serial)s, held by %(holder)s, is the document to revoke, "
            "and that a revocation cannot be undone."
        )
        % {"kind": document.get_kind_display(), "serial": document.serial, "holder": document.holder_name_latin},
        error_messages={"required": _("Tick the box to confirm that this is the document to revoke.")},
    )
