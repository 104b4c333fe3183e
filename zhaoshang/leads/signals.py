"""Signals other apps listen to. ``lead_moved`` is sent inside the stage move's transaction
(``lead``, ``actor``, ``from_stage``, ``to_stage``): what a receiver writes commits or rolls
back with the move."""

from django.dispatch import Signal

lead_moved = Signal()
