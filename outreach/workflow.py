"""The 宣传审核 workflow: editors draft and submit, reviewers approve and publish.

Every section that publishes to the public (the campaign, news and resource indexes,
the culture streets) is attached to the workflow and gets its page permissions the
moment it is created, so whatever is written under it goes through review. The apps
call `attach_section` from their own signals; their data migrations did the same for
sections that already existed.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from outreach import roles

WORKFLOW_NAME = "宣传审核"
TASK_NAME = "审核组审批"

# Editors may draft, edit and submit, never publish; reviewers publish.
SECTION_PERMISSIONS = {
    roles.EDITOR: ["add_page", "change_page"],
    roles.REVIEWER: ["add_page", "change_page", "publish_page"],
}


def publicity_workflow():
    """The workflow, created with its single reviewers' task if missing."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set([Group.objects.get_or_create(name=roles.REVIEWER)[0]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def attach_section(page):
    """Put a section page under the workflow and give the roles their rights on it."""
    WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": publicity_workflow()})
    for role, codenames in SECTION_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
