"""The citation verifier: claims -> repaired citations -> named rules (see pipeline.py)."""
from rag.verify.pipeline import Verified, verify_answer

__all__ = ["Verified", "verify_answer"]
