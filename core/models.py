"""Core's one table: when each task worker was last seen, for the readiness check."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A task worker (``manage.py run_worker``) writes its row every few seconds, so
    ``/healthz/ready`` can tell a queue that is empty from a queue nobody is working on."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    seen_at = models.DateTimeField(_("laatst gezien"), db_index=True)

    class Meta:
        verbose_name = _("taakverwerker")
        verbose_name_plural = _("taakverwerkers")

    def __str__(self):
        return self.worker_id
