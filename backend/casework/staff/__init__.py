"""Staff workspace: sign-in, the handoff review queue, case pages and the training corrections (/staff/)."""
