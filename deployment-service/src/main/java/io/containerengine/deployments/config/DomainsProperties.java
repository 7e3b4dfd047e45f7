package io.containerengine.deployments.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Custom domains ({@code ce.domains.*}).
 *
 * @param dnsServer        DNS server (host or host:port) the TXT proof is looked up on (env {@code DNS_SERVER});
 *                         blank = the system's resolvers
 * @param lookupTimeout    timeout of one DNS query
 * @param maxPerDeployment domains one deployment may have
 * @param pendingClaimTtl  an unverified claim older than this no longer blocks someone else from adding the domain
 */
@ConfigurationProperties("ce.domains")
public record DomainsProperties(
        String dnsServer,
        @DefaultValue("3s") Duration lookupTimeout,
        @DefaultValue("20") int maxPerDeployment,
        @DefaultValue("72h") Duration pendingClaimTtl) {
}
