"""A bureau's package signing key, and the hits that disconnected posts uploaded."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from polnet.network.models import Bureau, Unit
from polnet.screening.models import Hit

DEFAULT_MAX_AGE_HOURS = 72


class BureauKey(models.Model):
    """The bureau's Ed25519 key for offline packages. The private key is kept sealed with
    AES-256-GCM under a key derived from the server's secret key (`offline/keys.py`)."""

    bureau = models.OneToOneField(Bureau, on_delete=models.CASCADE, related_name="offline_key")
    public_key = models.BinaryField()
    private_sealed = models.BinaryField()
    # How long a post may screen with a package before it says the package expired.
    max_age_hours = models.PositiveIntegerField(default=DEFAULT_MAX_AGE_HOURS)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"offline key of {self.bureau_id}"


class UploadedHit(models.Model):
    """A post's hit id, once: a second upload of the same hit is answered from here."""

    post_hit_id = models.CharField(max_length=64, unique=True)
    post_id = models.CharField(max_length=64)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    hit = models.ForeignKey(Hit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.post_hit_id} -> hit {self.hit_id}"
