"""The parts of a text2qti file around its questions: text regions, the quiz header and options,
question groups, and lines that are not text2qti at all. A mixin of ``parse.Parser``."""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from banks.formats.base import ParseProblem
from banks.formats.text2qti.lex import UNKNOWN_BY_CHAR, UNKNOWN_RE
from banks.formats.text2qti.values import TRUE_FALSE_TEXTS, excerpt
from banks.spec import QuestionSpec, QuestionType

T = QuestionType
OPTIONS = {
    "quiz_shuffle_answers": "Shuffle answers", "quiz_show_correct_answers": "Show correct answers",
    "quiz_one_question_at_a_time": "One question at a time", "quiz_cant_go_back": "Can't go back",
    "quiz_feedback_is_solution": "Feedback is solution",
    "quiz_solutions_sample_groups": "Solutions sample groups",
    "quiz_solutions_randomize_groups": "Solutions randomize groups",
}
# The options the quiz title and description must come before (text2qti checks only these).
HEADER_BEFORE = frozenset({"quiz_shuffle_answers", "quiz_show_correct_answers", "quiz_one_question_at_a_time",
                           "quiz_cant_go_back"})


@dataclass
class _Text:
    line: int
    index: int  # of its QuestionSpec in Parser.specs
    has_text: bool = False


@dataclass
class _Group:
    line: int
    pick: int = 1
    solutions_pick: int | None = None
    points: int = 1
    members: list = field(default_factory=list)  # indices into Parser.specs
    count: int = 0
    member_points: Decimal | None = None


