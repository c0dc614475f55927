"""The exit codes every subcommand shares (DESIGN.md): one place for their meaning."""

EXIT_OK = 0  # success; every gate passed
EXIT_FAILED = 1  # a gate failed (tarjama run) or a flag reached --fail-on (tarjama check)
EXIT_USAGE = 2  # usage or input error: one line on stderr
