/** The stand-in kube-proxy: its health endpoint (there is no service traffic to proxy in the testbed). */
package io.slipway.standin.proxy;
