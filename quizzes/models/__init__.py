"""Quiz models, one module per area: banks and questions, quizzes and assignments, attempts."""

from quizzes.models.assignments import Assignment, AssignmentOverride, Quiz, QuizItem
from quizzes.models.attempts import AnswerFile, Attempt, AttemptQuestion
from quizzes.models.banks import Question, QuestionBank, QuestionVersion
from quizzes.models.grades import GradeAdjustment, ScoreChange

__all__ = [
    "AnswerFile", "Assignment", "AssignmentOverride", "Attempt", "AttemptQuestion", "GradeAdjustment", "Question",
    "QuestionBank", "QuestionVersion", "Quiz", "QuizItem", "ScoreChange",
]
