#!/bin/sh
# Runs the stand-in of the component this file is named after, with the flags the engine passes
# to the real one: kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy.
# Names resolve from /etc/hosts alone, as every address the engine passes is an IP or a name there:
# Java's HTTPS server looks up the name of each client's address, and where the machine's DNS is
# slow to say it has none (a Docker overlay network's resolver, 12 s), each TLS handshake would
# wait for it; the real components never look client addresses up.
# The classes come from the image's class-data-sharing archive where it maps (else from the jar).
exec java -XX:SharedArchiveFile=/opt/slipway/standin.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
  ${SLIPWAY_JAVA_OPTS:--Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} -Djdk.net.hosts.file=/etc/hosts \
  -jar /opt/slipway/standin.jar "$(basename "$0")" "$@"
