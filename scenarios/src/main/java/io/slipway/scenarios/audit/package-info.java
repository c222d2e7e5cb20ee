/**
 * The HA audit of an operator's own cluster.yml ({@code slipway rehearse --cluster FILE}): a
 * fleet shaped like the file ({@link FleetShape}), the file rendered onto it with every address
 * mapped ({@link ClusterCopy}), the drills its topology implies with what it should survive and
 * why ({@link DrillCatalogue}), written as scenario files ({@link AuditPlan}) that the ordinary
 * runner rehearses; the verdict table is read back from the run's history.
 */
package io.slipway.scenarios.audit;
