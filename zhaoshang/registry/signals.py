"""Signals of the registry, for apps that follow enterprise data (policies re-evaluate)."""

from django.dispatch import Signal

# Sent after enterprise data changed and was committed. ``enterprise_ids``: the ids of the
# enterprises changed, or None when many may have (an import).
enterprises_changed = Signal()
