"""Discipline inspection (纪检): talks, clues and cases, sanctions. Narratives are encrypted at
rest (`core.crypto.EncryptedTextField`, covered by `rotate_field_key`) and read only through
`discipline.access`: the discipline capability within its scope; everyone else gets 404."""

from discipline.models.cases import Case, CaseStep, CaseStepKind, Clue, ClueSource, Disposal, RoutingBasis
from discipline.models.sanctions import Sanction, SanctionKind, SanctionStatus
from discipline.models.talks import Talk, TalkKind

__all__ = [
    "Case",
    "CaseStep",
    "CaseStepKind",
    "Clue",
    "ClueSource",
    "Disposal",
    "RoutingBasis",
    "Sanction",
    "SanctionKind",
    "SanctionStatus",
    "Talk",
    "TalkKind",
]
