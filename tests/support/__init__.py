"""Test support code shared by the suites and the bench (emulators of outside services)."""
