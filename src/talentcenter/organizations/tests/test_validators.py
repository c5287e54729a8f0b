import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.kr import brn

from talentcenter.organizations.validators import brn_check_digit, clean_business_registration_number
from tests.factories import valid_brn


@given(st.integers(min_value=0, max_value=10**8))
def test_numbers_with_a_correct_check_digit_are_accepted_with_or_without_dashes(seed: int) -> None:
    number = valid_brn(seed)
    dashed = f"{number[:3]}-{number[3:5]}-{number[5:]}"

    assert clean_business_registration_number(dashed) == number
    assert brn.is_valid(number)


@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=1, max_value=9))
def test_a_wrong_check_digit_is_refused(seed: int, offset: int) -> None:
    number = valid_brn(seed)
    wrong = number[:9] + str((int(number[9]) + offset) % 10)

    with pytest.raises(ValidationError) as error:
        clean_business_registration_number(wrong)

    assert error.value.code == "brn_checksum"


@given(st.text(max_size=30))
def test_any_text_is_either_a_valid_number_or_a_validation_error(text: str) -> None:
    try:
        cleaned = clean_business_registration_number(text)
    except ValidationError:
        return
    assert cleaned.isdigit() and len(cleaned) == 10 and brn.is_valid(cleaned)
    assert brn_check_digit(cleaned[:9]) == int(cleaned[9])


def test_a_published_number_passes() -> None:
    # 220-81-62517 is a well-known published number (a large Korean company's tax registration).
    assert clean_business_registration_number("220-81-62517") == "2208162517"


def test_the_api_documents_a_number_its_validator_accepts() -> None:
    # given the example in the API's description of the field (the form's is checked by web/tests/test_form_examples.py)
    from talentcenter.organizations.api import CompanyIn

    description = CompanyIn.model_fields["business_registration_number"].description or ""
    example = description.removeprefix("e.g. ")

    # then
    assert example != description
    assert clean_business_registration_number(example) == example.replace("-", "")
