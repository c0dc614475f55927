"""The exit codes every subcommand shares (DESIGN.md): one place for their meaning."""

EXIT_OK = 0  # success; every gate passed
EXIT_FAILED = 1  # a gate failed (tarjama run) or a flag reached --fail-on (tarjama check)
EXIT_USAGE = 2  # usage or input error: one line on stderr
EXIT_INTERNAL = 3  # a bug in tarjama: one line on stderr asking for --debug and a report
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)
EXIT_BROKEN_PIPE = 141  # stdout closed before the output ended (128 + SIGPIPE, as `yes | head`)
