"""Business registration numbers (사업자등록번호).

python-stdnum's ``kr.brn`` checks the length and the parts (tax office, business type, serial);
it does not check the last digit, so the National Tax Service check-digit rule is applied here.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.kr import brn

CHECK_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def brn_check_digit(first_nine: str) -> int:
    """The tenth digit for nine given digits: weighted sum, plus the carry of the ninth times 5."""
    digits = [int(char) for char in first_nine]
    total = sum(digit * weight for digit, weight in zip(digits, CHECK_WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def clean_business_registration_number(value: str) -> str:
    """Return the 10 digits of a valid number, accepting dashes and spaces; raise otherwise."""
    if not isinstance(value, str) or len(value) > 20:
        raise ValidationError(_("Enter a business registration number of 10 digits."), code="brn_format")
    compact = brn.compact(value)
    if not compact.isdigit() or len(compact) != 10:
        raise ValidationError(_("Enter a business registration number of 10 digits."), code="brn_format")
    try:
        brn.validate(compact)
    except StdnumValidationError as error:
        raise ValidationError(
            _("This business registration number does not exist: its tax office, type or serial part is invalid."),
            code="brn_component",
        ) from error
    if brn_check_digit(compact[:9]) != int(compact[9]):
        raise ValidationError(
            _("This business registration number is not valid: its check digit does not match."),
            code="brn_checksum",
        )
    return compact
