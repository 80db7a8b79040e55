"""The text2qti reader's state machine: directives (from ``lex``) to ``QuestionSpec``s.

It enforces text2qti 0.8's rules (see ``text2qti/quiz.py``), but instead of stopping at the first
problem it records each one, with its line, and reads on, so an instructor sees every problem at once.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from banks.formats.base import ParsedBank, ParseProblem
from banks.formats.text2qti import values
from banks.formats.text2qti.blocks import OPTIONS, Blocks, _Group, _Text
from banks.formats.text2qti.lex import lex
from banks.formats.text2qti.values import TRUE_FALSE_TEXTS, excerpt
from banks.spec import AcceptedAnswer, Choice, NumericAnswer, QuestionSpec, QuestionType

MAX_PROBLEMS = 100
T = QuestionType
TYPES = {"mc": T.SINGLE_CHOICE, "ma": T.MULTIPLE_ANSWER, "sa": T.SHORT_ANSWER, "num": T.NUMERIC,
         "essay": T.ESSAY, "upload": T.FILE_UPLOAD}
KINDS = {"mc": '"a)" / "*a)" choices', "ma": '"[ ]" / "[*]" choices', "sa": '"*" short answers',
         "num": 'an "=" numerical answer', "essay": 'a "___" essay response',
         "upload": 'a "^^^^" file upload'}
WHAT = {"question_title": '"Title:"', "question_points": '"Points:"'}


class _Stop(Exception):
    """Too many problems: stop reading."""


@dataclass
class _Question:
    ordinal: int
    line: int  # first line of the block (its Title:/Points: line if any)
    qline: int  # the "1." line
    prompt: str
    title: str
    points: Decimal
    group: _Group | None
    own_points: bool = False
    broken: bool = False
    kind: str | None = None
    choices: list = field(default_factory=list)  # [text, correct, feedback]
    answers: list = field(default_factory=list)
    seen: set = field(default_factory=set)  # the choices' or answers' texts, to find duplicates
    numeric: NumericAnswer | None = None
    feedback: str | None = None
    correct_feedback: str | None = None
    incorrect_feedback: str | None = None
    solution: str | None = None


class Parser(Blocks):
    def __init__(self):
        self.bank = ParsedBank()
        self.specs: list[QuestionSpec] = []
        self.items = 0  # questions, text regions and group delimiters so far
        self.last: _Question | _Text | _Group | None = None  # the last of them
        self.question: _Question | None = None  # the question still being read
        self.group: _Group | None = None
        self.pending: dict[str, tuple[str, int]] = {}  # "Title:" / "Points:" awaiting their question
        self.prompts: dict[str, int] = {}
        self.ordinal = 0
        self.options: set[str] = set()
        self.one_at_a_time = False
        self.feedback_is_solution = False
        self.saw_title = self.saw_description = False
        self.run: list | None = None  # [kind, error index, more lines, last line] of unexpected lines
        self.handlers = {name[3:]: getattr(self, name) for name in dir(self) if name.startswith("on_")}

    # -- driving ---------------------------------------------------------------------------------

    def parse(self, text: str) -> ParsedBank:
        lines = text.split("\n")
        handlers = self.handlers
        try:
            for action, value, first, last in lex(lines):
                if action != "unknown" and self.run is not None:
                    self.end_run()
                handler = handlers.get(action)
                if handler is not None:
                    handler(value, first, last)
                elif action in OPTIONS:
                    self.option(action, value, first)
                else:  # "error"
                    self.broken(first, value)
            self.finish_question()
            if self.pending:
                self.unused_pending(len(lines))
            if self.group is not None:
                self.problem(self.group.line, '"GROUP" is never closed by an "END_GROUP" line')
        except _Stop:
            pass
        self.end_run()
        bank = self.bank
        bank.questions = self.specs
        bank.errors.sort(key=lambda problem: problem.line)
        if not bank.errors and all(q.type == T.TEXT for q in self.specs):
            self.problem(1, "the file contains no questions (a question starts with a number and a "
                            'period, like "1.  What is 2+3?")')
        return bank

    def problem(self, line: int, message: str) -> None:
        errors = self.bank.errors
        if len(errors) >= MAX_PROBLEMS:
            errors.append(ParseProblem(line, f"more than {MAX_PROBLEMS} problems; stopped reading here. "
                                             "Fix the problems above and import the file again"))
            raise _Stop
        message = message[0].upper() + message[1:]
        errors.append(ParseProblem(line, message if message.endswith((".", ")")) else message + "."))

    def broken(self, line: int, message: str) -> None:
        """A problem with the question being read: it will not be imported."""
        if self.question is not None:
            self.question.broken = True
        self.problem(line, message)

    def unused_pending(self, line: int) -> bool:
        """Report a "Title:"/"Points:" not directly followed by its question; True if there was one."""
        if not self.pending:
            return False
        names = " and ".join(WHAT[k] for k in self.pending)
        first = min(line for _, line in self.pending.values())
        self.pending = {}
        self.problem(first, f"{names} must be directly followed by its question line, like "
                            '"1.  What is 2+3?", with no blank line or anything else between')
        return True

    def current(self, line: int, what: str) -> _Question | None:
        """The question the directive at ``line`` belongs to, or None after reporting why none."""
        if self.pending and self.unused_pending(line):
            return None
        if not isinstance(self.last, _Question):
            self.problem(line, f"{what} without a question: it must come after a question line "
                               'like "1.  What is 2+3?"')
            return None
        return self.last

    def add_item(self, item) -> None:
        """Start a question, text region or group delimiter, finishing the question before it."""
        self.finish_question()
        self.items += 1
        self.last = item

    # -- questions ----------------------------------------------------------------------------------

    def on_question(self, text, first, last):
        self.add_item(None)
        title, _ = self.pending.get("question_title", ("", 0))
        points_text, points_line = self.pending.get("question_points", ("", 0))
        start = min([first] + [line for _, line in self.pending.values()])
        self.pending = {}
        self.ordinal += 1
        q = _Question(self.ordinal, start, first, text, title, Decimal(1), self.group)
        self.last = self.question = q
        if points_text:
            points = values.points(points_text)
            if isinstance(points, str):
                self.broken(points_line, points)
            else:
                q.points, q.own_points = points, True
        seen = self.prompts.setdefault(values.same_text_key(text), first)
        if seen != first:
            self.broken(first, f"question {q.ordinal} has the same text as the question on line {seen}; "
                               "text2qti does not allow duplicate questions")
        group = self.group
        if group is not None:
            if group.member_points is None:
                group.member_points = q.points
            elif group.member_points != q.points:
                self.broken(first, f"question {q.ordinal} is worth {q.points} points but the questions "
                                   f"before it in this GROUP are worth {group.member_points}; all questions "
                                   "in a group must be worth the same")
            group.count += 1

    def on_question_title(self, text, first, last):
        if "question_title" in self.pending:
            self.unused_pending(first)
        elif "question_points" in self.pending:
            self.pending = {}
            return self.problem(first, '"Title:" must come before "Points:", not after it')
        self.pending["question_title"] = (text, first)

    def on_question_points(self, text, first, last):
        if "question_points" in self.pending:
            self.unused_pending(first)
        self.pending["question_points"] = (text, first)

    def on_feedback(self, text, first, last):
        q = self.current(first, 'feedback ("...")')
        if q is None:
            return
        if not q.choices and not q.answers:
            if q.kind is not None:
                return self.broken(first, f'question {q.ordinal}: general feedback ("...") must come right '
                                          "after the question text, before its answer")
            if q.feedback is not None:
                return self.broken(first, f'question {q.ordinal} has two general feedback ("...") lines')
            q.feedback = text
        elif q.kind == "sa":
            self.broken(first, f"question {q.ordinal}: short answers cannot have their own feedback; put "
                               'general feedback ("...") right after the question text instead')
        elif q.choices[-1][2] is not None:
            self.broken(first, f'question {q.ordinal}: a choice has two feedback ("...") lines')
        else:
            q.choices[-1][2] = text

    def _early_feedback(self, text, first, attr, mark):
        q = self.current(first, f'feedback ("{mark}")')
        if q is None:
            return
        if q.kind is not None:
            return self.broken(first, f'question {q.ordinal}: feedback "{mark}" must come right after the '
                                      "question text, before its choices or answer")
        if getattr(q, attr) is not None:
            return self.broken(first, f'question {q.ordinal} has two "{mark}" feedback lines')
        setattr(q, attr, text)

    def on_correct_feedback(self, text, first, last):
        self._early_feedback(text, first, "correct_feedback", "+")

    def on_incorrect_feedback(self, text, first, last):
        self._early_feedback(text, first, "incorrect_feedback", "-")

    def on_solution(self, text, first, last):
        if self.feedback_is_solution:
            return self.problem(first, 'solutions ("!") cannot be used when "Feedback is solution: true" '
                                       'is set; give the solution as feedback ("...") instead')
        self._early_feedback(text, first, "solution", "!")

    def set_kind(self, q: _Question, kind: str, line: int) -> bool:
        if q.kind is None:
            q.kind = kind
            return True
        if q.kind == kind and kind in ("mc", "ma", "sa"):
            return True
        if q.kind == kind:
            self.broken(line, f"question {q.ordinal} already has {KINDS[kind]}; give it only one")
        else:
            self.broken(line, f"question {q.ordinal} already has {KINDS[q.kind]}, so it cannot also have "
                              f"{KINDS[kind]}: a question has one kind of answer")
        return False

    def _choice(self, text, first, kind, correct):
        q = self.current(first, "a choice")
        if q is None or not self.set_kind(q, kind, first):
            return
        key = values.same_text_key(text)
        if key in q.seen:
            self.broken(first, f'question {q.ordinal} has the choice "{excerpt(text)}" twice')
        q.seen.add(key)
        q.choices.append([text, correct, None])

    def on_mctf_correct_choice(self, text, first, last):
        self._choice(text, first, "mc", True)

    def on_mctf_incorrect_choice(self, text, first, last):
        self._choice(text, first, "mc", False)

    def on_multans_correct_choice(self, text, first, last):
        self._choice(text, first, "ma", True)

    def on_multans_incorrect_choice(self, text, first, last):
        self._choice(text, first, "ma", False)

    def on_shortans_correct_choice(self, text, first, last):
        q = self.current(first, 'a short answer ("*")')
        if q is None or not self.set_kind(q, "sa", first):
            return
        if text in q.seen:
            self.broken(first, f'question {q.ordinal} has the answer "{excerpt(text)}" twice')
        q.seen.add(text)
        q.answers.append(text)

    def _response(self, first, kind):
        q = self.current(first, f"{KINDS[kind][2:]}")
        if q is None or not self.set_kind(q, kind, first):
            return
        if q.correct_feedback is not None or q.incorrect_feedback is not None:
            self.broken(first, f'question {q.ordinal}: essays and file uploads cannot have "+" / "-" '
                               'feedback, only general feedback ("...")')

    def on_essay(self, text, first, last):
        self._response(first, "essay")

    def on_upload(self, text, first, last):
        self._response(first, "upload")

    def on_numerical(self, text, first, last):
        q = self.current(first, 'a numerical answer ("=")')
        if q is None or not self.set_kind(q, "num", first):
            return
        answer = values.numeric(text)
        if isinstance(answer, str):
            return self.broken(first, f"question {q.ordinal}: {answer}")
        q.numeric = answer

    def finish_question(self) -> None:
        q, self.question = self.question, None
        if q is None:
            return
        n, line, kind, choices = q.ordinal, q.qline, q.kind, q.choices
        correct = sum(1 for c in choices if c[1])
        qtype = TYPES.get(kind)
        if q.broken:  # its problems are reported; more about it would mostly be their echoes
            return
        if kind is None:
            return self.problem(line, f"question {n} has no answer: add choices (a) b) *c)), checkbox "
                                      'choices ([ ] [*]), short answers ("* answer"), a number ("= 5"), '
                                      '"___" for an essay or "^^^^" for a file upload')
        if kind in ("mc", "ma") and len(choices) < 2:
            return self.problem(line, f"question {n} has only one choice; give it at least two")
        if kind == "mc":
            if correct == 0:
                return self.problem(line, f"question {n} has choices but none is marked correct (put * "
                                          "before the right letter, e.g. *b))")
            if correct > 1:
                return self.problem(line, f"question {n} marks {correct} choices correct, but a) b) c) "
                                          "choices allow only one; use [*] and [ ] for several right answers")
            if len(choices) == 2 and all(c[0] in TRUE_FALSE_TEXTS for c in choices):
                qtype = T.TRUE_FALSE
        if kind == "ma" and correct == 0:
            return self.problem(line, f"question {n} has checkbox choices but none is marked correct "
                                      "(write [*] for each right answer)")
        notes = ()
        if q.solution is not None:
            notes = (f'text2qti solution ("!"), kept only here: {q.solution}',)
        self.specs.append(QuestionSpec(
            type=qtype, prompt=q.prompt, points=q.points, title=q.title, line=q.line,
            choices=tuple(Choice(text, correct=ok, feedback=fb or "") for text, ok, fb in choices),
            answers=tuple(AcceptedAnswer(text) for text in q.answers),
            numeric=(q.numeric,) if q.numeric is not None else (),
            general_feedback=q.feedback or "", correct_feedback=q.correct_feedback or "",
            incorrect_feedback=q.incorrect_feedback or "", notes=notes,
        ))
        if q.group is not None:
            q.group.members.append((len(self.specs) - 1, q.own_points))
