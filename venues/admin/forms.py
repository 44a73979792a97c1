from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from outreach import access, roles
from outreach.models import Township
from venues.models import Venue, VenueZone
from venues.models.posters import PaperSize, PosterFormat
from venues.permissions import own_township_id, sees_all

ZONED_CHILDREN = ("routes", "exits", "equipment")


class VenueAdminForm(WagtailAdminModelForm):
    """Scopes the choices to what the user may touch: their township, this venue's zones."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        user = for_user
        if user is not None and not sees_all(user) and "township" in self.fields:
            township_id = own_township_id(user)
            if township_id is not None:
                self.fields["township"].queryset = Township.objects.filter(pk=township_id)
            else:
                # Venue managers keep the venue where it is, and cannot hand it to others.
                self.fields["township"].disabled = True
                if "managers" in self.fields:
                    self.fields["managers"].disabled = True
        if "managers" in self.fields:
            self.fields["managers"].queryset = self.manager_choices(user)
        zones = (
            VenueZone.objects.filter(venue=self.instance) if self.instance.pk else VenueZone.objects.none()
        )
        for name in ZONED_CHILDREN:
            formset = self.formsets.get(name)
            if formset is None:
                continue
            base = formset.form

            class Scoped(base):
                def __init__(self, *a, _zones=zones, **kw):
                    super().__init__(*a, **kw)
                    self.fields["zone"].queryset = _zones

            formset.form = Scoped
            for form in formset.forms:
                form.fields["zone"].queryset = zones

    def manager_choices(self, user):
        """Venue managers the user may list: all (publicity team), their township's (officers);
        the venue's current managers are always kept, so saving never drops them."""
        if user is None or sees_all(user):
            candidates = access.holders(roles.VENUE_MANAGER)
        else:
            township_id = own_township_id(user)
            candidates = (
                access.holders(roles.VENUE_MANAGER, township_id=township_id)
                if township_id is not None
                else access.holders().none()
            )
        scope = Q(pk__in=candidates.values("pk"))
        if self.instance.pk:
            scope |= Q(pk__in=self.instance.managers.values("pk"))
        return get_user_model().objects.filter(scope).order_by("username")

    def clean_township(self):
        township = self.cleaned_data.get("township")
        user = self.for_user
        restricted = user is not None and not sees_all(user) and not self.fields["township"].disabled
        if restricted and (township is None or township.pk != access.township_id_of(user)):
            raise forms.ValidationError(_("只能选择本乡镇。"))
        return township


class PosterBatchForm(forms.Form):
    township = forms.ModelChoiceField(
        label=_("整个乡镇"), queryset=Township.objects.none(), required=False, empty_label=_("（不按乡镇）")
    )
    venues = forms.ModelMultipleChoiceField(
        label=_("或选择场所"),
        queryset=Venue.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sizes = forms.MultipleChoiceField(
        label=_("纸张"), choices=PaperSize.choices, initial=["A4"], widget=forms.CheckboxSelectMultiple
    )
    formats = forms.MultipleChoiceField(
        label=_("格式"), choices=PosterFormat.choices, initial=["pdf"], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        visible = Venue.objects.visible_to(user).select_related("township")
        self.fields["venues"].queryset = visible
        township_ids = visible.values_list("township_id", flat=True)
        self.fields["township"].queryset = Township.objects.filter(pk__in=township_ids)

    def clean(self):
        data = super().clean()
        if not data.get("township") and not data.get("venues"):
            raise forms.ValidationError(_("请选择一个乡镇，或至少勾选一个场所。"))
        return data

    def selected_venues(self):
        visible = Venue.objects.visible_to(self.user)
        township = self.cleaned_data.get("township")
        if township is not None:
            return visible.filter(township=township, is_open=True)
        return visible.filter(pk__in=[v.pk for v in self.cleaned_data["venues"]])


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("处理说明（举报人可见）"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
