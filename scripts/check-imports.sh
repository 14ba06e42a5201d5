#!/bin/bash
# Which module may import which library (docs/decisions/0001-module-layout.md), and which may check permissions. Run from the repository root;
# exits 1 naming the offending files.
set -eu
cd "$(dirname "$0")/.."
fail=0
check() { # library-regex allowed-module...
  local pattern=$1; shift
  local allowed; allowed=$(IFS='|'; echo "$*")
  local offenders
  offenders=$(grep -rlE "^(@testable |@preconcurrency |public |package |internal )?import ${pattern}\$" Sources \
              | grep -vE "^Sources/(${allowed})/" || true)
  if [ -n "$offenders" ]; then echo "import ${pattern} is only allowed in: $*"; echo "$offenders"; fail=1; fi
}
check GRDB KibaruSQLite
check PostgresNIO KibaruPostgres
check Mustache KibaruTheme
check 'Hummingbird[A-Za-z]*' KibaruWeb KibaruApp KibaruCommands
check CCmarkGFM KibaruMarkdown
check MultipartKit KibaruWeb
check ArgumentParser KibaruCommands kibaru
check 'OpenAPIRuntime' KibaruAPI
check 'OpenAPIHummingbird' KibaruWeb
# The domain and French text modules use Foundation only.
if grep -rhE '^import ' Sources/KibaruCore Sources/KibaruText | grep -vqE '^import (Foundation|KibaruCore)$'; then
  echo "KibaruCore and KibaruText may import Foundation only:"
  grep -rnE '^import ' Sources/KibaruCore Sources/KibaruText | grep -vE 'import (Foundation|KibaruCore)$'; fail=1
fi
# Lower layers never import the adapters, the web layer or the application.
offenders=$(grep -rlE '^import (KibaruSQLite|KibaruPostgres|KibaruWeb|KibaruApp|KibaruCommands)$' Sources/KibaruCore Sources/KibaruText \
   Sources/KibaruMarkdown Sources/KibaruServices Sources/KibaruTheme Sources/KibaruImport Sources/KibaruAPI || true)
if [ -n "$offenders" ]; then echo "lower modules must not import adapters or the application:"; echo "$offenders"; fail=1; fi
# Who may do what is decided in the services (issue 13): the web and API layers never read the permission matrix.
offenders=$(grep -rnE '\.may\(|mayAcrossNetwork|Permissions\.allows|role\(onSite' Sources/KibaruWeb Sources/KibaruAPI || true)
if [ -n "$offenders" ]; then echo "permission checks belong in the services (StaffWorkspace for what pages show):"; echo "$offenders"; fail=1; fi
[ $fail = 0 ] && echo "imports: ok"
exit $fail
