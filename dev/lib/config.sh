# shellcheck shell=bash disable=SC2034 # variables used by the scripts that source this file
# Settings of the local stack, sourced by dev/stack, dev/run and dev/test (and usable by anyone:
# `source dev/lib/config.sh`). Every HUIKETANG_* value is a default that the environment
# overrides; the services read the same variables.

HUIKETANG_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# One git-ignored folder for downloads, unpacked distributions, data, logs and PIDs.
: "${HUIKETANG_STACK_DIR:=$HUIKETANG_ROOT/.stack}"
case $HUIKETANG_STACK_DIR in /*) ;; *) HUIKETANG_STACK_DIR=$PWD/$HUIKETANG_STACK_DIR ;; esac

# PostgreSQL. The admin account is used only to create the roles and databases below.
: "${HUIKETANG_PG_HOST:=127.0.0.1}"
: "${HUIKETANG_PG_PORT:=5432}"
: "${HUIKETANG_PG_ADMIN_USER:=postgres}"
: "${HUIKETANG_PG_ADMIN_PASSWORD:=postgres}"
# Which binaries a private cluster uses: auto (the machine's if any, else embedded), system, embedded.
: "${HUIKETANG_PG_BINARIES:=auto}"

# Redis
: "${HUIKETANG_REDIS_HOST:=127.0.0.1}"
: "${HUIKETANG_REDIS_PORT:=6379}"

# Kafka (one KRaft node, broker and controller)
: "${HUIKETANG_KAFKA_BOOTSTRAP:=127.0.0.1:9092}"
: "${HUIKETANG_KAFKA_CONTROLLER_PORT:=9093}"

# Keycloak, an enterprise's identity provider for SSO tests: http://127.0.0.1:$HUIKETANG_KEYCLOAK_PORT
: "${HUIKETANG_KEYCLOAK_PORT:=8180}"

# S3 (s3proxy on a local folder)
: "${HUIKETANG_S3_PORT:=8081}"
: "${HUIKETANG_S3_ACCESS_KEY:=huiketang}"
: "${HUIKETANG_S3_SECRET_KEY:=huiketang-secret}"

# Local Maven repository for the downloads; empty = Maven's default (~/.m2/repository).
: "${HUIKETANG_M2:=}"

# The connection settings that `dev/stack env` prints and that dev/run and dev/test export.
HUIKETANG_ENV_VARS=(
  HUIKETANG_STACK_DIR
  HUIKETANG_PG_HOST HUIKETANG_PG_PORT HUIKETANG_PG_ADMIN_USER HUIKETANG_PG_ADMIN_PASSWORD
  HUIKETANG_REDIS_HOST HUIKETANG_REDIS_PORT
  HUIKETANG_KAFKA_BOOTSTRAP HUIKETANG_KAFKA_CONTROLLER_PORT
  HUIKETANG_KEYCLOAK_PORT
  HUIKETANG_S3_PORT HUIKETANG_S3_ACCESS_KEY HUIKETANG_S3_SECRET_KEY
)
export "${HUIKETANG_ENV_VARS[@]}"

# Servers of the stack, in start order (dev/stack stops them in reverse).
STACK_SERVERS=(postgres redis kafka keycloak s3proxy)

KAFKA_HOST=${HUIKETANG_KAFKA_BOOTSTRAP%:*}
KAFKA_PORT=${HUIKETANG_KAFKA_BOOTSTRAP##*:}
KEYCLOAK_URL=http://127.0.0.1:$HUIKETANG_KEYCLOAK_PORT
S3_URL=http://127.0.0.1:$HUIKETANG_S3_PORT

# host:port of each server.
declare -A STACK_ADDRESS=(
  [postgres]=$HUIKETANG_PG_HOST:$HUIKETANG_PG_PORT
  [redis]=$HUIKETANG_REDIS_HOST:$HUIKETANG_REDIS_PORT
  [kafka]=$HUIKETANG_KAFKA_BOOTSTRAP
  [keycloak]=127.0.0.1:$HUIKETANG_KEYCLOAK_PORT
  [s3proxy]=127.0.0.1:$HUIKETANG_S3_PORT
)

# Seconds to wait for each server to answer after starting it.
declare -A STACK_TIMEOUT=([postgres]=60 [redis]=20 [kafka]=90 [keycloak]=180 [s3proxy]=60)

# One login role per data-owning service (password = role name), owning its databases: the
# service's own (dev/run), its @QuarkusTest one (_test), the one system-tests start it on (_system),
# the one the gateway's tests start it on as a real upstream (gateway_*_test) and the one the
# benchmarks of a lone account-service empty and use (account_bench).
STACK_PG_DATABASES=(
  account=account,account_test,account_system,gateway_account_test,account_bench
  meeting=meeting,meeting_test,meeting_system,gateway_meeting_test
  recording=recording,recording_test,recording_system
  privacy=privacy,privacy_test,privacy_system
  platform_kit=platform_kit_test
)

# Versions of what dev/tools/pom.xml downloads (keep in step with it).
KEYCLOAK_VERSION=26.5.6
EMBEDDED_PG_VERSION=16.4.0

# The services that dev/run starts (Maven module = folder) and their HTTP ports; gateway last. Each
# one's management interface (health, metrics, /q/openapi; loopback only) is on its HTTP port + 1000.
STACK_SERVICES=(
  account-service:8101
  meeting-service:8102
  recording-service:8103
  chat-service:8104
  privacy-service:8105
  gateway:8080
)
MANAGEMENT_PORT_OFFSET=1000
# JVM options of each service started by dev/run.
: "${HUIKETANG_SERVICE_JAVA_OPTS:=-Xmx384m}"
