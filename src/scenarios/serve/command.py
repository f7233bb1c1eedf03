"""The `serve` command: the trainer in browsers. The web server (aiohttp, textual-serve) is imported only here,
when it runs, so no other command and no first frame of the terminal app pays for it."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from scenarios.i18n.catalog import LANGUAGES, t

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
COMMANDS = ("serve",)
TOKEN_ENV = "SCENARIOS_SERVE_TOKEN"


def add_commands(commands: Any, language: str) -> None:
    """Add `serve` to the CLI's subcommands."""
    serve = commands.add_parser("serve", help=t("cli.help.serve", language))
    serve.add_argument("--host", default="127.0.0.1", help=t("cli.help.serve.host", language))
    serve.add_argument("--port", type=int, default=8000, help=t("cli.help.serve.port", language))
    given = serve.add_mutually_exclusive_group()
    given.add_argument("--token", help=t("cli.help.serve.token", language))
    given.add_argument("--token-file", metavar="FILE", help=t("cli.help.serve.token_file", language))
    serve.add_argument("--public-url", metavar="URL", help=t("cli.help.serve.public_url", language))
    serve.add_argument("--trust-user-header", metavar="HEADER", help=t("cli.help.serve.trust_user_header", language))
    serve.add_argument(
        "--trusted-proxy", metavar="ADDR", nargs="+", default=[], help=t("cli.help.serve.trusted_proxy", language)
    )
    serve.add_argument(
        "--max-sessions", type=int, default=60, metavar="N", help=t("cli.help.serve.max_sessions", language)
    )
    serve.add_argument(
        "--max-sessions-per-trainee",
        type=int,
        default=3,
        metavar="N",
        help=t("cli.help.serve.max_per_trainee", language),
    )
    serve.add_argument(
        "--cmi5-lms", action="append", default=[], metavar="URL", help=t("cli.help.serve.cmi5_lms", language)
    )
    serve.add_argument("--store", metavar="URL", help=t("cli.help.serve.store", language))
    serve.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)


def access_token(args: argparse.Namespace, language: str) -> tuple[str | None, str | None]:
    """The access token the user gave (`--token-file`, `--token` or the environment; None: none) and, when it
    cannot be used, why. The environment's copy is removed, so no app process the server starts holds it."""
    from scenarios.serve.guard import TOKEN_MIN

    held = os.environ.pop(TOKEN_ENV, None)
    token = args.token or held or None
    if args.token_file:
        try:
            with open(args.token_file, encoding="utf-8") as file:
                token = file.readline().strip()
        except (OSError, UnicodeDecodeError) as error:
            return None, t("serve.token_file", language, path=args.token_file, detail=str(error))
        if not token:
            return None, t("serve.token_file_empty", language, path=args.token_file)
    if token is not None and len(token) < TOKEN_MIN:
        return None, t("serve.short_token", language, length=len(token), min=TOKEN_MIN)
    return token, None


def run(args: argparse.Namespace, language: str) -> int:
    """Serve until Ctrl+C; print the URL to open (with the token) first."""
    token, problem = access_token(args, language)
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    if not 0 <= args.port <= 65535:
        print(t("serve.bad_port", language, port=args.port), file=sys.stderr)
        return EXIT_USAGE
    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        print(t("serve.bad_public_url", language, url=args.public_url), file=sys.stderr)
        return EXIT_USAGE
    for lms in args.cmi5_lms:
        if not lms.startswith(("http://", "https://")):
            print(t("serve.bad_cmi5_lms", language, url=lms), file=sys.stderr)
            return EXIT_USAGE
    for option, value in (
        ("--max-sessions", args.max_sessions),
        ("--max-sessions-per-trainee", args.max_sessions_per_trainee),
    ):
        if value < 1:
            print(t("serve.bad_limit", language, option=option, value=value), file=sys.stderr)
            return EXIT_USAGE
    if args.trust_user_header is not None and not args.trusted_proxy:
        print(t("serve.header_needs_proxy", language, header=args.trust_user_header), file=sys.stderr)
        return EXIT_USAGE
    from scenarios.store.connection import STORE_ENV, is_url, shown

    if args.store is not None and not is_url(args.store):
        print(t("serve.bad_store", language, store=shown(args.store)), file=sys.stderr)
        return EXIT_USAGE
    if args.store is not None:
        # The browsers' app processes (the terminal in a browser) open the store the server does.
        os.environ[STORE_ENV] = args.store
    try:
        import asyncio

        from scenarios.serve.guard import Guard, SignIn, load_secret, new_token
        from scenarios.serve.server import TrainerServer
        from scenarios.serve.sessions import Limits
    except ImportError as error:
        print(t("serve.missing", language, detail=str(error)), file=sys.stderr)
        return EXIT_ERRORS
    from scenarios.store import Store, data_dir
    from scenarios.store.problems import STORE_ERRORS, store_message
    from scenarios.store.progress import store_location

    store = store_location()
    try:  # a store that cannot be used is said now, in one sentence, not by each browser later
        Store(store).close()
    except STORE_ERRORS as error:
        print(store_message(error, language, store), file=sys.stderr)
        return EXIT_ERRORS

    try:
        sign_in = SignIn(args.trusted_proxy, args.trust_user_header)
    except ValueError as error:
        print(t("serve.bad_proxy", language, detail=str(error)), file=sys.stderr)
        return EXIT_USAGE
    guard = Guard(token or new_token(), load_secret(data_dir()))
    server = TrainerServer(
        guard,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        language=language,
        records=store,
        limits=Limits(sessions=args.max_sessions, per_trainee=args.max_sessions_per_trainee),
        sign_in=sign_in,
        lms=args.cmi5_lms,
    )

    def ready(url: str) -> None:
        print(t("serve.open", language, url=url), flush=True)
        if sign_in.header is not None:
            print(
                t("serve.signed_in", language, header=sign_in.header, proxies=" ".join(args.trusted_proxy)), flush=True
            )
        if args.token:
            print(t("serve.token_visible", language), file=sys.stderr, flush=True)
        if args.host not in ("127.0.0.1", "localhost", "::1"):
            print(t("serve.exposed", language, host=args.host), flush=True)
        print(t("serve.stop_hint", language), flush=True)

    try:
        asyncio.run(server.serve(ready))
    except OSError as error:
        print(t("serve.cannot_listen", language, host=args.host, port=args.port, detail=str(error)), file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        pass
    print(t("serve.stopped", language), flush=True)
    return EXIT_OK
