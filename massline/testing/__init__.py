"""Test support shared by the whole suite: the browser harness and checks run before a test run."""
