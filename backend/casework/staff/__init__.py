"""Staff workspace: sign-in, the handoff review queue, case pages and the NLU export (/staff/)."""
