"""Cases over HTTP: the parties' applications, the staff's queue and transitions, the evaluators'
declarations and scores. ``talentcenter/api/urls.py`` mounts the three routers:

- ``party``: ``/cases``, the talent and the hiring company's members;
- ``staff``: ``/staff/cases``, the back office (staff only);
- ``evaluator``: ``/evaluations``, the external evaluators' own assignments;

with the bodies in ``schemas``, the answers built in ``_output`` and the shared helpers in
``_common``.

Every endpoint is a thin client of ``cases.services`` (which lock, check the actor again, guard,
audit and notify), ``cases.selectors`` and ``cases.policies``: 404 for a case the caller may not
see, 403 for one it sees but may not act on, 409 (code ``conflict``) when the case has moved on
(:class:`~talentcenter.foundation.workflow.TransitionNotAllowed`), 422 for invalid input. Bodies are
strict (unknown fields refused, strings and numbers bounded) so that no input reaches a service
unchecked. The parties never get a link to a file of the case other than the issued document.
"""
