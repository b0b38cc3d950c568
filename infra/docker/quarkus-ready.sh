#!/bin/bash
# Health check of the Quarkus app images (docker-compose.yml runs it in each app container):
# exit 0 when GET /q/health/ready answers 200 on the app's management port ($QUARKUS_MANAGEMENT_PORT,
# set by images whose app has a management interface, such as the producer's) or else on the app's
# own port ($QUARKUS_HTTP_PORT, the consumers).
# Plain bash over /dev/tcp, because the native runtime image has neither curl nor wget.
set -euo pipefail
exec 3<>"/dev/tcp/127.0.0.1/${QUARKUS_MANAGEMENT_PORT:-${QUARKUS_HTTP_PORT:-8080}}"
printf 'GET /q/health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
read -r _ status _ <&3
[ "$status" = 200 ]
