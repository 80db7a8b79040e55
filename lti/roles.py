# pure: LTI role URIs to a Casebook cohort role, no Django.
"""Which cohort role an LTI launch or roster entry gets from its ``roles``.

A teaching assistant is a sub-role of Instructor (``membership/Instructor#TeachingAssistant``), so it is
looked for first. Administrators and content developers of the context teach it; learners are students.
Anyone else (mentors, observers, guests) gets no role: Casebook has no place for them in a cohort.
"""

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
TA_ROLES = {"http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant", "TeachingAssistant"}
INSTRUCTOR_ROLES = {f"{MEMBERSHIP}{name}" for name in ("Instructor", "Administrator", "ContentDeveloper")} | {
    "Instructor", "Administrator", "ContentDeveloper"}
STUDENT_ROLES = {f"{MEMBERSHIP}Learner", "Learner", "http://purl.imsglobal.org/vocab/lis/v2/membership/Learner#Learner"}

INSTRUCTOR, TA, STUDENT = "instructor", "ta", "student"


def cohort_role(roles) -> str | None:
    """``instructor``, ``ta``, ``student`` or None, from the roles claim (a list of URIs or short names)."""
    found = {str(role).strip() for role in roles or () if isinstance(role, str)}
    if found & TA_ROLES:
        return TA
    if found & INSTRUCTOR_ROLES:
        return INSTRUCTOR
    if found & STUDENT_ROLES:
        return STUDENT
    return None
