"""Fill the 五进 settings and special groups, create the 宣传审核 workflow, grant the roles.

Names are frozen here rather than imported: a migration must not change when the code
does. Section pages created later are attached by campaigns.signals.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SETTINGS = ["enterprise", "rural", "community", "school", "family"]
GROUPS = ["children", "elderly", "disabled", "migrant", "left_behind"]
EDITOR = "宣传编辑"
REVIEWER = "审核"
WORKFLOW_NAME = "宣传审核"
TASK_NAME = "审核组审批"
SECTION_MODELS = ["campaignindexpage", "newsindexpage", "resourceindexpage"]
SECTION_PERMISSIONS = {EDITOR: ["add_page", "change_page"], REVIEWER: ["add_page", "change_page", "publish_page"]}
# Editors and reviewers upload and pick the photos, posters and files of campaign content.
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
SETTING_PERMISSIONS = ["change_publicitymonthsettings"]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    for model, codes in (("OutreachSetting", SETTINGS), ("SpecialGroup", GROUPS)):
        Model = apps.get_model("campaigns", model)
        for order, code in enumerate(codes):
            Model.objects.get_or_create(code=code, defaults={"sort_order": order})

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    editors, _ = Group.objects.get_or_create(name=EDITOR)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWER)

    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore.Collection")
    Page = apps.get_model("wagtailcore.Page")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
        task.groups.set([reviewers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    groups = {EDITOR: editors, REVIEWER: reviewers}
    sections = Page.objects.filter(content_type__app_label="campaigns", content_type__model__in=SECTION_MODELS)
    for page in sections:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
        for role, codenames in SECTION_PERMISSIONS.items():
            for permission in Permission.objects.filter(
                content_type__app_label="wagtailcore", codename__in=codenames
            ):
                GroupPagePermission.objects.get_or_create(group=groups[role], page=page, permission=permission)

    root_collection = Collection.objects.filter(depth=1).first()
    for app_label, codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for group in (editors, reviewers):
            if root_collection is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
    for codename in SETTING_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="campaigns", codename=codename)
        editors.permissions.add(permission)
        reviewers.permissions.add(permission)


def backwards(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore.Task").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("outreach", "0003_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
