"""Addresses of the volunteer side; outreach.urls includes them before the page tree."""

from django.urls import path

from .admin import records, running
from .admin import views as manage
from .public import views as public

app_name = "volunteers"
urlpatterns = [
    path("volunteers/", public.event_list, name="list"),
    path("volunteers/events/<int:pk>/", public.event_detail, name="event"),
    path("volunteers/register/", public.register, name="register"),
    path("volunteers/register/details/", public.register_details, name="register_details"),
    path("volunteers/me/", public.mine, name="mine"),
    path("volunteers/me/identity/", public.identity, name="identity"),
    path("volunteers/me/qualifications/new/", public.qualification_add, name="qualification_add"),
    path("volunteers/me/certificate-request/", public.certificate_request, name="certificate_request"),
    path("volunteers/me/delete/", public.delete_account, name="delete_account"),
    path("volunteers/shifts/<int:pk>/sign-up/", public.sign_up, name="sign_up"),
    path("volunteers/sign-ups/<int:pk>/cancel/", public.cancel, name="cancel"),
    path("volunteers/sign-ups/<int:pk>/qr.svg", public.signup_qr, name="signup_qr"),
    path("volunteers/offer/<str:token>/", public.offer, name="offer"),
    path("volunteers/certificates/verify/<str:code>/", public.certificate_verify, name="certificate_verify"),
    path("volunteers/certificates/<int:pk>.pdf", public.certificate_pdf, name="certificate_pdf"),
    path("volunteers/manage/", manage.dashboard, name="manage"),
    path("volunteers/manage/events/new/", manage.event_edit, name="manage_event_new"),
    path("volunteers/manage/events/<int:pk>/", manage.event_edit, name="manage_event"),
    path("volunteers/manage/events/<int:pk>/cancel/", manage.event_cancel, name="manage_event_cancel"),
    path("volunteers/manage/events/<int:event_pk>/shifts/new/", manage.shift_edit, name="shift_new"),
    path("volunteers/manage/events/<int:event_pk>/shifts/<int:pk>/", manage.shift_edit, name="shift_edit"),
    path("volunteers/manage/shifts/<int:pk>/", manage.roster, name="roster"),
    path("volunteers/manage/shifts/<int:pk>/check-in/", manage.check_in, name="check_in"),
    path("volunteers/manage/shifts/<int:pk>/add/", manage.add_volunteer, name="add_volunteer"),
    path("volunteers/manage/sign-ups/<int:pk>/approve/", manage.approve, name="approve"),
    path("volunteers/manage/hours/", manage.hours, name="hours"),
    path("volunteers/manage/qualifications/", manage.qualification_review, name="qualifications"),
    path("volunteers/manage/volunteers/", manage.volunteer_list, name="volunteers"),
    path(
        "volunteers/manage/volunteers/<int:pk>/certificate/",
        manage.certificate_issue,
        name="certificate_issue",
    ),
    path("volunteers/manage/events/<int:pk>/copy/", running.event_copy, name="event_copy"),
    path("volunteers/manage/events/<int:pk>/message/", running.message, name="message"),
    path("volunteers/manage/shifts/<int:pk>/copy/", running.shift_copy, name="shift_copy"),
    path("volunteers/manage/shifts/<int:pk>/repeat/", running.shift_repeat, name="shift_repeat"),
    path("volunteers/manage/shifts/<int:pk>/cancel/", running.shift_cancel, name="shift_cancel"),
    path("volunteers/manage/shifts/<int:pk>/delete/", running.shift_delete, name="shift_delete"),
    path("volunteers/manage/shifts/<int:pk>/roster.pdf", running.roster_pdf, name="roster_pdf"),
    path("volunteers/manage/shifts/<int:pk>/roster.xlsx", running.roster_xlsx, name="roster_xlsx"),
    path("volunteers/manage/shifts/<int:pk>/walk-in/", running.walk_in, name="walk_in"),
    path("volunteers/manage/sign-ups/<int:pk>/undo/", running.undo_check, name="undo_check"),
    path("volunteers/manage/sign-ups/<int:pk>/hours/", running.correct_hours, name="correct_hours"),
    path("volunteers/manage/volunteers/<int:pk>/", records.volunteer_record, name="volunteer_record"),
    path("volunteers/team/", records.team, name="team"),
    path("volunteers/manage/export.xlsx", manage.export_xlsx, name="export_xlsx"),
    path("volunteers/manage/export.csv", manage.export_csv, name="export_csv"),
]
