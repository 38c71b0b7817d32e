"""Quizzes (issue #13): writing quizzes, attempts (start, autosave, submit, the timer), grading,
visibility, overrides, results and item analysis."""
