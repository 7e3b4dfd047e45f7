package io.containerengine.deployments;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.containerengine.deployments.domains.DnsResolver;

/** DNS as the tests publish it: TXT records by name. */
public class FakeDnsResolver implements DnsResolver {

    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private volatile boolean failing;

    public void publishTxt(String name, String... values) {
        txt.put(name, List.of(values));
    }

    public void failing(boolean failing) {
        this.failing = failing;
    }

    @Override
    public List<String> txtRecords(String name) {
        if (failing) {
            throw new DnsLookupException("no DNS server reachable", null);
        }
        return txt.getOrDefault(name, List.of());
    }
}
