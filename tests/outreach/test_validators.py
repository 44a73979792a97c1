"""One phone validator for every app: 11 ASCII digits only."""

import pytest
from django.core.exceptions import ValidationError

from outreach.validators import MobilePhoneField, mobile_phone


@pytest.mark.parametrize("phone", ["13812345678", "19900001111"])
def test_valid_numbers(phone):
    mobile_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "1381234567８",
        "١٣٨١٢٣٤٥٦٧٨",
        "１３８１２３４５６７８",
        "12812345678",
        "1381234567",
        "138123456789",
        "13812345678\n",
        "",
    ],
)
def test_non_ascii_digits_and_wrong_shapes_are_refused(phone):
    with pytest.raises(ValidationError) as refused:
        mobile_phone(phone)
    assert "请输入11位手机号码" in refused.value.messages[0]


def test_the_form_field_reads_full_width_digits_as_meant_and_refuses_other_scripts():
    field = MobilePhoneField(required=False)
    assert field.clean("１３８ １２３４-５６７８") == "13812345678"
    assert field.clean("") == ""
    with pytest.raises(ValidationError):
        field.clean("١٣٨١٢٣٤٥٦٧٨")


@pytest.mark.django_db
def test_models_of_every_app_use_it():
    from outreach.models import Profile
    from venues.models import HazardReport, Venue

    for model, name in ((Venue, "responsible_phone"), (HazardReport, "phone"), (Profile, "phone")):
        assert mobile_phone in model._meta.get_field(name).validators, (model, name)
    from tests.venues.factories import VenueFactory

    venue = VenueFactory.build(responsible_phone="1381234567８")
    with pytest.raises(ValidationError) as refused:
        venue.full_clean(exclude=["township", "code"])
    assert "responsible_phone" in refused.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "0", "abc", "１"])
def test_a_multiple_choice_by_id_refuses_what_no_id_can_be(value):
    from django.contrib.auth.models import Group

    from outreach.validators import IdMultipleChoiceField

    field = IdMultipleChoiceField(queryset=Group.objects.all())
    with pytest.raises(ValidationError) as caught:
        field.clean([value])
    assert caught.value.code == "invalid_pk_value"


@pytest.mark.django_db
def test_a_multiple_choice_by_id_takes_real_ids():
    from django.contrib.auth.models import Group

    from outreach.validators import IdMultipleChoiceField

    group = Group.objects.create(name="x")
    assert list(IdMultipleChoiceField(queryset=Group.objects.all()).clean([str(group.pk)])) == [group]
