from django.db import models
from django.utils.translation import gettext_lazy as _


class TimerRun(models.Model):
    """When a timer job is next due, shared by every server's timer loop (see timers.claim_due)."""

    name = models.CharField(_("job"), max_length=64, primary_key=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_host = models.CharField(_("last run on"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("timer run")
        verbose_name_plural = _("timer runs")

    def __str__(self):
        return self.name
