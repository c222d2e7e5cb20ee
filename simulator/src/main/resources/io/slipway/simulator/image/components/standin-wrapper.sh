#!/bin/sh
# Runs the stand-in of the component this file is named after, with the flags the engine passes
# to the real one: kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy.
exec java ${SLIPWAY_JAVA_OPTS:--Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} \
  -jar /opt/slipway/standin.jar "$(basename "$0")" "$@"
