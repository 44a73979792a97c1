"""The app's shape: places and sign-up states are capacity's, screens live in public/ and
admin/, the services are a package that still answers to `services.<name>`."""

import importlib

from campaigns.volunteers import services
from campaigns.volunteers.models import Shift, Signup
from outreach.models import Claim


def test_a_shift_keeps_no_copy_of_its_pools_size():
    columns = {field.name for field in Shift._meta.concrete_fields}
    assert columns.isdisjoint({"places", "capacity", "size", "taken", "places_left"})
    assert "pool" in columns


def test_a_signup_keeps_no_copy_of_its_claims_state():
    own_states = {value for value, _label in Signup.STATE_CHOICES}
    claim_states = {Claim.HELD, Claim.WAITING, Claim.OFFERED, "confirmed"}
    assert own_states.isdisjoint(claim_states)
    columns = {field.name for field in Signup._meta.concrete_fields}
    assert "status" not in columns and "claim" in columns


def test_screens_live_in_public_and_admin_and_the_old_views_are_gone():
    importlib.import_module("campaigns.volunteers.public.views")
    importlib.import_module("campaigns.volunteers.admin.views")
    try:
        importlib.import_module("campaigns.volunteers.views")
    except ModuleNotFoundError:
        pass
    else:
        raise AssertionError("campaigns.volunteers.views should be gone")


def test_the_services_package_keeps_every_name():
    for name in ("sign_up", "cancel", "check_in", "confirm_hours", "issue_certificate", "Refused"):
        assert callable(getattr(services, name))
    assert services.__file__.endswith("__init__.py")


def test_organiser_scope_is_the_access_layers():
    import campaigns.volunteers.admin.views as admin_views

    assert not hasattr(admin_views, "_townships_for")
