/** The kubeconfig file format: one model that every writer and reader of kubeconfigs in Slipway uses. */
package io.slipway.engine.kubeconfig;
