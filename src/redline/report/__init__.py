"""How the CLI lays out its output in a terminal."""
