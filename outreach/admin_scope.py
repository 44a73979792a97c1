"""The admin names only what a user's listings show them: in choosers and bulk actions too.

A snippet viewset scopes its listing with `get_queryset(request)` (venues to their township
or managers, schools to their staff...). Wagtail's choosers and the bulk-delete
confirmation do not ask it: they list, find and name every row. Here they do:

- `ListingScopedChooserViewSet`, set as a viewset's `chooser_viewset_class`, lists,
  searches and hands back only the rows the model's listing shows the user;
- the snippets' bulk delete (registered in outreach.wagtail_hooks) leaves out of its
  confirmation and its work every row the listing would not show.
"""

from django.utils.functional import cached_property
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)


def listed(model, request):
    """The rows of a snippet model that its admin listing shows to the request's user."""
    viewset = getattr(model, "snippet_viewset", None)
    queryset = viewset.get_queryset(request) if viewset is not None else None
    return model._default_manager.all() if queryset is None else queryset


class ListedObjectsMixin:
    def get_object_list(self):
        return listed(self.model_class, self.request)


class ListedChooseView(ListedObjectsMixin, ChooseView):
    pass


class ListedChooseResultsView(ListedObjectsMixin, ChooseResultsView):
    pass


class ListedChosenView(SnippetChosenView):
    def get_object(self, pk):
        return listed(self.model_class, self.request).get(pk=pk)


class ListedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return listed(self.model_class, self.request).filter(pk__in=pks)


class ListingScopedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ListedChooseView
    choose_results_view_class = ListedChooseResultsView
    chosen_view_class = ListedChosenView
    chosen_multiple_view_class = ListedChosenMultipleView


class ListedDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete of snippets, blind to rows outside the user's listing.

    Rows the user may see but not delete are still named as refused, as before.
    """

    def get_all_objects_in_listing_query(self, parent_id):
        return listed(self.model, self.request).values_list("pk", flat=True)

    @cached_property
    def _actionable_objects(self):
        objects, context = super(DeleteBulkAction, self).get_actionable_objects()
        refused = context["items_with_no_access"]
        shown = set(
            listed(self.model, self.request)
            .filter(pk__in=[obj.pk for obj in [*objects, *refused]])
            .values_list("pk", flat=True)
        )
        return (
            [obj for obj in objects if obj.pk in shown],
            {"items_with_no_access": [obj for obj in refused if obj.pk in shown]},
        )
