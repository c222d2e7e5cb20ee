package io.slipway.engine.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a cluster.yml key that Slipway reads (it is RKE's, so it is no mistake) but does not
 * act on. Written with a value, it draws a warning that says so and {@link #value why}:
 * a file's settings are never silently dropped.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface NotActedOn {

  /** What Slipway does instead, e.g. "Windows nodes are not supported". */
  String value();
}
