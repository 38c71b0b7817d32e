# Thin shortcuts; everything here also works without `just` (see README).
# The bootstrap (tools/dev.py) creates .venv and installs the package; recipes below use that .venv.

python := if os_family() == "windows" { "python" } else { "python3" }
bin := if os_family() == "windows" { ".venv/Scripts" } else { ".venv/bin" }

# list the recipes
default:
    @just --list

# install (if needed), migrate, load demo data and serve on http://127.0.0.1:8000
up *args:
    {{python}} tools/dev.py up {{args}}

# install dev deps (if needed), lint-imports, then pytest with the given args
test *args:
    {{python}} tools/dev.py test {{args}}

# create .venv and install the package with its dev dependencies (skipped when up to date)
install:
    {{python}} tools/dev.py install

# ruff and the import-linter architecture contracts
lint: install
    {{bin}}/ruff check src tests tools
    {{bin}}/lint-imports

# format the code and sort imports
fmt: install
    {{bin}}/ruff format src tests tools
    {{bin}}/ruff check --select I --fix src tests tools

# apply the Alembic migrations to EDUTRACK_DATABASE_URL
migrate: install
    {{bin}}/edutrack db upgrade

# load the demo data (idempotent)
demo: install
    {{bin}}/edutrack demo-data

# serve the API (extra args go to `edutrack serve`, e.g. --port 8001 --workers 4)
serve *args: install
    {{bin}}/edutrack serve {{args}}
