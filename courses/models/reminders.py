"""Reminders sent before a term ends; the unique constraint is what makes sending idempotent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .reference import School, Term


class SentReminder(models.Model):
    """One reminder to one school for one term at one mark (21 or 7 days before the end).

    A second run of the job, even a concurrent one, fails to insert the same row and so
    sends nothing."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("学校")
    )
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("学期"))
    days_before = models.PositiveSmallIntegerField(_("距学期结束（天）"))
    status = models.CharField(_("当时状态"), max_length=20)
    missing = models.TextField(_("缺少的内容"))
    recipients = models.TextField(_("收件人"), blank=True)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "school"]
        verbose_name = _("达标提醒")
        verbose_name_plural = _("达标提醒")
        constraints = [
            models.UniqueConstraint(fields=["school", "term", "days_before"], name="sentreminder_once")
        ]

    def __str__(self):
        return f"{self.school} · {self.term} · {self.days_before}"
