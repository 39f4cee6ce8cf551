"""evaluation models."""
