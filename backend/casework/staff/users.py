"""Staff accounts from the command line.

    python -m casework.staff.users create --email jo@example.org --role caseworker [--name "Jo Bloggs"]
    python -m casework.staff.users list
    python -m casework.staff.users set-password --email jo@example.org
    python -m casework.staff.users disable --email jo@example.org

The password is read from standard input (one line) when it is not a terminal, else prompted for
twice. --database-url (default: DATABASE_URL, else the development SQLite file).
"""
from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import delete, select

from .. import db
from ..models import StaffSession, StaffUser
from .auth import ROLES, UserError, create_user, email_key, hash_password, password_problem


def _read_password() -> str:
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    first = getpass.getpass("Password: ")
    again = getpass.getpass("Password again: ")
    if first != again:
        raise UserError("The two passwords differ.")
    return first


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m casework.staff.users", description="Manage staff accounts.")
    ap.add_argument("--database-url", default=None)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("create", help="create a staff user (password from stdin or a prompt)")
    c.add_argument("--email", required=True)
    c.add_argument("--role", required=True, choices=ROLES)
    c.add_argument("--name", default=None)
    sub.add_parser("list", help="list staff users")
    p = sub.add_parser("set-password", help="set a new password (signs the user out everywhere)")
    p.add_argument("--email", required=True)
    d = sub.add_parser("disable", help="disable a user (signs them out)")
    d.add_argument("--email", required=True)
    args = ap.parse_args(argv)
    factory = db.session_factory(args.database_url or db.database_url())
    try:
        with factory() as s:
            if args.cmd == "create":
                user = create_user(s, args.email, args.role, _read_password(), args.name)
                print(f"created staff user {user.email} ({user.role})")
            elif args.cmd == "list":
                for u in s.scalars(select(StaffUser).order_by(StaffUser.email)):
                    print(f"{u.email}\t{u.role}\t{'active' if u.active else 'disabled'}")
            else:
                user = s.scalar(select(StaffUser).where(StaffUser.email == email_key(args.email)))
                if user is None:
                    raise UserError(f"No staff user with the e-mail {email_key(args.email)}.")
                if args.cmd == "set-password":
                    pw = _read_password()
                    problem = password_problem(pw)
                    if problem:
                        raise UserError(problem)
                    user.password_hash = hash_password(pw)
                else:
                    user.active = False
                s.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
                s.commit()
                print(f"{args.cmd}: {user.email} done")
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
