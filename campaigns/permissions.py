"""Who may do what in the campaign content app, in terms of `outreach.access`.

Pages are Wagtail's: who edits and publishes them is the page permissions of the groups
and the review workflow. What this module adds is the coverage ledger and the campaign
sections of the admin menu: the whole county's coverage, read by the publicity team.
"""

from outreach.access import COUNTY_WIDE, has_role

LEDGER_ROLES = COUNTY_WIDE.coverage


def can_view_ledger(user):
    return has_role(user, *LEDGER_ROLES)
