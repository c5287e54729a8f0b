"""What the cases API's routers share besides the schemas and the answers: service errors renamed
to the body's fields, and the operation ids the API has always published. (The caller is
``accounts.request_user.signed_in_user(request)``: our auth has set ``request.user``.)"""

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.core.exceptions import ValidationError
from ninja import Router

Result = TypeVar("Result")


def fields_renamed(call: Callable[[], Result], names: Mapping[str, str]) -> Result:
    """Run a service; its errors name the service's arguments, the answer names the body's fields."""
    try:
        return call()
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): messages for field, messages in error.error_dict.items()}
        ) from None


def keep_operation_ids(router: Router) -> None:
    """Give each operation the id it had when the cases API was one module, ``talentcenter.cases.api``
    (ninja derives the id from the view's module): clients generated from the document keep working."""
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            operation.operation_id = operation.operation_id or f"talentcenter_cases_api_{operation.view_func.__name__}"
