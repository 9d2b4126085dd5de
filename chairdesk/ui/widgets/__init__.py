"""Reusable widgets and dialogs for the Run and Plan pages."""
