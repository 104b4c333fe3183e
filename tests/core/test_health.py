"""Liveness and readiness probes."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client


def test_healthz_answers_without_the_database():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_is_migrated():
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["unapplied_migrations"] == []


@pytest.mark.django_db(transaction=True)
def test_readyz_reports_an_unapplied_migration():
    call_command("migrate", "core", "0001", verbosity=0)
    try:
        response = Client().get("/readyz")
        assert response.status_code == 503
        assert "core.0002_audit_append_only" in response.json()["unapplied_migrations"]
    finally:
        call_command("migrate", verbosity=0)
