#!/bin/sh
# The stand-in cri-dockerd, where rke-tools keeps the real one (/opt/rke-tools/bin/cri-dockerd).
exec java -XX:SharedArchiveFile=/opt/slipway/standin.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
  ${SLIPWAY_JAVA_OPTS:--Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} \
  -jar /opt/slipway/standin.jar cri-dockerd "$@"
