package io.containerengine.gateway.apps;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param domainSuffix          apps answer on {@code <app>.<domainSuffix>} ({@code DOMAIN_SUFFIX}, default localhost)
 * @param snapshotAssignmentWait how long the startup snapshot waits for the event consumer to be assigned its
 *                              partitions (so no event falls between the two) before loading anyway
 * @param snapshotMinBackoff    first retry delay of the snapshot while deployment-service is not up
 * @param snapshotMaxBackoff    largest retry delay of the snapshot
 */
@ConfigurationProperties("ce.gateway.apps")
public record AppsProperties(
        String domainSuffix,
        Duration snapshotAssignmentWait,
        Duration snapshotMinBackoff,
        Duration snapshotMaxBackoff) {

    public AppsProperties {
        domainSuffix = domainSuffix == null || domainSuffix.isBlank()
                ? "localhost" : stripDots(domainSuffix.trim().toLowerCase(Locale.ROOT));
        snapshotAssignmentWait = snapshotAssignmentWait == null ? Duration.ofSeconds(5) : snapshotAssignmentWait;
        snapshotMinBackoff = snapshotMinBackoff == null ? Duration.ofMillis(500) : snapshotMinBackoff;
        snapshotMaxBackoff = snapshotMaxBackoff == null ? Duration.ofSeconds(30) : snapshotMaxBackoff;
    }

    private static String stripDots(String value) {
        String s = value;
        while (s.startsWith(".")) {
            s = s.substring(1);
        }
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
