#!/bin/bash
# Runs once, when the PostgreSQL container creates its data directory: the two roles Tandem needs.
# The owner owns the schema and runs the migrations; the application role logs in for everything else and,
# not owning the tables, stays under row-level security.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$TANDEM_DB_OWNER_PASSWORD" -v app_password="$TANDEM_DB_PASSWORD" \
  -v keycloak_password="$KEYCLOAK_DB_PASSWORD" <<'SQL'
CREATE ROLE tandem_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE tandem_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE tandem OWNER tandem_owner;
-- Keycloak keeps its own database and role on the same server.
CREATE ROLE keycloak LOGIN PASSWORD :'keycloak_password';
CREATE DATABASE keycloak OWNER keycloak;
SQL
