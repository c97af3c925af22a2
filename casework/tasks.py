"""Casework Celery tasks: they take ids or times and call a service, nothing else."""

from datetime import datetime

from celery import shared_task
from django.utils import timezone

from .services import visits


@shared_task
def lone_working_sweep(now: str | None = None) -> int:
    """Every minute from beat: alert team leaders about officers who have not checked out of a visit.

    `now` (an ISO date-time) lets a run be replayed for a given moment; beat leaves it out."""
    moment = datetime.fromisoformat(now) if now else timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return visits.lone_working_sweep(now=moment)
