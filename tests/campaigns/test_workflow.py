import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule
from django_q.scheduler import scheduler
from wagtail.models import GroupPagePermission, Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from campaigns.models import CampaignPage
from campaigns.tasks import PUBLISH_SCHEDULED, SCHEDULE_NAME
from outreach import roles
from outreach.workflow import WORKFLOW_NAME
from tests.outreach.factories import UserFactory
from tests.utils import assert_sent_to_dashboard

from .factories import CampaignPageFactory


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", roles=[roles.EDITOR])


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", roles=[roles.REVIEWER])


@pytest.fixture
def draft(campaign_index):
    page = CampaignPageFactory(
        parent=campaign_index, title="草稿活动", slug="draft", live=False, hero_image=None
    )
    page.save_revision()
    return page


def edit_data(page, **extra):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": "修改后的导语",
            "slogan": page.slogan,
            "start_date": "2026-03-01",
            "end_date": "2026-03-31",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data["outreach_settings"] = [s.pk for s in page.outreach_settings.all()]
    data.update(extra)
    return data


def post_edit(client, page, **extra):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_data(page, **extra))


@pytest.mark.django_db
class TestSetUpOnInstall:
    def test_new_sections_are_under_the_review_workflow(self, campaign_index, news_index, resource_index):
        for section in (campaign_index, news_index, resource_index):
            assert section.get_workflow().name == WORKFLOW_NAME
        task = campaign_index.get_workflow().tasks.get().specific
        assert [g.name for g in task.groups.all()] == [roles.REVIEWER]

    def test_editors_may_not_publish_in_the_sections_reviewers_may(self, campaign_index):
        def codenames(role):
            return set(
                GroupPagePermission.objects.filter(page=campaign_index, group__name=role).values_list(
                    "permission__codename", flat=True
                )
            )

        assert codenames(roles.EDITOR) == {"add_page", "change_page"}
        assert "publish_page" in codenames(roles.REVIEWER)

    def test_scheduler_job_runs_every_minute(self, db):
        schedule = Schedule.objects.get(name=SCHEDULE_NAME)
        assert schedule.func == PUBLISH_SCHEDULED
        assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == (Schedule.MINUTES, 1, -1)


@pytest.mark.django_db
class TestEditorCannotPublish:
    def test_publish_button_is_not_offered(self, client, editor, draft):
        client.force_login(editor)
        html = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
        assert 'name="action-submit"' in html
        assert 'name="action-publish"' not in html

    def test_posting_publish_to_the_edit_view_does_not_publish(self, client, editor, draft):
        client.force_login(editor)
        response = post_edit(client, draft, **{"action-publish": "action-publish"})
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
        draft.refresh_from_db()
        assert not draft.live
        assert draft.latest_revision.content["intro"] == "修改后的导语"  # saved as a draft instead

    def test_reviewer_posting_the_same_form_publishes(self, client, reviewer, draft):
        client.force_login(reviewer)
        post_edit(client, draft, **{"action-publish": "action-publish"})
        draft.refresh_from_db()
        assert draft.live

    def test_bulk_publish_endpoint_refuses(self, client, editor, reviewer, draft):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={draft.pk}"
        client.force_login(editor)
        client.post(url, {"include_descendants": False})
        draft.refresh_from_db()
        assert not draft.live
        # The same request from a reviewer does publish: the refusal above is the permission.
        client.force_login(reviewer)
        client.post(url, {"include_descendants": False})
        draft.refresh_from_db()
        assert draft.live

    def test_cannot_approve_own_submission(self, client, editor, draft):
        client.force_login(editor)
        post_edit(client, draft, **{"action-submit": "action-submit"})
        state = WorkflowState.objects.get(object_id=str(draft.pk))
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", state.current_task_state.pk]
        )
        response = client.post(url, {"comment": ""})
        # The admin answers a refused action with a redirect and an error message.
        assert_sent_to_dashboard(response)
        draft.refresh_from_db()
        assert not draft.live
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS


@pytest.mark.django_db
class TestReview:
    def submit(self, client, editor, page):
        client.force_login(editor)
        post_edit(client, page, **{"action-submit": "action-submit"})
        state = WorkflowState.objects.get(object_id=str(page.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        return state

    def act(self, client, reviewer, page, state, action, comment=""):
        client.force_login(reviewer)
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, action, state.current_task_state.pk]
        )
        return client.post(url, {"comment": comment})

    def test_submit_then_approve_publishes(self, client, editor, reviewer, draft):
        state = self.submit(client, editor, draft)
        draft.refresh_from_db()
        assert not draft.live
        self.act(client, reviewer, draft, state, "approve", "可以发布")
        draft.refresh_from_db()
        assert draft.live
        assert draft.intro == "修改后的导语"
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_APPROVED

    def test_reject_keeps_it_unpublished_with_the_comment(self, client, editor, reviewer, draft):
        state = self.submit(client, editor, draft)
        self.act(client, reviewer, draft, state, "reject", "口号要改成群众听得懂的话")
        draft.refresh_from_db()
        assert not draft.live
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        task_state = state.task_states.get()
        assert task_state.status == "rejected"
        assert task_state.get_comment() == "口号要改成群众听得懂的话"


@pytest.mark.django_db
class TestScheduledPublishing:
    def run_scheduler(self):
        """What the cluster's scheduler does each minute: run the jobs that are due."""
        Schedule.objects.filter(name=SCHEDULE_NAME).update(
            next_run=timezone.now() - datetime.timedelta(seconds=1)
        )
        scheduler()

    def test_page_scheduled_for_the_past_minute_goes_live_when_the_job_runs(self, campaign_index):
        page = CampaignPageFactory(parent=campaign_index, title="定时活动", live=False, hero_image=None)
        go_live = timezone.now() + datetime.timedelta(hours=1)
        page.go_live_at = go_live
        page.save_revision().publish()  # what approval does for a page with a go-live time
        page.refresh_from_db()
        assert not page.live
        revision = page.latest_revision
        assert revision.approved_go_live_at is not None
        # An hour later the go-live time lies within the past minute: move it there.
        past_minute = timezone.now() - datetime.timedelta(seconds=30)
        revision.content["go_live_at"] = past_minute.isoformat()
        revision.approved_go_live_at = past_minute
        revision.save(update_fields=["content", "approved_go_live_at"])
        CampaignPage.objects.filter(pk=page.pk).update(go_live_at=past_minute)
        self.run_scheduler()
        page.refresh_from_db()
        assert page.live
        assert Page.objects.live().filter(pk=page.pk).exists()

    def test_future_page_stays_unpublished(self, campaign_index):
        page = CampaignPageFactory(parent=campaign_index, live=False, hero_image=None)
        page.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
        page.save_revision().publish()
        self.run_scheduler()
        page.refresh_from_db()
        assert not page.live

    def test_expired_page_is_unpublished_when_the_job_runs(self, campaign_index):
        page = CampaignPageFactory(parent=campaign_index, hero_image=None)
        CampaignPage.objects.filter(pk=page.pk).update(
            expire_at=timezone.now() - datetime.timedelta(seconds=30)
        )
        self.run_scheduler()
        page.refresh_from_db()
        assert not page.live
        assert page.expired
