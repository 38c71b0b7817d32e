"""The question bank (Teacher API §8, API_SUPPLEMENT §7): chapters, lessons, questions with choices, and the
random selection homework and quizzes are built from."""
