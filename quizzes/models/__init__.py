"""Quiz models, one module per area: quizzes and assignments, attempts."""

from quizzes.models.assignments import Assignment, AssignmentOverride, Quiz, QuizItem
from quizzes.models.attempts import AnswerFile, Attempt, AttemptQuestion

__all__ = ["AnswerFile", "Assignment", "AssignmentOverride", "Attempt", "AttemptQuestion", "Quiz", "QuizItem"]
