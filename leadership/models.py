"""leadership models."""
