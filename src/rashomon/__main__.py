"""`python -m rashomon`: the command line (guarded, so processes spawned by the web app do not run it)."""
from .cli import main

if __name__ == "__main__":
    main()
