"""What documents tells the apps above it, which it may not import.

``document_issued`` is sent once a new document's transaction has committed (never for the
document a retried issue returns), with ``document=`` the :class:`IssuedDocument`. The concierge
starts the holder's settlement plan from it.
"""

from django.dispatch import Signal

document_issued = Signal()
