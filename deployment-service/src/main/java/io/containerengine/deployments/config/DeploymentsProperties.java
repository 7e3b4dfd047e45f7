package io.containerengine.deployments.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of deployment-service ({@code ce.deployments.*}).
 *
 * @param domainSuffix        apps answer on {@code <app_name>.<domainSuffix>} (env {@code DOMAIN_SUFFIX})
 * @param publicUrlTemplate   the public URL of a running app; {@code {host}} is replaced by its host name
 *                            (env {@code APP_URL_TEMPLATE})
 * @param maxReplicas         upper bound of {@code replicas} a user may ask for
 * @param maxDeploymentsPerUser how many live deployments one user may have (env {@code CE_MAX_DEPLOYMENTS_PER_USER}):
 *                            each runs containers, so one account must not be able to fill the machine
 * @param topicPartitions     partitions of the topics this service creates
 * @param topicReplicas       replication factor of the topics this service creates
 */
@ConfigurationProperties("ce.deployments")
public record DeploymentsProperties(
        @DefaultValue("localhost") String domainSuffix,
        @DefaultValue("http://{host}:3000") String publicUrlTemplate,
        @DefaultValue("10") int maxReplicas,
        @DefaultValue("50") int maxDeploymentsPerUser,
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("1") short topicReplicas) {

    /** The host name a deployment's app answers on. */
    public String hostOf(String appName) {
        return appName + "." + domainSuffix;
    }

    /** The public URL of a deployment's app. */
    public String urlOf(String appName) {
        return publicUrlTemplate.replace("{host}", hostOf(appName));
    }
}
