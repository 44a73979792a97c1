"""The platform's roles. Each is a Django group created by a migration.

Group names are what the admin shows, so they are Chinese; code refers to them only
through these constants. Whether a user holds a role is asked of `outreach.access`.
"""

EDITOR = "宣传编辑"
REVIEWER = "审核"
TOWNSHIP_OFFICER = "乡镇管理员"
SCHOOL_STAFF = "学校管理员"
EDUCATION_BUREAU = "教体局"
VENUE_MANAGER = "场所管理员"
BASE_STAFF = "基地管理员"

ALL = [
    EDITOR,
    REVIEWER,
    TOWNSHIP_OFFICER,
    SCHOOL_STAFF,
    EDUCATION_BUREAU,
    VENUE_MANAGER,
    BASE_STAFF,
]
