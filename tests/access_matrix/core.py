from tests.access_matrix import LOGIN, Entry, any_user, manager_only, member_only


def _pk(world):
    return {"pk": world.engagement.pk}


ENTRIES = {
    "portal:dashboard": any_user(),
    # Admin is in no team, so it is sent back to the dashboard with a message.
    "portal:engagement-create": Entry(
        kwargs=lambda w: {},
        expect={"anonymous": LOGIN, "outsider": 200, "member": 200, "manager": 200, "admin": 302},
    ),
    "portal:engagement-detail": member_only(kwargs=_pk),
    "portal:engagement-edit": member_only(kwargs=_pk),
    "portal:engagement-history": member_only(kwargs=_pk),
    "portal:engagement-close": manager_only(kwargs=_pk),
    "portal:engagement-reopen": manager_only(kwargs=_pk),
    "healthz": Entry(
        kwargs=lambda w: {},
        # 503 without a worker in the test run; the matrix only checks nobody is refused.
        expect=dict.fromkeys(("anonymous", "outsider", "member", "manager", "admin"), 503),
    ),
    # Browsers post violation reports without a session or a CSRF token.
    "csp-report": Entry(
        kwargs=lambda w: {},
        method="post",
        expect=dict.fromkeys(("anonymous", "outsider", "member", "manager", "admin"), 204),
    ),
    "login": Entry(
        kwargs=lambda w: {},
        expect=dict.fromkeys(("anonymous", "outsider", "member", "manager", "admin"), 200),
    ),
    "logout": Entry(
        kwargs=lambda w: {},
        method="post",
        expect=dict.fromkeys(("anonymous", "outsider", "member", "manager", "admin"), 302),
    ),
    "password_change": any_user(),
    "password_change_done": any_user(),
    # The admin site: staff only; everybody else is sent to the admin's login page.
    "admin:index": Entry(
        kwargs=lambda w: {},
        expect={
            "anonymous": LOGIN,
            "outsider": LOGIN,
            "member": LOGIN,
            "manager": LOGIN,
            "admin": 200,
        },
    ),
}
