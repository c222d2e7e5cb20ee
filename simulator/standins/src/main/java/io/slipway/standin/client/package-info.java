/** What every stand-in component uses to reach the apiserver: its kubeconfig and a small REST client. */
package io.slipway.standin.client;