class Blocks:
    # -- text regions ------------------------------------------------------------------------------

    def on_text_title(self, text, first, last):
        if self.unused_pending(first):
            return
        self.finish_question()
        self.add_item(_Text(first, len(self.specs)))
        self.specs.append(QuestionSpec(type=T.TEXT, prompt="", points=Decimal(0), title=text, line=first))

    def on_text(self, text, first, last):
        if self.unused_pending(first):
            return
        item = self.last
        if isinstance(item, _Text) and not item.has_text:
            self.specs[item.index] = replace(self.specs[item.index], prompt=text)
        else:
            self.finish_question()
            self.add_item(_Text(first, len(self.specs)))
            self.specs.append(QuestionSpec(type=T.TEXT, prompt=text, points=Decimal(0), line=first))
        self.last.has_text = True

    # -- quiz header and options -------------------------------------------------------------------

    def header(self, first, label) -> bool:
        if self.unused_pending(first):
            return False
        if self.items:
            self.problem(first, f'"{label}" must come before the first question or text')
            return False
        if self.options & HEADER_BEFORE:
            self.problem(first, f'"{label}" must come before the quiz options (like "Shuffle answers:")')
            return False
        return True

    def on_quiz_title(self, text, first, last):
        if not self.header(first, "Quiz title:"):
            return
        if self.saw_title:
            return self.problem(first, 'the file has two "Quiz title:" lines')
        if self.saw_description:
            return self.problem(first, '"Quiz title:" must come before "Quiz description:"')
        self.saw_title, self.bank.title = True, text

    def on_quiz_description(self, text, first, last):
        if not self.header(first, "Quiz description:"):
            return
        if self.saw_description:
            return self.problem(first, 'the file has two "Quiz description:" lines')
        self.saw_description, self.bank.description = True, text

    def option(self, action, text, first):
        """Quiz options are Canvas quiz settings: checked, then ignored (a bank has no such settings)."""
        label = OPTIONS[action]
        if self.unused_pending(first):
            return
        if self.items:
            return self.problem(first, f'"{label}:" must come before the first question')
        if action in self.options:
            return self.problem(first, f'"{label}:" is given twice')
        if text not in TRUE_FALSE_TEXTS:
            return self.problem(first, f'"{label}:" must be "true" or "false", not "{excerpt(text)}"')
        if action == "quiz_cant_go_back" and not self.one_at_a_time:
            return self.problem(first, "\"Can't go back: \" needs \"One question at a time: true\" above it")
        self.options.add(action)
        value = text.lower() == "true"
        if action == "quiz_one_question_at_a_time":
            self.one_at_a_time = value
        elif action == "quiz_feedback_is_solution":
            self.feedback_is_solution = value

    # -- groups ------------------------------------------------------------------------------------

    def on_start_group(self, text, first, last):
        if self.unused_pending(first):
            return
        if self.group is not None:
            return self.problem(first, f'groups cannot be nested: the GROUP on line {self.group.line} has '
                                       'not ended ("END_GROUP") yet')
        self.group = _Group(first)
        self.add_item(self.group)

    def on_end_group(self, text, first, last):
        if self.unused_pending(first):
            return
        group = self.group
        if group is None:
            return self.problem(first, '"END_GROUP" without a "GROUP" before it')
        self.add_item(group)
        self.group = None
        wanted = max(group.pick, group.solutions_pick or 0)
        if group.count < wanted:
            return self.problem(group.line, f"this GROUP picks {wanted} question(s) but contains only "
                                            f"{group.count}")
        note = (f"was in a GROUP picking {group.pick} of {group.count} questions "
                f"({group.points} point(s) each); imported as an ordinary question")
        for index, own_points in group.members:
            spec = self.specs[index]
            notes = [note]
            if own_points and spec.points != group.points:
                notes.append(f'its own "Points: {spec.points}" was replaced by the group\'s '
                             f'"points per question: {group.points}", which text2qti uses')
            self.specs[index] = replace(spec, points=Decimal(group.points), notes=tuple(notes) + spec.notes)

    def _group_option(self, text, first, label, attr):
        if self.unused_pending(first):
            return
        group = self.group
        if group is None:
            return self.problem(first, f'"{label}:" belongs inside a GROUP … END_GROUP block')
        if group.count:
            return self.problem(first, f'"{label}:" must come at the start of the GROUP, before its questions')
        try:
            value = int(text) if len(text) < 20 else 0
        except ValueError:
            value = 0
        if value <= 0:
            return self.problem(first, f'"{label}: {excerpt(text)}" must be a whole number of 1 or more')
        setattr(group, attr, value)
        if group.solutions_pick is not None and group.solutions_pick < group.pick:
            self.problem(first, '"solutions pick:" must be at least as large as "pick:"')

    def on_group_pick(self, text, first, last):
        self._group_option(text, first, "pick", "pick")

    def on_group_solutions_pick(self, text, first, last):
        self._group_option(text, first, "solutions pick", "solutions_pick")

    def on_group_points_per_question(self, text, first, last):
        self._group_option(text, first, "points per question", "points")

    # -- anything else -----------------------------------------------------------------------------

    def on_unknown(self, line, first, last):
        if (self.pending and self.unused_pending(first)) or not line or line.isspace():
            return
        regex = UNKNOWN_BY_CHAR.get(line[0], UNKNOWN_RE)
        m = None if regex is None else regex.match(line)
        kind = "generic" if m is None else m.lastgroup
        if kind == "fork":
            kind = excerpt(line.split()[0], 20)
        run = self.run
        if run is not None and run[0] == kind and run[1] == len(self.bank.errors) - 1:
            run[2] += 1  # consecutive lines with the same problem: one message for them all
            run[3] = first
            return
        self.end_run()
        self.broken(first, unknown_message(line, kind, m))
        self.run = [kind, len(self.bank.errors) - 1, 0, first]

    def end_run(self) -> None:
        """Finish the message of a run of unexpected lines."""
        run, self.run = self.run, None
        if run is not None and run[2]:
            errors = self.bank.errors
            more = "1 more line" if run[2] == 1 else f"{run[2]} more lines"
            errors[run[1]] = ParseProblem(errors[run[1]].line, f"{errors[run[1]].message} The same problem "
                                                               f"is on {more}, up to line {run[3]}.")


def unknown_message(line: str, kind: str, m: re.Match | None) -> str:
    shown = excerpt(line)
    if kind == "space":
        return f'put a space after "{m.group()}" in "{shown}"'
    if kind == "content":
        return f'"{m.group().strip()}" has nothing after it'
    if kind == "choice":
        return f'"{shown}" is not a valid choice: write "a) text" for a wrong choice and "*a) text" for the right one'
    if kind == "indented":
        return (f'the indented line "{shown}" does not continue anything: a wrapped line must be indented to '
                'line up with the text on the line it continues (after "1.  " or "a)  ")')
    if kind != "generic":
        return (f'"{kind}" is not text2qti syntax (it comes from a fork of text2qti, e.g. for gap-match '
                "questions); Casebook cannot import it. Rewrite the question with standard text2qti syntax "
                "or remove it")
    return (f'unexpected text "{shown}": a line must start with a question number ("1.  "), a choice ("a)", '
            '"*a)", "[ ]", "[*]"), an answer ("*", "=", "___", "^^^^"), feedback ("...", "+", "-") or a label '
            'like "Title:", or continue the line above, indented to line up with its text')
