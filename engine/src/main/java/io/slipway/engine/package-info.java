/** The Slipway installer: reads an RKE-style cluster.yml and deploys it over SSH + Docker. */
package io.slipway.engine;
