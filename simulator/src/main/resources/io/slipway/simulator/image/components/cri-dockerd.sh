#!/bin/sh
# The stand-in cri-dockerd, where rke-tools keeps the real one (/opt/rke-tools/bin/cri-dockerd).
exec java ${SLIPWAY_JAVA_OPTS:--Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} \
  -jar /opt/slipway/standin.jar cri-dockerd "$@"
